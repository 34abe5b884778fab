import { relative } from 'node:path';
import type { Reporter, SerializedError, TestModule, TestRunEndReason } from 'vitest/node';

/** What the closing lines need to know of a test file; vitest's TestModule has it all. */
export type SummaryModule = Pick<TestModule, 'moduleId' | 'state' | 'errors'> & { children: { allTests(): Iterable<{ result(): { state: string } }> } };

/**
 * The closing lines of a run, in a runner-independent form any CI log reader understands: the
 * files that failed, the files none of whose tests ran (a suite skipped because what it needs is
 * absent), then "WORD: N passed, N failed, N skipped". WORD is `tests` when the run passed and
 * `FAILED` when vitest fails it, and a failed run always counts at least one failure: a file
 * that failed to load, an error outside any test or a failed global setup is no pass by
 * skipping.
 */
export function summaryLines(modules: ReadonlyArray<SummaryModule>, unhandledErrors: number, reason: TestRunEndReason, root = process.cwd()): string[] {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failedFiles: string[] = [];
  const notRun: string[] = [];
  for (const m of modules) {
    const tests = [...m.children.allTests()];
    let fileFailed = 0;
    let fileRan = 0;
    for (const t of tests) {
      const state = t.result().state;
      if (state === 'passed') passed++;
      else if (state === 'failed') fileFailed++;
      else skipped++;
      if (state === 'passed' || state === 'failed') fileRan++;
    }
    // A file that failed without a failed test (it did not load, or a hook threw) counts once.
    if (fileFailed === 0 && (m.state() === 'failed' || m.errors().length > 0)) fileFailed = 1;
    failed += fileFailed;
    const name = relative(root, m.moduleId);
    if (fileFailed) failedFiles.push(name);
    else if (fileRan === 0) notRun.push(name);
  }
  failed += unhandledErrors;
  const runFailed = reason !== 'passed' || failed > 0;
  if (runFailed && failed === 0) failed = 1;
  const lines: string[] = [];
  if (failedFiles.length) lines.push(`failed files (${failedFiles.length}): ${failedFiles.join(', ')}`);
  if (unhandledErrors) lines.push(`errors outside any test: ${unhandledErrors} (see above)`);
  if (reason === 'interrupted') lines.push('the run was interrupted before every file ran');
  if (notRun.length) lines.push(`not run, every test skipped (${notRun.length}): ${notRun.join(', ')}`);
  lines.push(`${runFailed ? 'FAILED' : 'tests'}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  return lines;
}

export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): void {
    process.stdout.write(`\n${summaryLines(testModules, unhandledErrors.length, reason).join('\n')}\n`);
  }
}

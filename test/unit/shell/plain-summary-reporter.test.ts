import { describe, expect, it } from 'vitest';
import { summaryLines, type SummaryModule } from '../../support/plain-summary-reporter';

/** A test file as the reporter sees it: its tests' states, and whether the file itself failed. */
function file(path: string, states: string[], opts: { failed?: boolean; errors?: number } = {}): SummaryModule {
  const anyFailed = states.includes('failed') || opts.failed === true;
  return {
    moduleId: `/repo/${path}`,
    state: () => (anyFailed ? 'failed' : states.every((s) => s === 'skipped') ? 'skipped' : 'passed'),
    errors: () => Array.from({ length: opts.errors ?? 0 }, () => ({ message: 'boom' })) as never,
    children: { allTests: () => states.map((state) => ({ result: () => ({ state }) })) },
  };
}

describe('plain summary line', () => {
  it('says tests: with the totals when every file passed', () => {
    expect(summaryLines([file('test/a.test.ts', ['passed', 'passed'])], 0, 'passed', '/repo')).toEqual(['tests: 2 passed, 0 failed, 0 skipped']);
  });

  it('names the suites that did not run because every test was skipped', () => {
    const lines = summaryLines([file('test/a.test.ts', ['passed']), file('test/fixtures/access.test.ts', ['skipped', 'skipped'])], 0, 'passed', '/repo');
    expect(lines).toEqual(['not run, every test skipped (1): test/fixtures/access.test.ts', 'tests: 1 passed, 0 failed, 2 skipped']);
  });

  it('never reads as a pass when vitest fails: files that failed to load count, and are named', () => {
    // What a machine without Chromium or PostgreSQL used to print: "0 passed, 0 failed, 6 skipped".
    const lines = summaryLines([file('test/e2e/demo-run.e2e.test.ts', ['skipped', 'skipped', 'skipped'], { failed: true, errors: 1 }), file('test/b.test.ts', ['skipped', 'skipped', 'skipped'])], 0, 'failed', '/repo');
    expect(lines.at(-1)).toBe('FAILED: 0 passed, 1 failed, 6 skipped');
    expect(lines[0]).toBe('failed files (1): test/e2e/demo-run.e2e.test.ts');
    expect(lines).toContain('not run, every test skipped (1): test/b.test.ts');
  });

  it('counts failed tests, errors outside tests, and a failed run with nothing to blame', () => {
    expect(summaryLines([file('test/a.test.ts', ['passed', 'failed', 'failed'])], 0, 'failed', '/repo').at(-1)).toBe('FAILED: 1 passed, 2 failed, 0 skipped');
    expect(summaryLines([file('test/a.test.ts', ['passed'])], 2, 'failed', '/repo')).toEqual(['errors outside any test: 2 (see above)', 'FAILED: 1 passed, 2 failed, 0 skipped']);
    // A global setup that threw (no fixtures in CI): no module ran, yet the line must not read as a pass.
    expect(summaryLines([], 0, 'failed', '/repo')).toEqual(['FAILED: 0 passed, 1 failed, 0 skipped']);
    expect(summaryLines([file('test/a.test.ts', ['passed'])], 0, 'interrupted', '/repo').at(-1)).toBe('FAILED: 1 passed, 1 failed, 0 skipped');
  });

  it('keeps the form CI log readers parse: one word and a colon, then "N passed, N failed"', () => {
    for (const line of [summaryLines([], 0, 'passed', '/repo').at(-1), summaryLines([], 1, 'failed', '/repo').at(-1)]) {
      expect(line).toMatch(/^\w+: \d+ passed, \d+ failed, \d+ skipped$/);
    }
  });
});

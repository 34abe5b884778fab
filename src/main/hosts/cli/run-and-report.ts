import { COUNTER_NAMES } from '../../../shared/model/counters';
import type { RunInfo } from '../../../shared/model/run';
import type { Engine } from '../../engine/index';
import { EXIT } from './exit-codes';
import type { CliOutput } from './output';
import { followRun } from './run-follower';

/**
 * Starts a run on the engine's open project, shows its progress on stderr, waits for the end
 * and reports it: the docs/conventions.md `run --json` document, or a table for people.
 *
 * Ctrl-C (SIGINT) or SIGTERM while it runs cancels the run: it stops at the next batch boundary
 * (a batch in flight is answered and recorded first), is marked Cancelled and reported as usual
 * (exit 1). A second signal quits at once; the run is then marked Interrupted when the project
 * is next opened.
 */
export async function runAndReport(engine: Engine, out: CliOutput, opts: { dryRun: boolean; entities?: string[] }): Promise<number> {
  const follower = followRun(engine, out, 'run');
  try {
    const { runId } = await engine.api.runs.start({ dryRun: opts.dryRun, entities: opts.entities });
    follower.follow(runId);
    await engine.idle();
    follower.close();
    const run = await engine.api.runs.get({ runId });
    if (out.json) out.document(runDocument(run));
    else printRun(out, run);
    return exitCodeForRun(run);
  } finally {
    follower.close();
  }
}

/** The `run --json` document shape of docs/conventions.md. */
export function runDocument(run: RunInfo) {
  return {
    runId: run.runId,
    status: run.status,
    dryRun: run.dryRun,
    steps: run.steps.map((s) => ({ entity: s.entity, status: s.status, ...s.counters })),
    reconciliation: run.reconciliation,
    ...(run.error ? { error: run.error } : {}),
  };
}

export function exitCodeForRun(run: RunInfo): number {
  if (run.status !== 'Completed') return EXIT.failed;
  return run.counters.rejected > 0 ? EXIT.completedWithRejects : EXIT.ok;
}

function printRun(out: CliOutput, run: RunInfo): void {
  out.print('');
  out.print(`Run ${run.runId}: ${run.status}${run.dryRun ? ' (dry run: nothing was pushed)' : ''}${run.durationMs !== null ? ` in ${(run.durationMs / 1000).toFixed(1)} s` : ''}`);
  out.print(table(['entity', 'status', ...COUNTER_NAMES], run.steps.map((s) => [s.entity, s.status, ...COUNTER_NAMES.map((c) => s.counters[c])])));
  out.print('');
  out.print('Reconciliation');
  out.print(table(['entity', 'source', 'staged', 'rejected', 'pushed', 'target', 'mismatches'], run.reconciliation.map((l) => [l.entity, l.source, l.staged, l.rejected, l.pushed, l.target, l.mismatches])));
  if (run.error) out.print(`\n${run.error.message}\n  What to do: ${run.error.hint}`);
  else if (run.counters.rejected > 0) out.print(`\n${run.counters.rejected.toLocaleString('en')} rows were rejected; open the run in the studio to see why, row by row.`);
}

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((v) => (typeof v === 'number' ? v.toLocaleString('en') : v)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => String(r[i]).length)));
  const line = (r: (string | number)[]) => r.map((v, i) => (i === 0 ? String(v).padEnd(widths[i]) : String(v).padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

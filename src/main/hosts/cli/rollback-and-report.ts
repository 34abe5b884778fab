import type { RollbackConflict, RollbackReport } from '../../../shared/api/contracts/rollback';
import type { RunInfo } from '../../../shared/model/run';
import type { Engine } from '../../engine/index';
import { EXIT } from './exit-codes';
import type { CliOutput } from './output';
import { followRun } from './run-follower';

/** Conflicts read per report page while the CLI gathers all of them. */
const PAGE = 1000;

/**
 * `run <project> --rollback RUN_ID [--entity E]`: rolls a run (or one entity of it) back on the
 * engine's open project, shows its progress on stderr and reports it — the `run --rollback --json`
 * document of docs/conventions.md, or tables for people. Exit 0 when done, 3 when it completed
 * with conflicts left for a person, 1 when it stopped (roll back again to resume). Ctrl-C cancels
 * at the next batch boundary, as for a run.
 */
export async function rollbackAndReport(engine: Engine, out: CliOutput, opts: { runId: string; entity?: string }): Promise<number> {
  const follower = followRun(engine, out, 'rollback');
  try {
    const { runId } = await engine.api.runs.rollback({ runId: opts.runId, ...(opts.entity ? { entity: opts.entity } : {}) });
    follower.follow(runId);
    await engine.idle();
    follower.close();
    const run = await engine.api.runs.get({ runId });
    const report = await fullReport(engine, runId);
    if (out.json) out.document(rollbackDocument(run, report));
    else printRollback(out, run, report);
    if (run.status !== 'Completed') return EXIT.failed;
    return report.conflictsTotal > 0 ? EXIT.completedWithRejects : EXIT.ok;
  } finally {
    follower.close();
  }
}

/** The report with every conflict (read a page at a time). */
async function fullReport(engine: Engine, runId: string): Promise<RollbackReport> {
  const first = await engine.api.runs.rollbackReport({ runId, limit: PAGE });
  const conflicts: RollbackConflict[] = [...first.conflicts];
  while (conflicts.length < first.conflictsTotal) {
    const page = await engine.api.runs.rollbackReport({ runId, limit: PAGE, offset: conflicts.length });
    if (!page.conflicts.length) break;
    conflicts.push(...page.conflicts);
  }
  return { ...first, conflicts };
}

/** The `run --rollback --json` document (docs/conventions.md). */
export function rollbackDocument(run: RunInfo, report: RollbackReport) {
  return {
    runId: run.runId,
    status: run.status,
    operation: run.operation,
    rolledBackRunId: report.rolledBackRunId,
    entity: report.entity,
    steps: run.steps.map((s) => ({ entity: s.entity, status: s.status, ...s.counters })),
    entities: report.entities,
    conflicts: report.conflicts,
    ...(run.error ? { error: run.error } : {}),
  };
}

function printRollback(out: CliOutput, run: RunInfo, report: RollbackReport): void {
  out.print('');
  out.print(`Rollback ${run.runId} of run ${report.rolledBackRunId}${report.entity ? ` (${report.entity})` : ''}: ${run.status}${run.durationMs !== null ? ` in ${(run.durationMs / 1000).toFixed(1)} s` : ''}`);
  out.print(table(['entity', 'restored', 'deleted', 'unchanged', 'conflicts'], report.entities.map((e) => [e.entity, e.restored, e.deleted, e.unchanged, e.conflicts])));
  if (report.conflicts.length) {
    out.print('');
    out.print('Conflicts (left as they are in Academia Pro; check each by hand)');
    out.print(table(['entity', 'externalId', 'action', 'code', 'reason'], report.conflicts.map((c) => [c.entity, c.externalId, c.action, c.code, c.reason])));
  }
  if (run.error) out.print(`\n${run.error.message}\n  What to do: ${run.error.hint}`);
}

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((v) => (typeof v === 'number' ? v.toLocaleString('en') : v)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => String(r[i]).length)));
  const line = (r: (string | number)[]) => r.map((v, i) => (i === 0 || typeof r[i] === 'string' ? String(v).padEnd(widths[i]) : String(v).padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

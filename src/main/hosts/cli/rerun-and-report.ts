import type { RunPlanPreview } from '../../../shared/api/contracts/run-plan';
import type { Engine } from '../../engine/index';
import { EXIT } from './exit-codes';
import type { CliOutput } from './output';
import { exitCodeForRun, runDocument } from './run-and-report';
import { followRun } from './run-follower';

/**
 * `run <project> --rerun-rejects RUN_ID [--entities a,b]`: re-runs only what failed in a run (its
 * unresolved rejects, with their corrections) and reports it like `run`; the `--json` document
 * is `run --json`'s with `rerunOf` added, and the exit code is `run`'s (3 while rows stay rejected).
 */
export async function rerunAndReport(engine: Engine, out: CliOutput, opts: { runId: string; entities?: string[] }): Promise<number> {
  const follower = followRun(engine, out, 'run');
  try {
    const { runId } = await engine.api.runs.rerunRejects({ runId: opts.runId, ...(opts.entities ? { entities: opts.entities } : {}) });
    follower.follow(runId);
    await engine.idle();
    follower.close();
    const run = await engine.api.runs.get({ runId });
    if (out.json) out.document({ ...runDocument(run), rerunOf: opts.runId });
    else {
      out.print(`Re-run ${run.runId} of the rejects of ${opts.runId}: ${run.status}; read ${run.counters.read}, created ${run.counters.created}, updated ${run.counters.updated}, unchanged ${run.counters.unchanged}, still rejected ${run.counters.rejected}.`);
      if (run.error) out.print(`${run.error.message}\n  What to do: ${run.error.hint}`);
      else if (run.counters.rejected) out.print(`See what still fails: academia-studio rejects <project> ${opts.runId} list`);
    }
    return exitCodeForRun(run);
  } finally {
    follower.close();
  }
}

/** `run <project> --plan [--dry-run] [--entities a,b]`: the plan and its time estimate; starts nothing. `--json`: `runs.plan`'s answer. */
export async function planAndReport(engine: Engine, out: CliOutput, opts: { dryRun: boolean; entities?: string[] }): Promise<number> {
  const plan = await engine.api.runs.plan({ dryRun: opts.dryRun, ...(opts.entities ? { entities: opts.entities } : {}) });
  if (out.json) out.document(plan);
  else printPlan(out, plan);
  return EXIT.ok;
}

export function printPlan(out: CliOutput, plan: RunPlanPreview): void {
  const b = plan.basis;
  out.print(`Plan${plan.dryRun ? ' (dry run)' : ''}: ${plan.rows.toLocaleString('en')} rows, ${plan.requests.toLocaleString('en')} requests, about ${duration(plan.seconds)}${plan.rateLimitedSeconds ? ` (${duration(plan.rateLimitedSeconds)} of it waiting for the API's rate limit)` : ''}.`);
  for (const e of plan.entities) out.print(`  ${e.entity.padEnd(18)} ${e.rows === null ? 'rows unknown' : `${e.estimated ? '~' : ''}${e.rows.toLocaleString('en')} rows`}, ${e.requests.toLocaleString('en')} requests, ${duration(e.seconds)}`);
  out.print(`Limits: ${b.perMinute ?? '?'} a minute, ${b.perHour ?? '?'} an hour; latency ${Math.round(b.latencyMs)} ms (${b.latencySource}); ${b.batchSize} records a request, ${b.inFlight} in flight.`);
}

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

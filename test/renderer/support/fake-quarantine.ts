import type { RejectRecord } from '../../../src/shared/api/contracts/rejects';
import type { RunPlanPreview } from '../../../src/shared/api/contracts/run-plan';
import type { StudioApi } from '../../../src/shared/api/services';
import type { RunInfo } from '../../../src/shared/model/run';
import { StudioError } from '../../../src/shared/errors';

type Runs = StudioApi['runs'];

/**
 * The fake studio's quarantine fix and re-run, and the plan before a run: corrections are kept on
 * the fake's rejects (who: `tester@fake`), a re-run adds a `Rerun` run and resolves the corrected
 * rejects, and the plan answers `plan` (a fixed estimate unless a test sets one).
 */
export function fakeQuarantineMethods(deps: {
  rejects: Record<string, RejectRecord[]>;
  runs: RunInfo[];
  plan: () => RunPlanPreview;
  newRun: (operation: 'Rerun') => RunInfo;
  record: <T>(method: string, params: unknown, body: () => T) => Promise<T>;
  findRun: (runId: string) => RunInfo;
}): Pick<Runs, 'fixRejects' | 'rerunRejects' | 'plan'> {
  return {
    fixRejects: (req) =>
      deps.record('runs.fixRejects', req, () => {
        deps.findRun(req.runId);
        const all = deps.rejects[req.runId] ?? [];
        const touched: RejectRecord[] = [];
        for (const f of req.fixes) {
          const r = all.find((x) => x.id === f.rejectId);
          if (!r) throw new StudioError('REJECT_NOT_FOUND', `Run ${req.runId} has no reject ${f.rejectId}.`, 'Take the id from the list.');
          const others = (r.corrections ?? []).filter((c) => c.field !== f.field);
          r.corrections = f.remove ? others : [...others, { field: f.field, value: f.value ?? null, by: 'tester@fake', at: '2025-01-10T12:00:00.000Z' }];
          if (!touched.includes(r)) touched.push(r);
        }
        return { runId: req.runId, rows: touched };
      }),
    rerunRejects: (req) =>
      deps.record('runs.rerunRejects', req, () => {
        deps.findRun(req.runId);
        const pending = (deps.rejects[req.runId] ?? []).filter((r) => r.outcome?.status !== 'resolved' && (!req.entities || req.entities.includes(r.entity)));
        if (!pending.length) throw new StudioError('NOTHING_TO_RERUN', `Run ${req.runId} has no unresolved rejects.`, 'Nothing is left to send.');
        const rerun = deps.newRun('Rerun');
        for (const r of pending) {
          r.outcome = r.corrections?.length ? { status: 'resolved', rerunId: rerun.runId, reasons: [], at: rerun.startedAt } : { status: 'failing', rerunId: rerun.runId, reasons: r.reasons, at: rerun.startedAt };
        }
        return { runId: rerun.runId };
      }),
    plan: (req) => deps.record('runs.plan', req, () => ({ ...deps.plan(), dryRun: req.dryRun === true })),
  };
}

/** A plan of two entities the fake answers by default. */
export function demoRunPlan(): RunPlanPreview {
  return {
    dryRun: false,
    entities: [
      { entity: 'schools', stream: 'SCHOOL', rows: 1, estimated: false, requests: 3, seconds: 0.2 },
      { entity: 'students', stream: 'PUPILS', rows: 2000, estimated: false, requests: 12, seconds: 1.4 },
    ],
    rows: 2001,
    requests: 15,
    seconds: 1.6,
    rateLimitedSeconds: 0,
    basis: { perMinute: 600, perHour: 20000, latencyMs: 40, latencySource: 'measured', batchSize: 500, inFlight: 2, localRowsPerSecond: 20000 },
    estimatedAt: '2025-01-10T12:00:00.000Z',
  };
}

/** `runs.rejects`'s `pending`: per entity, rejects not resolved and how many are corrected. */
export function fakePending(rejects: readonly RejectRecord[]): { entity: string; pending: number; corrected: number }[] {
  const by = new Map<string, { entity: string; pending: number; corrected: number }>();
  for (const r of rejects) {
    if (r.outcome?.status === 'resolved') continue;
    const e = by.get(r.entity) ?? { entity: r.entity, pending: 0, corrected: 0 };
    e.pending++;
    if (r.corrections?.length) e.corrected++;
    by.set(r.entity, e);
  }
  return [...by.values()];
}

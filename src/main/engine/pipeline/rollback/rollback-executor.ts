import type { TargetContract } from '../../../../academia-api/contract';
import type { EventMessage } from '../../../../shared/api/rpc';
import { StudioError, toErrorShape } from '../../../../shared/errors';
import { addCounters, emptyCounters, type Counters, type RunStatus } from '../../../../shared/model/counters';
import type { RunEventLevel } from '../../../../shared/model/run';
import type { RollbackAction, RollbackItemOutcome, RollbackRepo } from '../../project/rollback-repo';
import type { RunRecords } from '../run-context';
import { rollbackBatch, type RollbackClient } from './rollback-batch';

/** What a rollback keeps in the project file: what is left to do, and each batch's checkpoint. */
export type RollbackStore = Pick<RollbackRepo, 'pending' | 'pendingCount' | 'recordOutcomes' | 'counts'>;

/** Everything a rollback needs, injected so tests can drive it (and stop it at a checkpoint). */
export interface RollbackContext {
  runs: RunRecords;
  store: RollbackStore;
  target(): Promise<{ contract: TargetContract; client: RollbackClient }>;
  emit(message: EventMessage): void;
  now(): Date;
  /** Records per request (the API takes at most 500). */
  batchSize: number;
  /**
   * Called with each answered batch just before its checkpoint is written. For tests: throwing
   * here is a process that died after the target answered and before the project file knew.
   */
  beforeCheckpoint?: (at: { entity: string; action: RollbackAction; batch: number }) => void;
}

/** The run counters of a rollback: restored records count as updated, conflicts as rejected. */
function countersOf(outcomes: readonly RollbackItemOutcome[]): Counters {
  const c: Counters = { ...emptyCounters(), deleted: 0 };
  for (const o of outcomes) {
    c.read++;
    if (o.outcome === 'restored') c.updated++;
    else if (o.outcome === 'deleted') c.deleted = (c.deleted ?? 0) + 1;
    else if (o.outcome === 'unchanged') c.unchanged++;
    else c.rejected++;
  }
  return c;
}

/**
 * Executes a rollback run: for each entity of the rolled-back run, in reverse load order (what
 * references comes off before what it references), deletes the records the run created and writes
 * back the pre-images of those it updated, a page at a time, each batch checkpointed in the
 * project file once answered. Stopped anywhere (cancel, failure, a dead process), it resumes with
 * the first record not checkpointed, and its first batch is the very batch it was sending (same
 * Idempotency-Key, replayed by the target), so nothing is done twice. Statuses and counters are
 * docs/conventions.md's: read, updated (restored), deleted, unchanged, rejected (conflicts).
 */
export async function executeRollback(ctx: RollbackContext, runId: string, opts: { sourceRunId: string; entities: string[]; signal: AbortSignal }): Promise<RunStatus> {
  const { runs, store } = ctx;
  const log = (level: RunEventLevel, entity: string | null, message: string) => ctx.emit({ kind: 'event', event: 'run.event', payload: runs.addEvent(runId, level, entity, message, ctx.now()) });
  const publish = () => ctx.emit({ kind: 'event', event: 'run.updated', payload: runs.get(runId) });
  // A resumed rollback starts from what its earlier attempts checkpointed under this run id.
  const done = new Map(store.counts(runId).map((c) => [c.entity, c]));
  const stepCounters = (entity: string): Counters => {
    const c = done.get(entity);
    if (!c) return { ...emptyCounters(), deleted: 0 };
    return { ...emptyCounters(), read: c.restored + c.deleted + c.unchanged + c.conflicts, updated: c.restored, deleted: c.deleted, unchanged: c.unchanged, rejected: c.conflicts };
  };
  let total: Counters = opts.entities.reduce<Counters>((t, e) => addCounters(t, stepCounters(e)), { ...emptyCounters(), deleted: 0 });

  runs.setStatus(runId, 'Processing', ctx.now());
  runs.setCounters(runId, total);
  publish();
  log('info', null, `Rollback of run ${opts.sourceRunId} ${done.size ? 'resumed' : 'started'} for ${opts.entities.join(', ')} (reverse load order).`);
  let current: string | null = null;
  try {
    const target = await ctx.target();
    for (const entity of opts.entities) {
      current = entity;
      let counters = stepCounters(entity);
      const left = store.pendingCount(opts.sourceRunId, entity);
      runs.updateStep(runId, entity, { status: 'Processing', estimate: counters.read + left, startedAt: ctx.now(), counters });
      publish();
      let batch = 0;
      // Deletes first: what the run added goes before what it changed is put back.
      for (const action of ['delete', 'restore'] as const) {
        let after: string | null = null;
        for (;;) {
          if (opts.signal.aborted) throw new StudioError('CANCELLED', 'The rollback was cancelled.', 'Roll the run back again to finish: what is done stays done and is not repeated.');
          const page = store.pending(opts.sourceRunId, entity, action, after, ctx.batchSize);
          if (!page.length) break;
          after = page[page.length - 1].externalId;
          const outcomes = await rollbackBatch(target.client, target.contract, opts.sourceRunId, entity, action, page);
          ctx.beforeCheckpoint?.({ entity, action, batch: ++batch });
          store.recordOutcomes(runId, opts.sourceRunId, entity, outcomes, ctx.now());
          const added = countersOf(outcomes);
          counters = addCounters(counters, added);
          total = addCounters(total, added);
          runs.updateStep(runId, entity, { counters });
          runs.setCounters(runId, total);
          ctx.emit({ kind: 'event', event: 'run.progress', payload: { runId, entity, phase: 'push', counters, estimate: counters.read + left, rate: 0, etaSeconds: null, done: counters.read, total: counters.read + left } });
        }
      }
      runs.updateStep(runId, entity, { status: 'Completed', counters, endedAt: ctx.now() });
      const conflicts = counters.rejected;
      log(conflicts ? 'warning' : 'info', entity, `Restored ${counters.updated}, deleted ${counters.deleted ?? 0}, already as before ${counters.unchanged}${conflicts ? `; ${conflicts} conflict(s) left for a person (see the rollback report)` : ''}.`);
      publish();
    }
    current = null;
    runs.setStatus(runId, 'Completed', ctx.now());
    log(total.rejected ? 'warning' : 'info', null, `Rollback completed: restored ${total.updated}, deleted ${total.deleted ?? 0}, already as before ${total.unchanged}, conflicts ${total.rejected}.`);
    publish();
    return 'Completed';
  } catch (err) {
    const cancelled = opts.signal.aborted || (err instanceof StudioError && err.code === 'CANCELLED');
    const status: RunStatus = cancelled ? 'Cancelled' : 'Failed';
    const shape = toErrorShape(err);
    if (current) runs.updateStep(runId, current, { status, endedAt: ctx.now() });
    runs.setStatus(runId, status, ctx.now(), cancelled ? undefined : { code: shape.code, message: shape.message, hint: shape.hint });
    log(cancelled ? 'warning' : 'error', current, cancelled ? 'Rollback cancelled. Roll the run back again to finish it; nothing done is repeated.' : `${shape.message} ${shape.hint}`);
    publish();
    return status;
  }
}

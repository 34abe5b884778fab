import { StudioError, toErrorShape } from '../../../shared/errors';
import { addCounters, emptyCounters, type CounterName, type Counters, type RunStatus } from '../../../shared/model/counters';
import type { ConnectionKind } from '../../../shared/model/connection';
import type { RunEventLevel } from '../../../shared/model/run';
import type { SyncChangeCount, SyncDefinition, SyncOutcome, SyncWarning } from '../../../shared/model/sync';
import type { AcademiaClient } from '../academia/academia-client';
import type { SyncRepo } from '../project/sync-repo';
import { noPersonCrosswalk, preparePersonCrosswalk } from '../pipeline/person-crosswalk';
import { runPlan, type EntityPlan } from '../pipeline/plan-executor';
import type { RunContext, RunTarget } from '../pipeline/run-context';
import type { CursorState } from '../pipeline/stages/cursor/cursor-stage';
import { dateIn } from '../pipeline/stages/cursor/cursor-values';
import type { StageContext, StageServices } from '../pipeline/stages/stage';
import type { SyncStageServices } from '../pipeline/stages/sync-services';
import { StepProgress } from '../pipeline/step-progress';
import { evaluateGate } from './change-gate';
import { planSyncDetect, planSyncPush, pushesDown } from './sync-plan';
import { withdrawalFields, withdrawalSet } from './withdrawal';
import { finishTwoWay, TwoWayRun, type TwoWayServices } from './two-way/two-way-run';

/** The project file's sync tables, as a sync run uses them. */
export type SyncStore = Pick<
  SyncRepo,
  | 'baseline'
  | 'acknowledgedKeys'
  | 'stagedRecords'
  | 'acknowledgedCount'
  | 'goneKeys'
  | 'forgetGone'
  | 'markGone'
  | 'recordChanges'
  | 'changeKeys'
  | 'changeCounts'
  | 'dependentsOfRemoved'
  | 'cursorState'
  | 'setCursorState'
  | 'findRun'
  | 'updateRun'
  | 'recordOutcome'
>;

/** A target a sync can also delete in. */
export type SyncTarget = RunTarget & { client: Pick<AcademiaClient, 'pushBatch' | 'list' | 'removeBatch'> };

/** Everything a sync run needs: a run's context (the same stages run) plus its own tables. */
export interface SyncContext extends Omit<RunContext, 'target'> {
  target(): Promise<SyncTarget>;
  store: SyncStore;
  connectionKind(connectionId: string): Promise<ConnectionKind | null>;
  /** Present when the definition is two-way: Academia Pro's changes are pulled and settled too (sync/two-way). */
  twoWay?: TwoWayServices;
}

type Log = (level: RunEventLevel, entity: string | null, message: string) => void;

/**
 * One run of a sync definition. First every entity's change set is computed (plan
 * `planSyncDetect`, in the target's load order) and kept with the run; then the change gate looks
 * at it. Held: the run stays `Paused` with its hold explained, nothing is pushed and no cursor
 * moves. Otherwise the change set is pushed (`pushHeldOrNew`) and the cursors move to where this
 * read got, so a failed or held run is read again next time, never skipped.
 */
export async function executeSync(ctx: SyncContext, def: SyncDefinition, runId: string, signal: AbortSignal): Promise<SyncOutcome> {
  const { runs, store } = ctx;
  const log = logger(ctx, runId);
  const warnings: SyncWarning[] = [];
  const cursors: Record<string, unknown> = {};
  let total = emptyCounters();
  runs.setStatus(runId, 'Processing', ctx.now());
  publish(ctx, runId);
  log('info', null, `Sync "${def.name}" (${def.type}, ${def.direction}) started for ${def.entities.map((e) => e.entity).join(', ')}.`);
  let current: string | null = null;
  try {
    const target = await ctx.target();
    const order = target.contract.loadOrder(def.entities.map((e) => e.entity));
    const crosswalk = await preparePersonCrosswalk({ mappings: ctx.mappings, entities: order, contract: target.contract, source: ctx.personDecisions, openSource: ctx.openSource, readBatchSize: ctx.readBatchSize, signal, log });
    const sync = stageServices(ctx, target, warnings, cursors, log);
    const services: StageServices = { openSource: ctx.openSource, staging: ctx.staging, target, crosswalk, sync, ...(ctx.joinIndex ? { joinIndex: ctx.joinIndex } : {}), ...(ctx.erased ? { erased: ctx.erased } : {}) };
    const today = dateIn(ctx.now(), def.sourceTimeZone);
    const twoWay = def.direction === 'two-way' && ctx.twoWay ? new TwoWayRun(def, runId, ctx.twoWay) : null;
    const conflicts = new Map<string, number>();
    for (const entity of order) {
      current = entity;
      const spec = def.entities.find((e) => e.entity === entity)!;
      const mapping = ctx.mappings.find((m) => m.entity === entity);
      if (!mapping) throw new StudioError('MAPPING_NOT_FOUND', `No mapping feeds ${entity} any more.`, 'Map it again on the Mapping screen, or take it out of the sync.');
      const kind = await ctx.connectionKind(mapping.connectionId);
      const state = store.cursorState(def.name, entity) as CursorState | null;
      const withdrawal = spec.deletes?.policy === 'withdraw' ? withdrawalSet(withdrawalFields(target.contract.entity(entity), spec.deletes), today) : null;
      const plan = planSyncDetect(def, spec, mapping, { readBatchSize: ctx.readBatchSize, cursor: state, connectionKind: kind, withdrawal });
      if (spec.cursor && (spec.mode ?? def.type) === 'Incremental' && state?.bound && pushesDown(kind)) {
        await countNullCursors(ctx, mapping.connectionId, mapping.stream, spec.cursor.column, entity, sync, signal);
      }
      await twoWay?.before(spec);
      const counters = await runStep(ctx, runId, plan, services, signal, log, emptyCounters(), false);
      if (twoWay) conflicts.set(entity, await twoWay.after(spec, mapping));
      total = addCounters(total, counters);
      runs.setCounters(runId, total);
    }
    current = null;
    const changes = changeCounts(store, runId, order).map((c) => ({ ...c, conflicts: conflicts.get(c.entity) ?? 0 }));
    const withdrawn = new Map(store.changeCounts(runId).filter((c) => c.kind === 'withdraw').map((c) => [c.entity, c.n]));
    store.updateRun(runId, { changes, warnings, pendingCursors: cursors });
    log('info', null, `Change set: ${changes.map((c) => `${c.entity} +${c.inserts} ~${c.updates} -${c.deletes}`).join(', ') || 'nothing'}.`);
    const held = evaluateGate(def.gate, changes, withdrawn, target.contract, { acknowledgedCount: (e) => store.acknowledgedCount(e), dependentsOfRemoved: (e, dep, field, other) => store.dependentsOfRemoved(runId, e, dep, field, other) });
    if (held) {
      store.updateRun(runId, { held });
      for (const entity of order) runs.updateStep(runId, entity, { status: 'Paused' });
      runs.setStatus(runId, 'Paused', ctx.now());
      log('warning', null, `${held.reason} ${held.summary} Approve each category to push it: ${held.categories.map((c) => c.category).join(', ')}.`);
      publish(ctx, runId);
      return outcome(ctx, def.name, runId);
    }
    return await pushChangeSet(ctx, def, runId, order, total, signal);
  } catch (err) {
    return fail(ctx, def.name, runId, current, err, signal);
  }
}

/**
 * The second half of a sync run: pushes the change set entity by entity in load order (the push
 * stage sends inserts, updates and withdrawals; the remove stage the deletes), then commits the
 * cursors the read reached. Also what approving a held run's last category calls.
 */
export async function pushChangeSet(ctx: SyncContext, def: Pick<SyncDefinition, 'name'>, runId: string, order: string[], before: Counters, signal: AbortSignal): Promise<SyncOutcome> {
  const { runs, store } = ctx;
  const log = logger(ctx, runId);
  let total = before;
  let current: string | null = null;
  try {
    const target = await ctx.target();
    runs.setStatus(runId, 'Processing', ctx.now());
    publish(ctx, runId);
    const record = store.findRun(runId)!;
    const sync = stageServices(ctx, target, [], {}, log);
    const services: StageServices = { openSource: ctx.openSource, staging: ctx.staging, target, crosswalk: noPersonCrosswalk(target.contract), sync };
    for (const entity of order) {
      current = entity;
      const stepBefore = runs.get(runId).steps.find((s) => s.entity === entity)?.counters ?? emptyCounters();
      const counters = await runStep(ctx, runId, planSyncPush(entity, { pushBatchSize: ctx.pushBatchSize, ...(ctx.pushInFlight !== undefined ? { pushInFlight: ctx.pushInFlight } : {}) }), services, signal, log, stepBefore, true);
      total = addCounters(total, diff(counters, stepBefore));
      runs.setCounters(runId, total);
    }
    current = null;
    if (ctx.twoWay) await finishTwoWay(ctx.twoWay, def.name, runId, order, runs.get(runId).startedAt);
    for (const [entity, state] of Object.entries(record.pendingCursors)) store.setCursorState(def.name, entity, state, ctx.now());
    runs.setStatus(runId, 'Completed', ctx.now());
    const c = total;
    log('info', null, `Sync completed: read ${c.read}, created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}, rejected ${c.rejected}, skipped ${c.skipped}, failed ${c.failed}; deletes ${record.changes.reduce((n, x) => n + x.deletes, 0)}.`);
    publish(ctx, runId);
    return outcome(ctx, def.name, runId);
  } catch (err) {
    return fail(ctx, def.name, runId, current, err, signal);
  }
}

/** The run's outcome as the API answers it, and the definition's status columns updated to it. */
export function outcome(ctx: Pick<SyncContext, 'runs' | 'store' | 'now'>, job: string, runId: string): SyncOutcome {
  const run = ctx.runs.get(runId);
  const record = ctx.store.findRun(runId)!;
  ctx.store.recordOutcome(job, { status: run.status, runId, processed: run.counters.read, failed: run.counters.rejected + run.counters.failed, durationMs: run.durationMs ?? ctx.now().getTime() - Date.parse(run.startedAt), at: ctx.now() });
  return { job, runId, status: run.status, changes: record.changes, held: record.held, warnings: record.warnings, counters: run.counters, ...(run.error ? { error: run.error } : {}) };
}

function fail(ctx: SyncContext, job: string, runId: string, entity: string | null, err: unknown, signal: AbortSignal): SyncOutcome {
  const cancelled = signal.aborted || (err instanceof StudioError && err.code === 'CANCELLED');
  const status: RunStatus = cancelled ? 'Cancelled' : 'Failed';
  const shape = toErrorShape(err);
  if (entity) ctx.runs.updateStep(runId, entity, { status, endedAt: ctx.now() });
  ctx.runs.setStatus(runId, status, ctx.now(), cancelled ? undefined : { code: shape.code, message: shape.message, hint: shape.hint });
  logger(ctx, runId)(cancelled ? 'warning' : 'error', entity, cancelled ? 'Sync cancelled; its cursors did not move, so the next run reads the same changes again.' : `${shape.message} ${shape.hint}`);
  publish(ctx, runId);
  return outcome(ctx, job, runId);
}

function changeCounts(store: SyncStore, runId: string, order: string[]): SyncChangeCount[] {
  const rows = store.changeCounts(runId);
  return order.map((entity) => {
    const n = (kind: string) => rows.find((r) => r.entity === entity && r.kind === kind)?.n ?? 0;
    return { entity, inserts: n('insert'), updates: n('update'), deletes: n('delete') + n('withdraw'), conflicts: 0 };
  });
}

function stageServices(ctx: SyncContext, target: SyncTarget, warnings: SyncWarning[], cursors: Record<string, unknown>, log: Log): SyncStageServices {
  const { store } = ctx;
  return {
    baseline: (e, ids) => store.baseline(e, ids),
    acknowledgedKeys: (e, after, limit) => store.acknowledgedKeys(e, after, limit),
    stagedRecords: (e, ids) => store.stagedRecords(e, ids),
    goneKeys: (e) => store.goneKeys(e),
    forgetGone: (e, ids) => store.forgetGone(e, ids),
    markGone: (e, ids, run, policy, now) => store.markGone(e, ids, run, policy, now),
    recordChanges: (run, e, changes) => store.recordChanges(run, e, changes),
    changeKeys: (run, e, kind, after, limit) => store.changeKeys(run, e, kind, after, limit),
    cursorState: (e, state) => (cursors[e] = state),
    warn: (w) => {
      warnings.push(w);
      log('warning', w.entity, `${w.code}: ${w.message}`);
    },
    removeBatch: (e, records, key) => target.client.removeBatch(e, records, key),
  };
}

/**
 * Rows whose cursor is NULL, counted by a narrow read of the cursor column alone: a source that
 * filters by the cursor in its query never returns them, and they must be reported, not lost.
 */
async function countNullCursors(ctx: SyncContext, connectionId: string, stream: string, column: string, entity: string, sync: SyncStageServices, signal: AbortSignal): Promise<void> {
  const source = await ctx.openSource(connectionId);
  let nulls = 0;
  try {
    for await (const rows of source.read(stream, { batchSize: 5000, columns: [column], signal })) for (const r of rows) if (r[column] === null || r[column] === undefined) nulls++;
  } finally {
    await source.close();
  }
  if (nulls) {
    sync.warn({ code: 'CURSOR_NULL', entity, table: stream, column, count: nulls, message: `${nulls.toLocaleString('en')} ${nulls === 1 ? 'row has' : 'rows have'} no value in ${stream}.${column}, so ${nulls === 1 ? 'its' : 'their'} changes cannot be followed; ${nulls === 1 ? 'it was' : 'they were'} left out of this sync.` });
  }
}

/** One entity's plan as its step: progress events, counters and the step's record. */
async function runStep(ctx: SyncContext, runId: string, plan: EntityPlan, services: StageServices, signal: AbortSignal, log: Log, start: Counters, last: boolean): Promise<Counters> {
  const { runs } = ctx;
  const { entity } = plan;
  const counters = { ...start };
  const progress = new StepProgress(
    () => ctx.now().getTime(),
    ctx.progressIntervalMs,
    (p) => {
      runs.updateStep(runId, entity, { counters: p.counters });
      ctx.emit({ kind: 'event', event: 'run.progress', payload: { runId, entity, phase: p.phase, counters: p.counters, estimate: p.estimate, rate: p.rate, etaSeconds: p.etaSeconds, done: p.done, total: p.total } });
    },
    counters,
  );
  const stageContext: StageContext = {
    runId,
    entity,
    signal,
    counters,
    services,
    now: ctx.now,
    log: (level, message) => log(level, entity, message),
    progress: (phase, done, options) => progress.update(phase, done, options),
    begin(estimate) {
      progress.estimate = estimate;
      runs.updateStep(runId, entity, { status: 'Processing', estimate, startedAt: ctx.now() });
      publish(ctx, runId);
    },
  };
  if (last) runs.updateStep(runId, entity, { status: 'Processing' });
  await runPlan(plan, stageContext);
  runs.updateStep(runId, entity, { status: last ? 'Completed' : 'Processing', counters: { ...counters }, ...(last ? { endedAt: ctx.now() } : {}) });
  progress.finish();
  return { ...counters };
}

function diff(after: Counters, before: Counters): Counters {
  const out = emptyCounters();
  for (const k of Object.keys(out) as CounterName[]) out[k] = after[k] - before[k];
  if (after.deleted !== undefined) out.deleted = after.deleted - (before.deleted ?? 0);
  return out;
}

function logger(ctx: Pick<SyncContext, 'emit' | 'runs' | 'now'>, runId: string): Log {
  return (level, entity, message) => ctx.emit({ kind: 'event', event: 'run.event', payload: ctx.runs.addEvent(runId, level, entity, message, ctx.now()) });
}

function publish(ctx: Pick<SyncContext, 'emit' | 'runs'>, runId: string): void {
  ctx.emit({ kind: 'event', event: 'run.updated', payload: ctx.runs.get(runId) });
}


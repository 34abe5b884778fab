import { StudioError, toErrorShape } from '../../../shared/errors';
import { addCounters, emptyCounters, type Counters, type RunStatus } from '../../../shared/model/counters';
import type { EntityMapping } from '../../../shared/model/mapping';
import type { ReconciliationLine, RunEventLevel, RunProgress } from '../../../shared/model/run';
import { mapRow } from '../mapping/map-row';
import type { RejectedRow, StagedRecord } from '../project/staging-repo';
import { idempotencyKeyFor } from '../target/academia-client';
import { hashRecord } from './record-hash';
import { ProgressMeter } from './progress-meter';
import { listTargetExternalIds } from './target-ids';
import { fillFromDuplicates, redirectReferences, type PersonMergePlan } from './person-merge';
import { preparePersonMerges, type RunPersonMerges } from './person-merge-loader';
import type { RunContext } from './run-context';
import type { TargetSession } from './target-session';

/**
 * Executes one run: for each mapped entity in the target's load order, read the source in
 * batches, map and validate each row, stage the good ones in the project file (rejects are kept
 * with their reasons), push staged records to Academia Pro in idempotent batches, and finally
 * reconcile what the source had against what the target now holds.
 *
 * Counters follow CONVENTIONS.md: read, created, updated, unchanged, rejected, skipped, failed.
 * A push batch's receipts are written only after the target acknowledged it, so an interrupted
 * run never claims records it did not deliver.
 */
export async function executeRun(ctx: RunContext, runId: string, opts: { dryRun: boolean; entities: string[]; signal: AbortSignal }): Promise<RunStatus> {
  const { runs } = ctx;
  let total = emptyCounters();
  const reconciliation: ReconciliationLine[] = [];
  const log = (level: RunEventLevel, entity: string | null, message: string) => ctx.emit({ kind: 'event', event: 'run.event', payload: runs.addEvent(runId, level, entity, message, ctx.now()) });
  const publish = () => ctx.emit({ kind: 'event', event: 'run.updated', payload: runs.get(runId) });

  runs.setStatus(runId, 'Processing', ctx.now());
  publish();
  log('info', null, `${opts.dryRun ? 'Dry run' : 'Run'} started for ${opts.entities.join(', ')}.`);

  let target: TargetSession | null = null;
  let currentEntity: string | null = null;
  try {
    target = await ctx.target();
    log('info', null, `Target: Academia Pro API ${target.contract.version} at ${target.baseUrl}, school ${target.schoolId}.`);
    const merges = await preparePersonMerges({
      mappings: ctx.mappings,
      entities: opts.entities,
      contract: target.contract,
      source: ctx.personDecisions,
      openSource: ctx.openSource,
      readBatchSize: ctx.readBatchSize,
      signal: opts.signal,
    });
    for (const plan of merges.plans.values()) logPlan(plan, log);
    for (const entity of opts.entities) {
      currentEntity = entity;
      const mapping = ctx.mappings.find((m) => m.entity === entity);
      if (!mapping) throw new StudioError('MAPPING_NOT_FOUND', `No mapping feeds the entity "${entity}".`, 'Create a mapping for it on the Mapping screen, or leave it out of the run.');
      const counters = await runEntity(ctx, runId, mapping, target, merges, opts, log, publish);
      total = addCounters(total, counters);
      runs.setCounters(runId, total);
      reconciliation.push(await reconcileEntity(ctx, runId, entity, counters, target, opts.dryRun));
      runs.setReconciliation(runId, reconciliation);
      publish();
    }
    currentEntity = null;
    const mismatches = reconciliation.reduce((n, l) => n + l.mismatches, 0);
    log(mismatches ? 'warning' : 'info', null, mismatches ? `Reconciliation found ${mismatches} mismatch(es); see the reconciliation table.` : 'Reconciliation: every staged record is accounted for in the target.');
    runs.setStatus(runId, 'Completed', ctx.now());
    log('info', null, `Run completed: ${describe(total)}.`);
    publish();
    return 'Completed';
  } catch (err) {
    const cancelled = opts.signal.aborted || (err instanceof StudioError && err.code === 'CANCELLED');
    const status: RunStatus = cancelled ? 'Cancelled' : 'Failed';
    const shape = toErrorShape(err);
    if (currentEntity) runs.updateStep(runId, currentEntity, { status, endedAt: ctx.now() });
    runs.setStatus(runId, status, ctx.now(), cancelled ? undefined : { code: shape.code, message: shape.message, hint: shape.hint });
    log(cancelled ? 'warning' : 'error', currentEntity, cancelled ? 'Run cancelled by the user. Records pushed so far stay in the target and are recognised on the next run.' : `${shape.message} ${shape.hint}`);
    publish();
    return status;
  }
}

async function runEntity(
  ctx: RunContext,
  runId: string,
  mapping: EntityMapping,
  target: TargetSession,
  merges: RunPersonMerges,
  opts: { dryRun: boolean; signal: AbortSignal },
  log: (level: RunEventLevel, entity: string | null, message: string) => void,
  publish: () => void,
): Promise<Counters> {
  const { runs, staging } = ctx;
  const entity = mapping.entity;
  let counters = emptyCounters();
  const source = await ctx.openSource(mapping.connectionId);
  try {
    const estimate = await source.count(mapping.stream);
    runs.updateStep(runId, entity, { status: 'Processing', estimate, startedAt: ctx.now() });
    publish();
    log('info', entity, `Reading ${estimate.toLocaleString('en')} rows from ${mapping.stream}.`);

    // One meter per phase: the push counts from zero again, and must not inherit the read rate.
    let meter = new ProgressMeter(() => ctx.now().getTime());
    let meterPhase: RunProgress['phase'] | null = null;
    let lastProgress = 0;
    const progress = (phase: RunProgress['phase'], done: number, force = false, total: number | null = estimate) => {
      if (phase !== meterPhase && !(meterPhase === 'transform' && phase === 'stage')) {
        meter = new ProgressMeter(() => ctx.now().getTime());
        meterPhase = phase;
      }
      meter.update(done);
      const at = ctx.now().getTime();
      if (!force && at - lastProgress < ctx.progressIntervalMs) return;
      lastProgress = at;
      runs.updateStep(runId, entity, { counters });
      ctx.emit({ kind: 'event', event: 'run.progress', payload: { runId, entity, phase, counters, estimate, rate: meter.rate(), etaSeconds: meter.etaSeconds(total) } });
    };

    // 1. read → map → (merge confirmed duplicates) → validate → stage
    const plan = merges.plans.get(entity);
    const references = merges.referenceFields(entity);
    const merged = { skipped: 0, filled: 0, redirected: 0 };
    let sourceRow = 0;
    for await (const batch of source.read(mapping.stream, { batchSize: ctx.readBatchSize, signal: opts.signal })) {
      throwIfCancelled(opts.signal);
      const good: StagedRecord[] = [];
      const rejected: RejectedRow[] = [];
      for (const row of batch) {
        sourceRow++;
        counters.read++;
        const mapped = mapRow(mapping, row);
        if (mapped.skipped) {
          counters.skipped++;
          continue;
        }
        // A duplicate confirmed in the review queue is sent as its survivor, not as a person of its own.
        if (plan?.mergedInto.has(mapped.externalId)) {
          counters.skipped++;
          merged.skipped++;
          continue;
        }
        let record = mapped.record;
        const donors = plan?.donors.get(mapped.externalId);
        if (donors) {
          const fill = fillFromDuplicates(record, donors);
          record = fill.record;
          merged.filled += fill.filled;
        }
        if (references.length) {
          const redirect = redirectReferences(record, references);
          record = redirect.record;
          merged.redirected += redirect.redirected;
        }
        const problems = mapped.errors.length
          ? mapped.errors.map((e) => ({ field: e.field, message: e.message, code: 'TRANSFORM_FAILED' }))
          : target.contract.validate(entity, record).map((p) => ({ field: p.field, message: p.message, code: p.code }));
        if (problems.length) rejected.push({ externalId: mapped.externalId || null, sourceRow, errors: problems, row });
        else good.push({ externalId: mapped.externalId, payload: record, hash: hashRecord(record) });
      }
      const { duplicates } = staging.stage(runId, entity, good);
      for (const d of duplicates) {
        rejected.push({ externalId: d.externalId, sourceRow: null, errors: [{ field: 'externalId', code: 'DUPLICATE_KEY', message: `Another source row already has the key ${d.externalId}; only the first was staged.` }], row: d.payload });
      }
      staging.reject(runId, entity, 'validate', rejected);
      counters.rejected += rejected.length;
      progress('transform', counters.read);
    }
    progress('stage', counters.read, true);
    logMerged(entity, plan, references, merged, log);
    const staged = staging.stagedCount(runId, entity);
    log(counters.rejected ? 'warning' : 'info', entity, `Staged ${staged.toLocaleString('en')} records; ${counters.rejected.toLocaleString('en')} rejected, ${counters.skipped.toLocaleString('en')} skipped.`);

    // 2. push (or, in a dry run, say what the push would do)
    if (opts.dryRun) {
      const predicted = staging.predict(runId, entity);
      counters = { ...counters, ...predicted };
      log('info', entity, `Dry run: would create ${predicted.created}, update ${predicted.updated}, leave ${predicted.unchanged} unchanged.`);
    } else {
      counters = await pushEntity(ctx, runId, entity, target, counters, opts.signal, (done) => progress('push', done, false, staged));
    }
    runs.updateStep(runId, entity, { status: 'Completed', counters, endedAt: ctx.now() });
    progress('push', counters.read, true);
    return counters;
  } finally {
    await source.close();
  }
}

async function pushEntity(ctx: RunContext, runId: string, entity: string, target: TargetSession, start: Counters, signal: AbortSignal, onProgress: (done: number) => void): Promise<Counters> {
  const counters = { ...start };
  let after: string | null = null;
  let pushedOrFailed = 0;
  for (;;) {
    throwIfCancelled(signal);
    const page = ctx.staging.page(runId, entity, after, ctx.pushBatchSize);
    if (!page.length) break;
    after = page[page.length - 1].externalId;
    const records = page.map((r) => r.payload);
    const key = idempotencyKeyFor(runId, entity, records);
    const results = await target.client.pushBatch(entity, records, key);
    const byId = new Map(page.map((r) => [r.externalId, r]));
    const targetRejects: RejectedRow[] = [];
    for (const res of results) {
      if (res.status === 'rejected') {
        counters.rejected++;
        targetRejects.push({ externalId: res.externalId, sourceRow: null, errors: (res.errors ?? []).map((e) => ({ field: fieldOf(e), message: e.detail ?? e.title ?? 'Rejected by Academia Pro.', code: 'TARGET_REJECTED' })), row: byId.get(res.externalId)?.payload ?? {} });
      } else counters[res.status]++;
    }
    const answered = new Set(results.map((r) => r.externalId));
    const unanswered = page.filter((r) => !answered.has(r.externalId)).length;
    counters.failed += unanswered;
    ctx.staging.recordReceipts(runId, entity, key, results.map((r) => ({ externalId: r.externalId, status: r.status, targetId: r.id ?? null, version: r.version ?? null })), ctx.now());
    ctx.staging.reject(runId, entity, 'target', targetRejects);
    pushedOrFailed += page.length;
    onProgress(pushedOrFailed);
  }
  return counters;
}

async function reconcileEntity(ctx: RunContext, runId: string, entity: string, counters: Counters, target: TargetSession, dryRun: boolean): Promise<ReconciliationLine> {
  const staged = ctx.staging.stagedCount(runId, entity);
  const receipts = ctx.staging.receiptIds(runId, entity);
  const targetIds = await listTargetExternalIds(target.client, entity);
  const missing = receipts.acknowledged.filter((id) => !targetIds.has(id)).length;
  const unacknowledged = dryRun ? 0 : Math.max(0, staged - receipts.acknowledged.length - receipts.rejected);
  return {
    entity,
    source: counters.read,
    staged,
    rejected: counters.rejected,
    pushed: receipts.acknowledged.length,
    target: targetIds.size,
    mismatches: missing + unacknowledged,
  };
}

/** What the crosswalk could not apply, said once per people entity before the entities run. */
function logPlan(plan: PersonMergePlan, log: (level: RunEventLevel, entity: string | null, message: string) => void): void {
  const u = plan.unapplied;
  const notes: string[] = [];
  if (u.missing) notes.push(`${u.missing} confirmed pair(s) name a record that is no longer in the source or that the mapping skips`);
  if (u.conflicts) notes.push(`${u.conflicts} decision(s) contradict others (records marked as different people would end up in one cluster)`);
  if (u.crossTable) notes.push(`${u.crossTable} pair(s) span two tables, which load as different entities and stay apart`);
  if (u.positional) notes.push(`${u.positional} pair(s) name rows by position because the table declares no key, so they cannot be found again`);
  if (notes.length) log('warning', plan.entity, `Person crosswalk: ${notes.join('; ')}. Review these pairs on the Assessment screen.`);
}

/** Counts only: merged people are never named in the run log. */
function logMerged(
  entity: string,
  plan: PersonMergePlan | undefined,
  references: { field: string; plan: PersonMergePlan }[],
  merged: { skipped: number; filled: number; redirected: number },
  log: (level: RunEventLevel, entity: string | null, message: string) => void,
): void {
  if (plan?.clusters) {
    const filled = merged.filled ? `; ${merged.filled.toLocaleString('en')} blank field(s) of survivors were filled from their duplicates` : '';
    log('info', entity, `Person crosswalk: ${merged.skipped.toLocaleString('en')} duplicate record(s) merged into ${plan.clusters.toLocaleString('en')} survivor(s) confirmed in the review queue, counted as skipped${filled}.`);
  }
  if (merged.redirected) {
    const fields = [...new Set(references.map((r) => r.field))].join(', ');
    log('info', entity, `Person crosswalk: ${merged.redirected.toLocaleString('en')} reference(s) in ${fields} pointed at the surviving record instead of a merged duplicate.`);
  }
}

function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new StudioError('CANCELLED', 'The run was cancelled.', 'Start it again when ready; nothing pushed is lost.');
}

function fieldOf(problem: { pointer?: string; field?: string }): string | null {
  if (problem.field) return problem.field;
  if (problem.pointer) return problem.pointer.replace(/^\/(records\/\d+\/)?/, '') || null;
  return null;
}

function describe(c: Counters): string {
  return `read ${c.read}, created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}, rejected ${c.rejected}, skipped ${c.skipped}, failed ${c.failed}`;
}

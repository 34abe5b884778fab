import { StudioError, toErrorShape } from '../../../shared/errors';
import { addCounters, emptyCounters, type Counters, type RunStatus } from '../../../shared/model/counters';
import type { ReconciliationLine, RunEventLevel } from '../../../shared/model/run';
import { preparePersonCrosswalk } from './person-crosswalk';
import type { EntityMapping } from '../../../shared/model/mapping';
import { runPlan, type EntityPlan } from './plan-executor';
import type { RunContext } from './run-context';
import { planEntity } from './run-plan';
import type { StageContext, StageServices } from './stages/stage';
import { StepProgress } from './step-progress';

/**
 * Executes one run: for each mapped entity in the target's load order, its plan of stages
 * (`run-plan.ts`: read → map → merge-people → validate → stage → push → reconcile; a dry run
 * predicts instead of pushing) runs as one step, and the reconciliation lines its last stage
 * yields become the run's. The stages do the work; this keeps the run's status, counters, step
 * records and log, and knows no entity or stage by name.
 *
 * Counters follow docs/conventions.md: read, created, updated, unchanged, rejected, skipped,
 * failed. A push batch's receipts are written only after the target acknowledged it, so an
 * interrupted run never claims records it did not deliver.
 */
export async function executeRun(
  ctx: RunContext,
  runId: string,
  opts: { dryRun: boolean; entities: string[]; signal: AbortSignal; /** Another plan per entity than `planEntity`'s (a re-run of rejects: pipeline/rerun/). */ plan?: (mapping: EntityMapping) => EntityPlan },
): Promise<RunStatus> {
  const { runs } = ctx;
  let total = emptyCounters();
  const reconciliation: ReconciliationLine[] = [];
  const log = (level: RunEventLevel, entity: string | null, message: string) => ctx.emit({ kind: 'event', event: 'run.event', payload: runs.addEvent(runId, level, entity, message, ctx.now()) });
  const publish = () => ctx.emit({ kind: 'event', event: 'run.updated', payload: runs.get(runId) });

  runs.setStatus(runId, 'Processing', ctx.now());
  publish();
  log('info', null, `${opts.dryRun ? 'Dry run' : 'Run'} started for ${opts.entities.join(', ')}.`);

  let currentEntity: string | null = null;
  try {
    const target = await ctx.target();
    log('info', null, `Target: Academia Pro API ${target.contract.version} at ${target.baseUrl}, school ${target.schoolId}.`);
    const crosswalk = await preparePersonCrosswalk({
      mappings: ctx.mappings,
      entities: opts.entities,
      contract: target.contract,
      source: ctx.personDecisions,
      openSource: ctx.openSource,
      readBatchSize: ctx.readBatchSize,
      signal: opts.signal,
      log,
    });
    const services: StageServices = { openSource: ctx.openSource, staging: ctx.staging, target, crosswalk, ...(ctx.joinIndex ? { joinIndex: ctx.joinIndex } : {}), ...(ctx.reconciliation ? { reconciliation: ctx.reconciliation } : {}), ...(ctx.preimages ? { preimages: ctx.preimages } : {}), ...(ctx.erased ? { erased: ctx.erased } : {}) };
    for (const entity of opts.entities) {
      currentEntity = entity;
      const mapping = ctx.mappings.find((m) => m.entity === entity);
      if (!mapping) throw new StudioError('MAPPING_NOT_FOUND', `No mapping feeds the entity "${entity}".`, 'Create a mapping for it on the Mapping screen, or leave it out of the run.');
      const plan = opts.plan ? opts.plan(mapping) : planEntity(mapping, { kind: opts.dryRun ? 'dry-run' : 'run' }, { readBatchSize: ctx.readBatchSize, pushBatchSize: ctx.pushBatchSize, ...(ctx.pushInFlight !== undefined ? { pushInFlight: ctx.pushInFlight } : {}) });
      const step = await runStep(ctx, runId, plan, services, opts.signal, log, publish);
      total = addCounters(total, step.counters);
      runs.setCounters(runId, total);
      reconciliation.push(...step.lines);
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

/** One step (one entity's plan): runs its stages, then records the step as completed. */
async function runStep(
  ctx: RunContext,
  runId: string,
  plan: EntityPlan,
  services: StageServices,
  signal: AbortSignal,
  log: (level: RunEventLevel, entity: string | null, message: string) => void,
  publish: () => void,
): Promise<{ counters: Counters; lines: ReconciliationLine[] }> {
  const { runs } = ctx;
  const { entity } = plan;
  const counters = emptyCounters();
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
      publish();
    },
  };
  const out = await runPlan<ReconciliationLine>(plan, stageContext);
  runs.updateStep(runId, entity, { status: 'Completed', counters: { ...counters }, endedAt: ctx.now() });
  progress.finish();
  return { counters: { ...counters }, lines: out.rows };
}

function describe(c: Counters): string {
  return `read ${c.read}, created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}, rejected ${c.rejected}, skipped ${c.skipped}, failed ${c.failed}`;
}

import { randomUUID } from 'node:crypto';
import type { RunsService } from '../../../shared/api/services';
import { StudioError } from '../../../shared/errors';
import { isFinished } from '../../../shared/model/counters';
import { loadTargetContract } from '../../../academia-api/contract';
import { requireSession, type EngineState } from '../core/engine-state';
import { resolveTarget } from '../core/target-resolver';
import { RollbackRepo } from '../project/rollback-repo';
import { executeRollback } from '../pipeline/rollback/rollback-executor';

/** The rollback methods of the runs service (its contract: src/shared/api/contracts/runs.ts and rollback.ts). */
type RunsRollbackMethods = Pick<RunsService, 'rollback' | 'rollbackReport'>;

/** Conflicts per report page when the caller names no limit. */
const DEFAULT_PAGE = 100;

/**
 * `runs.rollback` and `runs.rollbackReport`. A rollback is a run like any other (operation
 * `Rollback`, one step per entity, audited, cancellable, marked Interrupted if its process dies);
 * asked again for the same run and scope after it stopped unfinished, it resumes that same run.
 */
export function runsRollbackMethods(state: EngineState): RunsRollbackMethods {
  return {
    async rollback({ runId: sourceRunId, entity }) {
      const s = requireSession(state);
      if (state.activeRun) throw new StudioError('RUN_ALREADY_ACTIVE', `Run ${state.activeRun.runId} is still in progress.`, 'Wait for it to finish or cancel it, then roll back.');
      const source = s.runs.get(sourceRunId);
      if (source.operation === 'Rollback') throw new StudioError('NOTHING_TO_ROLL_BACK', `Run ${sourceRunId} is itself a rollback.`, 'Roll back the migration run it undid instead; a rollback is not undone by another.');
      if (source.dryRun) throw new StudioError('NOTHING_TO_ROLL_BACK', `Run ${sourceRunId} was a dry run: it wrote nothing to Academia Pro.`, 'Only a run that pushed can be rolled back.');
      if (!isFinished(source.status)) throw new StudioError('RUN_ALREADY_ACTIVE', `Run ${sourceRunId} is still ${source.status}.`, 'Wait for it to finish or cancel it, then roll it back.');
      const repo = new RollbackRepo(s.project);
      const changed = repo.changedEntities(sourceRunId);
      if (entity !== undefined && !source.steps.some((step) => step.entity === entity)) {
        throw new StudioError('NOTHING_TO_ROLL_BACK', `Run ${sourceRunId} did not load ${entity}.`, `Its entities are: ${source.steps.map((step) => step.entity).join(', ')}.`);
      }
      const scope = entity === undefined ? changed : changed.filter((e) => e === entity);
      const contract = loadTargetContract(s.project.target().apiVersion);
      // Reverse load order: what references comes off before what it references.
      const order = contract.loadOrder(scope).reverse();
      const left = order.reduce((n, e) => n + repo.pendingCount(sourceRunId, e), 0);
      const resumed = repo.unfinishedRollback(sourceRunId, entity ?? null);
      if (left === 0 && !resumed) {
        throw new StudioError(
          'NOTHING_TO_ROLL_BACK',
          `Run ${sourceRunId}${entity ? ` (${entity})` : ''} has nothing left to roll back: it created or updated no record${changed.length ? ' that an earlier rollback did not already put back' : ''}.`,
          'See the earlier rollback’s report for what it restored, deleted and left as conflicts.',
        );
      }
      const runId = resumed ?? `run-${state.now().toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${randomUUID().slice(0, 8)}`;
      if (!resumed) {
        s.project.db.transaction(() => {
          s.runs.create({ runId, operation: 'Rollback', dryRun: false, entities: order.map((e) => ({ entity: e, estimate: repo.pendingCount(sourceRunId, e) })), now: state.now() });
          repo.createRollback(runId, sourceRunId, entity ?? null);
        })();
      }
      s.audit.append({ action: 'run.rollback', object: `run:${runId}`, summary: `Rollback of run ${sourceRunId}${entity ? ` (${entity})` : ''} ${resumed ? 'resumed' : 'started'} for ${order.join(', ') || 'nothing left'}.` });
      const controller = new AbortController();
      const done = executeRollback(
        {
          runs: s.runs,
          store: repo,
          target: () => resolveTarget(s, state.target, { runId, bus: state.bus, now: state.now, tuning: state.targetTuning }),
          emit: (m) => state.bus.emit(m),
          now: state.now,
          batchSize: Math.min(contract.limits.maxBatchRecords, s.project.settings().batchSize),
        },
        runId,
        { sourceRunId, entities: order, signal: controller.signal },
      )
        .then((status) => {
          const c = s.runs.get(runId).counters;
          s.audit.append({
            action: 'run.finish',
            object: `run:${runId}`,
            summary: `${status}: rollback of run ${sourceRunId}: restored ${c.updated}, deleted ${c.deleted ?? 0}, unchanged ${c.unchanged}, conflicts ${c.rejected}.`,
          });
        })
        .finally(() => {
          if (state.activeRun?.runId === runId) state.activeRun = null;
        });
      state.activeRun = { runId, controller, done };
      return { runId };
    },

    async rollbackReport({ runId, entity, limit = DEFAULT_PAGE, offset = 0 }) {
      const s = requireSession(state);
      const run = s.runs.get(runId);
      const repo = new RollbackRepo(s.project);
      const of = repo.rollbackOf(runId);
      if (!of) throw new StudioError('RUN_NOT_FOUND', `Run ${runId} is not a rollback.`, 'Give the run id `runs.rollback` (or `run --rollback`) answered with.');
      const counts = new Map(repo.counts(runId).map((c) => [c.entity, c]));
      const entities = run.steps
        .filter((step) => entity === undefined || step.entity === entity)
        .map((step) => counts.get(step.entity) ?? { entity: step.entity, restored: 0, deleted: 0, unchanged: 0, conflicts: 0 });
      const conflicts = repo.conflicts(runId, { entity, limit, offset });
      return {
        runId,
        rolledBackRunId: of.sourceRunId,
        entity: of.entity,
        status: run.status,
        entities,
        conflicts: conflicts.rows.map((c) => ({ ...c, code: c.code ?? 'TARGET_REJECTED', reason: c.reason ?? '' })),
        conflictsTotal: conflicts.total,
      };
    },
  };
}

import { syncMigrationStatus } from './migration-service';
import { randomUUID } from 'node:crypto';
import type { RunsService } from '../../../shared/api/services';
import { StudioError } from '../../../shared/errors';
import { requireSession, type EngineState } from '../core/engine-state';
import { executeRun } from '../pipeline/run-executor';
import { loadTargetContract } from '../../../academia-api/contract';
import { runsRejectsMethods } from './runs-rejects';
import { runsReconcileMethods } from './runs-reconcile';
import { ReconciliationRepo } from '../project/reconciliation-repo';
import { runsRollbackMethods } from './runs-rollback';
import { RollbackRepo } from '../project/rollback-repo';
import { sessionRunContext } from './session-run-context';
import { runsQuarantineMethods } from './runs-quarantine';
import { runsPlanMethods } from './runs-plan';

export function runsService(state: EngineState): RunsService {
  return {
    async start({ entities, dryRun = false }) {
      const s = requireSession(state);
      if (state.activeRun) {
        throw new StudioError('RUN_ALREADY_ACTIVE', `Run ${state.activeRun.runId} is still in progress.`, 'Wait for it to finish or cancel it on the Runs screen, then start again.');
      }
      const mappings = await s.mappings.list();
      if (!mappings.length) throw new StudioError('MAPPING_NOT_FOUND', 'This project has no mappings yet, so there is nothing to run.', 'Map at least one source table onto an Academia Pro entity first.');
      const mapped = mappings.map((m) => m.entity);
      const unknown = (entities ?? []).filter((e) => !mapped.includes(e));
      if (unknown.length) throw new StudioError('MAPPING_NOT_FOUND', `No mapping feeds ${unknown.join(', ')}.`, `Mapped entities are: ${mapped.join(', ')}.`);
      const contract = loadTargetContract('v1');
      const order = contract.loadOrder(entities?.length ? entities : mapped);

      const runId = `run-${state.now().toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${randomUUID().slice(0, 8)}`;
      s.runs.create({ runId, operation: 'Migration', dryRun, entities: order.map((entity) => ({ entity, estimate: null })), now: state.now() });
      s.audit.append({ action: 'run.start', object: `run:${runId}`, summary: `${dryRun ? 'Dry run' : 'Run'} started for ${order.join(', ')}.` });
      const controller = new AbortController();
      const done = executeRun(
        {
          ...sessionRunContext(state, s, runId, mappings),
          reconciliation: new ReconciliationRepo(s.project),
          preimages: new RollbackRepo(s.project),
        },
        runId,
        { dryRun, entities: order, signal: controller.signal },
      )
        .then((status) => {
          const run = s.runs.get(runId);
          const c = run.counters;
          s.audit.append({
            action: 'run.finish',
            object: `run:${runId}`,
            summary: `${status}: read ${c.read}, created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}, rejected ${c.rejected}, skipped ${c.skipped}, failed ${c.failed}; mismatches ${run.reconciliation.reduce((n, l) => n + l.mismatches, 0)}.`,
          });
          return syncMigrationStatus(state, s);
        })
        .finally(() => {
          if (state.activeRun?.runId === runId) state.activeRun = null;
        });
      state.activeRun = { runId, controller, done };
      return { runId };
    },
    async list({ limit }) {
      return requireSession(state).runs.list(limit);
    },
    async get({ runId }) {
      return requireSession(state).runs.get(runId);
    },
    async cancel({ runId }) {
      const s = requireSession(state);
      const run = s.runs.get(runId);
      if (state.activeRun?.runId !== runId) {
        throw new StudioError('RUN_NOT_FOUND', `Run ${runId} is not running (it is ${run.status}).`, 'Only a run in progress can be cancelled.');
      }
      state.activeRun.controller.abort();
      await state.activeRun.done.catch(() => undefined);
    },
    async events({ runId, afterSeq, limit }) {
      return requireSession(state).runs.events(runId, afterSeq, limit);
    },
    ...runsRejectsMethods(state),
    ...runsReconcileMethods(state),
    ...runsRollbackMethods(state),
    ...runsQuarantineMethods(state),
    ...runsPlanMethods(state),
  };
}

/** Waits until no run or assessment is in progress; the CLI uses it to stay alive until done. */
export async function waitForActiveWork(state: EngineState): Promise<void> {
  for (;;) {
    const active = state.activeRun ?? state.activeAssessment;
    if (!active) return;
    await active.done.catch(() => undefined);
  }
}

import { randomUUID } from 'node:crypto';
import type { RunsService } from '../../../shared/api/services';
import { StudioError } from '../../../shared/errors';
import { isFinished } from '../../../shared/model/counters';
import { loadTargetContract } from '../../../academia-api/contract';
import { requireSession, type EngineState } from '../core/engine-state';
import { currentActor } from '../security/actor';
import { executeRun } from '../pipeline/run-executor';
import { planRerun } from '../pipeline/rerun/rerun-plan';
import { RerunSelection } from '../pipeline/rerun/rerun-selection';
import { QuarantineRepo, type StoredOutcome } from '../project/quarantine-repo';
import { ReconciliationRepo } from '../project/reconciliation-repo';
import { RejectsRepo } from '../project/rejects-repo';
import { RollbackRepo } from '../project/rollback-repo';
import { syncMigrationStatus } from './migration-service';
import { viewFor } from './runs-rejects';
import { sessionRunContext } from './session-run-context';

/** The quarantine's fix and re-run methods of the runs service (contract: src/shared/api/contracts/runs.ts and rejects.ts). */
type RunsQuarantineMethods = Pick<RunsService, 'fixRejects' | 'rerunRejects'>;

/** Runs whose rejects can be re-run: what a migration run or an earlier re-run rejected. */
const RERUNNABLE = new Set(['Migration', 'Rerun']);

/**
 * `runs.fixRejects` and `runs.rerunRejects` (issue 18 point 4; docs/quarantine.md). A correction
 * is kept in the project file with who and when and audited (its value is not written to the
 * audit trail: it may be personal); the source is never written. A re-run is a run of operation
 * `Rerun` whose plan reads only the run's unresolved rejects (pipeline/rerun/), so only they are
 * validated, staged and pushed; afterwards each reject it read is marked `resolved`, `failing`
 * (with the new reasons) or `missing`.
 */
export function runsQuarantineMethods(state: EngineState): RunsQuarantineMethods {
  return {
    async fixRejects({ runId, fixes }) {
      const s = requireSession(state);
      s.runs.get(runId);
      const repo = new QuarantineRepo(s.project.db);
      const contract = loadTargetContract(s.project.target().apiVersion);
      const by = currentActor();
      const at = state.now().toISOString();
      const checked = fixes.map((f) => {
        const reject = repo.rejectOf(runId, f.rejectId);
        if (!reject) throw new StudioError('REJECT_NOT_FOUND', `Run ${runId} has no reject ${f.rejectId}.`, 'Take the reject’s id from the rejects list (`runs.rejects`, or the Runs screen).', { where: { row: f.rejectId } });
        const fields = contract.hasEntity(reject.entity) ? contract.entity(reject.entity).fields.map((x) => x.name) : [];
        if (f.field !== 'externalId' && !fields.includes(f.field)) {
          throw new StudioError('BAD_REQUEST', `${reject.entity} has no field "${f.field}" (reject ${f.rejectId}).`, `Name one of the fields of ${reject.entity}: ${fields.join(', ')}.`, { where: { field: f.field, row: f.rejectId } });
        }
        return { ...f, entity: reject.entity };
      });
      let removed = 0;
      s.project.db.transaction(() => {
        for (const f of checked) {
          if (f.remove) removed += repo.removeCorrection(f.rejectId, f.field) ? 1 : 0;
          else repo.setCorrection({ rejectId: f.rejectId, field: f.field, value: f.value ?? null, by, at });
        }
      })();
      const set = checked.filter((f) => !f.remove);
      const byField = new Map<string, number>();
      for (const f of set) byField.set(`${f.entity}.${f.field}`, (byField.get(`${f.entity}.${f.field}`) ?? 0) + 1);
      s.audit.append({
        action: 'run.rejects.fix',
        object: `run:${runId}`,
        summary: `${set.length} ${set.length === 1 ? 'value' : 'values'} corrected${set.length ? ` (${[...byField].map(([k, n]) => `${k} ×${n}`).join(', ')})` : ''}${removed ? `, ${removed} ${removed === 1 ? 'correction' : 'corrections'} removed` : ''} on rejects ${[...new Set(checked.map((f) => f.rejectId))].join(', ')}.`,
      });
      const ids = [...new Set(checked.map((f) => f.rejectId))];
      const view = await viewFor(s);
      const stored = new RejectsRepo(s.project.db).byIds(runId, ids);
      const corrections = repo.corrections(ids);
      const outcomes = repo.outcomes(ids);
      return { runId, rows: stored.map((r) => view.presentWithFixes(r, corrections.get(r.id) ?? [], outcomes.get(r.id) ?? null)) };
    },

    async rerunRejects({ runId: sourceRunId, entities }) {
      const s = requireSession(state);
      if (state.activeRun) throw new StudioError('RUN_ALREADY_ACTIVE', `Run ${state.activeRun.runId} is still in progress.`, 'Wait for it to finish or cancel it, then re-run the rejects.');
      const source = s.runs.get(sourceRunId);
      if (!RERUNNABLE.has(source.operation)) throw new StudioError('NOTHING_TO_RERUN', `Run ${sourceRunId} is a ${source.operation} run; only a migration run’s rejects (or a re-run’s) are re-run.`, 'Pick the migration run whose rejects you fixed.');
      if (source.dryRun) throw new StudioError('NOTHING_TO_RERUN', `Run ${sourceRunId} was a dry run: its rejects were never meant to be pushed.`, 'Fix the rejects of a real run (or start one), then re-run them.');
      if (!isFinished(source.status)) throw new StudioError('RUN_ALREADY_ACTIVE', `Run ${sourceRunId} is still ${source.status}.`, 'Wait for it to finish, then re-run its rejects.');
      const repo = new QuarantineRepo(s.project.db);
      const pending = repo.pendingByEntity(sourceRunId);
      const unknown = (entities ?? []).filter((e) => !pending.some((p) => p.entity === e));
      if (unknown.length) throw new StudioError('NOTHING_TO_RERUN', `Run ${sourceRunId} has no unresolved rejects of ${unknown.join(', ')}.`, pending.length ? `Its unresolved rejects are of: ${pending.map((p) => p.entity).join(', ')}.` : 'Every reject of it is resolved.');
      const scope = pending.filter((p) => !entities || entities.includes(p.entity));
      if (!scope.length) throw new StudioError('NOTHING_TO_RERUN', `Run ${sourceRunId} has no unresolved rejects.`, 'Every reject it had was resolved by a re-run; nothing is left to send.');
      const mappings = await s.mappings.list();
      const missing = scope.filter((p) => !mappings.some((m) => m.entity === p.entity));
      if (missing.length) throw new StudioError('MAPPING_NOT_FOUND', `No mapping feeds ${missing.map((p) => p.entity).join(', ')} any more, so their rejects cannot be read again.`, 'Map the entity again, or leave it out of the re-run.');
      const contract = loadTargetContract(s.project.target().apiVersion);
      const order = contract.loadOrder(scope.map((p) => p.entity));
      const runId = `run-${state.now().toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${randomUUID().slice(0, 8)}`;
      s.project.db.transaction(() => {
        s.runs.create({ runId, operation: 'Rerun', dryRun: false, entities: order.map((entity) => ({ entity, estimate: scope.find((p) => p.entity === entity)!.pending })), now: state.now() });
        repo.createRerun(runId, sourceRunId, order);
      })();
      const corrected = scope.reduce((n, p) => n + p.corrected, 0);
      s.audit.append({ action: 'run.rerun', object: `run:${runId}`, summary: `Re-run of the rejects of run ${sourceRunId} started for ${order.join(', ')}: ${scope.reduce((n, p) => n + p.pending, 0)} rows, ${corrected} corrected.` });
      const ctx = sessionRunContext(state, s, runId, mappings);
      const selections = new Map<string, RerunSelection>();
      const controller = new AbortController();
      const done = executeRun({ ...ctx, reconciliation: new ReconciliationRepo(s.project), preimages: new RollbackRepo(s.project) }, runId, {
        dryRun: false,
        entities: order,
        signal: controller.signal,
        plan: (mapping) => {
          const selection = new RerunSelection(mapping.entity, mapping, repo.pending(sourceRunId, mapping.entity));
          selections.set(mapping.entity, selection);
          return planRerun(mapping, selection, { readBatchSize: ctx.readBatchSize, pushBatchSize: ctx.pushBatchSize });
        },
      })
        .then((status) => {
          const run = s.runs.get(runId);
          let resolved = 0;
          let failing = 0;
          let gone = 0;
          for (const step of run.steps) {
            const selection = selections.get(step.entity);
            // A step that did not finish pushed only part of its rows: its rejects keep their state until a re-run completes it.
            if (!selection || step.status !== 'Completed') continue;
            const outcomes = outcomesOf(repo, runId, selection, state.now().toISOString());
            repo.setOutcomes(outcomes);
            for (const o of outcomes) (o.status === 'resolved' ? resolved++ : o.status === 'failing' ? failing++ : gone++);
          }
          s.audit.append({ action: 'run.finish', object: `run:${runId}`, summary: `${status}: re-run of the rejects of run ${sourceRunId}: ${resolved} resolved, ${failing} still failing, ${gone} no longer in the source; pushed ${run.counters.created + run.counters.updated + run.counters.unchanged}.` });
          return syncMigrationStatus(state, s);
        })
        .finally(() => {
          if (state.activeRun?.runId === runId) state.activeRun = null;
        });
      state.activeRun = { runId, controller, done };
      return { runId };
    },
  };
}

/** What a completed re-run step made of each reject it was asked to read again. */
function outcomesOf(repo: QuarantineRepo, rerunId: string, selection: RerunSelection, at: string): StoredOutcome[] {
  const again = repo.rerunRejects(rerunId, selection.entity);
  const acknowledged = repo.acknowledged(rerunId, selection.entity);
  return selection.rejects.map((p) => {
    if (!selection.found.has(p.id)) {
      return { rejectId: p.id, rerunId, status: 'missing', errors: [{ field: null, code: 'ROW_NOT_FOUND', message: p.sourceRow !== null ? `Source row ${p.sourceRow} is no longer in the source.` : `No source row has the key ${p.key ?? '(none)'} any more.` }], at };
    }
    const key = selection.found.get(p.id) ?? null;
    const errors = (p.sourceRow !== null ? again.bySourceRow.get(p.sourceRow) : undefined) ?? (key !== null ? again.byKey.get(key) : undefined);
    if (errors) return { rejectId: p.id, rerunId, status: 'failing', errors, at };
    if (key !== null && acknowledged.has(key)) return { rejectId: p.id, rerunId, status: 'resolved', errors: null, at };
    return { rejectId: p.id, rerunId, status: 'failing', errors: [{ field: null, code: 'NOT_PUSHED', message: 'The row was read again but not sent: it was skipped or merged into another record.' }], at };
  });
}

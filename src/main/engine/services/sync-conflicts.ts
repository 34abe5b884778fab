import type { SyncsService } from '../../../shared/api/contracts/syncs';
import { StudioError } from '../../../shared/errors';
import { requireSession, type EngineState } from '../core/engine-state';
import { SyncRepo } from '../project/sync-repo';
import { TwoWayRepo } from '../project/two-way-repo';
import { currentActor } from '../security/actor';

/**
 * The conflict queue of two-way syncs (docs/sync.md "Two-way"): listing conflicts with both
 * sides' values, a person's decision (audited), and what a run wrote back into the source.
 */
export function syncConflictMethods(state: EngineState): Pick<SyncsService, 'conflicts' | 'resolve' | 'writeBacks'> {
  const repo = () => new TwoWayRepo(requireSession(state).project);
  return {
    async conflicts({ name, status, limit }) {
      return repo().listConflicts({ ...(name !== undefined ? { job: name } : {}), status: status ?? 'pending', limit: limit ?? 200 });
    },
    async resolve({ conflictId, keep, value }) {
      const s = requireSession(state);
      const two = repo();
      const conflict = two.getConflict(conflictId);
      if (conflict.status === 'applied') {
        throw new StudioError('SYNC_CONFLICT_CLOSED', `Conflict ${conflictId} is already settled (${conflict.decision?.by ?? 'applied'}) by run ${conflict.appliedRunId}.`, 'Only open or decided conflicts take a decision; change the value in either system if it is still wrong.');
      }
      if (keep === 'value' && value === undefined) throw new StudioError('BAD_REQUEST', 'Keeping a typed value needs the value.', 'Give `value` with `keep: "value"`.');
      const chosen = keep === 'source' ? conflict.source : keep === 'target' ? conflict.target : value;
      const decision = { keep, value: chosen ?? null, by: currentActor(), at: state.now().toISOString() };
      two.decide(conflictId, decision);
      s.audit.append({ action: 'sync.conflict.resolve', object: `sync:${conflict.job}`, summary: `Conflict ${conflictId} on ${conflict.entity} ${conflict.externalId}.${conflict.field}: kept ${keep === 'value' ? 'a typed value' : keep === 'source' ? "the source's value" : "Academia Pro's value"}; the next run gives it to both sides.` });
      return two.getConflict(conflictId);
    },
    async writeBacks({ runId }) {
      const s = requireSession(state);
      if (!new SyncRepo(s.project).findRun(runId)) throw new StudioError('RUN_NOT_FOUND', `There is no sync run ${runId} in this project.`, 'List the sync runs (syncs.runs) to find its id.');
      return repo().writeBacks(runId);
    },
  };
}

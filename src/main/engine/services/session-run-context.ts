import type { EntityMapping } from '../../../shared/model/mapping';
import type { SurvivorRule } from '../../../shared/model/assessment';
import type { EngineState } from '../core/engine-state';
import type { ProjectSession } from '../core/project-session';
import { resolveTarget } from '../core/target-resolver';
import type { RunContext } from '../pipeline/run-context';
import { erasedTest, type ErasedTest } from '../pipeline/stages/exclude/erased-test';
import { ErasedPeopleRepo } from '../project/erased-people-repo';
import { loadTargetContract } from '../../../academia-api/contract';

/** How often a step may publish progress; the UI redraws at most this often per step. */
const PROGRESS_INTERVAL_MS = 200;

/**
 * What every run of the open project reads and writes through — its records, staging, sources,
 * target, the review queue's person decisions, events and batch sizes — the same for a migration
 * run and a sync run; each adds its own stores.
 */
export function sessionRunContext(state: EngineState, s: ProjectSession, runId: string, mappings: EntityMapping[]): Omit<RunContext, 'target'> & { target: () => ReturnType<typeof resolveTarget> } {
  return {
    runs: s.runs,
    staging: s.staging,
    mappings,
    openSource: (id) => s.openSource(id),
    target: () => resolveTarget(s, state.target, { runId, bus: state.bus, now: state.now, tuning: state.targetTuning }),
    personDecisions: {
      decisions: (connectionId) => s.assessments.decisions(connectionId),
      survivorRule: survivorRuleOf(s.project.meta('survivorRule')),
      savedStreams: async (connectionId) => (await s.connections.latestCatalog(connectionId))?.streams ?? null,
    },
    emit: (m) => state.bus.emit(m),
    now: state.now,
    readBatchSize: 1000,
    pushBatchSize: Math.min(500, s.project.settings().batchSize),
    progressIntervalMs: PROGRESS_INTERVAL_MS,
    joinIndex: s.joinIndex,
    ...erasedOf(s),
  };
}

/** The test that keeps people erased on request out of the run; nothing when nobody was erased. */
function erasedOf(s: ProjectSession): { erased?: ErasedTest } {
  const isErased = new ErasedPeopleRepo(s.project).matcher();
  return isErased ? { erased: erasedTest(isErased, loadTargetContract(s.project.target().apiVersion)) } : {};
}

/** The survivor rule saved by the review queue; most-complete until one is chosen (as the Assessment screen shows). */
function survivorRuleOf(value: string | null): SurvivorRule {
  return value === 'most-recent' || value === 'most-complete' || value === 'keep-left' ? value : 'most-complete';
}

import type { EntityMapping } from '../../../../shared/model/mapping';
import type { EntityPlan } from '../plan-executor';
import { planEntity, type PlanOptions } from '../run-plan';
import { correctStage } from '../stages/correct/correct-stage';
import { selectRejectsStage } from '../stages/select-rejects/select-rejects-stage';
import { planned } from '../stages/stage';
import type { RerunSelection } from './rerun-selection';

/**
 * The plan of a re-run of rejects for one entity: a run's plan (read → … → validate → stage →
 * preimage → push → reconcile) with two stages spliced in around `map`: `select-rejects` before
 * it lets through only the rejected rows, `correct` after it puts the person's corrections in. So
 * only those rows are validated, staged and pushed, under the mapping as it is now (a changed
 * mapping re-transforms them from the source).
 */
export function planRerun(mapping: EntityMapping, selection: RerunSelection, options: PlanOptions): EntityPlan {
  const plan = planEntity(mapping, { kind: 'run' }, options);
  const at = plan.stages.findIndex((p) => p.stage.kind === 'map');
  if (at < 0) return plan;
  const stages = [...plan.stages];
  stages.splice(at + 1, 0, planned(correctStage, { selection }));
  stages.splice(at, 0, planned(selectRejectsStage, { selection }));
  return { entity: plan.entity, stages };
}

import type { EntityMapping } from '../../../shared/model/mapping';
import type { EntityPlan } from './plan-executor';
import { compileSourceStages } from './plan/compile-plan';
import { collectStage } from './stages/collect/collect-stage';
import { excludeStage } from './stages/exclude/exclude-stage';
import { mapStage } from './stages/map/map-stage';
import { mergePeopleStage } from './stages/merge-people/merge-people-stage';
import { predictStage } from './stages/predict/predict-stage';
import { preimageStage } from './stages/preimage/preimage-stage';
import { pushStage } from './stages/push/push-stage';
import { readStage } from './stages/read/read-stage';
import { reconcileStage } from './stages/reconcile/reconcile-stage';
import { planned, type PlannedStage } from './stages/stage';
import { stageStage } from './stages/stage/stage-stage';
import { validateStage } from './stages/validate/validate-stage';

/** What a plan is for: a run pushes, a dry run predicts, a preview collects a few rows and writes nothing. */
export type PlanMode = { kind: 'run' } | { kind: 'dry-run' } | { kind: 'preview'; limit: number };

export interface PlanOptions {
  readBatchSize: number;
  pushBatchSize: number;
  /** Push batches in flight at once (the push stage's default when absent; 1: one at a time). */
  pushInFlight?: number;
}

/**
 * The plan that loads one mapped entity. Run, dry run and preview share the same body (read →
 * map → merge-people → validate) and differ only in their tail: a run stages, pushes and
 * reconciles; a dry run stages, predicts and reconciles; a preview collects.
 */
export function planEntity(mapping: EntityMapping, mode: PlanMode, options: PlanOptions): EntityPlan {
  const entity = mapping.entity;
  const body: PlannedStage[] = [
    planned(readStage, { connectionId: mapping.connectionId, stream: mapping.stream, batchSize: options.readBatchSize }),
    // Joins and filters of a version-2 spec (none for a version-1 mapping): docs/mapping.md.
    ...compileSourceStages(mapping, options.readBatchSize),
    planned(mapStage, { mapping }),
    planned(excludeStage, { entity }),
    planned(mergePeopleStage, { entity }),
    planned(validateStage, mapping.rules?.length ? { entity, rules: mapping.rules } : { entity }),
  ];
  const tail: PlannedStage[] =
    mode.kind === 'preview'
      ? [planned(collectStage, { limit: mode.limit })]
      : [
          planned(stageStage, { entity }),
          // Pre-images of what the push will update, kept for a rollback (before anything is sent).
          ...(mode.kind === 'run' ? [planned(preimageStage, { entity })] : []),
          mode.kind === 'run' ? planned(pushStage, { entity, batchSize: options.pushBatchSize, ...(options.pushInFlight !== undefined ? { inFlight: options.pushInFlight } : {}) }) : planned(predictStage, { entity }),
          planned(reconcileStage, { entity, dryRun: mode.kind === 'dry-run' }),
        ];
  return { entity, stages: [...body, ...tail] };
}

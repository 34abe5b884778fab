import type { ConnectionKind } from '../../../shared/model/connection';
import type { EntityMapping } from '../../../shared/model/mapping';
import type { SyncDefinition, SyncEntity } from '../../../shared/model/sync';
import type { EntityPlan } from '../pipeline/plan-executor';
import { compileSourceStages } from '../pipeline/plan/compile-plan';
import { changeSetStage, type ChangeSetSettings } from '../pipeline/stages/change-set/change-set-stage';
import { cursorStage, type CursorState } from '../pipeline/stages/cursor/cursor-stage';
import { decodeRaw } from '../pipeline/stages/cursor/cursor-values';
import { excludeStage } from '../pipeline/stages/exclude/exclude-stage';
import { mapStage } from '../pipeline/stages/map/map-stage';
import { mergePeopleStage } from '../pipeline/stages/merge-people/merge-people-stage';
import { pushStage } from '../pipeline/stages/push/push-stage';
import { readStage } from '../pipeline/stages/read/read-stage';
import { removeStage } from '../pipeline/stages/remove/remove-stage';
import { planned, type PlannedStage } from '../pipeline/stages/stage';
import { validateStage } from '../pipeline/stages/validate/validate-stage';
import { modeOf } from './sync-definition';

/** Sources whose reads filter and order by a cursor in their own query (`ReadOptions.cursor`). */
const PUSHDOWN: readonly ConnectionKind[] = ['sqlite', 'mysql', 'postgres', 'mssql', 'dbf'];

export function pushesDown(kind: ConnectionKind | null): boolean {
  return kind !== null && PUSHDOWN.includes(kind);
}

export interface DetectOptions {
  readBatchSize: number;
  /** The entity's cursor state from its last pushed run (null: none yet). */
  cursor: CursorState | null;
  connectionKind: ConnectionKind | null;
  /** What a withdrawal sets (resolved from the model), for a withdraw policy. */
  withdrawal: Record<string, unknown> | null;
}

/**
 * A sync's first half for one entity, the migration's body with change detection instead of
 * staging: read (with the cursor pushed into the source's query when it can filter) → cursor (an
 * incremental entity) → the mapping's joins and filters → map → merge-people → validate →
 * change-set. The push half (`planSyncPush`) runs now, or once a held change set is approved.
 */
export function planSyncDetect(def: Pick<SyncDefinition, 'type' | 'sourceTimeZone'>, spec: SyncEntity, mapping: EntityMapping, options: DetectOptions): EntityPlan {
  const mode = modeOf(def, spec);
  const cursor = mode === 'Incremental' ? spec.cursor : undefined;
  const bound = cursor && options.cursor?.bound && pushesDown(options.connectionKind) ? options.cursor.bound : null;
  const deletes: ChangeSetSettings['deletes'] = mode === 'Incremental' ? null : spec.deletes?.policy === 'withdraw' ? { policy: 'withdraw', set: options.withdrawal ?? {} } : { policy: 'delete' };
  const stages: PlannedStage[] = [
    planned(readStage, { connectionId: mapping.connectionId, stream: mapping.stream, batchSize: options.readBatchSize, ...(cursor && bound ? { cursor: { column: cursor.column, after: decodeRaw(bound) } } : {}) }),
    ...(cursor
      ? [
          planned(cursorStage, {
            entity: spec.entity,
            stream: mapping.stream,
            column: cursor.column,
            kind: cursor.kind,
            lookBack: cursor.lookBack,
            timeZone: def.sourceTimeZone,
            mark: options.cursor?.mark ?? null,
            bound: options.cursor?.bound ?? null,
          }),
        ]
      : []),
    ...compileSourceStages(mapping, options.readBatchSize),
    planned(mapStage, { mapping }),
    planned(excludeStage, { entity: spec.entity }),
    planned(mergePeopleStage, { entity: spec.entity }),
    planned(validateStage, mapping.rules?.length ? { entity: spec.entity, rules: mapping.rules } : { entity: spec.entity }),
    planned(changeSetStage, { entity: spec.entity, mode, deletes }),
  ];
  return { entity: spec.entity, stages };
}

/** A sync's second half for one entity: the push stage sends what change-set staged, then deletes go. */
export function planSyncPush(entity: string, options: { pushBatchSize: number; pushInFlight?: number }): EntityPlan {
  return {
    entity,
    stages: [
      planned(pushStage, { entity, batchSize: options.pushBatchSize, ...(options.pushInFlight !== undefined ? { inFlight: options.pushInFlight } : {}) }),
      planned(removeStage, { entity, batchSize: options.pushBatchSize }),
    ],
  };
}

import type { EntityMapping } from '../../../../shared/model/mapping';
import { fanOutStage } from '../stages/fan-out/fan-out-stage';
import { filterStage } from '../stages/filter/filter-stage';
import { joinStage } from '../stages/join/join-stage';
import { planned, type PlannedStage } from '../stages/stage';

/**
 * The stages a mapping plan adds between `read` and `map`: one `join` per joined stream, in the
 * order given (a later join may key on an earlier one's columns), then one `filter` holding every
 * predicate (filters may read joined columns), then `fan-out` (one row → a row per branch) just
 * before `map`. A version-1 mapping adds none, so its plan is exactly what it was.
 */
export function compileSourceStages(mapping: EntityMapping, batchSize: number): PlannedStage[] {
  const stages: PlannedStage[] = [];
  for (const j of mapping.joins ?? []) {
    stages.push(
      planned(joinStage, {
        joinId: `${mapping.id || mapping.entity}:${j.as}`,
        connectionId: j.connectionId ?? mapping.connectionId,
        stream: j.stream,
        as: j.as,
        on: j.on,
        kind: j.kind ?? 'left',
        match: j.match ?? 'one',
        batchSize,
      }),
    );
  }
  if (mapping.filters?.length) stages.push(planned(filterStage, { filters: mapping.filters }));
  if (mapping.fanOut?.branches.length) stages.push(planned(fanOutStage, { branches: mapping.fanOut.branches }));
  return stages;
}

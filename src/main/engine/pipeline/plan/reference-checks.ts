import type { EntityMapping } from '../../../../shared/model/mapping';
import type { MappingRemark } from '../../../../shared/model/mapping-api';
import type { TargetContract } from '../../../../academia-api/contract';

/**
 * Remarks a single stage cannot make because they look across the project's mappings: a field
 * that holds another entity's externalId (x-references) while no mapping feeds that entity, so
 * every reference would dangle in the target.
 */
export function referenceRemarks(mapping: EntityMapping, mappedEntities: ReadonlySet<string>, contract: TargetContract): MappingRemark[] {
  if (!contract.hasEntity(mapping.entity)) return [];
  const remarks: MappingRemark[] = [];
  const references = new Map(contract.entity(mapping.entity).references.map((r) => [r.field, r.entity]));
  for (const f of mapping.fields) {
    const target = references.get(f.field);
    if (!target || target === mapping.entity || mappedEntities.has(target)) continue;
    remarks.push({
      level: 'error',
      stage: 'map',
      place: `field ${f.field}`,
      message: `${f.field} holds a ${target} externalId, and no mapping feeds ${target}: every reference would point at nothing. Map ${target} first.`,
    });
  }
  return remarks;
}

import type { EntityMapping } from '../../../../shared/model/mapping';
import type { MappingOutputDescription, OutputFieldInfo } from '../../../../shared/model/mapping-api';
import type { TargetContract } from '../../../../academia-api/contract';
import { transformReads } from '../../../../shared/transforms/registry';

/**
 * What a mapping will send, from the target's contract alone: each field the entity takes, its
 * type, format and enum, whether it is required, and what feeds it. Reads no data, so it answers
 * at once, also for a source that is not reachable.
 */
export function describeOutput(mapping: EntityMapping, contract: TargetContract): MappingOutputDescription {
  const entity = contract.entity(mapping.entity);
  const references = new Map(entity.references.map((r) => [r.field, r.entity]));
  const byField = new Map(mapping.fields.map((f) => [f.field, f]));
  const fields: OutputFieldInfo[] = entity.fields
    .filter((f) => !f.readOnly)
    .map((f) => {
      const m = byField.get(f.name);
      let fedBy: OutputFieldInfo['fedBy'] = null;
      if (f.name === 'externalId') fedBy = mapping.keyColumns.length ? { columns: [...mapping.keyColumns], transforms: [] } : null;
      else if (m && (m.column !== null || m.transforms.length)) {
        const columns = m.column !== null ? [m.column] : [];
        // The columns each transform reads besides the field's own (concat, coalesce, a conditional's column, an expression's row.X).
        for (const t of m.transforms) for (const c of transformReads(t)) if (!columns.includes(c)) columns.push(c);
        fedBy = { columns, transforms: m.transforms.map((t) => t.kind) };
      }
      return {
        field: f.name,
        type: f.type,
        format: f.format ?? null,
        enum: f.enum ?? null,
        required: f.required,
        personal: f.personal,
        references: references.get(f.name) ?? null,
        fedBy,
      };
    });
  const requiredUnfed = fields.filter((f) => f.required && !f.fedBy).map((f) => f.field);
  return { mappingId: mapping.id || null, entity: mapping.entity, fields, requiredUnfed, complete: requiredUnfed.length === 0 };
}

import type { TargetContract } from '../../../../academia-api/contract';
import { StudioError } from '../../../../shared/errors';
import type { EntityMapping } from '../../../../shared/model/mapping';
import type { FieldOwner, SyncEntity, TwoWaySettings } from '../../../../shared/model/sync';

/** A two-way entity's settings with their defaults (owner `source`, policy `manual`, no write-back). */
export type TwoWayResolved = Required<Pick<TwoWaySettings, 'owners' | 'defaultOwner' | 'policy' | 'writeBack'>> & Pick<TwoWaySettings, 'sourceChangedAt'>;

export function twoWayOf(spec: SyncEntity): TwoWayResolved {
  const t = spec.twoWay ?? {};
  return { owners: t.owners ?? {}, defaultOwner: t.defaultOwner ?? 'source', policy: t.policy ?? 'manual', writeBack: t.writeBack ?? [], ...(t.sourceChangedAt ? { sourceChangedAt: t.sourceChangedAt } : {}) };
}

export function ownerOf(t: TwoWayResolved, field: string): FieldOwner {
  return t.owners[field] ?? t.defaultOwner;
}

/** The fields a mapping writes (what two-way compares), `externalId` aside. */
export function mappedFields(mapping: EntityMapping): string[] {
  return [...new Set(mapping.fields.map((f) => f.field).filter((f) => f !== 'externalId'))];
}

/** Where a field is written back: the mapping's table, its one key column, and the column the field comes from unchanged. */
export function writeBackColumn(mapping: EntityMapping, field: string): string {
  return mapping.fields.find((f) => f.field === field)!.column!;
}

/**
 * Checks an entity's two-way settings against its mapping and the target's model, when the
 * definition is saved (SYNC_INVALID, with the place): owners name fields the mapping writes;
 * `newest-wins` knows the source column that says when a row changed; each field allowed to be
 * written back comes from one column of the mapping's own table unchanged (no transform, no join,
 * no fan-out), and the table has a one-column key to find the row by.
 */
export function checkTwoWay(spec: SyncEntity, mapping: EntityMapping, contract: TargetContract): TwoWaySettings | undefined {
  if (!spec.twoWay) return undefined;
  const t = twoWayOf(spec);
  const fields = mappedFields(mapping);
  for (const field of Object.keys(t.owners)) {
    if (!fields.includes(field)) throw invalid(`${spec.entity}: the owner of "${field}" is set, but the mapping does not write that field.`, `Mapped fields: ${fields.join(', ')}.`, mapping.stream);
  }
  if (t.policy === 'newest-wins' && !t.sourceChangedAt && !(spec.cursor && spec.cursor.kind === 'timestamp')) {
    throw invalid(`${spec.entity}: "newest wins" needs to know when a source row last changed.`, 'Name the column with `sourceChangedAt` (e.g. updated_at), give the entity a timestamp cursor, or choose another policy.', mapping.stream);
  }
  if (t.writeBack.length) {
    if (mapping.keyColumns.length !== 1) throw invalid(`${spec.entity}: values can be written back only to a table with a one-column key; ${mapping.stream} is keyed by ${mapping.keyColumns.join(' + ')}.`, 'Leave write-back out for this entity.', mapping.stream);
    if (mapping.joins?.length || mapping.fanOut) throw invalid(`${spec.entity}: its mapping joins or fans out rows, so a field cannot be traced back to one row to write.`, 'Leave write-back out for this entity.', mapping.stream);
    const model = contract.entity(spec.entity);
    for (const field of t.writeBack) {
      const f = mapping.fields.find((x) => x.field === field);
      if (!f) throw invalid(`${spec.entity}: "${field}" is allowed to be written back, but the mapping does not write it.`, `Mapped fields: ${fields.join(', ')}.`, mapping.stream);
      if (!f.column || f.transforms.length) throw invalid(`${spec.entity}.${field} is made by transforms from the source, so its value cannot be written back as it is.`, 'Allow only fields mapped straight from one column.', mapping.stream, f.column ?? undefined);
      if (mapping.keyColumns.includes(f.column)) throw invalid(`${spec.entity}.${field} comes from the key column ${f.column}; the key is never written back.`, 'Leave it out of write-back.', mapping.stream, f.column);
      if (!model.fields.some((m) => m.name === field)) throw invalid(`Academia Pro's ${spec.entity} has no field "${field}".`, 'Check the field name.', mapping.stream);
    }
  }
  return { ...spec.twoWay };
}

function invalid(message: string, hint: string, table: string, column?: string): StudioError {
  return new StudioError('SYNC_INVALID', message, hint, { where: { table, ...(column ? { column } : {}) } });
}

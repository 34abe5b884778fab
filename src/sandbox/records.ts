import type { EntityContract } from '../main/engine/target/contract';
import { canonicalJson } from '../main/engine/target/canonical-json';
import type { StoredRecord } from './sandbox-store';

/** The writable fields of a record (externalId aside), without null or missing values, as canonical JSON. */
export function normalizedFields(entity: EntityContract, record: Record<string, unknown>): string {
  const out: Record<string, unknown> = {};
  for (const field of entity.fields) {
    if (field.readOnly || field.name === 'externalId') continue;
    const value = record[field.name];
    if (value !== null && value !== undefined) out[field.name] = value;
  }
  return canonicalJson(out);
}

/** A stored record as the API shows it: externalId, its fields, then the server's fields. */
export function toApiRecord(r: StoredRecord): Record<string, unknown> {
  return {
    externalId: r.externalId,
    ...(JSON.parse(r.fieldsJson) as Record<string, unknown>),
    id: r.id,
    version: r.version,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
    deleted: r.deleted,
  };
}

/** The school a record lives under: '' for schools themselves (they are global). */
export function schoolKey(entity: EntityContract, schoolId: string | undefined): string {
  return entity.scope === 'global' ? '' : (schoolId ?? '');
}

import type { TargetContract } from '../../../academia-api/contract';
import { canonicalJson } from '../../../shared/canonical-json';

/**
 * A target record's writable fields (what a batch upsert sends back): the entity's fields that
 * are not set by the server (id, version, createdAt, updatedAt, deleted), with nulls and absent
 * members dropped, since the API treats a null optional field as left out. Pre-images are kept in
 * this form, so writing one back restores the record as it was.
 */
export function writableFields(contract: TargetContract, entity: string, record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of contract.entity(entity).fields) {
    if (field.readOnly) continue;
    const value = record[field.name];
    if (value !== null && value !== undefined) out[field.name] = value;
  }
  return out;
}

/** The canonical JSON of a record's writable fields: equal texts mean the target would answer `unchanged`. */
export function writableJson(contract: TargetContract, entity: string, record: Record<string, unknown>): string {
  return canonicalJson(writableFields(contract, entity, record));
}

import type { EntityContract, TargetContract } from '../academia-api/contract';
import { loadTargetContract } from '../academia-api/contract';
import { canonicalJson } from '../shared/canonical-json';
import type { StoredRecord } from './sandbox-store';

/**
 * Records are stored in the form of the first API version (the one without a previous version);
 * later versions translate on the way in and out through their x-changes. So one store serves
 * every version, and a record written through v2 reads correctly through v1.
 */
export function baseContractOf(contract: TargetContract): TargetContract {
  let c = contract;
  while (c.previousVersion) c = loadTargetContract(c.previousVersion);
  return c;
}

/** A record in `contract`'s form, rewritten in the stored (first version's) form. */
export function toStoredForm(contract: TargetContract, entity: string, record: Record<string, unknown>): Record<string, unknown> {
  let c = contract;
  let r = record;
  while (c.previousVersion) {
    r = c.toPreviousVersion(entity, r);
    c = loadTargetContract(c.previousVersion);
  }
  return r;
}

/** A record in the stored form, rewritten in `contract`'s form. */
export function fromStoredForm(contract: TargetContract, entity: string, record: Record<string, unknown>): Record<string, unknown> {
  const chain: TargetContract[] = [];
  for (let c: TargetContract = contract; c.previousVersion; c = loadTargetContract(c.previousVersion)) chain.unshift(c);
  return chain.reduce((r, c) => c.fromPreviousVersion(entity, r), record);
}

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

/** A stored record as the API (of `contract`'s version, v1 when omitted) shows it: externalId, its fields, then the server's fields. */
export function toApiRecord(r: StoredRecord, contract?: TargetContract): Record<string, unknown> {
  const stored = JSON.parse(r.fieldsJson) as Record<string, unknown>;
  const fields = contract ? fromStoredForm(contract, r.entity, stored) : stored;
  return {
    externalId: r.externalId,
    ...fields,
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

import { randomUUID } from 'node:crypto';
import type { EntityContract, TargetContract } from '../academia-api/contract';
import type { ProblemDetails, WireBatchResult as BatchResult } from '../academia-api/wire-types';
import type { EventLog } from './event-log';
import type { ProblemFactory } from './problem';
import { baseContractOf, normalizedFields, toStoredForm } from './records';
import type { SandboxStore } from './sandbox-store';

/** How a write treats records that exist or do not (bulk imports choose; batches always upsert). */
export type WriteMode = 'upsert' | 'create-only' | 'update-only';

export interface BatchContext {
  store: SandboxStore;
  /** The contract of the API version the request came through (validation, field names). */
  contract: TargetContract;
  problems: ProblemFactory;
  entity: EntityContract;
  /** '' for schools (global), else the school's externalId. */
  school: string;
  now: number;
  /** Where record.created / record.updated events go. */
  events: EventLog;
  mode?: WriteMode;
}

/** One record's outcome; `skipped` only happens in create-only and update-only modes. */
export type RecordOutcome = Omit<BatchResult, 'status'> & { status: BatchResult['status'] | 'skipped' };

/**
 * Upserts a batch record by record, in order, inside the caller's transaction. New → created;
 * the same normalized field values as stored → unchanged (version kept); different → updated
 * (version + 1); a deleted record written again comes back as created, keeping its id. Invalid
 * records, references to missing records, repeated externalIds and stale versions are
 * rejected with one problem per field; the rest of the batch still goes through.
 */
export function upsertBatch(ctx: BatchContext, records: unknown[]): BatchResult[] {
  const seen = new Set<string>();
  return records.map((raw, index) => writeRecord({ ...ctx, mode: 'upsert' }, raw, `/records/${index}`, seen) as BatchResult);
}

/**
 * Writes one record. `pointerBase` prefixes the JSON pointers of its problems (`/records/3` in a
 * batch, '' for a bulk line); `seen` catches an externalId repeated within one batch (null: no
 * such check).
 */
export function writeRecord(ctx: BatchContext, raw: unknown, pointerBase: string, seen: Set<string> | null): RecordOutcome {
  const { store, contract, problems, entity, school, now, events } = ctx;
  const mode = ctx.mode ?? 'upsert';
  const base = pointerBase;
  const record = (raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  const externalId = typeof record.externalId === 'string' && record.externalId.length > 0 ? record.externalId : null;
  const existing = externalId ? store.find(school, entity.name, externalId) : undefined;
  const live = existing && !existing.deleted ? existing : undefined;
  const reject = (errors: ProblemDetails[]): RecordOutcome => ({ externalId, id: live?.id ?? null, status: 'rejected', version: live?.version ?? null, errors });

  const fieldProblems = contract.validate(entity.name, raw);
  if (fieldProblems.length > 0) {
    return reject(fieldProblems.map((p) => problems.make(422, 'validation', p.message, { title: 'Invalid field', pointer: `${base}${p.pointer}`, field: p.field, code: p.code })));
  }
  const id = externalId as string;
  if (seen) {
    if (seen.has(id)) {
      return reject([problems.make(422, 'duplicate', `externalId "${id}" appears more than once in this batch; only its first record was applied.`, { title: 'Duplicate record in batch', pointer: `${base}/externalId`, field: 'externalId', code: 'duplicate' })]);
    }
    seen.add(id);
  }

  const missingRefs: ProblemDetails[] = [];
  for (const ref of entity.references) {
    const value = record[ref.field];
    if (typeof value !== 'string') continue;
    if (!store.exists(refSchool(contract, ref.entity, school), ref.entity, value)) {
      missingRefs.push(problems.make(422, 'reference', `${ref.field} names ${ref.entity} "${value}", which does not exist${school ? ` in school ${school}` : ''}. Write the ${ref.entity} first.`, { title: 'Unknown reference', pointer: `${base}/${ref.field}`, field: ref.field, code: 'reference' }));
    }
  }
  if (missingRefs.length > 0) return reject(missingRefs);

  if (typeof record.version === 'number' && record.version !== live?.version) {
    const detail = live ? `The record is at version ${live.version}, not ${record.version}: it changed since it was read.` : `The record does not exist, so it cannot be at version ${record.version}.`;
    return reject([problems.make(412, 'version-mismatch', detail, { title: 'Version mismatch', pointer: `${base}/version`, field: 'version', code: 'version-mismatch' })]);
  }
  if ((mode === 'create-only' && live) || (mode === 'update-only' && !live)) {
    return { externalId: id, id: live?.id ?? null, status: 'skipped', version: live?.version ?? null, errors: [] };
  }

  const stored = toStoredForm(contract, entity.name, record);
  const fieldsJson = normalizedFields(baseContractOf(contract).entity(entity.name), stored);
  const eventSchool = school || id;
  if (!existing) {
    const created = store.insert({ school, entity: entity.name, externalId: id, id: randomUUID(), version: 1, fieldsJson, createdAt: now, updatedAt: now });
    events.append('record.created', eventSchool, { entity: entity.name, externalId: id, id: created.id, version: 1 });
    return { externalId: id, id: created.id, status: 'created', version: 1, errors: [] };
  }
  if (existing.deleted) {
    const version = existing.version + 1;
    store.update(existing.seq, { fieldsJson, version, updatedAt: now, deleted: false });
    events.append('record.created', eventSchool, { entity: entity.name, externalId: id, id: existing.id, version });
    return { externalId: id, id: existing.id, status: 'created', version, errors: [] };
  }
  if (existing.fieldsJson === fieldsJson) return { externalId: id, id: existing.id, status: 'unchanged', version: existing.version, errors: [] };
  const version = existing.version + 1;
  store.update(existing.seq, { fieldsJson, version, updatedAt: now, deleted: false });
  events.append('record.updated', eventSchool, { entity: entity.name, externalId: id, id: existing.id, version });
  return { externalId: id, id: existing.id, status: 'updated', version, errors: [] };
}

function refSchool(contract: TargetContract, entity: string, school: string): string {
  return contract.entity(entity).scope === 'global' ? '' : school;
}

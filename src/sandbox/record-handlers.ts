import type { EntityContract } from '../academia-api/contract';
import { upsertBatch } from './batch-upsert';
import type { Handler, HandlerRequest, SandboxServices } from './handler-context';
import { isJsonMediaType, mediaType } from './http-body';
import { problemAnswer, type SandboxAnswer } from './problem';
import { baseContractOf, schoolKey, toApiRecord } from './records';
import type { ProblemDetails } from '../academia-api/wire-types';
import { badParameter, encodeCursor, readCursor, readJsonBody, readLimit, withIdempotency } from './request-helpers';
import type { StoredRecord } from './sandbox-store';

/**
 * The generic record operations (x-handler batch, list, get, delete). Each reads its entity
 * from the operation's x-entity and everything about the entity from the contract, so a new
 * entity in the document is served without code here.
 */
export const recordHandlers: Record<string, Handler> = {
  batch: handleBatch,
  'batch-delete': handleBatchDelete,
  list: handleList,
  get: handleGet,
  delete: handleDelete,
};

function entityOf(request: HandlerRequest): EntityContract {
  return request.contract.entity(request.operation.entity as string);
}

/** 404 unless the {schoolId} of a school-scoped path names a live school. */
export function missingSchool(services: SandboxServices, entity: EntityContract, request: HandlerRequest, schoolId: string = request.params.schoolId): SandboxAnswer | null {
  if (entity.scope === 'global') return null;
  if (services.store.exists('', 'schools', schoolId)) return null;
  return problemAnswer(services.problems.make(404, 'school-not-found', `There is no school with externalId "${schoolId}". Write it first with POST /api/${request.contract.version}/schools/batch.`, { instance: request.path }));
}

function handleBatch(services: SandboxServices, request: HandlerRequest): SandboxAnswer {
  const { store, problems, clock, events } = services;
  const contract = request.contract;
  const entity = entityOf(request);
  const instance = request.path;
  if (!isJsonMediaType(mediaType(request.headers['content-type'] as string | undefined))) {
    return problemAnswer(problems.make(415, 'unsupported-media-type', 'Send the batch as JSON (Content-Type: application/json).', { instance }));
  }
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || key.length === 0 || key.length > 255) {
    return problemAnswer(problems.make(400, 'idempotency-key-required', 'Every batch needs an Idempotency-Key header of 1 to 255 characters, repeated unchanged when the request is retried.', { instance }));
  }
  let body: unknown;
  try {
    body = JSON.parse((request.body ?? Buffer.alloc(0)).toString('utf8'));
  } catch (err) {
    return problemAnswer(problems.make(400, 'malformed-json', `The body is not valid JSON: ${(err as Error).message}`, { instance }));
  }
  return withIdempotency(services, request, body, () => {
    const records = (body as { records?: unknown } | null)?.records;
    if (body === null || typeof body !== 'object' || Array.isArray(body) || !Array.isArray(records)) {
      return problemAnswer(problems.make(422, 'not-a-batch', 'The body must be an object {"records": [...]}.', { instance, pointer: '/records' }));
    }
    if (records.length === 0) return problemAnswer(problems.make(422, 'empty-batch', 'The batch holds no records.', { instance, pointer: '/records' }));
    if (records.length > contract.limits.maxBatchRecords) {
      return problemAnswer(problems.make(413, 'too-many-records', `The batch holds ${records.length} records; at most ${contract.limits.maxBatchRecords} are allowed. Split it.`, { instance, pointer: '/records' }));
    }
    const noSchool = missingSchool(services, entity, request);
    if (noSchool) return noSchool;
    const school = schoolKey(entity, request.params.schoolId);
    const results = upsertBatch({ store, contract, problems, entity, school, now: clock(), events }, records);
    return { status: 200, body: { results } };
  });
}

function handleList(services: SandboxServices, request: HandlerRequest): SandboxAnswer {
  const { store } = services;
  const contract = request.contract;
  const entity = entityOf(request);
  const q = request.query;
  const bad = (param: string, detail: string) => badParameter(services, request, param, detail);

  const afterSeq = readCursor(services, request);
  if (typeof afterSeq !== 'number') return afterSeq;
  const limit = readLimit(services, request, contract.limits.defaultPageSize, contract.limits.maxPageSize);
  if (typeof limit !== 'number') return limit;
  let updatedSinceMs: number | null = null;
  const since = q.get('updatedSince');
  if (since !== null) {
    updatedSinceMs = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(since) ? Date.parse(since) : NaN;
    if (Number.isNaN(updatedSinceMs)) return bad('updatedSince', 'updatedSince must be a date and time with offset, e.g. 2024-09-01T08:00:00Z.');
  }
  const includeText = q.get('includeDeleted');
  if (includeText !== null && includeText !== 'true' && includeText !== 'false') return bad('includeDeleted', 'includeDeleted must be true or false.');

  // A school the project announced (knowSchool) lists as empty until its record is written.
  const noSchool = services.knownSchools.has(request.params.schoolId) ? null : missingSchool(services, entity, request);
  if (noSchool) return noSchool;
  const page = store.list(schoolKey(entity, request.params.schoolId), entity.name, { afterSeq, limit, updatedSinceMs, includeDeleted: includeText === 'true' });
  const last = page.rows[page.rows.length - 1];
  return { status: 200, body: { data: page.rows.map((r) => toApiRecord(r, contract)), nextCursor: page.more && last ? encodeCursor(last.seq) : null, total: page.total } };
}

function handleGet(services: SandboxServices, request: HandlerRequest): SandboxAnswer {
  const entity = entityOf(request);
  const found = findLive(services, entity, request);
  if ('status' in found) return found;
  return { status: 200, body: toApiRecord(found.record, request.contract), headers: { ETag: `"${found.record.version}"` } };
}

function handleDelete(services: SandboxServices, request: HandlerRequest): SandboxAnswer {
  const { problems } = services;
  const entity = entityOf(request);
  const instance = request.path;
  const found = findLive(services, entity, request);
  if ('status' in found) return found;
  const record = found.record;
  const ifMatch = request.headers['if-match'];
  if (typeof ifMatch === 'string' && ifMatch.trim() !== '*') {
    const expected = Number(ifMatch.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'));
    if (!Number.isInteger(expected)) return problemAnswer(problems.make(400, 'invalid-parameter', 'If-Match must be a record version, e.g. 3 or "3".', { instance, field: 'If-Match', code: 'invalid-parameter' }));
    if (expected !== record.version) {
      return problemAnswer(problems.make(412, 'version-mismatch', `The record is at version ${record.version}, not ${expected}: it changed since it was read.`, { instance, code: 'version-mismatch' }));
    }
  }
  const outcome = deleteRecord(services, request, entity, record);
  if ('problem' in outcome) return problemAnswer(outcome.problem);
  return { status: 200, body: toApiRecord({ ...record, ...outcome, deleted: true }, request.contract) };
}

/**
 * Soft-deletes one live record (version + 1, a record.deleted event), or says why not: the
 * problem (409 still-referenced) to answer or to put in a batch result.
 */
function deleteRecord(services: SandboxServices, request: HandlerRequest, entity: EntityContract, record: StoredRecord): { problem: ProblemDetails } | { version: number; updatedAt: number } {
  const { store, problems, clock } = services;
  const referencedBy = entity.scope === 'global' ? liveInSchool(services, record.externalId) : referencingCounts(services, request, entity, record.school, record.externalId);
  if (referencedBy.length > 0) {
    return { problem: problems.make(409, 'still-referenced', `The ${entity.title.toLowerCase()} "${record.externalId}" is still referenced by ${referencedBy.join(', ')}; delete those first.`, { instance: request.path, code: 'still-referenced' }) };
  }
  const version = record.version + 1;
  const updatedAt = clock();
  store.transaction(() => {
    store.update(record.seq, { fieldsJson: record.fieldsJson, version, updatedAt, deleted: true });
    services.events.append('record.deleted', record.school || record.externalId, { entity: entity.name, externalId: record.externalId, id: record.id, version });
  });
  return { version, updatedAt };
}

function handleBatchDelete(services: SandboxServices, request: HandlerRequest): SandboxAnswer {
  const { store, problems } = services;
  const contract = request.contract;
  const entity = entityOf(request);
  const instance = request.path;
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || key.length === 0 || key.length > 255) {
    return problemAnswer(problems.make(400, 'idempotency-key-required', 'Every batch needs an Idempotency-Key header of 1 to 255 characters, repeated unchanged when the request is retried.', { instance }));
  }
  const parsed = readJsonBody(problems, contract, request);
  if (!parsed.ok) {
    // Too many records is a size problem (413), as for batch upserts; other schema problems stay 422.
    const body = tryParse(request.body);
    const count = Array.isArray((body as { records?: unknown } | null)?.records) ? ((body as { records: unknown[] }).records.length as number) : 0;
    if (count > contract.limits.maxBatchRecords) {
      return problemAnswer(problems.make(413, 'too-many-records', `The batch holds ${count} records; at most ${contract.limits.maxBatchRecords} are allowed. Split it.`, { instance, pointer: '/records' }));
    }
    return parsed.answer;
  }
  const wanted = (parsed.value as { records: { externalId: string; version?: number }[] }).records;
  return withIdempotency(services, request, parsed.value, () => {
    const noSchool = missingSchool(services, entity, request);
    if (noSchool) return noSchool;
    const school = schoolKey(entity, request.params.schoolId);
    const results = wanted.map(({ externalId, version }, index) => {
      const record = store.find(school, entity.name, externalId);
      if (!record || record.deleted) return { externalId, id: record?.id ?? null, status: 'not-found', version: record?.version ?? null, errors: [] };
      if (version !== undefined && version !== record.version) {
        const problem = problems.make(412, 'version-mismatch', `The record is at version ${record.version}, not ${version}: it changed since it was read.`, { title: 'Version mismatch', pointer: `/records/${index}/version`, field: 'version', code: 'version-mismatch' });
        return { externalId, id: record.id, status: 'rejected', version: record.version, errors: [problem] };
      }
      const outcome = deleteRecord(services, request, entity, record);
      if ('problem' in outcome) return { externalId, id: record.id, status: 'rejected', version: record.version, errors: [{ ...outcome.problem, pointer: `/records/${index}/externalId`, field: 'externalId' }] };
      return { externalId, id: record.id, status: 'deleted', version: outcome.version, errors: [] };
    });
    return { status: 200, body: { results } };
  });
}

function tryParse(body: Buffer | null): unknown {
  try {
    return JSON.parse((body ?? Buffer.alloc(0)).toString('utf8'));
  } catch {
    return null;
  }
}

/** The live record a path names ({schoolId} and {externalId}), or the 404 that says it is missing. */
export function findLive(services: SandboxServices, entity: EntityContract, request: HandlerRequest): { record: NonNullable<ReturnType<SandboxServices['store']['find']>> } | SandboxAnswer {
  const noSchool = missingSchool(services, entity, request);
  if (noSchool) return noSchool;
  const externalId = entity.scope === 'global' ? request.params.schoolId : request.params.externalId;
  const record = services.store.find(schoolKey(entity, request.params.schoolId), entity.name, externalId);
  if (!record || record.deleted) {
    return problemAnswer(services.problems.make(404, 'record-not-found', `There is no ${entity.title.toLowerCase()} with externalId "${externalId}".`, { instance: request.path }));
  }
  return { record };
}

/** Live records pointing at one record; stored records use the first version's field names. */
function referencingCounts(services: SandboxServices, request: HandlerRequest, entity: EntityContract, school: string, externalId: string): string[] {
  const out: string[] = [];
  for (const other of baseContractOf(request.contract).entities) {
    for (const ref of other.references) {
      if (ref.entity !== entity.name) continue;
      const n = services.store.countReferencing(other.scope === 'global' ? '' : school, other.name, ref.field, externalId);
      if (n > 0) out.push(`${n} ${other.name} (${ref.field})`);
    }
  }
  return out;
}

function liveInSchool(services: SandboxServices, schoolId: string): string[] {
  const n = services.store.countLiveInSchool(schoolId);
  return n > 0 ? [`${n} record(s) of the school`] : [];
}

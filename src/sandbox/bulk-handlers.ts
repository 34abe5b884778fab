import { randomBytes } from 'node:crypto';
import { summaryOf, splitLines } from './bulk-processor';
import { emptyCounters } from '../shared/model/counters';
import type { StoredBulkOperation } from './bulk-store';
import type { Handler, HandlerRequest, SandboxServices } from './handler-context';
import { mediaType } from './http-body';
import { problemAnswer, type SandboxAnswer } from './problem';
import { missingSchool } from './record-handlers';
import { badParameter, encodeCursor, holds, missingScope, notFound, readCursor, readJsonBody, readLimit, withIdempotency } from './request-helpers';

const NDJSON_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/ndjson'];

/** Bulk operations (x-handler bulk-…): create, upload chunks, commit, poll, errors, output. */
export const bulkHandlers: Record<string, Handler> = {
  'bulk-create': createOperation,
  'bulk-list': listOperations,
  'bulk-get': (services, request) => withOperation(services, request, (op) => ({ status: 200, body: toApiOperation(services, op) })),
  'bulk-chunk': uploadChunk,
  'bulk-commit': commitOperation,
  'bulk-cancel': cancelOperation,
  'bulk-errors': listErrors,
  'bulk-output': downloadOutput,
};

interface CreateRequest {
  type: 'Import' | 'Export';
  entity: string;
  schoolId?: string;
  mode?: 'upsert' | 'create-only' | 'update-only';
  maxErrors?: number | null;
  updatedSince?: string;
  includeDeleted?: boolean;
}

function createOperation(services: SandboxServices, request: HandlerRequest): SandboxAnswer {
  const { problems, clock } = services;
  const contract = request.contract;
  const parsed = readJsonBody(problems, contract, request);
  if (!parsed.ok) return parsed.answer;
  const body = parsed.value as CreateRequest;
  const instance = request.path;
  const refuse = (slug: string, field: string, detail: string) => problemAnswer(problems.make(422, slug, detail, { instance, field, pointer: `/${field}`, code: slug }));
  if (!contract.hasEntity(body.entity)) return refuse('unknown-entity', 'entity', `Academia Pro (${contract.version}) has no entity called "${body.entity}"; use one of: ${contract.entities.map((e) => e.name).join(', ')}.`);
  const entity = contract.entity(body.entity);
  const scope = `${entity.name}:${body.type === 'Import' ? 'write' : 'read'}`;
  if (!holds(request, scope)) return missingScope(services, request, scope);
  if (body.type === 'Import' && (body.updatedSince !== undefined || body.includeDeleted !== undefined)) return refuse('not-applicable', body.updatedSince !== undefined ? 'updatedSince' : 'includeDeleted', 'updatedSince and includeDeleted apply to an Export only.');
  if (body.type === 'Export' && (body.mode !== undefined || (body.maxErrors !== undefined && body.maxErrors !== null))) return refuse('not-applicable', body.mode !== undefined ? 'mode' : 'maxErrors', 'mode and maxErrors apply to an Import only.');
  if (entity.scope === 'school' && !body.schoolId) return refuse('school-required', 'schoolId', `A bulk operation on ${entity.name} needs the schoolId of the school it belongs to.`);
  if (entity.scope === 'school') {
    const noSchool = missingSchool(services, entity, request, body.schoolId as string);
    if (noSchool) return noSchool;
  }
  return withIdempotency(services, request, body, () => {
    const now = clock();
    const op: StoredBulkOperation = {
      id: `bop_${randomBytes(10).toString('hex')}`,
      clientId: (request.principal as NonNullable<HandlerRequest['principal']>).clientId,
      apiVersion: contract.version,
      type: body.type,
      entity: entity.name,
      school: entity.scope === 'school' ? (body.schoolId as string) : null,
      status: body.type === 'Import' ? 'Open' : 'Queued',
      mode: body.mode ?? 'upsert',
      maxErrors: body.maxErrors ?? null,
      updatedSince: body.updatedSince ? Date.parse(body.updatedSince) : null,
      includeDeleted: body.includeDeleted ?? false,
      counts: emptyCounters(),
      nextChunk: 0,
      nextLine: 0,
      linesBefore: 0,
      createdAt: now,
      committedAt: body.type === 'Export' ? now : null,
      startedAt: null,
      completedAt: null,
      failureReason: null,
    };
    services.bulk.create(op);
    if (op.status === 'Queued') services.bulkProcessor.kick();
    return { status: 201, body: toApiOperation(services, op), headers: { Location: operationUrl(services, op) } };
  });
}

function listOperations(services: SandboxServices, request: HandlerRequest): SandboxAnswer {
  const clientId = (request.principal as NonNullable<HandlerRequest['principal']>).clientId;
  return { status: 200, body: { data: services.bulk.list(clientId, 100).map((op) => toApiOperation(services, op)) } };
}

function uploadChunk(services: SandboxServices, request: HandlerRequest): SandboxAnswer {
  return withOperation(services, request, (op) => {
    const { problems } = services;
    const instance = request.path;
    const limits = request.contract.limits;
    const chunkText = request.params.chunkNumber;
    const chunk = Number(chunkText);
    if (!/^\d+$/.test(chunkText) || chunk < 1 || chunk > limits.maxBulkChunks) return badParameter(services, request, 'chunkNumber', `chunkNumber must be a whole number from 1 to ${limits.maxBulkChunks}.`);
    if (op.type !== 'Import') return problemAnswer(problems.make(409, 'not-an-import', 'Only an Import takes chunks; an Export is processed as soon as it is created.', { instance, code: 'not-an-import' }));
    if (op.status !== 'Open') return problemAnswer(problems.make(409, 'operation-not-open', `The operation is ${op.status}: chunks can only be uploaded before it is committed.`, { instance, code: 'operation-not-open' }));
    const type = mediaType(request.headers['content-type'] as string | undefined);
    if (!NDJSON_TYPES.includes(type)) return problemAnswer(problems.make(415, 'unsupported-media-type', 'Send the chunk as NDJSON (Content-Type: application/x-ndjson), one record per line.', { instance }));
    const bytes = request.body ?? Buffer.alloc(0);
    const text = bytes.toString('utf8');
    const lines = splitLines(text);
    const records = lines.filter((l) => l.trim()).length;
    if (records === 0) return problemAnswer(problems.make(422, 'empty-chunk', 'The chunk holds no records (no non-blank lines).', { instance, code: 'empty-chunk' }));
    if (records > limits.maxBulkChunkRecords) {
      return problemAnswer(problems.make(413, 'chunk-too-large', `The chunk holds ${records} records; at most ${limits.maxBulkChunkRecords} are allowed. Split it.`, { instance, code: 'chunk-too-large' }));
    }
    const replaced = services.bulk.putChunk(op.id, chunk, text, { records, lines: lines.length, bytes: bytes.length });
    return { status: 200, body: { operationId: op.id, chunk, records, bytes: bytes.length, replaced } };
  });
}

function commitOperation(services: SandboxServices, request: HandlerRequest): SandboxAnswer {
  return withOperation(services, request, (op) => {
    const instance = request.path;
    if (op.status === 'Cancelled') return problemAnswer(services.problems.make(409, 'operation-cancelled', 'The operation was cancelled; create a new one.', { instance, code: 'operation-cancelled' }));
    if (op.status === 'Open') {
      if (services.bulk.chunks(op.id).length === 0) return problemAnswer(services.problems.make(422, 'empty-operation', 'Upload at least one chunk before committing the import.', { instance, code: 'empty-operation' }));
      op.status = 'Queued';
      op.committedAt = services.clock();
      services.bulk.save(op);
      services.bulkProcessor.kick();
    }
    return { status: 202, body: toApiOperation(services, op) };
  });
}

function cancelOperation(services: SandboxServices, request: HandlerRequest): SandboxAnswer {
  return withOperation(services, request, (op) => {
    if (op.status === 'Completed' || op.status === 'Failed') {
      return problemAnswer(services.problems.make(409, 'operation-finished', `The operation already ended (${op.status}); there is nothing to cancel.`, { instance: request.path, code: 'operation-finished' }));
    }
    if (op.status !== 'Cancelled') {
      op.status = 'Cancelled';
      op.completedAt = services.clock();
      services.bulk.save(op);
    }
    return { status: 200, body: toApiOperation(services, op) };
  });
}

function listErrors(services: SandboxServices, request: HandlerRequest): SandboxAnswer {
  return withOperation(services, request, (op) => {
    const after = readCursor(services, request);
    if (typeof after !== 'number') return after;
    const limit = readLimit(services, request, request.contract.limits.defaultPageSize, request.contract.limits.maxPageSize);
    if (typeof limit !== 'number') return limit;
    const page = services.bulk.errors(op.id, after, limit);
    const last = page.rows[page.rows.length - 1];
    return { status: 200, body: { data: page.rows.map((e) => ({ ...e, status: 'rejected' })), nextCursor: page.more && last ? encodeCursor(last.line) : null, total: page.total } };
  });
}

function downloadOutput(services: SandboxServices, request: HandlerRequest): SandboxAnswer {
  return withOperation(services, request, (op) => {
    if (op.type !== 'Export' || op.status !== 'Completed') {
      const detail = op.type !== 'Export' ? 'Only an Export has output; an Import lists its problems under …/errors.' : `The export is ${op.status}; its output is ready once it is Completed.`;
      return problemAnswer(services.problems.make(409, 'output-not-ready', detail, { instance: request.path, code: 'output-not-ready' }));
    }
    return { status: 200, raw: Buffer.from(services.bulk.output(op.id), 'utf8'), contentType: 'application/x-ndjson; charset=utf-8' };
  });
}

/** Runs `fn` with the caller's operation named by the path, or answers 404 (other clients' operations are invisible). */
function withOperation(services: SandboxServices, request: HandlerRequest, fn: (op: StoredBulkOperation) => SandboxAnswer): SandboxAnswer {
  const op = services.bulk.get(request.params.operationId);
  if (!op || op.clientId !== request.principal?.clientId) return notFound(services, request, 'operation-not-found', `There is no bulk operation "${request.params.operationId}" of this client.`);
  return fn(op);
}

function operationUrl(services: SandboxServices, op: StoredBulkOperation): string {
  return `${services.baseUrl()}/api/${op.apiVersion}/bulk-operations/${op.id}`;
}

/** An operation as the API shows it (the BulkOperation schema). */
function toApiOperation(services: SandboxServices, op: StoredBulkOperation): Record<string, unknown> {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const chunks = services.bulk.chunks(op.id);
  return {
    id: op.id,
    type: op.type,
    entity: op.entity,
    schoolId: op.school,
    status: op.status,
    mode: op.mode,
    maxErrors: op.maxErrors,
    chunks: chunks.length,
    receivedRecords: chunks.reduce((n, c) => n + c.records, 0),
    counts: op.counts,
    summary: summaryOf(op.type, op.counts),
    createdAt: new Date(op.createdAt).toISOString(),
    committedAt: iso(op.committedAt),
    startedAt: iso(op.startedAt),
    completedAt: iso(op.completedAt),
    failureReason: op.failureReason,
    errorsUrl: `${operationUrl(services, op)}/errors`,
    outputUrl: op.type === 'Export' && op.status === 'Completed' ? `${operationUrl(services, op)}/output` : null,
  };
}

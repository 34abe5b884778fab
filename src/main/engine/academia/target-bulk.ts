import { randomUUID } from 'node:crypto';
import { StudioError } from '../../../shared/errors';
import type { TargetTransport } from './transport';
import type { BulkError, BulkOperation, TargetRecord } from '../../../academia-api/wire-types';

/** What to create: an Import (then chunks, then commit) or an Export (queued at once). */
export interface BulkOperationRequest {
  type: 'Import' | 'Export';
  entity: string;
  /** Import: create-only skips existing records, update-only skips missing ones. */
  mode?: 'upsert' | 'create-only' | 'update-only';
  /** Import: stop once more records than this were rejected. */
  maxErrors?: number | null;
  /** Export: only records changed at or after this instant (ISO 8601 with offset). */
  updatedSince?: string;
  includeDeleted?: boolean;
}

export interface BulkWaitOptions {
  /** Between polls; default 1 s. */
  pollMs?: number;
  /** Give up (TARGET_TIMEOUT) after this long; default 30 min. */
  timeoutMs?: number;
  /** Every poll's answer, for a progress display. */
  onProgress?: (operation: BulkOperation) => void;
}

export interface BulkImportOptions extends BulkWaitOptions {
  mode?: BulkOperationRequest['mode'];
  maxErrors?: number | null;
  /** Records per NDJSON chunk; default 5000 (the API takes up to maxBulkChunkRecords). */
  chunkRecords?: number;
  /** Makes a retried create replay instead of creating a second operation; random when absent. */
  idempotencyKey?: string;
}

const TERMINAL = new Set(['Completed', 'Failed', 'Cancelled']);

/**
 * Bulk operations: large Imports and Exports processed asynchronously by Academia Pro. An
 * Import is created, filled with NDJSON chunks (a re-sent chunk replaces itself, so retries are
 * safe), committed, then polled until Completed or Failed; its rejected lines are listed
 * afterwards. Counts follow the studio's counters (read, created, updated, unchanged, rejected,
 * skipped, failed) with success / error / skipped derived from them.
 */
export class TargetBulk {
  constructor(private readonly transport: TargetTransport) {}

  /** Creates an operation; school-scoped entities go to the client's school. */
  async create(request: BulkOperationRequest, idempotencyKey: string = randomUUID()): Promise<BulkOperation> {
    const entity = this.transport.contract.entity(request.entity);
    const body = { ...request, ...(entity.scope === 'school' ? { schoolId: this.transport.schoolId } : {}) };
    const answer = await this.transport.send({ method: 'POST', path: this.transport.apiPath('/bulk-operations'), body: { contentType: 'application/json', data: JSON.stringify(body) }, headers: { 'Idempotency-Key': idempotencyKey }, auth: true });
    return answer.body as BulkOperation;
  }

  /** Uploads chunk number `chunk` (from 1): records as objects, or NDJSON text as it is. */
  async uploadChunk(operationId: string, chunk: number, records: unknown[] | string): Promise<{ operationId: string; chunk: number; records: number; bytes: number; replaced: boolean }> {
    const text = typeof records === 'string' ? records : records.map((r) => JSON.stringify(r)).join('\n') + '\n';
    const answer = await this.transport.send({ method: 'PUT', path: `${this.path(operationId)}/chunks/${chunk}`, body: { contentType: 'application/x-ndjson', data: text }, auth: true });
    return answer.body as { operationId: string; chunk: number; records: number; bytes: number; replaced: boolean };
  }

  async commit(operationId: string): Promise<BulkOperation> {
    return (await this.transport.send({ method: 'POST', path: `${this.path(operationId)}/commit`, auth: true })).body as BulkOperation;
  }

  async get(operationId: string): Promise<BulkOperation> {
    return (await this.transport.send({ method: 'GET', path: this.path(operationId), auth: true })).body as BulkOperation;
  }

  async cancel(operationId: string): Promise<BulkOperation> {
    return (await this.transport.send({ method: 'DELETE', path: this.path(operationId), auth: true })).body as BulkOperation;
  }

  /** The client's operations, newest first. */
  async list(): Promise<BulkOperation[]> {
    return ((await this.transport.send({ method: 'GET', path: this.transport.apiPath('/bulk-operations'), auth: true })).body as { data: BulkOperation[] }).data;
  }

  /** Every rejected line of an Import, in line order. */
  async errors(operationId: string): Promise<BulkError[]> {
    const out: BulkError[] = [];
    let cursor: string | undefined;
    do {
      const answer = await this.transport.send({ method: 'GET', path: `${this.path(operationId)}/errors`, query: { cursor, limit: 1000 }, auth: true });
      const page = answer.body as { data: BulkError[]; nextCursor: string | null };
      out.push(...page.data);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }

  /** The records a Completed Export wrote. */
  async output(operationId: string): Promise<TargetRecord[]> {
    const answer = await this.transport.send({ method: 'GET', path: `${this.path(operationId)}/output`, auth: true, raw: true });
    return (answer.bytes ?? Buffer.alloc(0))
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as TargetRecord);
  }

  /** Polls until the operation is Completed, Failed or Cancelled. */
  async waitUntilDone(operationId: string, options: BulkWaitOptions = {}): Promise<BulkOperation> {
    const started = this.transport.now();
    const timeoutMs = options.timeoutMs ?? 30 * 60_000;
    for (;;) {
      const op = await this.get(operationId);
      options.onProgress?.(op);
      if (TERMINAL.has(op.status)) return op;
      if (this.transport.now() - started >= timeoutMs) {
        throw new StudioError('TARGET_TIMEOUT', `The bulk ${op.type.toLowerCase()} ${operationId} of ${op.entity} is still ${op.status} after ${Math.round(timeoutMs / 1000)} s (${op.counts.read} of ${op.receivedRecords} records read).`, 'Academia Pro is still working on it; check again later (the operation carries on without the studio).', {
          details: { operationId, status: op.status, counts: op.counts },
        });
      }
      await this.transport.sleep(options.pollMs ?? 1000);
    }
  }

  /** Create, upload in chunks, commit, wait; then the rejected lines. */
  async importRecords(entity: string, records: Record<string, unknown>[], options: BulkImportOptions = {}): Promise<{ operation: BulkOperation; errors: BulkError[] }> {
    const chunkRecords = options.chunkRecords ?? 5000;
    const created = await this.create({ type: 'Import', entity, mode: options.mode, maxErrors: options.maxErrors }, options.idempotencyKey);
    for (let start = 0, n = 1; start < records.length; start += chunkRecords, n++) await this.uploadChunk(created.id, n, records.slice(start, start + chunkRecords));
    await this.commit(created.id);
    const operation = await this.waitUntilDone(created.id, options);
    return { operation, errors: operation.counts.rejected > 0 ? await this.errors(created.id) : [] };
  }

  /** Create an Export, wait, download. */
  async exportRecords(entity: string, options: BulkWaitOptions & { updatedSince?: string; includeDeleted?: boolean } = {}): Promise<{ operation: BulkOperation; records: TargetRecord[] }> {
    const created = await this.create({ type: 'Export', entity, updatedSince: options.updatedSince, includeDeleted: options.includeDeleted });
    const operation = await this.waitUntilDone(created.id, options);
    if (operation.status !== 'Completed') {
      throw new StudioError('TARGET_UNAVAILABLE', `The export of ${entity} ended ${operation.status}: ${operation.failureReason ?? 'no reason given'}.`, 'Try the export again; if it keeps failing, ask the Academia Pro administrator.', { details: { operationId: operation.id } });
    }
    return { operation, records: await this.output(operation.id) };
  }

  private path(operationId: string): string {
    return this.transport.apiPath(`/bulk-operations/${encodeURIComponent(operationId)}`);
  }
}

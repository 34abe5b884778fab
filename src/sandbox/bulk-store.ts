import type { Counters } from '../shared/model/counters';
import type { SqliteDatabase } from '../platform/open-sqlite';
import type { WriteMode } from './batch-upsert';

export type BulkType = 'Import' | 'Export';
export type BulkStatus = 'Open' | 'Queued' | 'Processing' | 'Completed' | 'Failed' | 'Cancelled';

/** The studio's row counters (docs/conventions.md): the one `Counters` type, as a bulk operation keeps them. */
export type BulkCounts = Counters;

/** A bulk operation as the sandbox keeps it, with its processing position. */
export interface StoredBulkOperation {
  id: string;
  clientId: string;
  apiVersion: string;
  type: BulkType;
  entity: string;
  /** The school's externalId, or null for schools themselves. */
  school: string | null;
  status: BulkStatus;
  mode: WriteMode;
  maxErrors: number | null;
  updatedSince: number | null;
  includeDeleted: boolean;
  counts: BulkCounts;
  /** Import: index (in number order) of the chunk being processed; Export: output parts written. */
  nextChunk: number;
  /** Import: next physical line of that chunk; Export: sequence of the last record written. */
  nextLine: number;
  /** Import: physical lines in the chunks before nextChunk (for operation-wide line numbers). */
  linesBefore: number;
  createdAt: number;
  committedAt: number | null;
  startedAt: number | null;
  completedAt: number | null;
  failureReason: string | null;
}

export interface ChunkInfo {
  chunk: number;
  records: number;
  lines: number;
  bytes: number;
}

export interface StoredBulkError {
  line: number;
  chunk: number;
  lineInChunk: number;
  externalId: string | null;
  errors: unknown[];
}

/** Bulk operations, their chunks, errors and export output. */
export class BulkStore {
  constructor(private readonly db: SqliteDatabase) {}

  create(op: StoredBulkOperation): void {
    this.db
      .prepare(
        `INSERT INTO bulk_operations (id, client_id, api_version, type, entity, school, status, mode, max_errors, updated_since, include_deleted, counts, next_chunk, next_line, lines_before, created_at, committed_at, started_at, completed_at, failure_reason)
         VALUES (@id, @clientId, @apiVersion, @type, @entity, @school, @status, @mode, @maxErrors, @updatedSince, @includeDeleted, @counts, @nextChunk, @nextLine, @linesBefore, @createdAt, @committedAt, @startedAt, @completedAt, @failureReason)`,
      )
      .run({ ...op, includeDeleted: op.includeDeleted ? 1 : 0, counts: JSON.stringify(op.counts) });
  }

  get(id: string): StoredBulkOperation | undefined {
    const row = this.db.prepare('SELECT * FROM bulk_operations WHERE id = ?').get(id) as OperationRow | undefined;
    return row && toOperation(row);
  }

  /** A client's operations, newest first. */
  list(clientId: string, limit: number): StoredBulkOperation[] {
    return (this.db.prepare('SELECT * FROM bulk_operations WHERE client_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?').all(clientId, limit) as OperationRow[]).map(toOperation);
  }

  /** Committed operations not finished yet, in commit order. */
  pending(): StoredBulkOperation[] {
    return (this.db.prepare("SELECT * FROM bulk_operations WHERE status IN ('Queued', 'Processing') ORDER BY committed_at, rowid").all() as OperationRow[]).map(toOperation);
  }

  save(op: StoredBulkOperation): void {
    this.db
      .prepare(
        `UPDATE bulk_operations SET status = @status, counts = @counts, next_chunk = @nextChunk, next_line = @nextLine, lines_before = @linesBefore,
         committed_at = @committedAt, started_at = @startedAt, completed_at = @completedAt, failure_reason = @failureReason WHERE id = @id`,
      )
      .run({ id: op.id, status: op.status, counts: JSON.stringify(op.counts), nextChunk: op.nextChunk, nextLine: op.nextLine, linesBefore: op.linesBefore, committedAt: op.committedAt, startedAt: op.startedAt, completedAt: op.completedAt, failureReason: op.failureReason });
  }

  /** Stores a chunk, replacing one with the same number; says whether it replaced one. */
  putChunk(operationId: string, chunk: number, body: string, info: Omit<ChunkInfo, 'chunk'>): boolean {
    const replaced = this.db.prepare('SELECT 1 FROM bulk_chunks WHERE operation_id = ? AND chunk = ?').get(operationId, chunk) !== undefined;
    this.db
      .prepare('INSERT OR REPLACE INTO bulk_chunks (operation_id, chunk, body, records, lines, bytes) VALUES (?, ?, ?, ?, ?, ?)')
      .run(operationId, chunk, body, info.records, info.lines, info.bytes);
    return replaced;
  }

  chunks(operationId: string): ChunkInfo[] {
    return this.db.prepare('SELECT chunk, records, lines, bytes FROM bulk_chunks WHERE operation_id = ? ORDER BY chunk').all(operationId) as ChunkInfo[];
  }

  chunkBody(operationId: string, chunk: number): string {
    return (this.db.prepare('SELECT body FROM bulk_chunks WHERE operation_id = ? AND chunk = ?').get(operationId, chunk) as { body: string } | undefined)?.body ?? '';
  }

  addError(operationId: string, e: StoredBulkError): void {
    this.db
      .prepare('INSERT OR REPLACE INTO bulk_errors (operation_id, line, chunk, line_in_chunk, external_id, errors) VALUES (?, ?, ?, ?, ?, ?)')
      .run(operationId, e.line, e.chunk, e.lineInChunk, e.externalId, JSON.stringify(e.errors));
  }

  errors(operationId: string, afterLine: number, limit: number): { rows: StoredBulkError[]; more: boolean; total: number } {
    const total = (this.db.prepare('SELECT count(*) AS n FROM bulk_errors WHERE operation_id = ?').get(operationId) as { n: number }).n;
    const rows = this.db.prepare('SELECT * FROM bulk_errors WHERE operation_id = ? AND line > ? ORDER BY line LIMIT ?').all(operationId, afterLine, limit + 1) as ErrorRow[];
    return {
      rows: rows.slice(0, limit).map((r) => ({ line: r.line, chunk: r.chunk, lineInChunk: r.line_in_chunk, externalId: r.external_id, errors: JSON.parse(r.errors) as unknown[] })),
      more: rows.length > limit,
      total,
    };
  }

  addOutput(operationId: string, part: number, body: string): void {
    this.db.prepare('INSERT OR REPLACE INTO bulk_output (operation_id, part, body) VALUES (?, ?, ?)').run(operationId, part, body);
  }

  output(operationId: string): string {
    return (this.db.prepare('SELECT body FROM bulk_output WHERE operation_id = ? ORDER BY part').all(operationId) as { body: string }[]).map((r) => r.body).join('');
  }
}

interface OperationRow {
  id: string;
  client_id: string;
  api_version: string;
  type: BulkType;
  entity: string;
  school: string | null;
  status: BulkStatus;
  mode: WriteMode;
  max_errors: number | null;
  updated_since: number | null;
  include_deleted: number;
  counts: string;
  next_chunk: number;
  next_line: number;
  lines_before: number;
  created_at: number;
  committed_at: number | null;
  started_at: number | null;
  completed_at: number | null;
  failure_reason: string | null;
}

interface ErrorRow {
  line: number;
  chunk: number;
  line_in_chunk: number;
  external_id: string | null;
  errors: string;
}

function toOperation(r: OperationRow): StoredBulkOperation {
  return {
    id: r.id,
    clientId: r.client_id,
    apiVersion: r.api_version,
    type: r.type,
    entity: r.entity,
    school: r.school,
    status: r.status,
    mode: r.mode,
    maxErrors: r.max_errors,
    updatedSince: r.updated_since,
    includeDeleted: r.include_deleted === 1,
    counts: JSON.parse(r.counts) as BulkCounts,
    nextChunk: r.next_chunk,
    nextLine: r.next_line,
    linesBefore: r.lines_before,
    createdAt: r.created_at,
    committedAt: r.committed_at,
    startedAt: r.started_at,
    completedAt: r.completed_at,
    failureReason: r.failure_reason,
  };
}

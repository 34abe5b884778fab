import type { Statement } from 'better-sqlite3';
import { openSqlite, type SqliteDatabase } from '../platform/open-sqlite';
import { migrateSandboxSchema } from './sandbox-schema';

/** A record as the sandbox keeps it. `school` is '' for schools themselves. */
export interface StoredRecord {
  seq: number;
  school: string;
  entity: string;
  externalId: string;
  id: string;
  version: number;
  /** Writable fields, canonical JSON (sorted keys, no nulls) so equal values compare equal as text. */
  fieldsJson: string;
  createdAt: number;
  updatedAt: number;
  deleted: boolean;
}

/** An API client registered with the sandbox. */
export interface StoredClient {
  clientId: string;
  clientSecret: string;
  apiKey: string;
  /** Scopes the client holds; '*' means every scope of the document. */
  scopes: string[] | '*';
  createdAt: number;
  /** A label the admin gave the client. */
  name?: string | null;
  /** When the admin revoked it; a revoked client's credentials are refused. */
  revokedAt?: number | null;
}

/** A stored answer to a request carrying an Idempotency-Key. */
export interface StoredIdempotentAnswer {
  fingerprint: string;
  status: number;
  body: string;
  createdAt: number;
  /** Headers to send again with the replay (Location of a created resource). */
  headers?: Record<string, string>;
}

export interface ListQuery {
  afterSeq: number;
  limit: number;
  updatedSinceMs: number | null;
  includeDeleted: boolean;
}

/**
 * The sandbox's SQLite store: clients, records per (school, entity, externalId) and idempotent
 * answers. ':memory:' for throwaway runs; a file keeps everything across restarts. The other
 * stores of the sandbox (attachments, events, webhooks, bulk operations, throttling) share its
 * database through `db`.
 */
export class SandboxStore {
  readonly db: SqliteDatabase;
  /** Prepared statements of the hot paths, made once (a batch of 500 records runs each ~500 times). */
  private readonly statements = new Map<string, Statement>();
  /**
   * Record counts a list answers with (`total`), by filter, valid until the next record write:
   * paging through an entity asks for the same count on every page, and counting a million
   * records per page made reconciliation quadratic.
   */
  private readonly totals = new Map<string, number>();

  constructor(file: string) {
    // openSqlite honours APSTUDIO_SQLITE_BINDING, so the sandbox also runs inside Electron's utility process.
    this.db = openSqlite(file);
    if (file !== ':memory:') {
      this.db.pragma('journal_mode = WAL');
      // The sandbox is a rehearsal target, not a system of record: in WAL, NORMAL syncs at
      // checkpoints instead of on every commit (one commit per pushed batch). A power cut can
      // lose the last batches, never corrupt the file; a run pushes them again.
      this.db.pragma('synchronous = NORMAL');
    }
    migrateSandboxSchema(this.db);
  }

  private stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** Forgets the cached list totals; every write to `records` calls it. */
  recordsChanged(): void {
    if (this.totals.size) this.totals.clear();
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // Clients

  client(clientId: string): StoredClient | undefined {
    const row = this.db.prepare('SELECT * FROM clients WHERE client_id = ?').get(clientId) as ClientRow | undefined;
    return row && toClient(row);
  }

  clientByApiKey(apiKey: string): StoredClient | undefined {
    const row = this.db.prepare('SELECT * FROM clients WHERE api_key = ?').get(apiKey) as ClientRow | undefined;
    return row && toClient(row);
  }

  /** The oldest client that is not revoked. */
  firstClient(): StoredClient | undefined {
    const row = this.db.prepare('SELECT * FROM clients WHERE revoked_at IS NULL ORDER BY created_at, client_id LIMIT 1').get() as ClientRow | undefined;
    return row && toClient(row);
  }

  clients(): StoredClient[] {
    return (this.db.prepare('SELECT * FROM clients ORDER BY created_at, client_id').all() as ClientRow[]).map(toClient);
  }

  saveClient(c: StoredClient): void {
    this.db
      .prepare(
        `INSERT INTO clients (client_id, client_secret, api_key, scopes, created_at, name, revoked_at) VALUES (@clientId, @clientSecret, @apiKey, @scopes, @createdAt, @name, @revokedAt)
         ON CONFLICT (client_id) DO UPDATE SET client_secret = excluded.client_secret, scopes = excluded.scopes, name = excluded.name, revoked_at = excluded.revoked_at`,
      )
      .run({ ...c, scopes: c.scopes === '*' ? '*' : JSON.stringify(c.scopes), name: c.name ?? null, revokedAt: c.revokedAt ?? null });
  }

  // Records

  find(school: string, entity: string, externalId: string): StoredRecord | undefined {
    const row = this.stmt('SELECT * FROM records WHERE school = ? AND entity = ? AND external_id = ?').get(school, entity, externalId) as RecordRow | undefined;
    return row && toRecord(row);
  }

  exists(school: string, entity: string, externalId: string): boolean {
    return this.stmt('SELECT 1 FROM records WHERE school = ? AND entity = ? AND external_id = ? AND deleted = 0').get(school, entity, externalId) !== undefined;
  }

  insert(r: Omit<StoredRecord, 'seq' | 'deleted'>): StoredRecord {
    const info = this.stmt('INSERT INTO records (school, entity, external_id, id, version, fields, created_at, updated_at, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)').run(
      r.school,
      r.entity,
      r.externalId,
      r.id,
      r.version,
      r.fieldsJson,
      r.createdAt,
      r.updatedAt,
    );
    this.recordsChanged();
    return { ...r, seq: Number(info.lastInsertRowid), deleted: false };
  }

  /** Writes a new state of an existing record (fields, version, deleted flag, updatedAt). */
  update(seq: number, change: { fieldsJson: string; version: number; updatedAt: number; deleted: boolean }): void {
    this.stmt('UPDATE records SET fields = ?, version = ?, updated_at = ?, deleted = ? WHERE seq = ?').run(change.fieldsJson, change.version, change.updatedAt, change.deleted ? 1 : 0, seq);
    this.recordsChanged();
  }

  /**
   * A page of records in insertion order, plus how many match the filters in all (counted once
   * per filter until a record is written, not once per page).
   */
  list(school: string, entity: string, q: ListQuery): { rows: StoredRecord[]; total: number; more: boolean } {
    const filters = ['school = @school', 'entity = @entity'];
    if (!q.includeDeleted) filters.push('deleted = 0');
    if (q.updatedSinceMs !== null) filters.push('updated_at >= @since');
    const where = filters.join(' AND ');
    const params = { school, entity, since: q.updatedSinceMs, after: q.afterSeq, limit: q.limit + 1 };
    const totalKey = `${where}\u0000${school}\u0000${entity}\u0000${q.updatedSinceMs}`;
    let total = this.totals.get(totalKey);
    if (total === undefined) {
      total = (this.stmt(`SELECT count(*) AS n FROM records WHERE ${where}`).get(params) as { n: number }).n;
      this.totals.set(totalKey, total);
    }
    const rows = (this.stmt(`SELECT * FROM records WHERE ${where} AND seq > @after ORDER BY seq LIMIT @limit`).all(params) as RecordRow[]).map(toRecord);
    const more = rows.length > q.limit;
    return { rows: more ? rows.slice(0, q.limit) : rows, total, more };
  }

  /** Live records of `entity` in a school whose `field` holds `externalId`. */
  countReferencing(school: string, entity: string, field: string, externalId: string): number {
    const row = this.db
      .prepare("SELECT count(*) AS n FROM records WHERE school = ? AND entity = ? AND deleted = 0 AND json_extract(fields, '$.' || ?) = ?")
      .get(school, entity, JSON.stringify(field), externalId) as { n: number };
    return row.n;
  }

  countLiveInSchool(school: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM records WHERE school = ? AND deleted = 0').get(school) as { n: number }).n;
  }

  // Idempotency

  idempotentAnswer(clientId: string, key: string, notBefore: number): StoredIdempotentAnswer | undefined {
    const row = this.stmt('SELECT fingerprint, status, body, created_at, headers FROM idempotency WHERE client_id = ? AND key = ? AND created_at >= ?').get(clientId, key, notBefore) as
      | { fingerprint: string; status: number; body: string; created_at: number; headers: string | null }
      | undefined;
    return row && { fingerprint: row.fingerprint, status: row.status, body: row.body, createdAt: row.created_at, ...(row.headers ? { headers: JSON.parse(row.headers) as Record<string, string> } : {}) };
  }

  saveIdempotentAnswer(clientId: string, key: string, answer: StoredIdempotentAnswer): void {
    this.stmt('INSERT OR REPLACE INTO idempotency (client_id, key, fingerprint, status, body, created_at, headers) VALUES (?, ?, ?, ?, ?, ?, ?)').run(clientId, key, answer.fingerprint, answer.status, answer.body, answer.createdAt, answer.headers ? JSON.stringify(answer.headers) : null);
  }

  forgetIdempotentAnswersBefore(time: number): void {
    this.stmt('DELETE FROM idempotency WHERE created_at < ?').run(time);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

interface ClientRow {
  client_id: string;
  client_secret: string;
  api_key: string;
  scopes: string;
  created_at: number;
  name: string | null;
  revoked_at: number | null;
}

interface RecordRow {
  seq: number;
  school: string;
  entity: string;
  external_id: string;
  id: string;
  version: number;
  fields: string;
  created_at: number;
  updated_at: number;
  deleted: number;
}

function toClient(row: ClientRow): StoredClient {
  return {
    clientId: row.client_id,
    clientSecret: row.client_secret,
    apiKey: row.api_key,
    scopes: row.scopes === '*' ? '*' : (JSON.parse(row.scopes) as string[]),
    createdAt: row.created_at,
    name: row.name,
    revokedAt: row.revoked_at,
  };
}

function toRecord(row: RecordRow): StoredRecord {
  return {
    seq: row.seq,
    school: row.school,
    entity: row.entity,
    externalId: row.external_id,
    id: row.id,
    version: row.version,
    fieldsJson: row.fields,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deleted: row.deleted === 1,
  };
}

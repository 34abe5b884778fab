import { openSqlite, type SqliteDatabase } from '../main/engine/project/open-database';

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
}

/** A stored answer to a request carrying an Idempotency-Key. */
export interface StoredIdempotentAnswer {
  fingerprint: string;
  status: number;
  body: string;
  createdAt: number;
}

export interface ListQuery {
  afterSeq: number;
  limit: number;
  updatedSinceMs: number | null;
  includeDeleted: boolean;
}

const SCHEMA_VERSION = 1;

/**
 * The sandbox's SQLite store: clients, records per (school, entity, externalId) and idempotent
 * answers. ':memory:' for throwaway runs; a file keeps everything across restarts.
 */
export class SandboxStore {
  private readonly db: SqliteDatabase;

  constructor(file: string) {
    // openSqlite honours APSTUDIO_SQLITE_BINDING, so the sandbox also runs inside Electron's utility process.
    this.db = openSqlite(file);
    if (file !== ':memory:') this.db.pragma('journal_mode = WAL');
    this.migrate();
  }

  private migrate(): void {
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS sandbox_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS clients (
        client_id TEXT PRIMARY KEY, client_secret TEXT NOT NULL, api_key TEXT NOT NULL UNIQUE,
        scopes TEXT NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS records (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        school TEXT NOT NULL, entity TEXT NOT NULL, external_id TEXT NOT NULL,
        id TEXT NOT NULL UNIQUE, version INTEGER NOT NULL, fields TEXT NOT NULL,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
        UNIQUE (school, entity, external_id));
      CREATE INDEX IF NOT EXISTS records_by_entity ON records (school, entity, seq);
      CREATE TABLE IF NOT EXISTS idempotency (
        client_id TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
        status INTEGER NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL,
        PRIMARY KEY (client_id, key));
    `);
    this.db.prepare('INSERT OR IGNORE INTO sandbox_meta (key, value) VALUES (?, ?)').run('schema_version', String(SCHEMA_VERSION));
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

  firstClient(): StoredClient | undefined {
    const row = this.db.prepare('SELECT * FROM clients ORDER BY created_at, client_id LIMIT 1').get() as ClientRow | undefined;
    return row && toClient(row);
  }

  saveClient(c: StoredClient): void {
    this.db
      .prepare(
        `INSERT INTO clients (client_id, client_secret, api_key, scopes, created_at) VALUES (@clientId, @clientSecret, @apiKey, @scopes, @createdAt)
         ON CONFLICT (client_id) DO UPDATE SET client_secret = excluded.client_secret, scopes = excluded.scopes`,
      )
      .run({ ...c, scopes: c.scopes === '*' ? '*' : JSON.stringify(c.scopes) });
  }

  // Records

  find(school: string, entity: string, externalId: string): StoredRecord | undefined {
    const row = this.db.prepare('SELECT * FROM records WHERE school = ? AND entity = ? AND external_id = ?').get(school, entity, externalId) as RecordRow | undefined;
    return row && toRecord(row);
  }

  exists(school: string, entity: string, externalId: string): boolean {
    return this.db.prepare('SELECT 1 FROM records WHERE school = ? AND entity = ? AND external_id = ? AND deleted = 0').get(school, entity, externalId) !== undefined;
  }

  insert(r: Omit<StoredRecord, 'seq' | 'deleted'>): StoredRecord {
    const info = this.db
      .prepare('INSERT INTO records (school, entity, external_id, id, version, fields, created_at, updated_at, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)')
      .run(r.school, r.entity, r.externalId, r.id, r.version, r.fieldsJson, r.createdAt, r.updatedAt);
    return { ...r, seq: Number(info.lastInsertRowid), deleted: false };
  }

  /** Writes a new state of an existing record (fields, version, deleted flag, updatedAt). */
  update(seq: number, change: { fieldsJson: string; version: number; updatedAt: number; deleted: boolean }): void {
    this.db.prepare('UPDATE records SET fields = ?, version = ?, updated_at = ?, deleted = ? WHERE seq = ?').run(change.fieldsJson, change.version, change.updatedAt, change.deleted ? 1 : 0, seq);
  }

  /** A page of records in insertion order, plus how many match the filters in all. */
  list(school: string, entity: string, q: ListQuery): { rows: StoredRecord[]; total: number; more: boolean } {
    const filters = ['school = @school', 'entity = @entity'];
    if (!q.includeDeleted) filters.push('deleted = 0');
    if (q.updatedSinceMs !== null) filters.push('updated_at >= @since');
    const where = filters.join(' AND ');
    const params = { school, entity, since: q.updatedSinceMs, after: q.afterSeq, limit: q.limit + 1 };
    const total = (this.db.prepare(`SELECT count(*) AS n FROM records WHERE ${where}`).get(params) as { n: number }).n;
    const rows = (this.db.prepare(`SELECT * FROM records WHERE ${where} AND seq > @after ORDER BY seq LIMIT @limit`).all(params) as RecordRow[]).map(toRecord);
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
    const row = this.db.prepare('SELECT fingerprint, status, body, created_at FROM idempotency WHERE client_id = ? AND key = ? AND created_at >= ?').get(clientId, key, notBefore) as
      | { fingerprint: string; status: number; body: string; created_at: number }
      | undefined;
    return row && { fingerprint: row.fingerprint, status: row.status, body: row.body, createdAt: row.created_at };
  }

  saveIdempotentAnswer(clientId: string, key: string, answer: StoredIdempotentAnswer): void {
    this.db
      .prepare('INSERT OR REPLACE INTO idempotency (client_id, key, fingerprint, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(clientId, key, answer.fingerprint, answer.status, answer.body, answer.createdAt);
  }

  forgetIdempotentAnswersBefore(time: number): void {
    this.db.prepare('DELETE FROM idempotency WHERE created_at < ?').run(time);
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
  return { clientId: row.client_id, clientSecret: row.client_secret, apiKey: row.api_key, scopes: row.scopes === '*' ? '*' : (JSON.parse(row.scopes) as string[]), createdAt: row.created_at };
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

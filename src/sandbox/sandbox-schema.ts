import type { SqliteDatabase } from '../platform/open-sqlite';

/** Version 2 added attachments, events, webhooks, bulk operations, throttling and revocable clients. */
export const SANDBOX_SCHEMA_VERSION = 2;

/**
 * Creates (or brings up to date) the sandbox's tables. Every statement is idempotent, so a data
 * file from an older sandbox opens and gains what it lacks.
 */
export function migrateSandboxSchema(db: SqliteDatabase): void {
  db.exec(`
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
    -- Answers past retention are forgotten with every idempotent write: without this index that
    -- DELETE read the whole table each time, so a long push grew slower batch by batch.
    CREATE INDEX IF NOT EXISTS idempotency_by_age ON idempotency (created_at);
    CREATE TABLE IF NOT EXISTS attachments (
      school TEXT NOT NULL, entity TEXT NOT NULL, external_id TEXT NOT NULL, name TEXT NOT NULL,
      content_type TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, data BLOB NOT NULL,
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
      PRIMARY KEY (school, entity, external_id, name));
    CREATE TABLE IF NOT EXISTS events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
      school TEXT, data TEXT NOT NULL, occurred_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS webhooks (
      id TEXT PRIMARY KEY, client_id TEXT NOT NULL, url TEXT NOT NULL, events TEXT NOT NULL,
      secret TEXT NOT NULL, description TEXT, active INTEGER NOT NULL, retry_policy TEXT NOT NULL,
      created_at INTEGER NOT NULL, deleted_at INTEGER);
    CREATE TABLE IF NOT EXISTS webhook_deliveries (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, webhook_id TEXT NOT NULL,
      event_seq INTEGER NOT NULL, status TEXT NOT NULL, attempts TEXT NOT NULL,
      next_attempt_at INTEGER, created_at INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS deliveries_by_webhook ON webhook_deliveries (webhook_id, seq);
    CREATE TABLE IF NOT EXISTS bulk_operations (
      id TEXT PRIMARY KEY, client_id TEXT NOT NULL, api_version TEXT NOT NULL, type TEXT NOT NULL,
      entity TEXT NOT NULL, school TEXT, status TEXT NOT NULL, mode TEXT NOT NULL, max_errors INTEGER,
      updated_since INTEGER, include_deleted INTEGER NOT NULL, counts TEXT NOT NULL,
      next_chunk INTEGER NOT NULL DEFAULT 0, next_line INTEGER NOT NULL DEFAULT 0, lines_before INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL, committed_at INTEGER, started_at INTEGER, completed_at INTEGER, failure_reason TEXT);
    CREATE TABLE IF NOT EXISTS bulk_chunks (
      operation_id TEXT NOT NULL, chunk INTEGER NOT NULL, body TEXT NOT NULL, records INTEGER NOT NULL,
      lines INTEGER NOT NULL, bytes INTEGER NOT NULL, PRIMARY KEY (operation_id, chunk));
    CREATE TABLE IF NOT EXISTS bulk_errors (
      operation_id TEXT NOT NULL, line INTEGER NOT NULL, chunk INTEGER NOT NULL, line_in_chunk INTEGER NOT NULL,
      external_id TEXT, errors TEXT NOT NULL, PRIMARY KEY (operation_id, line));
    CREATE TABLE IF NOT EXISTS bulk_output (
      operation_id TEXT NOT NULL, part INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (operation_id, part));
    CREATE TABLE IF NOT EXISTS throttle_rules (
      id TEXT PRIMARY KEY, client_id TEXT NOT NULL UNIQUE, per_minute INTEGER NOT NULL, per_hour INTEGER NOT NULL, description TEXT);
    CREATE TABLE IF NOT EXISTS throttle_exceptions (
      id TEXT PRIMARY KEY, client_id TEXT NOT NULL, per_minute INTEGER NOT NULL, per_hour INTEGER NOT NULL,
      starts_at INTEGER NOT NULL, ends_at INTEGER NOT NULL, reason TEXT, created_at INTEGER NOT NULL);
  `);
  addColumnIfMissing(db, 'clients', 'name', 'TEXT');
  addColumnIfMissing(db, 'clients', 'revoked_at', 'INTEGER');
  addColumnIfMissing(db, 'idempotency', 'headers', 'TEXT');
  db.prepare('INSERT INTO sandbox_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run('schema_version', String(SANDBOX_SCHEMA_VERSION));
}

function addColumnIfMissing(db: SqliteDatabase, table: string, column: string, type: string): void {
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
  if (!columns.some((c) => c.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
}

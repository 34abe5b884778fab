import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { StudioError } from '../../../../shared/errors';
import { mssqlDriver, type MssqlModule } from '../mssql/mssql-driver';
import { mssqlPoolConfig, readMssqlSettings } from '../mssql/mssql-config';
import { readSqlSettings, type SqlConnectionSettings } from '../sql/connection-settings';
import { mssqlBatch, updateStatement, type RowUpdate, type WritableKind } from './update-statement';

/**
 * The write side of a SQL source, kept apart from its reader: the readers open read-only
 * sessions and never learn to write. A writer updates rows by key, all of one call inside one
 * transaction: every row is found and updated, or nothing is (a row not found rolls it back, so a
 * half-written set never reaches the school's database).
 */
export interface SourceWriter {
  readonly kind: WritableKind;
  /** Updates the rows in one transaction; answers how many were updated (all of them). */
  update(table: string, keyColumn: string, updates: RowUpdate[]): Promise<number>;
  close(): Promise<void>;
}

type Config = Record<string, string | number | boolean>;

/** The writer for a saved connection's kind (the secret from the vault, as for reading). */
export function openSourceWriter(kind: WritableKind, config: Config, secret: string | null): SourceWriter {
  switch (kind) {
    case 'sqlite':
      return new SqliteWriter(String(config.file ?? config.path));
    case 'mysql':
      return new MySqlWriter(readSqlSettings(config, secret, 3306, 'MySQL'));
    case 'postgres':
      return new PostgresWriter(readSqlSettings(config, secret, 5432, 'PostgreSQL'));
    case 'mssql':
      return new MssqlWriter(config, secret);
  }
}

function notFound(table: string, keyColumn: string, key: unknown): StudioError {
  return new StudioError(
    'SYNC_WRITE_BACK_FAILED',
    `No row of ${table} has ${keyColumn} = ${String(key)} any more, so the values for it were not written back (nothing of this batch was).`,
    'The row was deleted or its key changed in the legacy system; run the sync again, it sends the deletion to Academia Pro first.',
    { where: { table, column: keyColumn } },
  );
}

class SqliteWriter implements SourceWriter {
  readonly kind = 'sqlite' as const;
  constructor(private readonly file: string) {}

  async update(table: string, keyColumn: string, updates: RowUpdate[]): Promise<number> {
    const db = new Database(this.file, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      db.transaction(() => {
        for (const u of updates) {
          const s = updateStatement('sqlite', table, keyColumn, u);
          if (db.prepare(s.sql).run(...(s.params as unknown[]).map(sqliteValue)).changes !== 1) throw notFound(table, keyColumn, u.key);
        }
      })();
      return updates.length;
    } finally {
      db.close();
    }
  }

  async close(): Promise<void> {}
}

function sqliteValue(v: unknown): unknown {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v === undefined ? null : typeof v === 'object' && v !== null ? JSON.stringify(v) : v;
}

function tlsOption(s: SqlConnectionSettings): { rejectUnauthorized: boolean; ca?: string } | undefined {
  return s.tls.mode === 'disable' || s.tls.mode === 'prefer' ? undefined : { rejectUnauthorized: s.tls.verifyCertificate, ...(s.tls.ca ? { ca: s.tls.ca } : {}) };
}

class MySqlWriter implements SourceWriter {
  readonly kind = 'mysql' as const;
  constructor(private readonly s: SqlConnectionSettings) {}

  async update(table: string, keyColumn: string, updates: RowUpdate[]): Promise<number> {
    const ssl = tlsOption(this.s);
    const conn = await mysql.createConnection({ host: this.s.host, port: this.s.port, user: this.s.user, password: this.s.password ?? undefined, database: this.s.database, connectTimeout: this.s.connectTimeoutMs, timezone: 'Z', ...(ssl ? { ssl } : {}) });
    try {
      await conn.beginTransaction();
      try {
        for (const u of updates) {
          const s = updateStatement('mysql', table, keyColumn, u);
          const [result] = await conn.execute(s.sql, s.params as never[]);
          if ((result as { affectedRows: number }).affectedRows !== 1) throw notFound(table, keyColumn, u.key);
        }
        await conn.commit();
      } catch (err) {
        await conn.rollback().catch(() => undefined);
        throw err;
      }
      return updates.length;
    } finally {
      await conn.end().catch(() => undefined);
    }
  }

  async close(): Promise<void> {}
}

class PostgresWriter implements SourceWriter {
  readonly kind = 'postgres' as const;
  constructor(private readonly s: SqlConnectionSettings) {}

  async update(table: string, keyColumn: string, updates: RowUpdate[]): Promise<number> {
    const ssl = tlsOption(this.s);
    const client = new pg.Client({ host: this.s.host, port: this.s.port, user: this.s.user, password: this.s.password ?? undefined, database: this.s.database, connectionTimeoutMillis: this.s.connectTimeoutMs, ...(ssl ? { ssl } : {}) });
    await client.connect();
    try {
      await client.query('BEGIN');
      try {
        for (const u of updates) {
          const s = updateStatement('postgres', table, keyColumn, u);
          if ((await client.query(s.sql, s.params)).rowCount !== 1) throw notFound(table, keyColumn, u.key);
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
      return updates.length;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async close(): Promise<void> {}
}

/**
 * SQL Server: one batch (`mssqlBatch`) with XACT_ABORT so any failure rolls all of it back, and a
 * row count check after it. Not run against a real SQL Server by the tests (README says so).
 */
class MssqlWriter implements SourceWriter {
  readonly kind = 'mssql' as const;
  constructor(
    private readonly config: Config,
    private readonly secret: string | null,
  ) {}

  async update(table: string, keyColumn: string, updates: RowUpdate[]): Promise<number> {
    const sql: MssqlModule = mssqlDriver();
    const pool = new sql.ConnectionPool(mssqlPoolConfig(readMssqlSettings(this.config, this.secret), () => undefined));
    await pool.connect();
    try {
      const batch = mssqlBatch(table, keyColumn, updates);
      const request = pool.request();
      let i = 0;
      updates.forEach((u, row) => {
        const n = Object.keys(u.values).length + 1;
        for (let p = 1; p <= n; p++) {
          const value = batch.params[i++];
          request.input(`p${row + 1}_${p}`, typeof value === 'number' ? (Number.isInteger(value) ? sql.TYPES.BigInt() : sql.TYPES.Float()) : sql.TYPES.NVarChar(), value ?? null);
        }
      });
      await request.query(batch.sql);
      return updates.length;
    } finally {
      await pool.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {}
}

import mysql from 'mysql2/promise';
import { existsSync } from 'node:fs';
import { StudioError } from '../../../shared/errors';
import { openSqlite, type SqliteDatabase } from '../../../platform/open-sqlite';
import { LEGACY_TABLES } from './legacy-schema';

/** Where to load the demo school: a MySQL or MariaDB database that already exists. */
export interface MysqlDatabaseAddress {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** Options of `loadLegacySchoolIntoMysql`. */
export interface LoadIntoMysqlOptions {
  /** Rows per multi-row INSERT (default 1000). */
  batchSize?: number;
  /** Called after each batch with the table and the rows copied so far into it. */
  onProgress?: (table: string, rows: number) => void;
}

interface SqliteColumnInfo {
  name: string;
  type: string;
  pk: number;
}

/**
 * Copies every table of a SQLite file (the generated demo school) into a MySQL/MariaDB database,
 * so the demo can also be run against a server source. Tables of the same name are replaced.
 * Known demo tables get their legacy column types (VARCHAR dates, text ids kept as text, INT
 * surrogate keys); any other table gets types from its SQLite declaration. Text travels as
 * utf8mb4 and is stored byte for byte, mojibake and padding included.
 */
export async function loadLegacySchoolIntoMysql(sqliteFile: string, conn: MysqlDatabaseAddress, opts: LoadIntoMysqlOptions = {}): Promise<{ tables: { name: string; rows: number }[] }> {
  const batchSize = opts.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new StudioError('USAGE', `A batch of ${batchSize} rows is not possible.`, 'Give a whole number of rows per batch, e.g. 1000.');
  if (!existsSync(sqliteFile)) {
    throw new StudioError('SOURCE_NOT_FOUND', `There is no SQLite file at ${sqliteFile}.`, 'Generate the demo school first, or check the path.', { where: { file: sqliteFile } });
  }
  const db = openSqlite(sqliteFile, { readonly: true, fileMustExist: true });
  let server: mysql.Connection | null = null;
  try {
    server = await connect(conn);
    await server.query("SET SESSION sql_mode = CONCAT(@@sql_mode, ',STRICT_TRANS_TABLES'), FOREIGN_KEY_CHECKS = 0, UNIQUE_CHECKS = 0");
    const tables: { name: string; rows: number }[] = [];
    for (const name of tableNames(db)) {
      const rows = await copyTable(db, server, name, batchSize, opts.onProgress);
      tables.push({ name, rows });
    }
    return { tables };
  } catch (err) {
    if (err instanceof StudioError) throw err;
    const e = err as { message: string; code?: string };
    throw new StudioError('CONNECTION_FAILED', `Loading the demo school into ${conn.database} on ${conn.host}:${conn.port} failed: ${e.message}`, 'Check that the server is running, the user may create tables in that database, and max_allowed_packet is at least 4 MB.', {
      cause: err,
      details: { code: e.code },
    });
  } finally {
    db.close();
    await server?.end().catch(() => undefined);
  }
}

async function connect(conn: MysqlDatabaseAddress): Promise<mysql.Connection> {
  try {
    return await mysql.createConnection({ host: conn.host, port: conn.port, user: conn.user, password: conn.password, database: conn.database, charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: true });
  } catch (err) {
    const e = err as { message: string; code?: string };
    throw new StudioError('CONNECTION_FAILED', `Could not connect to ${conn.host}:${conn.port} as ${conn.user} (database ${conn.database}): ${e.message}`, 'Check the host, port, user, password and database name, and that the server accepts TCP connections.', {
      cause: err,
      details: { code: e.code },
    });
  }
}

/** Demo tables in their written order, then any other tables by name. */
function tableNames(db: SqliteDatabase): string[] {
  const present = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  const known = LEGACY_TABLES.map((t) => t.name).filter((n) => present.includes(n));
  return [...known, ...present.filter((n) => !known.includes(n))];
}

async function copyTable(db: SqliteDatabase, server: mysql.Connection, table: string, batchSize: number, onProgress?: (table: string, rows: number) => void): Promise<number> {
  const columns = db.prepare(`PRAGMA table_info(${quoteSqlite(table)})`).all() as SqliteColumnInfo[];
  const known = LEGACY_TABLES.find((t) => t.name === table);
  const pk = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  const defs = columns.map((c) => `${quoteMysql(c.name)} ${known?.columns.find((k) => k.name === c.name)?.mysql ?? mysqlTypeFor(c)}`);
  if (pk.length) defs.push(`PRIMARY KEY (${pk.map((c) => quoteMysql(c.name)).join(', ')})`);
  await server.query(`DROP TABLE IF EXISTS ${quoteMysql(table)}`);
  await server.query(`CREATE TABLE ${quoteMysql(table)} (\n  ${defs.join(',\n  ')}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

  const insert = `INSERT INTO ${quoteMysql(table)} (${columns.map((c) => quoteMysql(c.name)).join(', ')}) VALUES ?`;
  const select = `SELECT ${columns.map((c) => quoteSqlite(c.name)).join(', ')} FROM ${quoteSqlite(table)}`;
  const read = (hasRowid(db, table) ? db.prepare(`${select} ORDER BY rowid`) : db.prepare(select)).raw(true);
  let batch: unknown[][] = [];
  let rows = 0;
  await server.query('START TRANSACTION');
  for (const row of read.iterate() as IterableIterator<unknown[]>) {
    batch.push(row);
    if (batch.length === batchSize) {
      await server.query(insert, [batch]);
      rows += batch.length;
      batch = [];
      onProgress?.(table, rows);
    }
  }
  if (batch.length) {
    await server.query(insert, [batch]);
    rows += batch.length;
    onProgress?.(table, rows);
  }
  await server.query('COMMIT');
  return rows;
}

function hasRowid(db: SqliteDatabase, table: string): boolean {
  try {
    db.prepare(`SELECT rowid FROM ${quoteSqlite(table)} LIMIT 0`);
    return true;
  } catch {
    return false;
  }
}

/** A MySQL type for a column of a table the demo does not know, from its SQLite declaration. */
function mysqlTypeFor(c: SqliteColumnInfo): string {
  const t = c.type.toUpperCase();
  if (t.includes('INT')) return 'BIGINT';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return 'DOUBLE';
  if (t.includes('BLOB') || t === '') return c.pk ? 'VARBINARY(255)' : 'LONGBLOB';
  // A key must have a length in MySQL; 191 characters fit the utf8mb4 index limit everywhere.
  return c.pk ? 'VARCHAR(191)' : 'LONGTEXT';
}

function quoteSqlite(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteMysql(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

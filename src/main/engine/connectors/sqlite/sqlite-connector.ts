import { existsSync, statSync } from 'node:fs';
import { StudioError } from '../../../../shared/errors';
import type { ConnectionTestResult, StreamInfo } from '../../../../shared/model/connection';
import { openSqlite, type SqliteDatabase } from '../../../../platform/open-sqlite';
import type { ReadOptions, Row, SourceConnector } from '../connector';
import { normalizeSqliteType, quoteSqliteIdent } from './sqlite-types';

/**
 * A SQLite file as a legacy source. Opened read-only so a source is never written. Rows are
 * pulled from a statement iterator one batch at a time, so memory stays bounded whatever the
 * table's size and the consumer sets the pace.
 */
export class SqliteConnector implements SourceConnector {
  readonly kind = 'sqlite' as const;
  private db: SqliteDatabase | null = null;

  constructor(private readonly file: string) {}

  async check(): Promise<ConnectionTestResult> {
    const started = Date.now();
    try {
      const db = this.open();
      const version = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
      db.prepare('SELECT count(*) FROM sqlite_schema').get();
      return { ok: true, at: new Date().toISOString(), message: 'The file opens and its tables can be read.', serverInfo: `SQLite ${version}`, latencyMs: Date.now() - started };
    } catch (err) {
      const e = err instanceof StudioError ? err : this.wrap(err);
      return { ok: false, at: new Date().toISOString(), message: `${e.message} ${e.hint}`, latencyMs: Date.now() - started };
    }
  }

  async discover(): Promise<StreamInfo[]> {
    const db = this.open();
    const tables = db.prepare("SELECT name, type FROM sqlite_schema WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string; type: string }[];
    return tables.map(({ name }) => {
      const cols = db.prepare(`PRAGMA table_info(${quoteSqliteIdent(name)})`).all() as { name: string; type: string; notnull: number; pk: number }[];
      const fks = db.prepare(`PRAGMA foreign_key_list(${quoteSqliteIdent(name)})`).all() as { id: number; table: string; from: string; to: string | null }[];
      const byId = new Map<number, { columns: string[]; refStream: string; refColumns: string[]; declared: boolean }>();
      for (const fk of fks) {
        const entry = byId.get(fk.id) ?? { columns: [], refStream: fk.table, refColumns: [], declared: true };
        entry.columns.push(fk.from);
        if (fk.to) entry.refColumns.push(fk.to);
        byId.set(fk.id, entry);
      }
      const countRow = db.prepare(`SELECT count(*) AS n FROM ${quoteSqliteIdent(name)}`).get() as { n: number };
      return {
        name,
        columns: cols.map((c) => ({ name: c.name, type: normalizeSqliteType(c.type), nativeType: c.type || 'ANY', nullable: c.notnull === 0 && c.pk === 0 })),
        primaryKey: cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
        foreignKeys: [...byId.values()],
        rowEstimate: countRow.n,
      };
    });
  }

  async count(stream: string): Promise<number> {
    this.assertStream(stream);
    return (this.open().prepare(`SELECT count(*) AS n FROM ${quoteSqliteIdent(stream)}`).get() as { n: number }).n;
  }

  async sample(stream: string, n: number): Promise<Row[]> {
    const rows: Row[] = [];
    for await (const batch of this.read(stream, { batchSize: n })) {
      rows.push(...batch);
      if (rows.length >= n) break;
    }
    return rows.slice(0, n);
  }

  async *read(stream: string, options: ReadOptions): AsyncIterable<Row[]> {
    this.assertStream(stream);
    const db = this.open();
    const cols = options.columns?.length ? options.columns.map(quoteSqliteIdent).join(', ') : '*';
    const order = (options.orderBy?.length ? options.orderBy : this.primaryKey(stream)).map(quoteSqliteIdent);
    const params: unknown[] = [];
    let where = '';
    if (options.cursor) {
      where = ` WHERE ${quoteSqliteIdent(options.cursor.column)} > ?`;
      params.push(options.cursor.after);
    }
    const orderSql = order.length ? ` ORDER BY ${order.join(', ')}` : ' ORDER BY rowid';
    // Raw arrays with safe integers: integers beyond 2^53 arrive exact (as BigInt) and the row
    // objects are built here once, which is cheaper than letting the driver build them first.
    const stmt = db.prepare(`SELECT ${cols} FROM ${quoteSqliteIdent(stream)}${where}${orderSql}`).safeIntegers(true).raw(true);
    const names = stmt.columns().map((c) => c.name);
    const iterator = stmt.iterate(...params) as IterableIterator<unknown[]>;
    let batch: Row[] = [];
    try {
      for (const values of iterator) {
        if (options.signal?.aborted) throw new StudioError('CANCELLED', 'The read was cancelled.', 'Start it again when ready.');
        batch.push(toRow(names, values));
        if (batch.length >= options.batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    } finally {
      iterator.return?.();
    }
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = null;
  }

  private primaryKey(stream: string): string[] {
    const cols = this.open().prepare(`PRAGMA table_info(${quoteSqliteIdent(stream)})`).all() as { name: string; pk: number }[];
    return cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
  }

  private assertStream(stream: string): void {
    const found = this.open().prepare("SELECT 1 FROM sqlite_schema WHERE type IN ('table','view') AND name = ?").get(stream);
    if (!found) {
      throw new StudioError('STREAM_NOT_FOUND', `The table "${stream}" does not exist in ${this.file}.`, 'Run discovery again to see the tables the file has now.', { where: { file: this.file, table: stream } });
    }
  }

  private open(): SqliteDatabase {
    if (this.db) return this.db;
    if (!existsSync(this.file) || !statSync(this.file).isFile()) {
      throw new StudioError('SOURCE_NOT_FOUND', `There is no SQLite file at ${this.file}.`, 'Check the path; the file may have been moved or renamed.', { where: { file: this.file } });
    }
    try {
      const db = openSqlite(this.file, { readonly: true, fileMustExist: true });
      db.prepare('SELECT count(*) FROM sqlite_schema').get();
      this.db = db;
      return db;
    } catch (err) {
      throw this.wrap(err);
    }
  }

  private wrap(err: unknown): StudioError {
    if (err instanceof StudioError) return err;
    const code = (err as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      return new StudioError('CONNECTION_FAILED', `${this.file} is not a readable SQLite database (${code}).`, 'Check that the file is a SQLite database and not damaged or encrypted.', { where: { file: this.file }, cause: err });
    }
    return new StudioError('CONNECTION_FAILED', `The SQLite file ${this.file} could not be read: ${(err as Error).message}`, 'Check the file and its permissions.', { where: { file: this.file }, cause: err });
  }
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Large integers stay exact as strings; small ones become numbers; the rest passes through. */
function toRow(names: string[], values: unknown[]): Row {
  const row: Row = {};
  for (let i = 0; i < names.length; i++) {
    const v = values[i];
    row[names[i]] = typeof v === 'bigint' ? (v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : v.toString()) : v;
  }
  return row;
}

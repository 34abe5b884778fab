import { resolve } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Column, Table } from 'mdb-reader';
import { StudioError } from '../../../../shared/errors';
import type { ColumnInfo, ColumnType, ConnectionTestResult, ForeignKeyInfo, StreamInfo } from '../../../../shared/model/connection';
import type { ReadOptions, Row, SourceConnector } from '../connector';
import { describeEncryption } from './access-format';
import { type OpenedAccessFile, openAccessFile } from './access-file';
import { type RelationshipRow, readPrimaryKey, relationshipsByTable } from './access-keys';
import { convertAccessValue, normalizeAccessColumn } from './access-values';
import { type PhysicalTable, orderedScan, throwIfAborted } from '../scan/ordered-scan';

/** Settings of an Access source (`config` of the connection). */
export interface AccessConnectorOptions {
  /** Path of the .mdb/.accdb file. */
  file: string;
  /** Database password (Jet password or Office encryption password), null when none. */
  password: string | null;
  /** Longest wait for loading the file, in milliseconds. */
  timeoutMs: number;
  /** Most rows held at once when an ordered read must reorder the file (see ordered-scan.ts). */
  sortWindowRows: number;
}

interface TableMeta {
  name: string;
  table: Table;
  columns: ColumnInfo[];
  nativeTypes: Map<string, Column['type']>;
  types: Map<string, ColumnType>;
  primaryKey: string[];
  foreignKeys: ForeignKeyInfo[];
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_SORT_WINDOW_ROWS = 50_000;

/**
 * Microsoft Access (.mdb Jet 3/4, .accdb ACE 12+) as a legacy source, read with mdb-reader.
 *
 * Streams are the user tables (system MSys* tables, temporary ~ tables and linked tables are
 * left out). Rows are decoded in chunks with getData({rowOffset, rowLimit}) only when the
 * consumer pulls, so decoded rows in memory stay bounded; the file itself is held in memory
 * because mdb-reader reads pages at random. Reads follow the primary key when the file reveals
 * it (see access-keys.ts), otherwise file order; a cursor reads rows strictly after its value,
 * ordered by (cursor, key).
 */
export class AccessConnector implements SourceConnector {
  readonly kind = 'access' as const;
  private opening: Promise<OpenedAccessFile> | null = null;
  private tables: Map<string, TableMeta> | null = null;

  constructor(private readonly options: AccessConnectorOptions) {}

  async check(): Promise<ConnectionTestResult> {
    const started = Date.now();
    try {
      const opened = await this.open();
      const tables = this.catalog(opened);
      const linked = safeLinkedTables(opened);
      const parts = [`The file opens: ${tables.size} table${tables.size === 1 ? '' : 's'}.`];
      if (linked.length) parts.push(`${linked.length} linked table${linked.length === 1 ? '' : 's'} (${linked.slice(0, 5).join(', ')}) point to other files and are not read; connect to those files directly.`);
      return { ok: true, at: new Date().toISOString(), message: parts.join(' '), serverInfo: describeFile(opened), latencyMs: Date.now() - started };
    } catch (err) {
      const e = toStudioError(err, this.options.file);
      return { ok: false, at: new Date().toISOString(), message: `${e.message} ${e.hint}`, latencyMs: Date.now() - started };
    }
  }

  async discover(): Promise<StreamInfo[]> {
    const tables = this.catalog(await this.open());
    return [...tables.values()].map((t) => ({ name: t.name, columns: t.columns, primaryKey: t.primaryKey, foreignKeys: t.foreignKeys, rowEstimate: t.table.rowCount }));
  }

  async count(stream: string): Promise<number> {
    return (await this.meta(stream)).table.rowCount;
  }

  async sample(stream: string, n: number): Promise<Row[]> {
    const meta = await this.meta(stream);
    const rows: Row[] = [];
    // A sample is the first rows as stored: quick even on a big table whose key order differs.
    for await (const batch of orderedScan(this.physical(meta), { columns: meta.columns.map((c) => c.name), orderBy: [], batchSize: Math.max(1, n), types: meta.types, windowRows: this.options.sortWindowRows })) {
      rows.push(...batch);
      if (rows.length >= n) break;
    }
    return rows.slice(0, n);
  }

  async *read(stream: string, options: ReadOptions): AsyncIterable<Row[]> {
    const meta = await this.meta(stream);
    const known = new Set(meta.columns.map((c) => c.name));
    const check = (column: string) => {
      if (!known.has(column)) {
        throw new StudioError('COLUMN_NOT_FOUND', `The table "${stream}" in ${this.options.file} has no column "${column}".`, 'Run discovery again to see the columns the table has now.', { where: { file: this.options.file, table: stream, column } });
      }
    };
    const columns = options.columns?.length ? options.columns : meta.columns.map((c) => c.name);
    columns.forEach(check);
    const orderBy = options.orderBy ?? meta.primaryKey;
    orderBy.forEach(check);
    if (options.cursor) check(options.cursor.column);
    yield* orderedScan(this.physical(meta), {
      columns,
      orderBy,
      cursor: options.cursor,
      batchSize: options.batchSize > 0 ? options.batchSize : 1000,
      signal: options.signal,
      types: meta.types,
      windowRows: this.options.sortWindowRows,
    });
  }

  async close(): Promise<void> {
    this.opening = null;
    this.tables = null;
  }

  /** Rows in file order, decoded a chunk at a time through getData's offset and limit. */
  private physical(meta: TableMeta): PhysicalTable {
    const file = this.options.file;
    return {
      async *scan(columns, chunkRows, signal, wanted) {
        const plain = columns.filter((c) => meta.nativeTypes.get(c) !== 'complex');
        const complex = columns.filter((c) => meta.nativeTypes.get(c) === 'complex');
        for (let offset = 0; ; offset += chunkRows) {
          throwIfAborted(signal);
          // A chunk with no wanted row is only counted (no columns decoded), which keeps positions aligned.
          const skip = wanted !== undefined && !anyWanted(wanted, offset, chunkRows);
          const rows = getChunk(meta, skip ? [] : plain, offset, chunkRows, file);
          const extra = complex.length && !skip ? getComplexChunk(meta, complex, offset, chunkRows, file) : null;
          const out: (Row | undefined)[] = rows.map((raw, i) => {
            if (skip) return undefined;
            const row: Row = {};
            for (const c of columns) {
              const value = meta.nativeTypes.get(c) === 'complex' ? extra?.[i]?.[c] : raw[c];
              row[c] = convertAccessValue(meta.nativeTypes.get(c) ?? 'text', value);
            }
            return row;
          });
          if (out.length) yield out;
          if (rows.length < chunkRows) return;
          // Decoding is synchronous: give timers, IPC and cancellation a turn between chunks.
          await nextTurn();
        }
      },
    };
  }

  private async meta(stream: string): Promise<TableMeta> {
    const meta = this.catalog(await this.open()).get(stream);
    if (!meta) {
      throw new StudioError('STREAM_NOT_FOUND', `The table "${stream}" does not exist in ${this.options.file}.`, 'Run discovery again to see the tables the file has now.', { where: { file: this.options.file, table: stream } });
    }
    return meta;
  }

  private open(): Promise<OpenedAccessFile> {
    if (!this.opening) {
      this.opening = openAccessFile(this.options.file, this.options.password, this.options.timeoutMs);
      // A failed open is not cached: the next call (say, with the file restored) tries again.
      this.opening.catch(() => (this.opening = null));
    }
    return this.opening;
  }

  private catalog(opened: OpenedAccessFile): Map<string, TableMeta> {
    if (this.tables) return this.tables;
    const file = this.options.file;
    const names = guard(() => opened.reader.getTableNames(), file, 'the table list').filter((n) => !/^msys/i.test(n) && !n.startsWith('~'));
    const definitionPages = safeDefinitionPages(opened);
    const relationships = relationshipsByTable(safeRelationships(opened), new Set(names));
    const tables = new Map<string, TableMeta>();
    for (const name of names) {
      const table = guard(() => opened.reader.getTable(name), file, name);
      const mdbColumns = guard(() => table.getColumns(), file, name);
      const columns = mdbColumns.map(normalizeAccessColumn);
      const page = definitionPages.get(name);
      const primaryKey = page ? (readPrimaryKey(opened.buffer, opened.format, page) ?? []) : [];
      tables.set(name, {
        name,
        table,
        columns,
        nativeTypes: new Map(mdbColumns.map((c) => [c.name, c.type])),
        types: new Map(columns.map((c) => [c.name, c.type])),
        primaryKey,
        foreignKeys: relationships.get(name) ?? [],
      });
    }
    this.tables = tables;
    return tables;
  }
}

/**
 * Builds the Access connector from a saved connection. Config keys: `path` (or `file`) of the
 * .mdb/.accdb; optional `password` when no secret is given (the vault's secret wins);
 * `timeoutMs` for loading the file (default 120000); `sortWindowRows` (default 50000).
 */
export function createAccessConnector(config: Record<string, string | number | boolean>, secret: string | null): SourceConnector {
  const path = config.path ?? config.file;
  if (typeof path !== 'string' || path.trim() === '') {
    throw new StudioError('BAD_REQUEST', 'An Access connection needs the path of its .mdb or .accdb file.', 'Choose the file again in the connection settings.');
  }
  const password = secret ?? (typeof config.password === 'string' ? config.password : null);
  return new AccessConnector({
    file: resolve(path),
    password: password === '' ? null : password,
    timeoutMs: positive(config.timeoutMs, DEFAULT_TIMEOUT_MS),
    sortWindowRows: positive(config.sortWindowRows, DEFAULT_SORT_WINDOW_ROWS),
  });
}

function positive(value: unknown, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

function getChunk(meta: TableMeta, columns: string[], offset: number, limit: number, file: string): Record<string, unknown>[] {
  try {
    return meta.table.getData({ columns, rowOffset: offset, rowLimit: limit }) as Record<string, unknown>[];
  } catch (err) {
    throw new StudioError('SOURCE_CORRUPT', `Rows ${offset + 1}-${offset + limit} of table "${meta.name}" in ${file} could not be decoded: ${(err as Error).message}.`, 'The file may be damaged: repair it in Access (Database Tools → Compact and Repair) or copy it again from its source.', { where: { file, table: meta.name, row: offset + 1 }, cause: err });
  }
}

/**
 * Attachment columns are read on their own so that a complex column mdb-reader cannot decode
 * (multi-valued lookup fields) names itself instead of failing the whole table.
 */
function getComplexChunk(meta: TableMeta, columns: string[], offset: number, limit: number, file: string): Record<string, unknown>[] {
  return columns.reduce<Record<string, unknown>[]>((acc, column) => {
    let values: Record<string, unknown>[];
    try {
      values = meta.table.getData({ columns: [column], rowOffset: offset, rowLimit: limit }) as Record<string, unknown>[];
    } catch (err) {
      throw new StudioError('SOURCE_UNSUPPORTED', `The column "${column}" of table "${meta.name}" is a multi-valued or attachment field the studio cannot read (${(err as Error).message}).`, 'Leave this column out of the read (choose the other columns), or in Access turn it into an ordinary field or a separate table.', { where: { file, table: meta.name, column }, cause: err });
    }
    values.forEach((v, i) => (acc[i] = { ...acc[i], [column]: v[column] }));
    return acc;
  }, []);
}

function anyWanted(wanted: (position: number) => boolean, from: number, count: number): boolean {
  for (let i = from; i < from + count; i++) if (wanted(i)) return true;
  return false;
}

function guard<T>(fn: () => T, file: string, what: string): T {
  try {
    return fn();
  } catch (err) {
    throw new StudioError('SOURCE_CORRUPT', `${what} in ${file} could not be read: ${(err as Error).message}.`, 'The file may be damaged: repair it in Access (Database Tools → Compact and Repair) or copy it again from its source.', { where: { file, table: what }, cause: err });
  }
}

/** Table name → first page of its definition, from MSysObjects (Id's low 24 bits). */
function safeDefinitionPages(opened: OpenedAccessFile): Map<string, number> {
  try {
    const rows = opened.reader.getTable('MSysObjects').getData({ columns: ['Id', 'Name', 'Type'] }) as { Id: number; Name: string; Type: number }[];
    return new Map(rows.filter((r) => (r.Type & 0x7f) === 1).map((r) => [r.Name, r.Id & 0x00ffffff]));
  } catch {
    return new Map();
  }
}

function safeRelationships(opened: OpenedAccessFile): RelationshipRow[] {
  try {
    return opened.reader.getTable('MSysRelationships').getData() as RelationshipRow[];
  } catch {
    return [];
  }
}

function safeLinkedTables(opened: OpenedAccessFile): string[] {
  try {
    return opened.reader.getTableNames({ normalTables: false, systemTables: false, linkedTables: true });
  } catch {
    return [];
  }
}

function describeFile(opened: OpenedAccessFile): string {
  const parts = [opened.format.label];
  if (opened.format.encryption !== 'none') parts.push(describeEncryption(opened.format.encryption));
  if (opened.passwordProtected) parts.push('password-protected');
  return parts.join(', ');
}

function toStudioError(err: unknown, file: string): StudioError {
  if (err instanceof StudioError) return err;
  return new StudioError('SOURCE_CORRUPT', `${file} could not be read: ${(err as Error)?.message ?? String(err)}.`, 'Check that the file is an Access database and not damaged.', { where: { file }, cause: err });
}

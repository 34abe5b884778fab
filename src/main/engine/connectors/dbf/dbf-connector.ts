import { basename, extname, resolve } from 'node:path';
import { StudioError } from '../../../../shared/errors';
import type { ColumnType, ConnectionTestResult, StreamInfo } from '../../../../shared/model/connection';
import type { ReadOptions, Row, SourceConnector } from '../connector';
import { type PhysicalTable, orderedScan } from '../scan/ordered-scan';
import type { ChosenEncoding } from './dbf-code-pages';
import { isMemoField } from './dbf-values';
import { type DbfTableInfo, type ScanTally, countDbfRecords, cutShort, missingMemo, openDbfTable, scanDbfTable } from './dbf-table';

/** Settings of a dBase/FoxPro source (`config` of the connection). */
export interface DbfConnectorOptions {
  /** Path of the .dbf file. */
  file: string;
  /** Stream name; the file name without extension unless a caller (a folder source) names it. */
  streamName: string;
  /** Code page override (an iconv-lite name such as cp866); null to take it from the file. */
  encoding: string | null;
  /** Read memo columns as null when the .dbt/.fpt file is missing, instead of failing. */
  ignoreMissingMemo: boolean;
  /** Longest wait for one read from the file, in milliseconds. */
  timeoutMs: number;
  /** Most rows held at once when an ordered read must reorder the file (see ordered-scan.ts). */
  sortWindowRows: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_SORT_WINDOW_ROWS = 50_000;
/** Up to this much record data, check() counts live and deleted records exactly. */
const EXACT_CHECK_BYTES = 64 * 1024 * 1024;

/**
 * A dBase III/IV, FoxPro or Visual FoxPro table (.dbf, with its .dbt/.fpt memo file) as one
 * stream named after the file. Records are read from the file a chunk at a time as the
 * consumer pulls; deleted records are skipped and counted (see deletedRecords()). The table
 * has no keys the studio reads (index files are not used), so reads come in file order unless
 * an order is asked for; a cursor reads rows strictly after its value, ordered by it.
 */
export class DbfConnector implements SourceConnector {
  readonly kind = 'dbf' as const;
  private info: Promise<DbfTableInfo> | null = null;
  /** Deleted records met by the last complete scan, null before one finished. */
  private lastDeleted: number | null = null;

  constructor(private readonly options: DbfConnectorOptions) {}

  async check(): Promise<ConnectionTestResult> {
    const started = Date.now();
    try {
      const info = await this.table();
      const memoColumn = info.columns.find((c) => isMemoField(c.field, info.header.version));
      if (memoColumn && !info.memoPath && !this.options.ignoreMissingMemo) {
        const e = missingMemo(info, memoColumn.info.name);
        return { ok: false, at: new Date().toISOString(), message: `${e.message} ${e.hint}`, serverInfo: describeTable(info), latencyMs: Date.now() - started };
      }
      // Counting reads every record's flag: done for ordinary sizes, estimated beyond, so a check stays quick.
      const small = info.completeRecords * info.header.recordLength <= EXACT_CHECK_BYTES;
      const counted = small ? await countDbfRecords(info, this.options.timeoutMs) : null;
      if (counted) this.lastDeleted = counted.deleted;
      if (!counted && info.completeRecords < info.header.recordCount) throw cutShort(info, info.completeRecords + 1);
      // The first records must decode (code page, numbers, memo pointers) for the table to count as readable.
      for await (const _first of scanDbfTable(info, info.columns.map((c) => c.info.name), 100, { timeoutMs: this.options.timeoutMs, ignoreMissingMemo: true })) break;
      const parts = [counted ? `The table opens: ${counted.live} record${counted.live === 1 ? '' : 's'}` : `The table opens: about ${info.completeRecords} records`];
      if (counted?.deleted) parts.push(`, ${counted.deleted} deleted record${counted.deleted === 1 ? '' : 's'} will be skipped`);
      parts.push(`. Code page: ${info.encoding.description}.`);
      if (memoColumn && !info.memoPath) parts.push(' The memo file is missing; memo columns read as empty.');
      return { ok: true, at: new Date().toISOString(), message: parts.join(''), serverInfo: describeTable(info), latencyMs: Date.now() - started };
    } catch (err) {
      const e = err instanceof StudioError ? err : new StudioError('SOURCE_CORRUPT', `${this.options.file} could not be read: ${(err as Error).message}`, 'Check that the file is a dBase/FoxPro table and not damaged.', { where: { file: this.options.file }, cause: err });
      return { ok: false, at: new Date().toISOString(), message: `${e.message} ${e.hint}`, latencyMs: Date.now() - started };
    }
  }

  async discover(): Promise<StreamInfo[]> {
    const info = await this.table();
    // The header's count includes deleted records: an estimate, as the field's name says.
    return [{ name: this.options.streamName, columns: info.columns.map((c) => c.info), primaryKey: [], foreignKeys: [], rowEstimate: info.completeRecords }];
  }

  async count(stream: string): Promise<number> {
    const info = await this.table(stream);
    const { live, deleted } = await countDbfRecords(info, this.options.timeoutMs);
    this.lastDeleted = deleted;
    return live;
  }

  /** Records marked deleted in the file (skipped by every read), counted now. */
  async deletedRecords(stream: string): Promise<number> {
    const info = await this.table(stream);
    const { deleted } = await countDbfRecords(info, this.options.timeoutMs);
    this.lastDeleted = deleted;
    return deleted;
  }

  /** Deleted records the last complete read (or count) skipped; null before any finished. */
  get deletedSkipped(): number | null {
    return this.lastDeleted;
  }

  /** The code page the table is read with, and how it was chosen. */
  async encoding(stream: string): Promise<ChosenEncoding> {
    return (await this.table(stream)).encoding;
  }

  async sample(stream: string, n: number): Promise<Row[]> {
    const rows: Row[] = [];
    for await (const batch of this.read(stream, { batchSize: Math.max(1, n) })) {
      rows.push(...batch);
      if (rows.length >= n) break;
    }
    return rows.slice(0, n);
  }

  async *read(stream: string, options: ReadOptions): AsyncIterable<Row[]> {
    const info = await this.table(stream);
    const known = new Set(info.columns.map((c) => c.info.name));
    const check = (column: string) => {
      if (!known.has(column)) {
        throw new StudioError('COLUMN_NOT_FOUND', `${basename(info.file)} has no column "${column}".`, 'Run discovery again to see the columns the table has now.', { where: { file: info.file, table: stream, column } });
      }
    };
    const columns = options.columns?.length ? options.columns : info.columns.map((c) => c.info.name);
    columns.forEach(check);
    const orderBy = options.orderBy ?? [];
    orderBy.forEach(check);
    if (options.cursor) check(options.cursor.column);
    const types = new Map<string, ColumnType>(info.columns.map((c) => [c.info.name, c.info.type]));
    const tally: ScanTally = { deleted: 0 };
    const scanOptions = { timeoutMs: this.options.timeoutMs, ignoreMissingMemo: this.options.ignoreMissingMemo };
    const table: PhysicalTable = {
      scan: (cols, chunkRows, signal, wanted) => {
        tally.deleted = 0;
        return scanDbfTable(info, cols, chunkRows, scanOptions, signal, tally, wanted);
      },
    };
    for await (const batch of orderedScan(table, { columns, orderBy, cursor: options.cursor, batchSize: options.batchSize > 0 ? options.batchSize : 1000, signal: options.signal, types, windowRows: this.options.sortWindowRows })) {
      yield batch;
    }
    // Only a plain read ends with one scan over every record; ordered reads may stop a scan early.
    if (orderBy.length === 0 && !options.cursor) this.lastDeleted = tally.deleted;
  }

  async close(): Promise<void> {
    this.info = null;
  }

  private async table(stream?: string): Promise<DbfTableInfo> {
    if (stream !== undefined && stream !== this.options.streamName) {
      throw new StudioError('STREAM_NOT_FOUND', `${basename(this.options.file)} holds one table, "${this.options.streamName}", not "${stream}".`, 'Run discovery again to see the stream name.', { where: { file: this.options.file, table: stream } });
    }
    if (!this.info) {
      this.info = openDbfTable(this.options.file, { encoding: this.options.encoding, timeoutMs: this.options.timeoutMs });
      this.info.catch(() => (this.info = null));
    }
    return this.info;
  }
}

/**
 * Builds the dBase/FoxPro connector from a saved connection. Config keys: `path` (or `file`)
 * of the .dbf; `encoding` to override the code page (iconv-lite name, e.g. cp866, cp1251,
 * big5); `ignoreMissingMemo` (true reads memo columns as null when the memo file is missing);
 * `streamName` (default: the file name without extension); `timeoutMs` per file read
 * (default 60000); `sortWindowRows` (default 50000). dBase tables have no password: `secret`
 * is not used.
 */
export function createDbfConnector(config: Record<string, string | number | boolean>, _secret: string | null): SourceConnector {
  const path = config.path ?? config.file;
  if (typeof path !== 'string' || path.trim() === '') {
    throw new StudioError('BAD_REQUEST', 'A dBase connection needs the path of its .dbf file.', 'Choose the file again in the connection settings.');
  }
  const file = resolve(path);
  const encoding = typeof config.encoding === 'string' && config.encoding.trim() !== '' && config.encoding !== 'auto' ? config.encoding.trim() : null;
  return new DbfConnector({
    file,
    streamName: typeof config.streamName === 'string' && config.streamName !== '' ? config.streamName : basename(file, extname(file)),
    encoding,
    ignoreMissingMemo: config.ignoreMissingMemo === true || config.ignoreMissingMemo === 'true',
    timeoutMs: positive(config.timeoutMs, DEFAULT_TIMEOUT_MS),
    sortWindowRows: positive(config.sortWindowRows, DEFAULT_SORT_WINDOW_ROWS),
  });
}

function positive(value: unknown, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

function describeTable(info: DbfTableInfo): string {
  const parts = [info.header.versionLabel, `code page ${info.encoding.encoding}`];
  if (info.memoPath) parts.push(`memo file ${basename(info.memoPath)}`);
  return parts.join(', ');
}

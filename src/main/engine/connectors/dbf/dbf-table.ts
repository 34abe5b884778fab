import { type FileHandle, open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import iconv from 'iconv-lite';
import { StudioError } from '../../../../shared/errors';
import type { ColumnInfo } from '../../../../shared/model/connection';
import type { Row } from '../connector';
import { throwIfAborted } from '../scan/ordered-scan';
import { withTimeout } from '../scan/with-timeout';
import { type ChosenEncoding, DBF_CODE_PAGES, chooseEncoding, isKnownEncoding } from './dbf-code-pages';
import { type DbfField, type DbfHeader, DbfHeaderError, FIELD_BINARY, FIELD_SYSTEM, parseDbfHeader } from './dbf-header';
import { MemoFile, MemoRangeError } from './dbf-memo';
import { decodeField, describeField, isMemoField, memoBlock } from './dbf-values';

/** Everything known about one .dbf once its header has been read. */
export interface DbfTableInfo {
  file: string;
  header: DbfHeader;
  encoding: ChosenEncoding;
  /** Visible columns, in field order, with unique names. */
  columns: { info: ColumnInfo; field: DbfField }[];
  /** VFP's hidden _NullFlags field, when the table has nullable or variable-length fields. */
  nullFlags: DbfField | null;
  /** The memo file found beside the table (any letter case), when the table has memo fields. */
  memoPath: string | null;
  hasMemoFields: boolean;
  /** Records that are complete in the file; less than the header's count when the file is cut short. */
  completeRecords: number;
}

export interface DbfOpenOptions {
  encoding: string | null;
  timeoutMs: number;
}

const DELETED = 0x2a;
const END_OF_FILE = 0x1a;
const SAMPLE_BYTES = 64 * 1024;
const CHUNK_BYTES = 1024 * 1024;

/** Reads the header of a .dbf, picks its code page and finds its memo file. */
export async function openDbfTable(file: string, options: DbfOpenOptions): Promise<DbfTableInfo> {
  let size: number;
  try {
    const info = await withTimeout(stat(file), options.timeoutMs, () => tooSlow(file, options.timeoutMs));
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch (err) {
    if (err instanceof StudioError) throw err;
    throw new StudioError('SOURCE_NOT_FOUND', `There is no dBase file at ${file}.`, 'Check the path; the file may have been moved or renamed.', { where: { file }, cause: err });
  }
  if (options.encoding && !isKnownEncoding(options.encoding)) {
    throw new StudioError('SOURCE_ENCODING', `"${options.encoding}" is not an encoding the studio knows.`, 'Use a code page name such as cp1252, cp850, cp866, cp1251, gbk or big5.', { where: { file } });
  }
  const handle = await openHandle(file, options.timeoutMs);
  try {
    const head = Buffer.alloc(32);
    const got = await timedRead(handle, head, 0, options.timeoutMs, file);
    const headerLength = got >= 10 ? head.readUInt16LE(8) : 0;
    const headerBytes = Buffer.alloc(Math.max(32, Math.min(headerLength, size)));
    await timedRead(handle, headerBytes, 0, options.timeoutMs, file);
    let header: DbfHeader;
    try {
      header = parseDbfHeader(headerBytes);
    } catch (err) {
      if (err instanceof DbfHeaderError && err.kind === 'unsupported') {
        throw new StudioError('SOURCE_UNSUPPORTED', `${basename(file)} cannot be read: ${err.message}.`, 'Open it in dBase or Visual FoxPro and save it as a dBase IV or FoxPro table, or export it to CSV.', { where: { file }, cause: err });
      }
      throw new StudioError('SOURCE_CORRUPT', `${basename(file)} is not a readable dBase/FoxPro table: ${(err as Error).message}.`, 'Check that the file is a .dbf table and not damaged; copy it again from its source if it was cut short.', { where: { file }, cause: err });
    }

    const completeRecords = Math.min(header.recordCount, Math.max(0, Math.floor((size - header.headerLength) / header.recordLength)));
    const visible = header.fields.filter((f) => !(f.flags & FIELD_SYSTEM) && f.type !== '0');
    const needsSample = !options.encoding && !DBF_CODE_PAGES.has(header.languageDriver);
    const sample = needsSample ? await textSample(handle, header, visible, completeRecords, options.timeoutMs, file) : Buffer.alloc(0);
    const encoding = chooseEncoding(options.encoding, header.languageDriver, sample);
    if (!encoding) {
      throw new StudioError('SOURCE_ENCODING', `The code page of ${basename(file)} could not be told from the file: its header names none and the text does not look like any known encoding.`, 'Set the encoding of this connection (for example cp1252 for Western Europe, cp866 or cp1251 for Russian, gbk or big5 for Chinese).', { where: { file } });
    }

    const seen = new Map<string, number>();
    const columns = visible.map((field, i) => {
      const decoded = iconv.decode(field.nameBytes, encoding.encoding).trim() || `FIELD${i + 1}`;
      return { info: describeField(field, uniqueName(decoded, seen), header.version), field };
    });
    const hasMemoFields = visible.some((f) => isMemoField(f, header.version));
    return {
      file,
      header,
      encoding,
      columns,
      nullFlags: header.fields.find((f) => f.type === '0') ?? null,
      memoPath: hasMemoFields ? await withTimeout(findMemoFile(file, header.memoStyle), options.timeoutMs, () => tooSlow(dirname(file), options.timeoutMs)) : null,
      hasMemoFields,
      completeRecords,
    };
  } finally {
    await handle.close();
  }
}

/** What a scan counted on its way through the file. */
export interface ScanTally {
  deleted: number;
}

export interface DbfScanOptions {
  timeoutMs: number;
  /** Read memo columns as null when the memo file is missing, instead of failing. */
  ignoreMissingMemo: boolean;
}

/**
 * Reads the live records of a table front to back, `chunkRows` at a time, decoding only the
 * requested columns. Deleted records are skipped and counted in `tally`. The file (and memo
 * file) stay open only while the scan runs and are closed when it ends, fails or is abandoned
 * (`break` in the consumer's for-await). A record that is cut short ends the scan with
 * SOURCE_CORRUPT naming the record number, after every complete record has been delivered.
 */
export async function* scanDbfTable(info: DbfTableInfo, columns: readonly string[], chunkRows: number, options: DbfScanOptions, signal?: AbortSignal, tally?: ScanTally, wanted?: (position: number) => boolean): AsyncGenerator<(Row | undefined)[]> {
  const { file, header } = info;
  const fields = columns.map((name) => {
    const column = info.columns.find((c) => c.info.name === name);
    if (!column) throw new Error(`unknown column ${name}`);
    return column;
  });
  const handle = await openHandle(file, options.timeoutMs);
  let memo: MemoFile | null = null;
  try {
    await assertUnchanged(handle, info, options.timeoutMs);
    if (info.memoPath && fields.some((c) => isMemoField(c.field, header.version))) {
      memo = await openMemo(info.memoPath, options.timeoutMs);
    }
    const perChunk = Math.max(1, Math.min(chunkRows, Math.floor(CHUNK_BYTES / header.recordLength)));
    const total = info.completeRecords;
    let record = 0;
    let position = 0;
    while (record < total) {
      throwIfAborted(signal);
      const count = Math.min(perChunk, total - record);
      const buf = Buffer.alloc(count * header.recordLength);
      const got = await timedRead(handle, buf, header.headerLength + record * header.recordLength, options.timeoutMs, file);
      if (got < buf.length) throw cutShort(info, record + Math.floor(got / header.recordLength) + 1);
      const rows: (Row | undefined)[] = [];
      let failure: unknown = null;
      for (let i = 0; i < count && failure === null; i++) {
        const recordNumber = record + i + 1;
        const raw = buf.subarray(i * header.recordLength, (i + 1) * header.recordLength);
        if (raw[0] === DELETED) {
          if (tally) tally.deleted++;
          continue;
        }
        if (raw[0] === END_OF_FILE) {
          failure = cutShort(info, recordNumber);
          break;
        }
        if (wanted && !wanted(position++)) {
          rows.push(undefined);
          continue;
        }
        try {
          rows.push(await decodeRecord(info, raw, fields, memo, recordNumber, options));
        } catch (err) {
          failure = err;
        }
      }
      record += count;
      // The records before a broken one are delivered before the error.
      if (rows.length) yield rows;
      if (failure !== null) throw failure;
    }
    if (info.completeRecords < header.recordCount) throw cutShort(info, info.completeRecords + 1);
  } finally {
    await memo?.close().catch(() => undefined);
    await handle.close().catch(() => undefined);
  }
}

async function openMemo(path: string, timeoutMs: number): Promise<MemoFile> {
  const handle = await openHandle(path, timeoutMs);
  try {
    const { size } = await withTimeout(handle.stat(), timeoutMs, () => tooSlow(path, timeoutMs));
    return await MemoFile.open(path, handle, size, (h, b, p) => timedRead(h, b, p, timeoutMs, path));
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
}

/** Counts live and deleted records by looking only at each record's deletion flag. */
export async function countDbfRecords(info: DbfTableInfo, timeoutMs: number, signal?: AbortSignal): Promise<{ live: number; deleted: number }> {
  const { header } = info;
  const handle = await openHandle(info.file, timeoutMs);
  try {
    await assertUnchanged(handle, info, timeoutMs);
    const perChunk = Math.max(1, Math.floor(CHUNK_BYTES / header.recordLength));
    let live = 0;
    let deleted = 0;
    for (let record = 0; record < info.completeRecords; record += perChunk) {
      throwIfAborted(signal);
      const count = Math.min(perChunk, info.completeRecords - record);
      const buf = Buffer.alloc(count * header.recordLength);
      const got = await timedRead(handle, buf, header.headerLength + record * header.recordLength, timeoutMs, info.file);
      if (got < buf.length) throw cutShort(info, record + Math.floor(got / header.recordLength) + 1);
      for (let i = 0; i < count; i++) {
        const flag = buf[i * header.recordLength];
        if (flag === END_OF_FILE) throw cutShort(info, record + i + 1);
        if (flag === DELETED) deleted++;
        else live++;
      }
    }
    if (info.completeRecords < header.recordCount) throw cutShort(info, info.completeRecords + 1);
    return { live, deleted };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function decodeRecord(info: DbfTableInfo, raw: Buffer, wanted: DbfTableInfo['columns'], memo: MemoFile | null, recordNumber: number, options: DbfScanOptions): Promise<Row> {
  const { header, nullFlags } = info;
  const flags = nullFlags ? raw.subarray(nullFlags.offset, nullFlags.offset + nullFlags.size) : null;
  const bitSet = (bit: number | undefined) => bit !== undefined && flags !== null && ((flags[bit >> 3] >> (bit & 7)) & 1) === 1;
  const row: Row = {};
  for (const { info: column, field } of wanted) {
    try {
      if (bitSet(field.nullBit)) {
        row[column.name] = null;
        continue;
      }
      const bytes = raw.subarray(field.offset, field.offset + field.size);
      if (isMemoField(field, header.version)) {
        row[column.name] = await readMemoValue(info, field, bytes, memo, column.name, recordNumber, options);
      } else {
        row[column.name] = decodeField(field, bytes, info.encoding.encoding, header.version, !bitSet(field.varLengthBit));
      }
    } catch (err) {
      if (err instanceof StudioError) throw err;
      throw new StudioError('SOURCE_CORRUPT', `Record ${recordNumber} of ${basename(info.file)} has a value in "${column.name}" that cannot be read: ${(err as Error).message}.`, 'The file may be damaged; open it in dBase/FoxPro to check that record, or copy the file again from its source.', { where: { file: info.file, row: recordNumber, column: column.name }, cause: err });
    }
  }
  return row;
}

async function readMemoValue(info: DbfTableInfo, field: DbfField, bytes: Buffer, memo: MemoFile | null, column: string, recordNumber: number, options: DbfScanOptions): Promise<unknown> {
  const block = memoBlock(bytes);
  if (block <= 0) return null;
  if (!memo) {
    if (options.ignoreMissingMemo) return null;
    throw missingMemo(info, column, recordNumber);
  }
  let value: Buffer | null;
  try {
    value = await memo.read(block);
  } catch (err) {
    if (!(err instanceof MemoRangeError)) throw err;
    throw new StudioError('SOURCE_CORRUPT', `Record ${recordNumber} of ${basename(info.file)} points to a memo for "${column}" that is not in ${basename(memo.path)}: ${err.message}.`, 'The memo file is cut short or belongs to another copy of the table: copy the .dbf and its memo file again together.', { where: { file: memo.path, row: recordNumber, column }, cause: err });
  }
  if (value === null) return null;
  const text = field.type === 'M' && !(field.flags & FIELD_BINARY);
  return text ? iconv.decode(value, info.encoding.encoding) : value;
}

/** The StudioError for memo values whose memo file is not beside the table. */
export function missingMemo(info: DbfTableInfo, column: string, recordNumber?: number): StudioError {
  const ext = info.header.memoStyle === 'foxpro' ? '.fpt' : '.dbt';
  const expected = join(dirname(info.file), basename(info.file, extname(info.file)) + ext);
  return new StudioError(
    'SOURCE_NOT_FOUND',
    `The memo file ${basename(expected)} that holds the "${column}" values of ${basename(info.file)} is missing${recordNumber ? ` (record ${recordNumber} needs it)` : ''}.`,
    `Copy ${basename(expected)} (saved together with the table) into the same folder, or turn on "ignore missing memo file" to read the other columns with "${column}" left empty.`,
    { where: { file: expected, column, ...(recordNumber ? { row: recordNumber } : {}) } },
  );
}

/** The StudioError for a table whose record `recordNumber` is missing or incomplete. */
export function cutShort(info: DbfTableInfo, recordNumber: number): StudioError {
  return new StudioError('SOURCE_CORRUPT', `${basename(info.file)} is cut short: record ${recordNumber} of ${info.header.recordCount} is missing or incomplete.`, 'Copy the file again from its source (an interrupted copy leaves it truncated); the records before it were read.', { where: { file: info.file, row: recordNumber } });
}

/** A scan that starts after the file changed would mix two versions of the table. */
async function assertUnchanged(handle: FileHandle, info: DbfTableInfo, timeoutMs: number): Promise<void> {
  const head = Buffer.alloc(12);
  await timedRead(handle, head, 0, timeoutMs, info.file);
  if (head.readUInt32LE(4) !== info.header.recordCount || head.readUInt16LE(8) !== info.header.headerLength || head.readUInt16LE(10) !== info.header.recordLength) {
    throw new StudioError('SOURCE_CHANGED', `${basename(info.file)} changed while the studio was reading it (its record count or layout is different now).`, 'Wait until the old system has finished writing, or copy the file and connect to the copy; then run discovery again.', { where: { file: info.file } });
  }
}

/** Field names and character data from the first records: what the code page detector looks at. */
async function textSample(handle: FileHandle, header: DbfHeader, fields: DbfField[], records: number, timeoutMs: number, file: string): Promise<Buffer> {
  const parts: Buffer[] = fields.map((f) => f.nameBytes);
  const text = fields.filter((f) => (f.type === 'C' || f.type === 'V') && !(f.flags & FIELD_BINARY));
  const count = Math.min(records, Math.max(1, Math.floor(SAMPLE_BYTES / header.recordLength)));
  if (text.length && count > 0) {
    const buf = Buffer.alloc(count * header.recordLength);
    const got = await timedRead(handle, buf, header.headerLength, timeoutMs, file);
    for (let i = 0; i + header.recordLength <= got; i += header.recordLength) {
      for (const f of text) parts.push(trimSpaces(buf.subarray(i + f.offset, i + f.offset + f.size)));
    }
  }
  return Buffer.concat(parts.flatMap((p) => [p, Buffer.from(' ')]));
}

function trimSpaces(b: Buffer): Buffer {
  let end = b.length;
  while (end > 0 && (b[end - 1] === 0x20 || b[end - 1] === 0)) end--;
  return b.subarray(0, end);
}

/** The memo file beside the table, found whatever the letter case of its name. */
async function findMemoFile(file: string, style: DbfHeader['memoStyle']): Promise<string | null> {
  const dir = dirname(file);
  const base = basename(file, extname(file)).toLowerCase();
  const order = style === 'foxpro' ? ['.fpt', '.dbt'] : ['.dbt', '.fpt'];
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return null;
  }
  for (const ext of order) {
    const hit = entries.find((e) => e.toLowerCase() === base + ext);
    if (hit) return join(dir, hit);
  }
  return null;
}

function uniqueName(name: string, seen: Map<string, number>): string {
  const key = name.toLowerCase();
  const n = seen.get(key) ?? 0;
  seen.set(key, n + 1);
  if (n === 0) return name;
  let candidate = `${name}_${n + 1}`;
  for (let k = n + 2; seen.has(candidate.toLowerCase()); k++) candidate = `${name}_${k}`;
  seen.set(candidate.toLowerCase(), 1);
  return candidate;
}

async function openHandle(file: string, timeoutMs: number): Promise<FileHandle> {
  try {
    return await withTimeout(open(file, 'r'), timeoutMs, () => tooSlow(file, timeoutMs), (late) => void late.close().catch(() => undefined));
  } catch (err) {
    if (err instanceof StudioError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StudioError('SOURCE_NOT_FOUND', `There is no file at ${file}.`, 'Check the path; the file may have been moved or renamed.', { where: { file }, cause: err });
    throw new StudioError('CONNECTION_FAILED', `${file} could not be opened: ${(err as Error).message}`, 'Check that you may read the file and that no other program holds it exclusively.', { where: { file }, cause: err });
  }
}

/** A positioned read that gives up after `timeoutMs` (a dead network share must not hang a run). */
export function timedRead(handle: FileHandle, buffer: Buffer, position: number, timeoutMs: number, file: string): Promise<number> {
  const readFully = async () => {
    let total = 0;
    while (total < buffer.length) {
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total, position + total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    return total;
  };
  return withTimeout(readFully(), timeoutMs, () => tooSlow(file, timeoutMs));
}

function tooSlow(file: string, timeoutMs: number): StudioError {
  return new StudioError('SOURCE_TIMEOUT', `Reading ${basename(file)} took longer than ${Math.round(timeoutMs / 1000)} s.`, 'If the file is on a network share, copy it to this computer and connect to the copy.', { where: { file } });
}

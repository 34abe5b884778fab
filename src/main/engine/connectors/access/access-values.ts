import type { Column } from 'mdb-reader';
import type { ColumnInfo, ColumnType } from '../../../../shared/model/connection';

/**
 * Access column types as the studio sees them.
 *
 * | Access (mdb-reader)              | normalized | value                                         |
 * |----------------------------------|------------|-----------------------------------------------|
 * | Text, Memo (Long Text)           | string     | string                                        |
 * | Byte, Integer, Long, AutoNumber  | integer    | number                                        |
 * | Large Number (bigint)            | integer    | number, or a string beyond ±2^53              |
 * | Currency, Decimal (numeric)      | decimal    | exact string ("3.5000", "-12.25")             |
 * | Single, Double                   | number     | number (Single as its shortest decimal)       |
 * | Date/Time                        | datetime   | "YYYY-MM-DDTHH:mm:ss[.fff]" wall time, no TZ  |
 * | Date/Time Extended               | datetime   | "YYYY-MM-DDTHH:mm:ss[.fffffff]"               |
 * | Yes/No                           | boolean    | boolean                                       |
 * | OLE Object, Binary               | binary     | Buffer                                        |
 * | Replication ID (GUID)            | string     | "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}"      |
 * | Attachment (complex)             | json       | [{name, type, data (base64), url?, timestamp?}] |
 *
 * Date/Time stays `datetime` even when every value is midnight: Access has no date-only type,
 * and guessing one from the data would retype a column when a single row gains a time.
 * A time-only value reads as 1899-12-30 with that time, exactly as Access stores it.
 */
export function normalizeAccessColumn(column: Column): ColumnInfo {
  const info: ColumnInfo = { name: column.name, type: normalizedType(column.type), nativeType: nativeTypeName(column), nullable: column.nullable };
  if (column.type === 'text') info.length = textLength(column.size);
  if (column.type === 'binary') info.length = column.size;
  if (column.type === 'numeric') {
    info.precision = column.precision;
    info.scale = column.scale;
  }
  if (column.type === 'currency') {
    info.precision = 19;
    info.scale = 4;
  }
  return info;
}

function normalizedType(type: Column['type']): ColumnType {
  switch (type) {
    case 'text':
    case 'memo':
    case 'repid':
      return 'string';
    case 'byte':
    case 'integer':
    case 'long':
    case 'bigint':
      return 'integer';
    case 'currency':
    case 'numeric':
      return 'decimal';
    case 'float':
    case 'double':
      return 'number';
    case 'datetime':
    case 'datetimextended':
      return 'datetime';
    case 'boolean':
      return 'boolean';
    case 'binary':
    case 'ole':
      return 'binary';
    case 'complex':
      return 'json';
    default:
      return 'unknown';
  }
}

function nativeTypeName(column: Column): string {
  switch (column.type) {
    case 'text':
      return `Text(${textLength(column.size)})`;
    case 'memo':
      return 'Memo';
    case 'repid':
      return 'Replication ID';
    case 'byte':
      return 'Byte';
    case 'integer':
      return 'Integer';
    case 'long':
      return column.autoLong ? 'AutoNumber' : 'Long Integer';
    case 'bigint':
      return 'Large Number';
    case 'currency':
      return 'Currency';
    case 'numeric':
      return `Decimal(${column.precision ?? '?'},${column.scale ?? '?'})`;
    case 'float':
      return 'Single';
    case 'double':
      return 'Double';
    case 'datetime':
      return 'Date/Time';
    case 'datetimextended':
      return 'Date/Time Extended';
    case 'boolean':
      return 'Yes/No';
    case 'binary':
      return `Binary(${column.size})`;
    case 'ole':
      return 'OLE Object';
    case 'complex':
      return 'Attachment';
    default:
      return String(column.type);
  }
}

/** Jet 4 and ACE store text as UCS-2, so the declared size is twice the character limit. */
function textLength(sizeBytes: number): number {
  return Math.max(1, Math.floor(sizeBytes / 2));
}

/** Turns mdb-reader's value for a column type into the studio's value (see the table above). */
export function convertAccessValue(type: Column['type'], value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'datetime':
      return value instanceof Date ? formatAccessDateTime(value) : null;
    case 'datetimextended':
      return typeof value === 'string' ? formatExtendedDateTime(value) : null;
    case 'bigint':
      return typeof value === 'bigint' ? safeInteger(value) : value;
    case 'float':
      return typeof value === 'number' ? shortestSingle(value) : value;
    case 'repid':
      return typeof value === 'string' ? `{${value.toUpperCase()}}` : value;
    case 'binary':
    case 'ole':
      // mdb-reader may hand out views into the whole file; a copy lets the file buffer go.
      return Buffer.isBuffer(value) ? Buffer.from(value) : value;
    case 'complex':
      return Array.isArray(value) ? value.map(attachmentToJson) : value;
    default:
      return value;
  }
}

const MS_PER_DAY = 86_400_000;
/** Milliseconds from 1899-12-30 (Access day 0) to 1970-01-01. */
const ACCESS_EPOCH_MS = 25_569 * MS_PER_DAY;

/**
 * mdb-reader builds the Date as if Access's wall time were UTC, so the UTC fields are the wall
 * time and no time zone ever applies. Before 1899-12-30 Access stores the day as a negative
 * whole part with a positive time fraction (-1.25 is 1899-12-29 06:00), which a plain linear
 * conversion turns into 1899-12-28 18:00; that case is folded back here.
 */
export function formatAccessDateTime(date: Date): string | null {
  let ms = date.getTime();
  if (Number.isNaN(ms)) return null;
  const sinceAccessEpoch = ms + ACCESS_EPOCH_MS;
  if (sinceAccessEpoch < 0) {
    const days = Math.trunc(sinceAccessEpoch / MS_PER_DAY);
    const fraction = sinceAccessEpoch - days * MS_PER_DAY;
    ms = days * MS_PER_DAY - fraction - ACCESS_EPOCH_MS;
  }
  const d = new Date(ms);
  const base = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  const millis = d.getUTCMilliseconds();
  return millis ? `${base}.${pad(millis, 3)}` : base;
}

/**
 * mdb-reader renders Date/Time Extended as "YYYY.MM.DD HH:MM:SS.nnnnnnnnn", taking the year
 * from local time and the rest from UTC, so around New Year in a zone far from UTC the year can
 * be off by one. The year is repaired by asking which year, read the same way, prints as
 * printed; the fraction keeps Access's 100 ns precision.
 */
export function formatExtendedDateTime(text: string): string | null {
  const m = /^(\d{1,4})\.(\d{2})\.(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{9})$/.exec(text);
  if (!m) return null;
  const printedYear = Number(m[1]);
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6]].map(Number);
  let year = printedYear;
  for (const candidate of [printedYear, printedYear + 1, printedYear - 1]) {
    const d = new Date(0);
    d.setUTCFullYear(candidate, month - 1, day);
    d.setUTCHours(hour, minute, second, 0);
    if (d.getFullYear() === printedYear) {
      year = candidate;
      break;
    }
  }
  const fraction = m[7].slice(0, 7).replace(/0+$/, '');
  const base = `${pad(year, 4)}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
  return fraction ? `${base}.${fraction.padEnd(3, '0')}` : base;
}

/** A Single holds about 7 significant digits; print the shortest decimal that reads back the same. */
export function shortestSingle(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}

function safeInteger(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

function attachmentToJson(item: unknown): unknown {
  const a = item as { name?: string; type?: string; data?: Buffer; url?: string; timestamp?: Date; flags?: number };
  const out: Record<string, unknown> = { name: a.name ?? null, type: a.type ?? null, data: Buffer.isBuffer(a.data) ? a.data.toString('base64') : null };
  if (a.url) out.url = a.url;
  if (a.timestamp instanceof Date) out.timestamp = formatAccessDateTime(a.timestamp);
  return out;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

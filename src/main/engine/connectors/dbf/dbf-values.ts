import iconv from 'iconv-lite';
import type { ColumnInfo, ColumnType } from '../../../../shared/model/connection';
import { type DbfField, FIELD_BINARY, FIELD_NULLABLE, isVisualFoxPro } from './dbf-header';

/**
 * dBase / FoxPro field types as the studio sees them.
 *
 * | type | meaning                         | normalized            | value                                     |
 * |------|---------------------------------|-----------------------|-------------------------------------------|
 * | C    | character                       | string                | text, trailing pad spaces removed         |
 * | C    | character (binary, VFP flag)    | binary                | Buffer                                    |
 * | V    | varchar (VFP)                   | string                | text, as stored (no padding to remove)    |
 * | N, F | numeric/float with decimals     | decimal               | exact text, e.g. "12.50", "-0.5"          |
 * | N, F | numeric without decimals        | integer               | number (string beyond ±2^53)              |
 * | Y    | currency (VFP, 8-byte scaled)   | decimal               | exact text with 4 decimals, "350.0000"    |
 * | I    | integer (4 bytes)               | integer               | number                                    |
 * | B    | double (VFP, 8 bytes)           | number                | number                                    |
 * | B    | binary memo (dBase, 10 bytes)   | binary                | Buffer from the memo file                 |
 * | D    | date YYYYMMDD                   | date                  | "YYYY-MM-DD"                              |
 * | T    | datetime (VFP julian day + ms)  | datetime              | "YYYY-MM-DDTHH:mm:ss" (to the second)     |
 * | L    | logical                         | boolean               | true/false; "?" or blank is null          |
 * | M    | memo                            | string (binary flag: binary) | text from the memo file             |
 * | G, P, W | general (OLE) / picture / blob | binary              | Buffer from the memo file                 |
 * | Q    | varbinary (VFP)                 | binary                | Buffer                                    |
 *
 * Text is trimmed on the right only: dBase pads C fields with spaces, so trailing spaces are
 * padding, not data; leading spaces and leading zeros ("007") are kept. A value that does not
 * fit its type (a date "20230231", a number "1.2.3") is returned as the trimmed text that was
 * read, so assessment can show it rather than the row silently losing it. Blank N/F/D/T/L
 * fields are null; a blank C field is "".
 */
export function describeField(field: DbfField, name: string, version: number): ColumnInfo {
  const info: ColumnInfo = { name, type: normalizedType(field, version), nativeType: nativeType(field, version), nullable: true };
  if (field.type === 'C' || field.type === 'V') info.length = field.size;
  if (field.type === 'N' || field.type === 'F') {
    info.precision = field.size;
    info.scale = field.decimals;
  }
  if (field.type === 'Y') {
    info.precision = 19;
    info.scale = 4;
  }
  // Only VFP records NULL-ability; elsewhere any field can be blank, which reads as null.
  if (isVisualFoxPro(version)) info.nullable = (field.flags & FIELD_NULLABLE) !== 0 || ['N', 'F', 'D', 'T', 'L', 'M', 'G', 'P', 'W'].includes(field.type);
  return info;
}

function normalizedType(field: DbfField, version: number): ColumnType {
  switch (field.type) {
    case 'C':
    case 'V':
      return field.flags & FIELD_BINARY && isVisualFoxPro(version) ? 'binary' : 'string';
    case 'M':
      return field.flags & FIELD_BINARY && isVisualFoxPro(version) ? 'binary' : 'string';
    case 'N':
    case 'F':
      return field.decimals > 0 ? 'decimal' : 'integer';
    case 'Y':
      return 'decimal';
    case 'I':
    case '+':
      return 'integer';
    case 'B':
      return isDoubleB(field, version) ? 'number' : 'binary';
    case 'O':
      return 'number';
    case 'D':
      return 'date';
    case 'T':
    case '@':
      return 'datetime';
    case 'L':
      return 'boolean';
    case 'G':
    case 'P':
    case 'W':
    case 'Q':
      return 'binary';
    default:
      return 'unknown';
  }
}

function nativeType(field: DbfField, version: number): string {
  switch (field.type) {
    case 'C':
    case 'V':
    case 'Q':
      return `${field.type}(${field.size})`;
    case 'N':
    case 'F':
      return `${field.type}(${field.size},${field.decimals})`;
    case 'B':
      return isDoubleB(field, version) ? 'B (double)' : 'B (binary memo)';
    default:
      return field.type;
  }
}

/** Visual FoxPro's B is an 8-byte double; dBase IV/V's B is a 10-byte pointer to a binary memo. */
export function isDoubleB(field: DbfField, version: number): boolean {
  return field.type === 'B' && (isVisualFoxPro(version) || field.size === 8);
}

/** True for fields whose value lives in the memo file. */
export function isMemoField(field: DbfField, version: number): boolean {
  return field.type === 'M' || field.type === 'G' || field.type === 'P' || field.type === 'W' || (field.type === 'B' && !isDoubleB(field, version));
}

/** The memo block number a record stores for a memo field (binary in VFP, text elsewhere). */
export function memoBlock(raw: Buffer): number {
  if (raw.length === 4) return raw.readUInt32LE(0);
  const text = raw.toString('latin1').trim();
  if (!/^\d+$/.test(text)) return 0;
  return Number(text);
}

/** Decodes a field stored in the record itself (everything but memo fields). */
export function decodeField(field: DbfField, raw: Buffer, encoding: string, version: number, varFull: boolean): unknown {
  switch (field.type) {
    case 'C':
      if (field.flags & FIELD_BINARY && isVisualFoxPro(version)) return Buffer.from(raw);
      return iconv.decode(trimRight(raw), encoding);
    case 'V': {
      const bytes = varFull ? raw : raw.subarray(0, Math.min(raw[raw.length - 1], raw.length - 1));
      return field.flags & FIELD_BINARY ? Buffer.from(bytes) : iconv.decode(bytes, encoding);
    }
    case 'Q': {
      const bytes = varFull ? raw : raw.subarray(0, Math.min(raw[raw.length - 1], raw.length - 1));
      return Buffer.from(bytes);
    }
    case 'N':
    case 'F':
      return decodeNumericText(raw.toString('latin1'), field.decimals);
    case 'Y':
      return formatScaled(raw.readBigInt64LE(0), 4);
    case 'I':
      return raw.readInt32LE(0);
    case 'B':
      return raw.readDoubleLE(0);
    case 'D':
      return decodeDate(raw.toString('latin1'));
    case 'T':
      return decodeVfpDateTime(raw);
    case 'L':
      return decodeLogical(raw[0]);
    default:
      return iconv.decode(trimRight(raw), encoding).trim();
  }
}

/** "  12.50" → "12.50"; " 42" → 42; "" → null; anything not a number → its trimmed text. */
export function decodeNumericText(text: string, decimals: number): unknown {
  const t = text.replace(/\0/g, '').trim();
  if (t === '') return null;
  const m = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(t);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return t;
  const sign = m[1] === '-' ? '-' : '';
  const whole = m[2] === '' ? '0' : m[2];
  const fraction = m[3] ?? '';
  if (decimals === 0 && fraction === '') {
    const n = Number(`${sign}${whole}`);
    if (Number.isSafeInteger(n)) return n === 0 ? 0 : n;
    return `${sign}${whole.replace(/^0+(?=\d)/, '')}`;
  }
  return `${sign}${whole.replace(/^0+(?=\d)/, '')}${fraction ? `.${fraction}` : ''}`;
}

/** A 64-bit integer scaled by 10^scale as exact decimal text (VFP currency: scale 4). */
export function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** "20230913" → "2023-09-13"; blank or all zeros → null; an impossible date → its text. */
export function decodeDate(text: string): string | null {
  const t = text.replace(/\0/g, ' ').trim();
  if (t === '' || /^0+$/.test(t)) return null;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return t;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(2000, mo - 1, d));
  date.setUTCFullYear(y);
  if (mo < 1 || mo > 12 || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return t;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/**
 * Visual FoxPro DateTime: a Julian day number and milliseconds since midnight. VFP keeps
 * whole seconds but writers store the milliseconds with float error (…59.999), so the time is
 * rounded to the nearest second.
 */
export function decodeVfpDateTime(raw: Buffer): string | null {
  if (raw.every((b) => b === 0x20) || raw.every((b) => b === 0)) return null;
  let julian = raw.readInt32LE(0);
  let seconds = Math.round(raw.readInt32LE(4) / 1000);
  if (julian <= 0) return null;
  if (seconds >= 86_400) {
    julian += 1;
    seconds -= 86_400;
  }
  const { year, month, day } = fromJulianDay(julian);
  const hh = Math.floor(seconds / 3600);
  const mm = Math.floor((seconds % 3600) / 60);
  const ss = seconds % 60;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hh, 2)}:${pad(mm, 2)}:${pad(ss, 2)}`;
}

/** Gregorian date of a Julian day number (Fliegel & Van Flandern). */
export function fromJulianDay(jd: number): { year: number; month: number; day: number } {
  let l = jd + 68569;
  const n = Math.floor((4 * l) / 146097);
  l = l - Math.floor((146097 * n + 3) / 4);
  const i = Math.floor((4000 * (l + 1)) / 1461001);
  l = l - Math.floor((1461 * i) / 4) + 31;
  const j = Math.floor((80 * l) / 2447);
  const day = l - Math.floor((2447 * j) / 80);
  l = Math.floor(j / 11);
  const month = j + 2 - 12 * l;
  const year = 100 * (n - 49) + i + l;
  return { year, month, day };
}

function decodeLogical(byte: number): boolean | null {
  const c = String.fromCharCode(byte);
  if ('TtYy'.includes(c)) return true;
  if ('FfNn'.includes(c)) return false;
  return null;
}

/** Drops the space (and NUL) padding that dBase writers put after text. */
function trimRight(raw: Buffer): Buffer {
  let end = raw.length;
  while (end > 0 && (raw[end - 1] === 0x20 || raw[end - 1] === 0x00)) end--;
  return raw.subarray(0, end);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

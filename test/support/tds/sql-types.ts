import iconv from 'iconv-lite';
import type { ByteReader, ByteWriter } from './tds-bytes';

/**
 * The SQL Server types the test server stores and sends, and how each goes over the wire
 * (MS-TDS 2.2.5.4 data type definitions). Values are held in plain forms that carry no time
 * zone and lose no digits:
 *
 * - integers: number (bigint: bigint); bit: boolean; float/real: number
 * - decimal/numeric/money/smallmoney: canonical decimal string (`'-12.50'`)
 * - datetime/smalldatetime/datetime2: `'YYYY-MM-DDTHH:mm:ss[.fffffff]'`; date: `'YYYY-MM-DD'`;
 *   time: `'HH:mm:ss[.fffffff]'`; datetimeoffset: `'YYYY-MM-DDTHH:mm:ss[.fffffff]+HH:MM'`
 * - character types and xml: string; uniqueidentifier: `'XXXXXXXX-XXXX-...'`
 * - binary/varbinary/image/timestamp: Buffer
 */
export type SqlTypeName =
  | 'tinyint' | 'smallint' | 'int' | 'bigint' | 'bit'
  | 'decimal' | 'numeric' | 'money' | 'smallmoney' | 'float' | 'real'
  | 'datetime' | 'smalldatetime' | 'datetime2' | 'date' | 'time' | 'datetimeoffset'
  | 'char' | 'varchar' | 'nchar' | 'nvarchar' | 'text' | 'ntext' | 'xml'
  | 'binary' | 'varbinary' | 'image' | 'timestamp' | 'uniqueidentifier';

export interface SqlType {
  name: SqlTypeName;
  /** Characters for character types, bytes for binary types; -1 means (max). */
  length?: number;
  precision?: number;
  scale?: number;
}

export type SqlValue = number | bigint | boolean | string | Buffer | null;

const NAMES = new Set<string>(['tinyint', 'smallint', 'int', 'bigint', 'bit', 'decimal', 'numeric', 'money', 'smallmoney', 'float', 'real', 'datetime', 'smalldatetime', 'datetime2', 'date', 'time', 'datetimeoffset', 'char', 'varchar', 'nchar', 'nvarchar', 'text', 'ntext', 'xml', 'binary', 'varbinary', 'image', 'timestamp', 'uniqueidentifier']);

/** Reads a T-SQL type as written in DDL: `[nvarchar](50)`, `decimal(3, 2)`, `varbinary(max)`. */
export function parseSqlType(text: string): SqlType {
  const m = /^\s*\[?([a-z0-9]+)\]?\s*(?:\(\s*(max|\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*$/i.exec(text);
  if (!m) throw new Error(`Unsupported type text: ${text}`);
  let name = m[1].toLowerCase();
  if (name === 'rowversion') name = 'timestamp';
  if (name === 'integer') name = 'int';
  if (!NAMES.has(name)) throw new Error(`Unsupported SQL type: ${name}`);
  const arg1 = m[2] === undefined ? undefined : m[2].toLowerCase() === 'max' ? -1 : Number(m[2]);
  const arg2 = m[3] === undefined ? undefined : Number(m[3]);
  const t: SqlType = { name: name as SqlTypeName };
  switch (t.name) {
    case 'decimal':
    case 'numeric':
      t.precision = arg1 ?? 18;
      t.scale = arg2 ?? 0;
      break;
    case 'money':
      t.precision = 19;
      t.scale = 4;
      break;
    case 'smallmoney':
      t.precision = 10;
      t.scale = 4;
      break;
    case 'datetime2':
    case 'time':
    case 'datetimeoffset':
      t.scale = arg1 ?? 7;
      break;
    case 'char':
    case 'varchar':
    case 'nchar':
    case 'nvarchar':
    case 'binary':
    case 'varbinary':
      t.length = arg1 ?? 1;
      break;
    case 'timestamp':
      t.length = 8;
      break;
    default:
      break;
  }
  return t;
}

/** The type as SQL Server writes it (`nvarchar(50)`, `decimal(3,2)`, `varbinary(max)`). */
export function formatSqlType(t: SqlType): string {
  switch (t.name) {
    case 'decimal':
    case 'numeric':
      return `${t.name}(${t.precision},${t.scale})`;
    case 'datetime2':
    case 'time':
    case 'datetimeoffset':
      return `${t.name}(${t.scale})`;
    case 'char':
    case 'varchar':
    case 'nchar':
    case 'nvarchar':
    case 'binary':
    case 'varbinary':
      return `${t.name}(${t.length === -1 ? 'max' : t.length})`;
    default:
      return t.name;
  }
}

/** sys.columns.max_length for the type (bytes; -1 for max). */
export function maxLengthOf(t: SqlType): number {
  switch (t.name) {
    case 'tinyint':
    case 'bit':
      return 1;
    case 'smallint':
      return 2;
    case 'int':
    case 'smallmoney':
    case 'real':
    case 'smalldatetime':
      return 4;
    case 'bigint':
    case 'money':
    case 'float':
    case 'datetime':
    case 'timestamp':
      return 8;
    case 'decimal':
    case 'numeric':
      return decimalBytes(t.precision!);
    case 'date':
      return 3;
    case 'time':
      return timeBytes(t.scale!);
    case 'datetime2':
      return timeBytes(t.scale!) + 3;
    case 'datetimeoffset':
      return timeBytes(t.scale!) + 5;
    case 'uniqueidentifier':
      return 16;
    case 'nchar':
    case 'nvarchar':
      return t.length === -1 ? -1 : t.length! * 2;
    case 'char':
    case 'varchar':
    case 'binary':
    case 'varbinary':
      return t.length!;
    case 'text':
    case 'ntext':
    case 'image':
    case 'xml':
      return t.name === 'xml' ? -1 : 16;
  }
}

/** SQL_Latin1_General_CP1_CI_AS: LCID 0x0409, ignore case/kana/width, sort id 52 (code page 1252). */
export const COLLATION = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]);

// TDS data type tokens (MS-TDS 2.2.5.4).
const T = {
  INTN: 0x26,
  BITN: 0x68,
  DECIMALN: 0x6a,
  NUMERICN: 0x6c,
  FLTN: 0x6d,
  MONEYN: 0x6e,
  DATETIMN: 0x6f,
  DATEN: 0x28,
  TIMEN: 0x29,
  DATETIME2N: 0x2a,
  DATETIMEOFFSETN: 0x2b,
  GUID: 0x24,
  BIGVARBIN: 0xa5,
  BIGVARCHR: 0xa7,
  BIGBINARY: 0xad,
  BIGCHAR: 0xaf,
  NVARCHAR: 0xe7,
  NCHAR: 0xef,
  TEXT: 0x23,
  NTEXT: 0x63,
  IMAGE: 0x22,
  XML: 0xf1,
} as const;

function decimalBytes(precision: number): number {
  if (precision <= 9) return 5;
  if (precision <= 19) return 9;
  if (precision <= 28) return 13;
  return 17;
}

function timeBytes(scale: number): number {
  return scale <= 2 ? 3 : scale <= 4 ? 4 : 5;
}

/** True for types the table name follows in COLMETADATA (MS-TDS: TEXT, NTEXT, IMAGE). */
export function hasTableName(t: SqlType): boolean {
  return t.name === 'text' || t.name === 'ntext' || t.name === 'image';
}

/** The user type SQL Server puts in COLMETADATA (80 marks timestamp, 0 otherwise will do). */
export function userTypeOf(t: SqlType): number {
  return t.name === 'timestamp' ? 80 : 0;
}

/** Writes TYPE_INFO for a result column. */
export function writeTypeInfo(w: ByteWriter, t: SqlType): void {
  switch (t.name) {
    case 'tinyint':
      w.u8(T.INTN).u8(1);
      return;
    case 'smallint':
      w.u8(T.INTN).u8(2);
      return;
    case 'int':
      w.u8(T.INTN).u8(4);
      return;
    case 'bigint':
      w.u8(T.INTN).u8(8);
      return;
    case 'bit':
      w.u8(T.BITN).u8(1);
      return;
    case 'decimal':
    case 'numeric':
      w.u8(t.name === 'decimal' ? T.DECIMALN : T.NUMERICN).u8(decimalBytes(t.precision!)).u8(t.precision!).u8(t.scale!);
      return;
    case 'money':
      w.u8(T.MONEYN).u8(8);
      return;
    case 'smallmoney':
      w.u8(T.MONEYN).u8(4);
      return;
    case 'float':
      w.u8(T.FLTN).u8(8);
      return;
    case 'real':
      w.u8(T.FLTN).u8(4);
      return;
    case 'datetime':
      w.u8(T.DATETIMN).u8(8);
      return;
    case 'smalldatetime':
      w.u8(T.DATETIMN).u8(4);
      return;
    case 'date':
      w.u8(T.DATEN);
      return;
    case 'time':
      w.u8(T.TIMEN).u8(t.scale!);
      return;
    case 'datetime2':
      w.u8(T.DATETIME2N).u8(t.scale!);
      return;
    case 'datetimeoffset':
      w.u8(T.DATETIMEOFFSETN).u8(t.scale!);
      return;
    case 'uniqueidentifier':
      w.u8(T.GUID).u8(16);
      return;
    case 'char':
    case 'varchar':
      w.u8(t.name === 'char' ? T.BIGCHAR : T.BIGVARCHR).u16(t.length === -1 ? 0xffff : t.length!).bytes(COLLATION);
      return;
    case 'nchar':
    case 'nvarchar':
      w.u8(t.name === 'nchar' ? T.NCHAR : T.NVARCHAR).u16(t.length === -1 ? 0xffff : t.length! * 2).bytes(COLLATION);
      return;
    case 'binary':
    case 'varbinary':
    case 'timestamp':
      w.u8(t.name === 'varbinary' ? T.BIGVARBIN : T.BIGBINARY).u16(t.length === -1 ? 0xffff : t.length!);
      return;
    case 'text':
      w.u8(T.TEXT).u32(0x7fffffff).bytes(COLLATION);
      return;
    case 'ntext':
      w.u8(T.NTEXT).u32(0x7ffffffe).bytes(COLLATION);
      return;
    case 'image':
      w.u8(T.IMAGE).u32(0x7fffffff);
      return;
    case 'xml':
      w.u8(T.XML).u8(0);
      return;
  }
}

const PLP_NULL = 0xffffffffffffffffn;
const TEXT_POINTER = Buffer.alloc(16, 0xaa);
const TEXT_TIMESTAMP = Buffer.alloc(8, 0);

/** Writes one value of a ROW token. */
export function writeValue(w: ByteWriter, t: SqlType, v: SqlValue): void {
  switch (t.name) {
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'bigint': {
      if (v === null) {
        w.u8(0);
        return;
      }
      const size = t.name === 'tinyint' ? 1 : t.name === 'smallint' ? 2 : t.name === 'int' ? 4 : 8;
      w.u8(size);
      if (size === 1) w.u8(Number(v));
      else if (size === 2) w.i16(Number(v));
      else if (size === 4) w.i32(Number(v));
      else w.i64(BigInt(v as number | bigint | string));
      return;
    }
    case 'bit':
      if (v === null) w.u8(0);
      else w.u8(1).u8(v ? 1 : 0);
      return;
    case 'decimal':
    case 'numeric': {
      if (v === null) {
        w.u8(0);
        return;
      }
      const size = decimalBytes(t.precision!);
      const unscaled = toUnscaled(String(v), t.scale!);
      const negative = unscaled < 0n;
      let mag = negative ? -unscaled : unscaled;
      w.u8(size).u8(negative ? 0 : 1);
      for (let i = 0; i < size - 1; i++) {
        w.u8(Number(mag & 0xffn));
        mag >>= 8n;
      }
      return;
    }
    case 'money':
    case 'smallmoney': {
      if (v === null) {
        w.u8(0);
        return;
      }
      const unscaled = toUnscaled(String(v), 4);
      if (t.name === 'smallmoney') {
        w.u8(4).i32(Number(unscaled));
      } else {
        const u = BigInt.asUintN(64, unscaled);
        w.u8(8).i32(Number(BigInt.asIntN(32, u >> 32n))).u32(Number(u & 0xffffffffn));
      }
      return;
    }
    case 'float':
      if (v === null) w.u8(0);
      else w.u8(8).f64(Number(v));
      return;
    case 'real':
      if (v === null) w.u8(0);
      else w.u8(4).f32(Number(v));
      return;
    case 'datetime': {
      if (v === null) {
        w.u8(0);
        return;
      }
      const p = parseDateTimeText(String(v));
      const days = daysFromCivil(p.y, p.mo, p.d) - DAY_1900;
      const ticks = Math.round(((p.h * 60 + p.mi) * 60 + p.s) * 300 + Number(p.ticks100ns) / 10_000 * 0.3);
      w.u8(8).i32(days).u32(ticks);
      return;
    }
    case 'smalldatetime': {
      if (v === null) {
        w.u8(0);
        return;
      }
      const p = parseDateTimeText(String(v));
      w.u8(4).u16(daysFromCivil(p.y, p.mo, p.d) - DAY_1900).u16(p.h * 60 + p.mi);
      return;
    }
    case 'date': {
      if (v === null) {
        w.u8(0);
        return;
      }
      const [y, mo, d] = String(v).split('-').map(Number);
      w.u8(3).u24(daysFromCivil(y, mo, d) - DAY_0001);
      return;
    }
    case 'time': {
      if (v === null) {
        w.u8(0);
        return;
      }
      const p = parseTimeText(String(v));
      w.u8(timeBytes(t.scale!));
      writeTimeUnits(w, t.scale!, p.secondsOfDay, p.ticks100ns);
      return;
    }
    case 'datetime2': {
      if (v === null) {
        w.u8(0);
        return;
      }
      const p = parseDateTimeText(String(v));
      w.u8(timeBytes(t.scale!) + 3);
      writeTimeUnits(w, t.scale!, (p.h * 60 + p.mi) * 60 + p.s, p.ticks100ns);
      w.u24(daysFromCivil(p.y, p.mo, p.d) - DAY_0001);
      return;
    }
    case 'datetimeoffset': {
      if (v === null) {
        w.u8(0);
        return;
      }
      const p = parseDateTimeText(String(v));
      const offset = p.offsetMinutes ?? 0;
      // The wire carries the UTC date and time and, beside them, the offset.
      let days = daysFromCivil(p.y, p.mo, p.d);
      let seconds = (p.h * 60 + p.mi) * 60 + p.s - offset * 60;
      while (seconds < 0) {
        seconds += 86_400;
        days -= 1;
      }
      while (seconds >= 86_400) {
        seconds -= 86_400;
        days += 1;
      }
      w.u8(timeBytes(t.scale!) + 5);
      writeTimeUnits(w, t.scale!, seconds, p.ticks100ns);
      w.u24(days - DAY_0001).i16(offset);
      return;
    }
    case 'uniqueidentifier':
      if (v === null) w.u8(0);
      else w.u8(16).bytes(guidToBytes(String(v)));
      return;
    case 'char':
    case 'varchar':
    case 'nchar':
    case 'nvarchar': {
      const bytes = v === null ? null : t.name === 'char' || t.name === 'varchar' ? iconv.encode(String(v), 'cp1252') : Buffer.from(String(v), 'ucs2');
      if (t.length === -1) writePlp(w, bytes);
      else if (bytes === null) w.u16(0xffff);
      else w.u16(bytes.length).bytes(bytes);
      return;
    }
    case 'binary':
    case 'varbinary':
    case 'timestamp': {
      const bytes = v === null ? null : (v as Buffer);
      if (t.length === -1) writePlp(w, bytes);
      else if (bytes === null) w.u16(0xffff);
      else w.u16(bytes.length).bytes(bytes);
      return;
    }
    case 'text':
    case 'ntext':
    case 'image': {
      if (v === null) {
        w.u8(0);
        return;
      }
      const bytes = t.name === 'text' ? iconv.encode(String(v), 'cp1252') : t.name === 'ntext' ? Buffer.from(String(v), 'ucs2') : (v as Buffer);
      w.u8(16).bytes(TEXT_POINTER).bytes(TEXT_TIMESTAMP).u32(bytes.length).bytes(bytes);
      return;
    }
    case 'xml':
      writePlp(w, v === null ? null : Buffer.from(String(v), 'ucs2'));
      return;
  }
}

/** Partially length-prefixed bytes, sent in chunks as SQL Server does for (max) types. */
function writePlp(w: ByteWriter, bytes: Buffer | null): void {
  if (bytes === null) {
    w.u64(PLP_NULL);
    return;
  }
  w.u64(BigInt(bytes.length));
  const chunk = 8000;
  for (let at = 0; at < bytes.length; at += chunk) {
    const part = bytes.subarray(at, Math.min(bytes.length, at + chunk));
    w.u32(part.length).bytes(part);
  }
  w.u32(0);
}

function writeTimeUnits(w: ByteWriter, scale: number, secondsOfDay: number, ticks100ns: bigint): void {
  // Units of 10^-scale seconds; the fraction is rounded to the column's scale. A day has
  // 864e9 ticks of 100 ns, well inside the exact range of a double.
  const ticks = secondsOfDay * 10_000_000 + Number(ticks100ns);
  const divisor = 10 ** (7 - scale);
  const units = Math.floor((ticks + Math.floor(divisor / 2)) / divisor);
  const size = timeBytes(scale);
  if (size === 3) w.u24(units);
  else if (size === 4) w.u32(units);
  else w.u40(units);
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic without Date objects, so no time zone can creep in.

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The date of a day number from daysFromCivil. */
export function civilFromDays(z: number): { y: number; m: number; d: number } {
  const zz = z + 719_468;
  const era = Math.floor(zz / 146_097);
  const doe = zz - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

const DAY_0001 = daysFromCivil(1, 1, 1);
const DAY_1900 = daysFromCivil(1900, 1, 1);

interface DateTimeParts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ticks100ns: bigint;
  offsetMinutes: number | null;
}

/** Reads `YYYY-M-D[(T| )HH:mm[:ss[.fffffff]]][(+|-)HH:MM|Z]`. */
export function parseDateTimeText(text: string): DateTimeParts {
  // The canonical form (every generated value) is read by position: a regex per value would
  // cost more than the rest of a row's encoding.
  if (text.length >= 19 && text[4] === '-' && text[7] === '-' && text[10] === 'T' && text[13] === ':' && text[16] === ':' && (text.length === 19 || text[19] === '.')) {
    const frac = text.length > 20 ? text.slice(20) : '';
    if (/^\d{0,7}$/.test(frac)) {
      return {
        y: +text.slice(0, 4),
        mo: +text.slice(5, 7),
        d: +text.slice(8, 10),
        h: +text.slice(11, 13),
        mi: +text.slice(14, 16),
        s: +text.slice(17, 19),
        ticks100ns: BigInt(frac.padEnd(7, '0')),
        offsetMinutes: null,
      };
    }
  }
  const m = /^(\d{1,4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|[+-]\d{2}:\d{2})?$/.exec(text.trim());
  if (!m) throw new Error(`Not a date/time value: ${text}`);
  let offsetMinutes: number | null = null;
  if (m[8] === 'Z') offsetMinutes = 0;
  else if (m[8]) offsetMinutes = (m[8][0] === '-' ? -1 : 1) * (Number(m[8].slice(1, 3)) * 60 + Number(m[8].slice(4, 6)));
  return {
    y: Number(m[1]),
    mo: Number(m[2]),
    d: Number(m[3]),
    h: Number(m[4] ?? 0),
    mi: Number(m[5] ?? 0),
    s: Number(m[6] ?? 0),
    ticks100ns: BigInt((m[7] ?? '').padEnd(7, '0')),
    offsetMinutes,
  };
}

function parseTimeText(text: string): { secondsOfDay: number; ticks100ns: bigint } {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/.exec(text.trim());
  if (!m) throw new Error(`Not a time value: ${text}`);
  return { secondsOfDay: (Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? 0), ticks100ns: BigInt((m[4] ?? '').padEnd(7, '0')) };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function formatFraction(ticks100ns: bigint, scale: number): string {
  if (scale === 0) return '';
  return '.' + ticks100ns.toString().padStart(7, '0').slice(0, scale);
}

// ---------------------------------------------------------------------------------------------
// Decimals as scaled BigInts.

/** `'-12.5'` at scale 2 → -1250n. Rounds half away from zero past the scale, as SQL Server does. */
export function toUnscaled(text: string, scale: number): bigint {
  const m = /^\s*([+-])?(\d*)(?:\.(\d*))?\s*$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`Not a decimal: ${text}`);
  const negative = m[1] === '-';
  const frac = m[3] ?? '';
  const kept = frac.slice(0, scale).padEnd(scale, '0');
  let unscaled = BigInt((m[2] || '0') + kept);
  if (frac.length > scale && Number(frac[scale]) >= 5) unscaled += 1n;
  return negative ? -unscaled : unscaled;
}

/** -1250n at scale 2 → `'-12.50'`. */
export function fromUnscaled(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale);
  return (negative ? '-' : '') + int + (scale > 0 ? '.' + frac : '');
}

/** Canonical form of a stored value for a type (fills scales, normalizes dates). */
export function canonicalValue(t: SqlType, v: SqlValue): SqlValue {
  if (v === null) return null;
  switch (t.name) {
    case 'decimal':
    case 'numeric':
      return fromUnscaled(toUnscaled(String(v), t.scale!), t.scale!);
    case 'money':
    case 'smallmoney':
      return fromUnscaled(toUnscaled(String(v), 4), 4);
    case 'bigint':
      return BigInt(v as number | bigint | string);
    case 'datetime':
    case 'smalldatetime':
    case 'datetime2':
    case 'datetimeoffset': {
      const p = parseDateTimeText(String(v));
      const scale = t.name === 'datetime' ? 3 : t.name === 'smalldatetime' ? 0 : t.scale!;
      let ticks = p.ticks100ns;
      let s = p.s;
      if (t.name === 'datetime') ticks = BigInt(Math.round(Math.round(Number(ticks) / 10_000 * 0.3) / 0.3)) * 10_000n;
      if (t.name === 'smalldatetime') {
        s = 0;
        ticks = 0n;
      }
      const base = `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(s)}${formatFraction(ticks, scale)}`;
      if (t.name !== 'datetimeoffset') return base;
      const off = p.offsetMinutes ?? 0;
      return `${base}${off < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
    }
    case 'date': {
      const [y, mo, d] = String(v).split('-').map(Number);
      return `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
    }
    case 'time': {
      const p = parseTimeText(String(v));
      const h = Math.floor(p.secondsOfDay / 3600);
      const mi = Math.floor((p.secondsOfDay % 3600) / 60);
      return `${pad(h)}:${pad(mi)}:${pad(p.secondsOfDay % 60)}${formatFraction(p.ticks100ns, t.scale!)}`;
    }
    case 'uniqueidentifier':
      return String(v).toUpperCase();
    default:
      return v;
  }
}

/**
 * Orders two values of one type the way SQL Server does closely enough for the test server:
 * numbers numerically, decimals exactly, character data case-insensitively (the CI collation),
 * dates by their canonical text (or instant, with an offset), uniqueidentifier by SQL Server's
 * byte order. NULL sorts first.
 */
export function compareValues(t: SqlType, a: SqlValue, b: SqlValue): number {
  if (a === null || b === null) return a === null ? (b === null ? 0 : -1) : 1;
  switch (t.name) {
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'float':
    case 'real':
      return Math.sign(Number(a) - Number(b));
    case 'bigint': {
      const x = BigInt(a as bigint);
      const y = BigInt(b as bigint);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'bit':
      return Number(Boolean(a)) - Number(Boolean(b));
    case 'decimal':
    case 'numeric':
    case 'money':
    case 'smallmoney': {
      const x = toUnscaled(String(a), 7);
      const y = toUnscaled(String(b), 7);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'datetimeoffset': {
      const x = instantTicks(String(a));
      const y = instantTicks(String(b));
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'datetime':
    case 'smalldatetime':
    case 'datetime2':
    case 'date':
    case 'time': {
      const x = String(canonicalValue({ ...t, name: t.name === 'date' || t.name === 'time' ? t.name : 'datetime2', scale: 7 }, a));
      const y = String(canonicalValue({ ...t, name: t.name === 'date' || t.name === 'time' ? t.name : 'datetime2', scale: 7 }, b));
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'uniqueidentifier': {
      const x = guidSortKey(String(a));
      const y = guidSortKey(String(b));
      return Buffer.compare(x, y);
    }
    case 'binary':
    case 'varbinary':
    case 'image':
    case 'timestamp':
      return Buffer.compare(a as Buffer, b as Buffer);
    default: {
      const x = String(a).toUpperCase().replace(/\s+$/, '');
      const y = String(b).toUpperCase().replace(/\s+$/, '');
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}

function instantTicks(text: string): bigint {
  const p = parseDateTimeText(text);
  const seconds = BigInt(daysFromCivil(p.y, p.mo, p.d)) * 86_400n + BigInt(((p.h * 60 + p.mi) - (p.offsetMinutes ?? 0)) * 60 + p.s);
  return seconds * 10_000_000n + p.ticks100ns;
}

/** The byte order of a GUID on the wire (first three groups little-endian). */
export function guidToBytes(guid: string): Buffer {
  const hex = guid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`Not a GUID: ${guid}`);
  const b = Buffer.from(hex, 'hex');
  return Buffer.from([b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], ...b.subarray(8)]);
}

export function bytesToGuid(b: Buffer): string {
  const h = (i: number) => b[i].toString(16).padStart(2, '0');
  return `${h(3)}${h(2)}${h(1)}${h(0)}-${h(5)}${h(4)}-${h(7)}${h(6)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`.toUpperCase();
}

/** SQL Server compares uniqueidentifier by bytes 10–15, then 8–9, 6–7, 4–5, 0–3 (of the wire order). */
function guidSortKey(guid: string): Buffer {
  const b = guidToBytes(guid);
  return Buffer.from([...b.subarray(10, 16), b[8], b[9], b[6], b[7], b[4], b[5], b[0], b[1], b[2], b[3]]);
}

// ---------------------------------------------------------------------------------------------
// Reading RPC parameters (TYPE_INFO then value), the other direction.

/** A parameter as the client sent it: the type it declared and the value, in stored form. */
export interface ParamValue {
  type: SqlType;
  value: SqlValue;
}

/** Reads TYPE_INFO and one value of an RPC parameter (MS-TDS 2.2.6.6 ParamMetaData + value). */
export function readParamValue(r: ByteReader): ParamValue {
  const id = r.u8();
  switch (id) {
    case T.INTN: {
      const max = r.u8();
      const len = r.u8();
      const type: SqlType = { name: max === 1 ? 'tinyint' : max === 2 ? 'smallint' : max === 4 ? 'int' : 'bigint' };
      if (len === 0) return { type, value: null };
      return { type, value: len === 1 ? r.u8() : len === 2 ? r.i16() : len === 4 ? r.i32() : r.i64() };
    }
    case T.BITN: {
      r.u8();
      const len = r.u8();
      return { type: { name: 'bit' }, value: len === 0 ? null : r.u8() !== 0 };
    }
    case T.DECIMALN:
    case T.NUMERICN: {
      r.u8();
      const precision = r.u8();
      const scale = r.u8();
      const type: SqlType = { name: id === T.DECIMALN ? 'decimal' : 'numeric', precision, scale };
      const len = r.u8();
      if (len === 0) return { type, value: null };
      const positive = r.u8() === 1;
      let mag = 0n;
      const bytes = r.bytes(len - 1);
      for (let i = bytes.length - 1; i >= 0; i--) mag = (mag << 8n) | BigInt(bytes[i]);
      return { type, value: fromUnscaled(positive ? mag : -mag, scale) };
    }
    case T.MONEYN: {
      const max = r.u8();
      const type: SqlType = { name: max === 4 ? 'smallmoney' : 'money', precision: max === 4 ? 10 : 19, scale: 4 };
      const len = r.u8();
      if (len === 0) return { type, value: null };
      if (len === 4) return { type, value: fromUnscaled(BigInt(r.i32()), 4) };
      const high = BigInt(r.i32());
      const low = BigInt(r.u32());
      return { type, value: fromUnscaled((high << 32n) | low, 4) };
    }
    case T.FLTN: {
      const max = r.u8();
      const type: SqlType = { name: max === 4 ? 'real' : 'float' };
      const len = r.u8();
      if (len === 0) return { type, value: null };
      return { type, value: len === 4 ? r.f32() : r.f64() };
    }
    case T.DATETIMN: {
      const max = r.u8();
      const type: SqlType = { name: max === 4 ? 'smalldatetime' : 'datetime' };
      const len = r.u8();
      if (len === 0) return { type, value: null };
      if (len === 4) {
        const days = r.u16();
        const minutes = r.u16();
        return { type, value: formatDateTime(DAY_1900 + days, minutes * 60, 0n, 0) };
      }
      const days = r.i32();
      const ticks300 = r.u32();
      const ms = Math.round(ticks300 * 10 / 3);
      return { type, value: formatDateTime(DAY_1900 + days + Math.floor(ms / 86_400_000), Math.floor((ms % 86_400_000) / 1000), BigInt(ms % 1000) * 10_000n, 3) };
    }
    case T.DATEN: {
      const len = r.u8();
      if (len === 0) return { type: { name: 'date' }, value: null };
      const c = civilFromDays(DAY_0001 + r.u24());
      return { type: { name: 'date' }, value: `${pad(c.y, 4)}-${pad(c.m)}-${pad(c.d)}` };
    }
    case T.TIMEN:
    case T.DATETIME2N:
    case T.DATETIMEOFFSETN: {
      const scale = r.u8();
      const name: SqlTypeName = id === T.TIMEN ? 'time' : id === T.DATETIME2N ? 'datetime2' : 'datetimeoffset';
      const type: SqlType = { name, scale };
      const len = r.u8();
      if (len === 0) return { type, value: null };
      const units = BigInt(r.uintLE(timeBytes(scale)));
      const ticks = units * 10n ** BigInt(7 - scale);
      const seconds = Number(ticks / 10_000_000n);
      const frac = ticks % 10_000_000n;
      if (name === 'time') {
        return { type, value: `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}${formatFraction(frac, scale)}` };
      }
      const days = DAY_0001 + r.u24();
      if (name === 'datetime2') return { type, value: formatDateTime(days, seconds, frac, scale) };
      const offset = r.i16();
      let local = seconds + offset * 60;
      let localDays = days;
      while (local < 0) {
        local += 86_400;
        localDays -= 1;
      }
      while (local >= 86_400) {
        local -= 86_400;
        localDays += 1;
      }
      const sign = offset < 0 ? '-' : '+';
      return { type, value: `${formatDateTime(localDays, local, frac, scale)}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}` };
    }
    case T.GUID: {
      r.u8();
      const len = r.u8();
      return { type: { name: 'uniqueidentifier' }, value: len === 0 ? null : bytesToGuid(r.bytes(16)) };
    }
    case T.BIGVARCHR:
    case T.BIGCHAR:
    case T.NVARCHAR:
    case T.NCHAR: {
      const max = r.u16();
      r.bytes(5);
      const unicode = id === T.NVARCHAR || id === T.NCHAR;
      const name: SqlTypeName = id === T.BIGVARCHR ? 'varchar' : id === T.BIGCHAR ? 'char' : id === T.NVARCHAR ? 'nvarchar' : 'nchar';
      const type: SqlType = { name, length: max === 0xffff ? -1 : unicode ? max / 2 : max };
      const bytes = max === 0xffff ? readPlp(r) : readUsBytes(r);
      if (bytes === null) return { type, value: null };
      return { type, value: unicode ? bytes.toString('ucs2') : iconv.decode(bytes, 'cp1252') };
    }
    case T.BIGVARBIN:
    case T.BIGBINARY: {
      const max = r.u16();
      const type: SqlType = { name: id === T.BIGVARBIN ? 'varbinary' : 'binary', length: max === 0xffff ? -1 : max };
      const bytes = max === 0xffff ? readPlp(r) : readUsBytes(r);
      return { type, value: bytes === null ? null : Buffer.from(bytes) };
    }
    default:
      throw new Error(`The test server does not read parameters of TDS type 0x${id.toString(16)}`);
  }
}

function readUsBytes(r: ByteReader): Buffer | null {
  const len = r.u16();
  return len === 0xffff ? null : r.bytes(len);
}

function readPlp(r: ByteReader): Buffer | null {
  const total = r.u64();
  if (total === PLP_NULL) return null;
  const parts: Buffer[] = [];
  for (;;) {
    const n = r.u32();
    if (n === 0) break;
    parts.push(r.bytes(n));
  }
  return Buffer.concat(parts);
}

function formatDateTime(days: number, secondsOfDay: number, ticks100ns: bigint, scale: number): string {
  const c = civilFromDays(days);
  const h = Math.floor(secondsOfDay / 3600);
  const mi = Math.floor((secondsOfDay % 3600) / 60);
  return `${pad(c.y, 4)}-${pad(c.m)}-${pad(c.d)}T${pad(h)}:${pad(mi)}:${pad(secondsOfDay % 60)}${formatFraction(ticks100ns, scale)}`;
}

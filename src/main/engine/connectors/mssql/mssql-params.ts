import { StudioError } from '../../../../shared/errors';
import type { MssqlModule, MssqlType } from './mssql-driver';
import { isWideDecimal, type MssqlColumn } from './mssql-types';

/** A typed parameter of a read statement and the SQL that stands for it. */
export interface TypedParam {
  type: MssqlType;
  value: unknown;
  /** The parameter as written in the statement (`@p0`, or `CAST(@p0 AS money)`). */
  sql(name: string): string;
}

/**
 * Types a cursor value for the column it is compared with, so SQL Server compares in the
 * column's own type: a parameter of another type would make it convert the column side (no
 * index seek; for datetime against datetime2 since SQL Server 2016 even a different result at
 * the boundary). Values come as the connector hands them out — strings for exact decimals,
 * dates and large integers, numbers, booleans, Buffers (or base64 text for binary) — so a cursor
 * saved from an earlier run compares exactly with the stored value.
 */
export function typedParam(driver: MssqlModule, c: MssqlColumn, value: unknown, stream: string): TypedParam {
  const T = driver.TYPES;
  const base = c.baseType.toLowerCase();
  const plain = (type: MssqlType, v: unknown): TypedParam => ({ type, value: v, sql: (n) => `@${n}` });
  const bad = (why: string) =>
    new StudioError('BAD_REQUEST', `The cursor value ${describe(value)} does not fit the column ${c.name} of ${stream} (${base}): ${why}.`, 'Use a value read from this column, or start the incremental read again without a cursor value.', { where: { table: stream, column: c.name } });

  switch (base) {
    case 'tinyint':
    case 'smallint':
    case 'int': {
      const n = Number(value);
      if (!Number.isInteger(n)) throw bad('not a whole number');
      return plain(base === 'tinyint' ? T.TinyInt() : base === 'smallint' ? T.SmallInt() : T.Int(), n);
    }
    case 'bigint': {
      try {
        return plain(T.BigInt(), BigInt(typeof value === 'number' ? Math.trunc(value) : String(value)));
      } catch {
        throw bad('not a whole number');
      }
    }
    case 'bit':
      return plain(T.Bit(), value === true || value === 1 || value === '1' || String(value).toLowerCase() === 'true');
    case 'float':
    case 'real': {
      const n = Number(value);
      if (!Number.isFinite(n)) throw bad('not a number');
      return plain(base === 'float' ? T.Float() : T.Real(), n);
    }
    case 'decimal':
    case 'numeric':
    case 'money':
    case 'smallmoney': {
      const text = typeof value === 'number' ? String(value) : String(value).trim();
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) throw bad('not a decimal number');
      if (isWideDecimal(c)) {
        // tedious writes decimal parameters through a JS number (15 digits); sent as text and
        // cast by the server, every digit arrives.
        const target = base === 'money' ? 'money' : `${base}(${c.precision},${c.scale})`;
        return { type: T.NVarChar(64), value: text, sql: (n) => `CAST(@${n} AS ${target})` };
      }
      if (base === 'smallmoney') return plain(T.SmallMoney(), Number(text));
      return plain(T.Decimal(c.precision, c.scale), Number(text));
    }
    case 'date':
      return plain(T.Date(), wallClock(value, 'date', bad));
    case 'datetime':
      return plain(T.DateTime(), wallClock(value, 'datetime', bad));
    case 'smalldatetime':
      return plain(T.SmallDateTime(), wallClock(value, 'datetime', bad));
    case 'datetime2':
      return plain(T.DateTime2(c.scale), wallClock(value, 'datetime', bad));
    case 'time':
      return plain(T.Time(c.scale), wallClock(value, 'time', bad));
    case 'datetimeoffset':
      return plain(T.DateTimeOffset(c.scale), wallClock(value, 'offset', bad));
    case 'char':
    case 'varchar':
      // Same type as the column (not nvarchar), so an index on it can be used.
      return plain(T.VarChar(c.maxLength === -1 ? undefined : c.maxLength), String(value));
    case 'nchar':
    case 'nvarchar':
    case 'sysname':
      return plain(T.NVarChar(c.maxLength === -1 ? undefined : c.maxLength / 2), String(value));
    case 'uniqueidentifier': {
      const text = String(value);
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) throw bad('not a GUID');
      return plain(T.UniqueIdentifier(), text);
    }
    case 'binary':
    case 'varbinary':
    case 'timestamp':
    case 'rowversion': {
      const bytes = Buffer.isBuffer(value) ? value : typeof value === 'string' ? binaryText(value) : null;
      if (!bytes) throw bad('not binary data (a Buffer, 0x… hex or base64)');
      return plain(T.VarBinary(c.maxLength === -1 ? undefined : Math.max(c.maxLength, bytes.length)), bytes);
    }
    default:
      throw new StudioError('BAD_REQUEST', `The column ${c.name} of ${stream} (${base}) cannot order an incremental read.`, 'Choose a column of a number, date, text or rowversion type as the cursor.', { where: { table: stream, column: c.name } });
  }
}

/** 0x-prefixed hex, else base64 (how binary values travel in JSON, docs/conventions.md). */
function binaryText(text: string): Buffer | null {
  if (/^0x([0-9a-f]{2})*$/i.test(text)) return Buffer.from(text.slice(2), 'hex');
  if (/^[A-Za-z0-9+/]*={0,2}$/.test(text) && text.length % 4 === 0) return Buffer.from(text, 'base64');
  return null;
}

/**
 * A Date whose UTC fields are the wall-clock value (the driver writes UTC fields, useUTC), with
 * the digits below a millisecond in `nanosecondDelta` (seconds) as tedious expects. For
 * datetimeoffset the Date is the instant; the server compares datetimeoffset values by instant.
 */
function wallClock(value: unknown, kind: 'date' | 'datetime' | 'time' | 'offset', bad: (why: string) => StudioError): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw bad('an invalid date');
    return value;
  }
  const text = String(value).trim();
  let m: RegExpExecArray | null;
  if (kind === 'time') {
    m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/.exec(text);
    if (!m) throw bad('not a time (HH:mm:ss)');
    return build(1970, 1, 1, Number(m[1]), Number(m[2]), Number(m[3] ?? 0), m[4] ?? '', 0);
  }
  m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!m) throw bad(kind === 'date' ? 'not a date (YYYY-MM-DD)' : 'not a date and time (YYYY-MM-DDTHH:mm:ss)');
  let offset = 0;
  if (m[8] && m[8] !== 'Z') {
    if (kind !== 'offset') throw bad('it carries a time-zone offset, and the column holds wall-clock times without one');
    const digits = m[8].replace(':', '');
    offset = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  return build(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), m[7] ?? '', offset);
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, fraction: string, offsetMinutes: number): Date {
  const ticks = Number(fraction.padEnd(7, '0'));
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, Math.floor(ticks / 10_000)) - offsetMinutes * 60_000);
  // Date.UTC maps years 0–99 to 1900–1999; set the year itself.
  date.setUTCFullYear(y + (date.getUTCFullYear() - 2000));
  Object.defineProperty(date, 'nanosecondDelta', { value: (ticks % 10_000) / 1e7, enumerable: false });
  return date;
}

function describe(value: unknown): string {
  if (Buffer.isBuffer(value)) return `0x${value.toString('hex').slice(0, 32)}`;
  const text = typeof value === 'string' ? `"${value}"` : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

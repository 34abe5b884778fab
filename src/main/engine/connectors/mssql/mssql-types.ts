import type { ColumnType } from '../../../../shared/model/connection';

/** A column as SQL Server's catalog describes it (sys.columns joined to sys.types). */
export interface MssqlColumn {
  name: string;
  /** The system type the column is stored as (`nvarchar`, `decimal`, ...), aliases resolved. */
  baseType: string;
  /** The type as declared, which differs from baseType for alias types (`sysname`, `dbo.Flag`). */
  declaredType: string;
  /** sys.columns.max_length: bytes, -1 for (max). */
  maxLength: number;
  precision: number;
  scale: number;
  nullable: boolean;
}

/** Quotes an identifier for T-SQL: brackets, with `]` doubled, so any name stays data. */
export function quoteMssqlIdent(name: string): string {
  return `[${name.replace(/\]/g, ']]')}]`;
}

/** `schema.table` as a stream name splits at the first dot; a table name may contain dots. */
export function splitStreamName(stream: string): { schema: string; table: string } | null {
  const dot = stream.indexOf('.');
  if (dot <= 0 || dot === stream.length - 1) return null;
  return { schema: stream.slice(0, dot), table: stream.slice(dot + 1) };
}

/** The normalized type of a column (docs/conventions.md), from its base system type. */
export function normalizeMssqlType(baseType: string): ColumnType {
  switch (baseType.toLowerCase()) {
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'bigint':
      return 'integer';
    case 'decimal':
    case 'numeric':
    case 'money':
    case 'smallmoney':
      return 'decimal';
    case 'float':
    case 'real':
      return 'number';
    case 'bit':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
    case 'smalldatetime':
    case 'datetime2':
    case 'datetimeoffset':
      return 'datetime';
    case 'time':
      return 'time';
    case 'char':
    case 'varchar':
    case 'nchar':
    case 'nvarchar':
    case 'text':
    case 'ntext':
    case 'sysname':
    case 'uniqueidentifier':
    case 'xml':
      return 'string';
    case 'binary':
    case 'varbinary':
    case 'image':
    case 'timestamp':
    case 'rowversion':
      return 'binary';
    default:
      // sql_variant, hierarchyid, geometry, geography and CLR types.
      return 'unknown';
  }
}

/** The native type as SQL Server writes it: `nvarchar(50)`, `decimal(3,2)`, `datetime2(7)`. */
export function formatNativeType(c: MssqlColumn): string {
  const base = c.baseType.toLowerCase();
  let text: string;
  switch (base) {
    case 'char':
    case 'varchar':
    case 'binary':
    case 'varbinary':
      text = `${base}(${c.maxLength === -1 ? 'max' : c.maxLength})`;
      break;
    case 'nchar':
    case 'nvarchar':
      text = `${base}(${c.maxLength === -1 ? 'max' : c.maxLength / 2})`;
      break;
    case 'decimal':
    case 'numeric':
      text = `${base}(${c.precision},${c.scale})`;
      break;
    case 'datetime2':
    case 'time':
    case 'datetimeoffset':
      text = `${base}(${c.scale})`;
      break;
    default:
      text = base;
  }
  const declared = c.declaredType.toLowerCase();
  return declared && declared !== base ? `${c.declaredType} (${text})` : text;
}

/** Characters (or bytes for binary types) a column holds, when it has a declared length. */
export function lengthOf(c: MssqlColumn): number | undefined {
  const base = c.baseType.toLowerCase();
  if (c.maxLength === -1) return undefined;
  if (base === 'nchar' || base === 'nvarchar') return c.maxLength / 2;
  if (base === 'char' || base === 'varchar' || base === 'binary' || base === 'varbinary') return c.maxLength;
  return undefined;
}

/**
 * Decimals whose values can need more than 15 significant digits. tedious turns DECIMAL,
 * NUMERIC and MONEY into JavaScript numbers, which hold 15 digits exactly; these columns are
 * converted to text on the server instead (see selectExpression).
 */
export function isWideDecimal(c: Pick<MssqlColumn, 'baseType' | 'precision'>): boolean {
  const base = c.baseType.toLowerCase();
  return base === 'money' || ((base === 'decimal' || base === 'numeric') && c.precision > 15);
}

/**
 * How one column is fetched so that no digit or time zone is lost on the way:
 *
 * - decimal/numeric with precision ≤ 15 and smallmoney come as JS numbers whose unscaled value
 *   is below 10^15 < 2^53; `toFixed(scale)` then gives back exactly the stored digits (the
 *   nearest double is within a quarter unit of the last decimal place).
 * - wider decimal/numeric: `CONVERT(varchar(41), c)`, which writes every digit with the
 *   column's scale; money: `CONVERT(varchar(32), c, 2)`, style 2 = four decimals, no commas
 *   (style 0 would round to two). Both exist since SQL Server 2000.
 * - datetimeoffset comes as a UTC instant (tedious drops the offset), so the offset is fetched
 *   beside it with `DATEPART(TZOFFSET, c)` (SQL Server 2008+) and the local time rebuilt.
 * - everything else is fetched as is; dates are read with useUTC so the Date's UTC fields are
 *   the server's wall-clock values.
 */
export function selectExpression(c: MssqlColumn, offsetAlias: string | null): string {
  const q = quoteMssqlIdent(c.name);
  const base = c.baseType.toLowerCase();
  if (base === 'money') return `CONVERT(varchar(32), ${q}, 2) AS ${q}`;
  if (isWideDecimal(c)) return `CONVERT(varchar(41), ${q}) AS ${q}`;
  if (base === 'datetimeoffset' && offsetAlias) return `${q}, DATEPART(TZOFFSET, ${q}) AS ${quoteMssqlIdent(offsetAlias)}`;
  return q;
}

/** Turns a driver value into the studio's value for a column; `offset` is the TZOFFSET beside it. */
export type ValueConverter = (value: unknown, offset?: unknown) => unknown;

export function valueConverter(c: MssqlColumn): ValueConverter {
  const base = c.baseType.toLowerCase();
  switch (base) {
    case 'bigint':
      return (v) => (typeof v === 'string' ? safeInteger(v) : v);
    case 'decimal':
    case 'numeric':
    case 'smallmoney':
      return (v) => (typeof v === 'number' ? v.toFixed(base === 'smallmoney' ? 4 : c.scale) : v);
    case 'money':
      return (v) => (typeof v === 'number' ? v.toFixed(4) : v);
    case 'date':
      return (v) => (v instanceof Date ? formatDate(v) : v);
    case 'datetime':
      return (v) => (v instanceof Date ? `${formatDate(v)}T${formatTime(v, 3)}` : v);
    case 'smalldatetime':
      return (v) => (v instanceof Date ? `${formatDate(v)}T${formatTime(v, 0)}` : v);
    case 'datetime2':
      return (v) => (v instanceof Date ? `${formatDate(v)}T${formatTime(v, c.scale)}` : v);
    case 'time':
      return (v) => (v instanceof Date ? formatTime(v, c.scale) : v);
    case 'datetimeoffset':
      return (v, offset) => (v instanceof Date ? formatOffsetDateTime(v, typeof offset === 'number' ? offset : 0, c.scale) : v);
    case 'binary':
    case 'varbinary':
    case 'image':
    case 'timestamp':
    case 'rowversion':
      // A copy, so a batch never keeps the driver's whole network buffer alive.
      return (v) => (Buffer.isBuffer(v) ? Buffer.from(v) : v);
    default:
      return (v) => (v instanceof Date ? v.toISOString() : Buffer.isBuffer(v) ? Buffer.from(v) : v);
  }
}

/** A bigint as a number when it is exact as one, else as its decimal string. */
function safeInteger(text: string): number | string {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** YYYY-MM-DD of a Date read with useUTC (its UTC fields are the stored values). */
function formatDate(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * HH:mm:ss[.fffffff] with at most `scale` fractional digits, trailing zeros dropped. tedious
 * keeps the digits below a millisecond in `nanosecondsDelta` (seconds), which is added back.
 */
function formatTime(d: Date, scale: number): string {
  const hms = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return hms + fraction(d, scale);
}

function fraction(d: Date, scale: number): string {
  if (scale <= 0) return '';
  const extra = (d as Date & { nanosecondsDelta?: number }).nanosecondsDelta ?? 0;
  const ticks = d.getUTCMilliseconds() * 10_000 + Math.round(extra * 1e7);
  const digits = String(ticks).padStart(7, '0').slice(0, Math.min(scale, 7)).replace(/0+$/, '');
  return digits ? `.${digits}` : '';
}

/** The wall-clock time at the stored offset, ISO 8601 with ±HH:MM. */
function formatOffsetDateTime(utc: Date, offsetMinutes: number, scale: number): string {
  const local = new Date(utc.getTime() + offsetMinutes * 60_000);
  Object.defineProperty(local, 'nanosecondsDelta', { value: (utc as Date & { nanosecondsDelta?: number }).nanosecondsDelta ?? 0 });
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${formatDate(local)}T${formatTime(local, scale)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

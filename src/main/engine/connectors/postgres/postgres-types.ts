import pg from 'pg';
import type { ColumnType } from '../../../../shared/model/connection';
import type { SqlDialect } from '../sql/sql-dialect';
import { parsePgArray } from './postgres-array';

/** Quotes an identifier for PostgreSQL: double quotes, embedded quotes doubled. */
export function quotePgIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export const PG_DIALECT: SqlDialect = {
  quote: quotePgIdent,
  placeholder: (i) => `$${i}`,
  rowComparison: true,
};

/**
 * The normalized type of a column from its base type (domains resolved to what they wrap).
 * `category` is pg_type.typcategory ('A' for arrays), `typtype` 'e' for enums.
 */
export function normalizePgType(typname: string, category: string, typtype: string): ColumnType {
  if (category === 'A') return 'json';
  if (typtype === 'e') return 'string';
  switch (typname) {
    case 'int2':
    case 'int4':
    case 'int8':
    case 'oid':
      return 'integer';
    case 'numeric':
    case 'money':
      return 'decimal';
    case 'float4':
    case 'float8':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'date':
      return 'date';
    case 'timestamp':
    case 'timestamptz':
      return 'datetime';
    case 'time':
    case 'timetz':
      return 'time';
    case 'bytea':
      return 'binary';
    case 'json':
    case 'jsonb':
      return 'json';
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'char':
    case 'name':
    case 'citext':
    case 'uuid':
    case 'xml':
    case 'inet':
    case 'cidr':
    case 'macaddr':
    case 'macaddr8':
    case 'interval':
      return 'string';
    default:
      return category === 'S' ? 'string' : 'unknown';
  }
}

const identity = (v: string): string => v;
const safeInt8 = (v: string): number | string => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
};
/** timestamp without time zone: the wall-clock as written, 'YYYY-MM-DDTHH:mm:ss[.ffffff]'. */
const timestamp = (v: string): string => (/^\d{4,}-\d\d-\d\d \d/.test(v) ? v.replace(' ', 'T') : v);
/** timestamptz (session TimeZone is UTC): ISO 8601 with the offset spelled ±HH:MM. */
const timestampTz = (v: string): string => {
  const m = /^(\d{4,}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)([+-]\d\d)(?::?(\d\d))?(?::?(\d\d))?$/.exec(v);
  return m ? `${m[1]}T${m[2]}${m[3]}:${m[4] ?? '00'}${m[5] ? `:${m[5]}` : ''}` : v;
};
const bytea = pg.types.getTypeParser(17, 'text') as (v: string) => Buffer;

const SCALAR: Record<number, (v: string) => unknown> = {
  16: (v) => v === 't',
  17: bytea,
  20: safeInt8,
  21: (v) => Number(v),
  23: (v) => Number(v),
  26: (v) => Number(v),
  114: (v) => JSON.parse(v),
  700: (v) => Number(v),
  701: (v) => Number(v),
  3802: (v) => JSON.parse(v),
  1114: timestamp,
  1184: timestampTz,
};

/** Array type oid → element type oid, for the arrays a school database plausibly holds. */
const ARRAYS: Record<number, number> = {
  1000: 16, 1001: 17, 1005: 21, 1007: 23, 1016: 20, 1028: 26, 1021: 700, 1022: 701, 199: 114, 3807: 3802,
  1115: 1114, 1185: 1184, 1009: 25, 1015: 1043, 1014: 1042, 1182: 1082, 1183: 1083, 1231: 1700, 2951: 2950, 1003: 19,
};

function parserFor(oid: number): (v: string) => unknown {
  const scalar = SCALAR[oid];
  if (scalar) return scalar;
  const element = ARRAYS[oid];
  if (element !== undefined) {
    const parseElement = SCALAR[element] ?? identity;
    return (v) => parsePgArray(v, parseElement);
  }
  // numeric, date, time, interval, uuid, text and everything else: the server's exact text.
  return identity;
}

/**
 * Value parsers for one connection (pg's `types` option), never installed globally, so other
 * code in the process that uses pg keeps its own behaviour. Every value arrives as text and is
 * turned into: numbers for int2/int4/float, int8 as a number when exact (else its digits as a
 * string), numeric and money as exact strings, dates as 'YYYY-MM-DD', timestamps as ISO strings
 * (with offset only for timestamptz), bytea as Buffer, json/jsonb parsed, arrays as JS arrays.
 */
export const PG_TYPE_PARSERS = {
  getTypeParser(oid: number, format?: string): (v: string) => unknown {
    if (format === 'binary') return identity;
    return parserFor(oid);
  },
};

import type { ColumnType } from '../../../../shared/model/connection';
import type { SqlDialect } from '../sql/sql-dialect';

/** Quotes an identifier for MySQL/MariaDB: backticks, embedded backticks doubled. */
export function quoteMySqlIdent(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

export const MYSQL_DIALECT: SqlDialect = {
  quote: quoteMySqlIdent,
  placeholder: () => '?',
  rowComparison: false,
};

/**
 * How a column's values are adjusted after mysql2 has read them (with dateStrings,
 * supportBigNumbers and decimal-as-string, so nothing has lost precision yet):
 * - `boolean-int`: tinyint(1) 0/1 → false/true (any other number is kept as it is: it is data);
 * - `bit-boolean`: bit(1) → boolean;
 * - `date`: 'YYYY-MM-DD' kept; zero dates ('0000-00-00', month or day 00) kept as text and counted;
 * - `datetime`: 'YYYY-MM-DD HH:mm:ss[.ffffff]' → 'YYYY-MM-DDTHH:mm:ss[.ffffff]' (no zone, no drift);
 * - `timestamp`: the same plus 'Z' — the session time zone is UTC, so this is the true instant;
 * - `json-text`: MariaDB's JSON is LONGTEXT with a json_valid() check: parsed like MySQL's JSON.
 */
export type MySqlValueKind = 'plain' | 'boolean-int' | 'bit-boolean' | 'date' | 'datetime' | 'timestamp' | 'json-text';

/** The normalized type of a column from information_schema.COLUMNS (`isJson`: MariaDB's JSON alias). */
export function normalizeMySqlType(dataType: string, columnType: string, isJson: boolean): ColumnType {
  const t = dataType.toLowerCase();
  const ct = columnType.toLowerCase();
  if (isJson || t === 'json') return 'json';
  if (t === 'tinyint' && /^tinyint\(1\)/.test(ct)) return 'boolean';
  if (t === 'bit') return ct === 'bit(1)' ? 'boolean' : 'binary';
  if (['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'year'].includes(t)) return 'integer';
  if (t === 'decimal' || t === 'numeric') return 'decimal';
  if (['float', 'double', 'real', 'double precision'].includes(t)) return 'number';
  if (t === 'date') return 'date';
  if (t === 'datetime' || t === 'timestamp') return 'datetime';
  if (t === 'time') return 'time';
  if (['char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext', 'enum', 'set', 'uuid', 'inet4', 'inet6'].includes(t)) return 'string';
  if (['binary', 'varbinary', 'tinyblob', 'blob', 'mediumblob', 'longblob'].includes(t)) return 'binary';
  return 'unknown';
}

/** Which adjustment (if any) a column's values need; see MySqlValueKind. */
export function valueKindOf(dataType: string, columnType: string, isJson: boolean): MySqlValueKind {
  const t = dataType.toLowerCase();
  if (isJson && t !== 'json') return 'json-text';
  if (t === 'tinyint' && /^tinyint\(1\)/i.test(columnType)) return 'boolean-int';
  if (t === 'bit' && columnType.toLowerCase() === 'bit(1)') return 'bit-boolean';
  if (t === 'date') return 'date';
  if (t === 'datetime') return 'datetime';
  if (t === 'timestamp') return 'timestamp';
  return 'plain';
}

/** True for a date MySQL stores but the calendar does not have: year 0000, month 00 or day 00. */
export function isZeroDate(value: string): boolean {
  // Character checks rather than a regex: this runs for every date value of a read.
  const zeroPair = (i: number) => value.charCodeAt(i) === 48 && value.charCodeAt(i + 1) === 48;
  return (zeroPair(0) && zeroPair(2)) || zeroPair(5) || zeroPair(8);
}

/**
 * Adjusts one value; `onZeroDate` is told of each zero date kept as text so it can be reported.
 * Returns the value unchanged for `plain` and for NULL.
 */
export function convertMySqlValue(kind: MySqlValueKind, value: unknown, onZeroDate: () => void): unknown {
  if (value === null || value === undefined) return value;
  switch (kind) {
    case 'boolean-int':
      return value === 0 ? false : value === 1 ? true : value;
    case 'bit-boolean':
      return Buffer.isBuffer(value) ? value.length > 0 && value[value.length - 1] === 1 : value;
    case 'date':
      if (typeof value === 'string' && isZeroDate(value)) onZeroDate();
      return value;
    case 'datetime':
    case 'timestamp': {
      if (typeof value !== 'string') return value;
      if (isZeroDate(value)) {
        onZeroDate();
        return value;
      }
      const iso = value.charCodeAt(10) === 32 ? `${value.slice(0, 10)}T${value.slice(11)}` : value;
      return kind === 'timestamp' ? `${iso}Z` : iso;
    }
    case 'json-text':
      if (typeof value !== 'string') return value;
      try {
        return JSON.parse(value);
      } catch {
        return value;
      }
    default:
      return value;
  }
}

/**
 * Turns a value as this connector hands it out back into what MySQL compares with, for cursor
 * positions saved by an earlier run: ISO date-times lose their 'T' (and the 'Z' of a timestamp;
 * another offset is converted to UTC, the session zone), booleans become 1/0.
 */
export function encodeMySqlParam(kind: MySqlValueKind | undefined, value: unknown): unknown {
  if (typeof value === 'boolean' && (kind === 'boolean-int' || kind === 'bit-boolean')) return value ? 1 : 0;
  if (typeof value !== 'string' || (kind !== 'datetime' && kind !== 'timestamp')) return value;
  const m = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d(?:\.\d+)?)(Z|[+-]\d\d:?\d\d)?$/.exec(value);
  if (!m) return value;
  const [, date, time, zone] = m;
  if (!zone || zone === 'Z' || /^[+-]00:?00$/.test(zone)) return `${date} ${time}`;
  const utc = new Date(`${date}T${time}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`);
  return Number.isNaN(utc.getTime()) ? value : utc.toISOString().replace('T', ' ').replace('Z', '');
}

/** One column whose values a read adjusts, and where to report its zero dates. */
export interface ColumnAdjustment {
  column: string;
  kind: MySqlValueKind;
  onZeroDate: () => void;
}

/**
 * Builds the in-place adjuster for rows of one read. Why generated code: a loop over column
 * names (`row[name]`) is a megamorphic keyed access on every value of every row, which made the
 * adjustment cost as much as the driver's own parsing; with each property name written out
 * (as a JSON string literal, so any name is inert) V8 sees fixed, monomorphic accesses — the same
 * technique mysql2 uses for its row parsers.
 */
export function compileRowAdjuster(adjustments: ColumnAdjustment[]): (row: Record<string, unknown>) => void {
  if (!adjustments.length) return () => undefined;
  const fns = adjustments.map((a) => (v: unknown) => convertMySqlValue(a.kind, v, a.onZeroDate));
  const body = adjustments
    .map((a, i) => {
      const key = JSON.stringify(a.column);
      return `v = row[${key}]; if (v !== null) row[${key}] = f[${i}](v);`;
    })
    .join('\n');
  return new Function('f', `return function adjust(row) { let v;\n${body}\n};`)(fns) as (row: Record<string, unknown>) => void;
}

import type { ColumnType } from '../../../../shared/model/connection';

/**
 * Orders normalized source values the way a database would order the column's native type,
 * for file tables that have no query engine to sort for us (Access through mdb-reader, dBase).
 *
 * Rules: NULL sorts first; integers compare exactly even beyond 2^53 (they arrive as strings);
 * decimals compare as exact decimal text (never through floating point); strings, dates and
 * datetimes compare by UTF-16 code unit (ISO dates sort correctly that way; text order is
 * binary, not a language collation); binary compares byte by byte.
 */
export function compareValues(type: ColumnType, a: unknown, b: unknown): number {
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) return aNull && bNull ? 0 : aNull ? -1 : 1;
  switch (type) {
    case 'integer':
      return compareIntegers(a, b);
    case 'decimal':
      return compareDecimalValues(a, b);
    case 'number':
      return compareNumbers(a, b);
    case 'boolean':
      return Number(Boolean(a)) - Number(Boolean(b));
    case 'binary':
      if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return Buffer.compare(a, b);
      return compareText(String(a), String(b));
    case 'json':
    case 'unknown':
      return compareText(JSON.stringify(a), JSON.stringify(b));
    default:
      return compareText(asText(a), asText(b));
  }
}

/** Compares two decimal literals exactly ("-0.50" vs "-0.5" are equal; "10.1" > "9.99"). */
export function compareDecimalText(a: string, b: string): number | null {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (!x || !y) return null;
  if (x.negative !== y.negative) return x.negative ? -1 : 1;
  const magnitude = compareMagnitude(x, y);
  return x.negative && magnitude !== 0 ? -magnitude : magnitude;
}

interface ParsedDecimal {
  negative: boolean;
  whole: string;
  fraction: string;
}

function parseDecimal(text: string): ParsedDecimal | null {
  const m = /^\s*([+-])?(\d*)(?:\.(\d*))?\s*$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const whole = m[2].replace(/^0+/, '');
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  // "-0.00" is zero: keep a single sign for zero so it equals "0".
  const negative = m[1] === '-' && (whole !== '' || fraction !== '');
  return { negative, whole, fraction };
}

function compareMagnitude(x: ParsedDecimal, y: ParsedDecimal): number {
  if (x.whole.length !== y.whole.length) return x.whole.length < y.whole.length ? -1 : 1;
  if (x.whole !== y.whole) return x.whole < y.whole ? -1 : 1;
  const len = Math.max(x.fraction.length, y.fraction.length);
  const fx = x.fraction.padEnd(len, '0');
  const fy = y.fraction.padEnd(len, '0');
  return fx === fy ? 0 : fx < fy ? -1 : 1;
}

function compareIntegers(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  const x = toBigInt(a);
  const y = toBigInt(b);
  if (x !== null && y !== null) return x === y ? 0 : x < y ? -1 : 1;
  return compareDecimalValues(a, b);
}

function compareDecimalValues(a: unknown, b: unknown): number {
  const exact = compareDecimalText(asText(a), asText(b));
  return exact ?? compareText(asText(a), asText(b));
}

function compareNumbers(a: unknown, b: unknown): number {
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return compareText(asText(a), asText(b));
  return x === y ? 0 : x < y ? -1 : 1;
}

function toBigInt(v: unknown): bigint | null {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : null;
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return BigInt(v.trim());
  return null;
}

function compareText(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Dates given back as cursor values are read as the naive wall time our values carry. */
function asText(v: unknown): string {
  if (v instanceof Date) return v.toISOString().replace(/Z$/, '').replace(/\.000$/, '');
  return String(v);
}

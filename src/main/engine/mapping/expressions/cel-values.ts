/**
 * Values between the studio and CEL. CEL has 64-bit integers apart from doubles, so whole JS
 * numbers go in as bigint (`row.AGE + 1` type-checks and runs); dates go in as ISO text (what
 * the target takes). A missing value is left out of `row`, so `has(row.X)` tells it apart; what
 * comes out is plain JSON again (bigint back to number when it fits).
 */

/** A source value as CEL sees it; undefined for a value left out. */
export function toCel(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return Number.isInteger(value) && Number.isSafeInteger(value) ? BigInt(value) : value;
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : dateText(value);
  if (value instanceof Uint8Array) return value;
  if (depth > 8) return undefined;
  if (Array.isArray(value)) return value.map((v) => toCel(v, depth + 1) ?? null);
  if (typeof value === 'object') return rowToCel(value as Record<string, unknown>, depth + 1);
  return String(value);
}

/** A row (or a record) as a CEL map: its present values, converted. */
export function rowToCel(row: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(row)) {
    const c = toCel(v, depth);
    if (c !== undefined) out[k] = c;
  }
  return out;
}

/** What CEL gave, as a field value: bigint → number (text when it does not fit exactly), maps → objects. */
export function fromCel(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean' || value instanceof Uint8Array) return value;
  if (depth > 8) return null;
  if (Array.isArray(value)) return value.map((v) => fromCel(v, depth + 1));
  if (value instanceof Map) return Object.fromEntries([...value.entries()].map(([k, v]) => [String(k), fromCel(v, depth + 1)]));
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: string } }).constructor?.name;
    if (name === 'UnsignedInt' || name === 'Duration') return String(value);
    if (value instanceof Date) return value.toISOString();
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromCel(v, depth + 1)]));
  }
  return String(value);
}

function dateText(d: Date): string {
  const midnight = d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 && d.getUTCMilliseconds() === 0;
  return midnight ? d.toISOString().slice(0, 10) : d.toISOString();
}

/** The CEL type a source column's values take (docs/conventions.md column types). */
export function celTypeOfColumn(type: string): string {
  switch (type) {
    case 'string':
    case 'date':
    case 'datetime':
    case 'time':
      return 'string';
    case 'integer':
      return 'int';
    case 'decimal':
    case 'number':
      return 'double';
    case 'boolean':
      return 'bool';
    case 'binary':
      return 'bytes';
    default:
      return 'dyn';
  }
}

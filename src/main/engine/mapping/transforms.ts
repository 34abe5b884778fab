import type { FieldTransform } from '../../../shared/model/mapping';
import { fixMojibake } from './cp1252';
import { readDate } from './date-formats';

/** What a chain of transforms made of a value: the new value, or why the row cannot be used. */
export type TransformResult = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Applies transforms in order to one source value. Pure: the same value, transforms and row give
 * the same answer, and nothing is changed in place. The first failing transform stops the chain.
 *
 * Conventions every kind keeps:
 * - null and undefined pass through as null (except `constant`, `concat` and `crosswalk`, which
 *   can produce a value from nothing);
 * - text transforms leave numbers, booleans and binary values alone (`padStart` and `crosswalk`
 *   read numbers as their decimal text, so 123 can become "000123" or a code);
 * - after `split`, text transforms act on each item of the list.
 */
export function applyTransforms(value: unknown, transforms: readonly FieldTransform[], row: Record<string, unknown>): TransformResult {
  let current: unknown = value === undefined ? null : value;
  for (const transform of transforms) {
    const result = applyOne(current, transform, row);
    if (!result.ok) return result;
    current = result.value;
  }
  return { ok: true, value: current };
}

function applyOne(value: unknown, t: FieldTransform, row: Record<string, unknown>): TransformResult {
  switch (t.kind) {
    case 'trim':
      return ok(eachText(value, (s) => s.trim()));
    case 'fixMojibake':
      return ok(eachText(value, fixMojibake));
    case 'titleCase':
      return ok(eachText(value, (s) => (t.onlyIfAllCaps && !isAllCapsText(s) ? s : titleCase(s))));
    case 'emptyToNull':
      return ok(emptyToNull(value));
    case 'constant':
      return ok(t.value);
    case 'concat':
      return concat(t.columns, t.separator, row);
    case 'split':
      return ok(split(value, t.separator));
    case 'padStart':
      if (!Number.isInteger(t.length) || t.length < 0 || t.char.length === 0) return fail(`padStart needs a whole length and a fill character (got ${t.length} and "${t.char}").`);
      return ok(eachScalar(value, (s) => s.padStart(t.length, t.char)));
    case 'parseDate':
      try {
        return eachFallible(value, (v) => readDate(v, t.formats, t.sentinels));
      } catch (err) {
        return fail((err as Error).message);
      }
    case 'crosswalk':
      return eachFallible(value, (v) => crosswalk(v, t.table, t.fallback ?? 'keep'));
    default:
      return fail(`Unknown transform "${(t as { kind: string }).kind}".`);
  }
}

/**
 * Upper-case first letter of each word, the rest lower-case; words start after a space, hyphen,
 * apostrophe or opening bracket ("O'BRIEN-SMITH" → "O'Brien-Smith"), and "Mc" keeps the next
 * letter capital ("MCDONALD" → "McDonald"). Scripts without case (Hebrew, Arabic) are untouched.
 */
export function titleCase(text: string): string {
  return text
    .toLowerCase()
    .replace(/(^|[\s\-'’(])(\p{Ll})/gu, (_, before: string, letter: string) => before + letter.toUpperCase())
    .replace(/(^|[\s\-'’(])Mc(\p{Ll})/gu, (_, before: string, letter: string) => `${before}Mc${letter.toUpperCase()}`);
}

/** True for text whose letters are all capitals (at least two of them, and no lower-case letter). */
export function isAllCapsText(text: string): boolean {
  if (/\p{Ll}/u.test(text)) return false;
  const capitals = text.match(/\p{Lu}/gu);
  return capitals !== null && capitals.length >= 2;
}

/** Empty or blank text, and an empty list, become null; anything else is kept. */
function emptyToNull(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' && value.trim() === '') return null;
  if (Array.isArray(value) && value.length === 0) return null;
  return value;
}

function concat(columns: readonly string[], separator: string, row: Record<string, unknown>): TransformResult {
  const parts: string[] = [];
  for (const column of columns) {
    if (!(column in row)) return fail(`The column "${column}" is not in the source row.`);
    const v = row[column];
    if (v === null || v === undefined) continue;
    const text = (v instanceof Date ? v.toISOString() : String(v)).trim();
    if (text !== '') parts.push(text);
  }
  return ok(parts.length ? parts.join(separator) : null);
}

function split(value: unknown, separator: string): unknown {
  if (typeof value !== 'string') return value === undefined ? null : value;
  const items = value
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return items.length ? items : null;
}

function crosswalk(value: unknown, table: Record<string, string>, fallback: 'keep' | 'null' | 'reject'): TransformResult {
  // A missing value is looked up as the empty code, so a crosswalk can say what "blank" means.
  const key = value === null || value === undefined ? '' : typeof value === 'string' ? value : String(value);
  if (Object.hasOwn(table, key)) return ok(table[key]);
  // Legacy codes drift in case and padding ("m", " F "); a loose match is still the same code.
  const loose = key.trim().toLowerCase();
  for (const code of Object.keys(table)) {
    if (code.trim().toLowerCase() === loose) return ok(table[code]);
  }
  if (fallback === 'null') return ok(null);
  if (fallback === 'reject') {
    const known = Object.keys(table).map((k) => (k === '' ? '(blank)' : k));
    return fail(`"${key}" has no entry in the crosswalk (known codes: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}).`);
  }
  return ok(value === undefined ? null : value);
}

/** Applies a text function to a string, or to each string of a list; other values pass through. */
function eachText(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? fn(item) : item));
  return value === undefined ? null : value;
}

/** Like eachText, but numbers and bigints are read as their decimal text first. */
function eachScalar(value: unknown, fn: (s: string) => string): unknown {
  const one = (v: unknown) => (typeof v === 'string' ? fn(v) : typeof v === 'number' || typeof v === 'bigint' ? fn(String(v)) : v);
  if (Array.isArray(value)) return value.map(one);
  return value === undefined ? null : one(value);
}

function eachFallible(value: unknown, fn: (v: unknown) => TransformResult): TransformResult {
  if (!Array.isArray(value)) return fn(value);
  const out: unknown[] = [];
  for (const item of value) {
    const r = fn(item);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}

function ok(value: unknown): TransformResult {
  return { ok: true, value };
}

function fail(error: string): TransformResult {
  return { ok: false, error };
}

import { ok, type TransformResult } from './define';

/**
 * How transforms reach the text inside a value, the conventions every kind keeps:
 * - null and undefined pass through as null;
 * - text transforms leave numbers, booleans and binary values alone (`eachScalar` reads numbers
 *   as their decimal text, so 123 can become "000123" or a code);
 * - after `split`, text transforms act on each item of the list.
 */

/** Applies a text function to a string, or to each string of a list; other values pass through. */
export function eachText(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? fn(item) : item));
  return value === undefined ? null : value;
}

/** Like eachText, but numbers and bigints are read as their decimal text first. */
export function eachScalar(value: unknown, fn: (s: string) => string): unknown {
  const one = (v: unknown) => (typeof v === 'string' ? fn(v) : typeof v === 'number' || typeof v === 'bigint' ? fn(String(v)) : v);
  if (Array.isArray(value)) return value.map(one);
  return value === undefined ? null : one(value);
}

/** Applies a function that may refuse a value to the value, or to each item of a list (the first refusal wins). */
export function eachFallible(value: unknown, fn: (v: unknown) => TransformResult): TransformResult {
  if (!Array.isArray(value)) return fn(value);
  const out: unknown[] = [];
  for (const item of value) {
    const r = fn(item);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}

/** Missing, blank text or an empty list: a value that says nothing. */
export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

/** A long text cut for a message. */
export function shown(text: string, max = 60): string {
  return `"${text.length > max ? `${text.slice(0, max)}…` : text}"`;
}

/** A value as text for a comparison or a key: '' for missing, an ISO text for a date (an invalid date is ''). */
export function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  return String(value);
}

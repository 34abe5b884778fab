/**
 * The text a key value is compared by: numbers and 64-bit integers as their decimal digits,
 * strings exactly as stored (so "000123" and "123" differ, as they do for the source), dates as
 * ISO text. Null, empty and whitespace-only values are no key at all (null).
 */
export function keyText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return JSON.stringify(value);
}

/** Separator of the parts of a multi-column key (a control character no source key contains). */
const UNIT = '\u001f';

/** One text for a multi-column key; null when any part is blank (such a row has no key). */
export function tupleText(values: unknown[]): string | null {
  if (values.length === 1) return keyText(values[0]);
  const parts: string[] = [];
  for (const v of values) {
    const t = keyText(v);
    if (t === null) return null;
    parts.push(t);
  }
  return parts.join(UNIT);
}

/** A key text as a person reads it: parts of a multi-column key joined by "|". */
export function showKey(text: string): string {
  return text.split(UNIT).join('|');
}

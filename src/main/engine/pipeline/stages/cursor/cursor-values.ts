import type { CursorKind } from '../../../../../shared/model/sync';

/**
 * Cursor values compared in one way whatever the source hands out: a timestamp becomes epoch
 * milliseconds (a fraction keeps microseconds), a rowversion or an integer a bigint. A value that
 * cannot be read as its kind is `undefined` (reported, never guessed).
 */
export type Comparable = number | bigint;

export function comparableOf(kind: CursorKind, value: unknown, timeZone: string): Comparable | undefined {
  if (value === null || value === undefined) return undefined;
  if (kind === 'timestamp') return timestampMs(value, timeZone);
  try {
    if (typeof value === 'bigint') return value;
    if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : undefined;
    if (Buffer.isBuffer(value) || value instanceof Uint8Array) return value.length ? BigInt(`0x${Buffer.from(value).toString('hex')}`) : 0n;
    if (typeof value === 'string') {
      const t = value.trim();
      if (/^0x[0-9a-f]+$/i.test(t)) return BigInt(t);
      if (/^-?\d+$/.test(t)) return BigInt(t);
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** `a - b` in the kind's unit, as the look-back window is given (seconds for timestamps). */
export function lessWindow(kind: CursorKind, mark: Comparable, window: number): Comparable {
  if (kind === 'timestamp') return (mark as number) - window * 1000;
  return (mark as bigint) - BigInt(Math.floor(window));
}

export function compare(a: Comparable, b: Comparable): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A comparable as JSON (bigints as decimal text). */
export function encodeComparable(c: Comparable): { t: 'n' | 'b'; v: string } {
  return typeof c === 'bigint' ? { t: 'b', v: c.toString() } : { t: 'n', v: String(c) };
}

export function decodeComparable(e: { t: 'n' | 'b'; v: string }): Comparable {
  return e.t === 'b' ? BigInt(e.v) : Number(e.v);
}

/** A source value kept as JSON with its type, so it goes back to the source exactly as it came (a pushed-down bound). */
export type RawValue = { t: 'hex' | 'bigint' | 'date' | 'json'; v: unknown };

export function encodeRaw(value: unknown): RawValue {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { t: 'hex', v: Buffer.from(value).toString('hex') };
  if (typeof value === 'bigint') return { t: 'bigint', v: value.toString() };
  if (value instanceof Date) return { t: 'date', v: value.toISOString() };
  return { t: 'json', v: value };
}

export function decodeRaw(raw: RawValue): unknown {
  switch (raw.t) {
    case 'hex':
      return Buffer.from(String(raw.v), 'hex');
    case 'bigint':
      return BigInt(String(raw.v));
    case 'date':
      return new Date(String(raw.v));
    default:
      return raw.v;
  }
}

const WITH_ZONE = /(Z|[+-]\d\d:?\d\d)$/i;
const WALL = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(\.\d+)?)?)?$/;

/**
 * Epoch milliseconds of a timestamp. A value with a zone (or a Date) is an instant; a wall-clock
 * text without one is read in `timeZone` (the definition's source time zone), so a school's
 * `updated_at` in Europe/London compares right across the clock change.
 */
export function timestampMs(value: unknown, timeZone: string): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (WITH_ZONE.test(text)) {
    const ms = Date.parse(text.replace(' ', 'T'));
    if (Number.isNaN(ms)) return undefined;
    const frac = /\.(\d+)/.exec(text)?.[1] ?? '';
    return ms + (frac.length > 3 ? Number(`0.${frac.slice(3)}`) : 0);
  }
  const m = WALL.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = ''] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(wall)) return undefined;
  const fraction = frac ? Number(frac) * 1000 : 0;
  return zonedToUtc(wall, timeZone) + fraction;
}

/** The instant at which the wall clock of `timeZone` shows `wallMs` (read as if it were UTC). */
export function zonedToUtc(wallMs: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return wallMs;
  // Two passes: the offset at the guess, then at the corrected instant (right across a DST change).
  let utc = wallMs - offsetMs(wallMs, timeZone);
  utc = wallMs - offsetMs(utc, timeZone);
  return utc;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in milliseconds. */
export function offsetMs(instant: number, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(Math.floor(instant / 1000) * 1000)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** Today's date (YYYY-MM-DD) in a time zone: the date a withdrawal is stamped with. */
export function dateIn(instant: Date, timeZone: string): string {
  const wall = instant.getTime() + offsetMs(instant.getTime(), timeZone);
  return new Date(wall).toISOString().slice(0, 10);
}

/** True when the zone is one Intl knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

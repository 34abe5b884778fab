import type { BlackoutWindow } from '../../../../shared/model/sync-schedule';

/**
 * Blackout windows, read in the schedule's time zone: a date covers that whole local day, a
 * date-time without an offset is a wall-clock time there, and one with `Z` or an offset is an
 * instant. Both ends are inclusive, to the precision written (`to: 2025-07-01T17:00` still holds
 * at 17:00:59), because that is how a person reads "until 17:00 on the 1st".
 */
export interface BlackoutBounds {
  window: BlackoutWindow;
  /** Compares as local wall-clock text ('YYYY-MM-DDTHH:mm:ss.sss'), or as an instant. */
  from: Bound;
  to: Bound;
}

type Bound = { kind: 'local'; text: string } | { kind: 'instant'; ms: number };

export function blackoutBounds(window: BlackoutWindow): BlackoutBounds {
  return { window, from: bound(window.from, 'start'), to: bound(window.to, 'end') };
}

/** True when the bounds are in order where that can be told without the zone (same kind). */
export function boundsInOrder(b: BlackoutBounds): boolean {
  if (b.from.kind === 'local' && b.to.kind === 'local') return b.from.text <= b.to.text;
  if (b.from.kind === 'instant' && b.to.kind === 'instant') return b.from.ms <= b.to.ms;
  return true;
}

/** The first window holding the instant `ms`, or null. */
export function blackoutAt(windows: readonly BlackoutBounds[], ms: number, timeZone: string): BlackoutWindow | null {
  if (windows.length === 0) return null;
  const local = localText(ms, timeZone);
  const holds = (b: Bound, side: 'from' | 'to') => {
    if (b.kind === 'instant') return side === 'from' ? ms >= b.ms : ms <= b.ms;
    return side === 'from' ? local >= b.text : local <= b.text;
  };
  return windows.find((w) => holds(w.from, 'from') && holds(w.to, 'to'))?.window ?? null;
}

/** `ms` as the wall-clock time in `timeZone`, 'YYYY-MM-DDTHH:mm:ss.sss' (so it sorts as text). */
export function localText(ms: number, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  const hour = parts.hour === '24' ? '00' : parts.hour;
  return `${parts.year}-${parts.month}-${parts.day}T${hour}:${parts.minute}:${parts.second}.${String(ms % 1000 < 0 ? 0 : ms % 1000).padStart(3, '0')}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

function bound(value: string, side: 'start' | 'end'): Bound {
  if (/(Z|[+-]\d{2}:\d{2})$/.test(value) && value.includes('T')) return { kind: 'instant', ms: instantBound(value, side) };
  const [date, time = ''] = value.split('T');
  // Fill what was not written: 00 at the start of a window, the end of that unit at its end.
  const [hh, mm, ssFrac] = time ? time.split(':') : [];
  const [ss, frac] = ssFrac ? ssFrac.split('.') : [];
  const fill = (given: string | undefined, start: string, end: string) => given ?? (side === 'start' ? start : end);
  const ms = frac ? frac.padEnd(3, side === 'start' ? '0' : '9') : fill(undefined, '000', '999');
  return { kind: 'local', text: `${date}T${fill(hh, '00', '23')}:${fill(mm, '00', '59')}:${fill(ss, '00', '59')}.${ms}` };
}

function instantBound(value: string, side: 'start' | 'end'): number {
  const ms = Date.parse(value);
  if (side === 'start') return ms;
  // Inclusive to the precision written: the whole last minute or second.
  const time = value.slice(11).replace(/(Z|[+-]\d{2}:\d{2})$/, '');
  if (time.length === 5) return ms + 59_999;
  if (time.length === 8) return ms + 999;
  return ms;
}

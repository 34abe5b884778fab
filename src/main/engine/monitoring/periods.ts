import type { MetricPeriod } from '../../../shared/api/contracts/monitoring';

/**
 * Period boundaries in UTC: hours, days, ISO weeks (starting on Monday) and calendar months.
 * Each function takes and returns epoch milliseconds.
 */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export function floorTo(period: MetricPeriod, t: number): number {
  switch (period) {
    case 'hour':
      return Math.floor(t / HOUR_MS) * HOUR_MS;
    case 'day':
      return Math.floor(t / DAY_MS) * DAY_MS;
    case 'week': {
      const day = Math.floor(t / DAY_MS) * DAY_MS;
      const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
      return day - weekday * DAY_MS;
    }
    case 'month': {
      const d = new Date(t);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    }
  }
}

/** The start of the period after the one that starts at `start`. */
export function nextStart(period: MetricPeriod, start: number): number {
  switch (period) {
    case 'hour':
      return start + HOUR_MS;
    case 'day':
      return start + DAY_MS;
    case 'week':
      return start + 7 * DAY_MS;
    case 'month': {
      const d = new Date(start);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    }
  }
}

/** Splits [from, to) along a period's boundaries: each piece's period start and its length. */
export function* splitByPeriod(period: MetricPeriod, from: number, to: number): Generator<[start: number, ms: number]> {
  let t = from;
  while (t < to) {
    const start = floorTo(period, t);
    const end = Math.min(to, nextStart(period, start));
    yield [start, end - t];
    t = end;
  }
}

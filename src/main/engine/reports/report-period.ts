import { StudioError } from '../../../shared/errors';
import type { ReportKind, ReportPeriod as RollingPeriod } from '../../../shared/model/report-schedule';
import type { ReportPeriod } from './operations-report';

const DAY_MS = 86_400_000;

export interface PeriodRequest {
  period?: RollingPeriod;
  since?: string;
  until?: string;
}

/** The start of a rolling period that ends at `end`: 24 hours, 7 days, or the same instant a calendar month before (clamped to its last day). */
export function rollingStart(period: RollingPeriod, end: Date): Date {
  if (period === 'day') return new Date(end.getTime() - DAY_MS);
  if (period === 'week') return new Date(end.getTime() - 7 * DAY_MS);
  const d = new Date(end);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/**
 * What a report covers: a rolling `period` ending now, or `since`/`until` (either may be left
 * out: from the first record / up to now), never both kinds at once. The SLA report needs a
 * range, so without one it covers the last week.
 */
export function resolvePeriod(kind: ReportKind, q: PeriodRequest, now: Date): ReportPeriod {
  if (q.period && (q.since || q.until)) {
    throw new StudioError('BAD_REQUEST', `A report covers either a rolling period (${q.period}) or dates from/to, not both.`, 'Leave out the period, or the dates.');
  }
  if (q.since && q.until && Date.parse(q.since) > Date.parse(q.until)) {
    throw new StudioError('BAD_REQUEST', `The report period starts (${q.since}) after it ends (${q.until}).`, 'Swap the two dates, or leave one out.');
  }
  const period = q.period ?? (kind === 'sla' && !q.since && !q.until ? 'week' : undefined);
  if (period) return { since: rollingStart(period, now).toISOString(), until: now.toISOString() };
  if (kind === 'sla') return { since: q.since ?? rollingStart('week', q.until ? new Date(q.until) : now).toISOString(), until: q.until ?? now.toISOString() };
  return { since: q.since, until: q.until };
}

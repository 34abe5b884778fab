import type { MetricPeriod, MetricsAnswer } from '../../../shared/api/contracts/monitoring';
import { StudioError } from '../../../shared/errors';
import { emptyAggregate, mergeAggregates, toPoint } from './metric-aggregate';
import type { MetricFilter, MetricStore } from './metric-store';
import { floorTo, nextStart } from './periods';

/** More points than a chart can show is a mistake in the question, not something to compute. */
export const MAX_POINTS = 5000;
const DEFAULT_POINTS = 24;

export interface MetricsQuery extends MetricFilter {
  period: MetricPeriod;
  from?: string;
  to?: string;
}

/** `monitoring.metrics`: the range cut into periods (aligned to their UTC starts), each with its measures, and the total. */
export function queryMetrics(store: MetricStore, q: MetricsQuery, now: Date): MetricsAnswer {
  const t = now.getTime();
  const to = q.to !== undefined ? Date.parse(q.to) : t;
  let from: number;
  if (q.from !== undefined) from = floorTo(q.period, Date.parse(q.from));
  else {
    from = floorTo(q.period, to - 1);
    for (let i = 1; i < DEFAULT_POINTS; i++) from = floorTo(q.period, from - 1);
  }
  if (!(to > from)) throw new StudioError('BAD_REQUEST', `The metrics range ends (${new Date(to).toISOString()}) before it starts (${new Date(from).toISOString()}).`, 'Give a `from` earlier than `to`.');
  const starts: number[] = [];
  for (let s = from; s < to; s = nextStart(q.period, s)) {
    starts.push(s);
    if (starts.length > MAX_POINTS) throw new StudioError('BAD_REQUEST', `That range holds more than ${MAX_POINTS} periods of one ${q.period}.`, 'Ask for a shorter range or a longer period (day, week, month).');
  }
  const filter: MetricFilter = { integration: q.integration, entity: q.entity };
  const buckets = store.aggregate(from, to, t, filter, (x) => floorTo(q.period, x));
  const total = emptyAggregate();
  const elapsed = (start: number, end: number) => Math.max(0, Math.min(end, t) - start);
  const points = starts.map((start) => {
    const end = Math.min(to, nextStart(q.period, start));
    const a = buckets.get(start) ?? emptyAggregate();
    mergeAggregates(total, a);
    return toPoint(a, start, end, elapsed(start, end));
  });
  return {
    period: q.period,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    integration: q.integration ?? null,
    entity: q.entity ?? null,
    points,
    total: toPoint(total, from, to, elapsed(from, to)),
  };
}

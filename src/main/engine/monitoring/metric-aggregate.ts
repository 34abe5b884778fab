import type { MetricPoint } from '../../../shared/api/contracts/monitoring';
import { addLatency, histogramPercentile, mergeInto, type LatencyHistogram } from './latency-histogram';

/** What one raw point records: an API call, a run, a run's step for one entity, or a health check. */
export type SampleKind = 'call' | 'run' | 'step' | 'check';

export interface Sample {
  /** Epoch milliseconds. */
  at: number;
  /** `target`, `source:<connectionId>`, … (IntegrationView ids). */
  integration: string;
  kind: SampleKind;
  /** The API's entity name (`students`), or '' when the point is not about one. */
  entity: string;
  ok: boolean;
  latencyMs: number | null;
  records: number;
}

/**
 * The additive measures of a stretch of time. Everything here can be summed across samples and
 * rollups; rates and percentiles are derived only at the end (`toPoint`). While every latency is
 * still a raw sample, `exact` keeps them so percentiles are exact; a rollup's histogram drops that.
 */
export interface Aggregate {
  calls: number;
  callsOk: number;
  latency: LatencyHistogram;
  exact: number[] | null;
  records: number;
  runs: number;
  runsFailed: number;
  checks: number;
  checksFailed: number;
  upMs: number;
  downMs: number;
}

export function emptyAggregate(): Aggregate {
  return { calls: 0, callsOk: 0, latency: new Map(), exact: [], records: 0, runs: 0, runsFailed: 0, checks: 0, checksFailed: 0, upMs: 0, downMs: 0 };
}

/**
 * Adds one raw sample. A step counts as a run only when the question is about one entity (`perEntity`):
 * otherwise the run's own sample counts it, and its steps only bring their records.
 */
export function addSample(a: Aggregate, s: Sample, perEntity: boolean): void {
  switch (s.kind) {
    case 'call':
      a.calls++;
      if (s.ok) a.callsOk++;
      if (s.latencyMs !== null) {
        addLatency(a.latency, s.latencyMs);
        a.exact?.push(s.latencyMs);
      }
      return;
    case 'run':
      a.runs++;
      if (!s.ok) a.runsFailed++;
      a.records += s.records;
      return;
    case 'step':
      a.records += s.records;
      if (perEntity) {
        a.runs++;
        if (!s.ok) a.runsFailed++;
      }
      return;
    case 'check':
      a.checks++;
      if (!s.ok) a.checksFailed++;
      return;
  }
}

/** A rolled-up stretch as stored: counts and a histogram, no exact latencies any more. */
export interface RollupMeasures {
  count: number;
  ok: number;
  records: number;
  latency: LatencyHistogram;
  upMs: number;
  downMs: number;
}

export function addRollup(a: Aggregate, kind: SampleKind, r: RollupMeasures, perEntity: boolean): void {
  switch (kind) {
    case 'call':
      a.calls += r.count;
      a.callsOk += r.ok;
      if (r.latency.size > 0) {
        mergeInto(a.latency, r.latency);
        a.exact = null;
      }
      break;
    case 'run':
      a.runs += r.count;
      a.runsFailed += r.count - r.ok;
      a.records += r.records;
      break;
    case 'step':
      a.records += r.records;
      if (perEntity) {
        a.runs += r.count;
        a.runsFailed += r.count - r.ok;
      }
      break;
    case 'check':
      a.checks += r.count;
      a.checksFailed += r.count - r.ok;
      break;
  }
  a.upMs += r.upMs;
  a.downMs += r.downMs;
}

export function mergeAggregates(into: Aggregate, from: Aggregate): void {
  into.calls += from.calls;
  into.callsOk += from.callsOk;
  mergeInto(into.latency, from.latency);
  into.exact = into.exact && from.exact ? into.exact.concat(from.exact) : null;
  into.records += from.records;
  into.runs += from.runs;
  into.runsFailed += from.runsFailed;
  into.checks += from.checks;
  into.checksFailed += from.checksFailed;
  into.upMs += from.upMs;
  into.downMs += from.downMs;
}

/** Nearest rank: the smallest value at least p of the values are at or below, so it really occurred. */
export function nearestRank(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/**
 * The measures of the period [start, end), as the API gives them. `elapsedMs` is the part of the
 * period that has passed (a current hour is not over): throughput and coverage are per elapsed time.
 */
export function toPoint(a: Aggregate, start: number, end: number, elapsedMs: number): MetricPoint {
  const sorted = a.exact && a.exact.length === a.calls ? [...a.exact].sort((x, y) => x - y) : null;
  const percentile = (p: number) => {
    const v = sorted ? nearestRank(sorted, p) : histogramPercentile(a.latency, p);
    return v === null ? null : Math.round(v * 10) / 10;
  };
  const known = a.upMs + a.downMs;
  return {
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    calls: a.calls,
    successRate: a.calls ? a.callsOk / a.calls : null,
    errorRate: a.calls ? (a.calls - a.callsOk) / a.calls : null,
    p50Ms: percentile(0.5),
    p95Ms: percentile(0.95),
    p99Ms: percentile(0.99),
    throughputPerMinute: elapsedMs > 0 ? a.calls / (elapsedMs / 60_000) : 0,
    records: a.records,
    runs: a.runs,
    runsFailed: a.runsFailed,
    checks: a.checks,
    uptime: known > 0 ? a.upMs / known : null,
    coverage: elapsedMs > 0 ? Math.min(1, known / elapsedMs) : 0,
  };
}

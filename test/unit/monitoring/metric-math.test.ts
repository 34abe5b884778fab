import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProjectFile, type ProjectFile } from '../../../src/main/engine/project/project-file';
import { HISTOGRAM_RELATIVE_ERROR, addLatency, bucketOf, decodeHistogram, encodeHistogram, histogramPercentile } from '../../../src/main/engine/monitoring/latency-histogram';
import { MetricStore } from '../../../src/main/engine/monitoring/metric-store';
import { nearestRank } from '../../../src/main/engine/monitoring/metric-aggregate';
import { queryMetrics } from '../../../src/main/engine/monitoring/metrics-query';
import { entityOfPath } from '../../../src/main/engine/monitoring/entity-of-path';
import { floorTo, nextStart } from '../../../src/main/engine/monitoring/periods';
import { StudioError } from '../../../src/shared/errors';
import { tempDir } from '../../support/temp-dir';

const MIN = 60_000;
const T0 = Date.parse('2026-03-02T10:00:00Z'); // a Monday

/** A seeded pseudo-random source, so the latency mixes are the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('metric math on recorded call logs', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: ProjectFile;
  let store: MetricStore;

  /** Writes API calls into the run request log exactly as the target client records them. */
  function logCalls(calls: { at: number; status: number | null; latencyMs: number; path?: string }[]): void {
    const insert = file.db.prepare('INSERT INTO target_requests (run_id, at, method, path, status, latency_ms, attempt, error) VALUES (?, ?, ?, ?, ?, ?, 1, NULL)');
    file.db.transaction(() => {
      for (const c of calls) insert.run('run-1', new Date(c.at).toISOString(), 'POST', c.path ?? '/api/v1/schools/DEMO/students/bulk', c.status, c.latencyMs);
    })();
  }

  function logCheck(at: number, ok: boolean): void {
    file.db.prepare("INSERT INTO target_checks (at, ok, trigger, api_version) VALUES (?, ?, 'user', 'v1')").run(new Date(at).toISOString(), ok ? 1 : 0);
  }

  beforeEach(() => {
    dir = tempDir();
    file = createProjectFile(join(dir.path, 'metrics'), 'test', { name: 'Metrics' });
    store = new MetricStore(file.db);
  });
  afterEach(() => {
    file.close();
    dir.cleanup();
  });

  it('gives nearest-rank percentiles, success and error rates and throughput of one hour of calls', () => {
    // 100 calls over the hour at 1..100 ms; the 5 slowest failed (3 with 500, 2 with no answer).
    logCalls(Array.from({ length: 100 }, (_, i) => ({ at: T0 + i * 30_000, status: i >= 95 ? (i >= 98 ? null : 500) : 201, latencyMs: i + 1 })));
    expect(store.ingest()).toBe(100);
    const m = queryMetrics(store, { period: 'hour', from: new Date(T0).toISOString(), to: new Date(T0 + 60 * MIN).toISOString() }, new Date(T0 + 2 * 60 * MIN));
    expect(m.points).toHaveLength(1);
    const p = m.points[0];
    expect(p).toMatchObject({ calls: 100, successRate: 0.95, p50Ms: 50, p95Ms: 95, p99Ms: 99 });
    expect(p.errorRate).toBeCloseTo(0.05, 12);
    expect(p.throughputPerMinute).toBeCloseTo(100 / 60, 10);
    // Nothing about uptime is known: no check was made.
    expect(p.uptime).toBeNull();
    expect(p.coverage).toBe(0);
    // The entity is the collection the path names.
    expect(queryMetrics(store, { period: 'hour', entity: 'students', from: m.from, to: m.to }, new Date(T0 + 2 * 60 * MIN)).total.calls).toBe(100);
    expect(queryMetrics(store, { period: 'hour', entity: 'guardians', from: m.from, to: m.to }, new Date(T0 + 2 * 60 * MIN)).total.calls).toBe(0);
  });

  it('copies each recorded call once, however often it is asked', () => {
    logCalls([{ at: T0, status: 200, latencyMs: 5 }]);
    expect(store.ingest()).toBe(1);
    expect(store.ingest()).toBe(0);
    logCalls([{ at: T0 + MIN, status: 200, latencyMs: 7 }]);
    expect(store.ingest()).toBe(1);
    expect(store.sizes().samples).toBe(2);
  });

  it('counts uptime only where checks vouch for it: a gap is unknown, not up', () => {
    // Up at 10:00 (vouches until 10:15), down at 10:30 (until 10:40, when the next check came), up at 10:40 (until 10:55).
    logCheck(T0, true);
    logCheck(T0 + 30 * MIN, false);
    logCheck(T0 + 40 * MIN, true);
    store.ingest();
    const hour = queryMetrics(store, { period: 'hour', from: new Date(T0).toISOString(), to: new Date(T0 + 60 * MIN).toISOString() }, new Date(T0 + 3 * 60 * MIN)).points[0];
    // Known up 15 + 15 minutes, down 10: uptime 30/40; 40 of 60 minutes known.
    expect(hour.uptime).toBeCloseTo(30 / 40, 12);
    expect(hour.coverage).toBeCloseTo(40 / 60, 12);
    expect(hour.checks).toBe(3);
    // The following hours know nothing.
    const next = queryMetrics(store, { period: 'hour', from: new Date(T0 + 60 * MIN).toISOString(), to: new Date(T0 + 120 * MIN).toISOString() }, new Date(T0 + 3 * 60 * MIN)).points[0];
    expect(next.uptime).toBeNull();
    expect(next.coverage).toBe(0);
  });

  it('cuts uptime at now: the future is not up yet', () => {
    logCheck(T0, true);
    store.ingest();
    const p = queryMetrics(store, { period: 'hour', from: new Date(T0).toISOString(), to: new Date(T0 + 60 * MIN).toISOString() }, new Date(T0 + 5 * MIN)).points[0];
    expect(p.uptime).toBe(1);
    // 5 minutes elapsed, all of them vouched for.
    expect(p.coverage).toBe(1);
  });

  it('reads percentiles off the fixed-bucket histogram within its stated error, for any mix', () => {
    const rnd = random(7);
    for (const mix of [
      () => 20 + rnd() * 80, // fast and even
      () => (rnd() < 0.9 ? 50 + rnd() * 50 : 1500 + rnd() * 3000), // a slow tail
      () => Math.exp(rnd() * 10), // spread over four decades
    ]) {
      const values = Array.from({ length: 5000 }, () => Math.round(mix()));
      const h = new Map<number, number>();
      for (const v of values) addLatency(h, v);
      const back = decodeHistogram(encodeHistogram(h));
      const sorted = [...values].sort((a, b) => a - b);
      for (const p of [0.5, 0.95, 0.99]) {
        const exact = nearestRank(sorted, p)!;
        const approx = histogramPercentile(back, p)!;
        expect(Math.abs(approx - exact) / exact).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR + 1e-9);
      }
    }
    expect(bucketOf(0)).toBe(0);
    expect(histogramPercentile(new Map(), 0.5)).toBeNull();
  });

  it('cuts periods at UTC hours, days, ISO weeks and calendar months', () => {
    const t = Date.parse('2026-03-04T17:45:12Z'); // a Wednesday
    expect(new Date(floorTo('hour', t)).toISOString()).toBe('2026-03-04T17:00:00.000Z');
    expect(new Date(floorTo('day', t)).toISOString()).toBe('2026-03-04T00:00:00.000Z');
    expect(new Date(floorTo('week', t)).toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(new Date(floorTo('month', t)).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(new Date(nextStart('month', Date.parse('2026-12-01T00:00:00Z'))).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('buckets a week of calls by day and by week, and the totals agree', () => {
    logCalls(Array.from({ length: 7 * 24 }, (_, i) => ({ at: T0 + i * 60 * MIN, status: i % 10 === 0 ? 503 : 200, latencyMs: 100 })));
    store.ingest();
    const now = new Date(T0 + 8 * 24 * 60 * MIN);
    const days = queryMetrics(store, { period: 'day', from: '2026-03-02T00:00:00Z', to: '2026-03-10T00:00:00Z' }, now);
    const weeks = queryMetrics(store, { period: 'week', from: '2026-03-02T00:00:00Z', to: '2026-03-16T00:00:00Z' }, now);
    expect(days.points).toHaveLength(8);
    expect(days.points.map((p) => p.calls)).toEqual([14, 24, 24, 24, 24, 24, 24, 10]);
    expect(weeks.points.map((p) => p.calls)).toEqual([158, 10]);
    expect(days.total.calls).toBe(168);
    expect(weeks.total.calls).toBe(168);
    expect(days.total.errorRate).toBeCloseTo(17 / 168, 12);
  });

  it('refuses a range that ends before it starts, or holds too many periods, with a clear error', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        expect(err).toBeInstanceOf(StudioError);
        return (err as StudioError).code;
      }
      return 'no error';
    };
    expect(code(() => queryMetrics(store, { period: 'hour', from: '2026-03-02T10:00:00Z', to: '2026-03-02T09:00:00Z' }, new Date(T0)))).toBe('BAD_REQUEST');
    expect(code(() => queryMetrics(store, { period: 'hour', from: '2020-01-01T00:00:00Z', to: '2026-03-02T09:00:00Z' }, new Date(T0)))).toBe('BAD_REQUEST');
  });

  it('names the entity of an API path', () => {
    expect(entityOfPath('/api/v1/schools/DEMO/students/bulk')).toBe('students');
    expect(entityOfPath('/api/v2/schools/DEMO/guardians?page=2')).toBe('guardians');
    expect(entityOfPath('/api/v1/schools')).toBe('schools');
    expect(entityOfPath('/api/v1/schools/DEMO')).toBe('schools');
    expect(entityOfPath('/health')).toBe('');
  });
});

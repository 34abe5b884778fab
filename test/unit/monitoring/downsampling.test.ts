import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProjectFile, type ProjectFile } from '../../../src/main/engine/project/project-file';
import { HISTOGRAM_RELATIVE_ERROR } from '../../../src/main/engine/monitoring/latency-histogram';
import { nearestRank, type Sample } from '../../../src/main/engine/monitoring/metric-aggregate';
import { MetricStore } from '../../../src/main/engine/monitoring/metric-store';
import { queryMetrics } from '../../../src/main/engine/monitoring/metrics-query';
import { tempDir } from '../../support/temp-dir';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-06-15T12:30:00Z');

const call = (at: number, ok: boolean, latencyMs: number, entity = 'students'): Sample => ({ at, integration: 'target', kind: 'call', entity, ok, latencyMs, records: 0 });
const check = (at: number, ok: boolean): Sample => ({ at, integration: 'target', kind: 'check', entity: '', ok, latencyMs: null, records: 0 });

/**
 * Downsampling keeps raw samples 7 days, hourly rollups 90 days and daily rollups 2 years. These
 * tests put samples on both sides of each boundary and compact on an injected clock.
 */
describe('downsampling: retention boundaries and honest rollups', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: ProjectFile;
  let store: MetricStore;

  beforeEach(() => {
    dir = tempDir();
    file = createProjectFile(join(dir.path, 'downsampling'), 'test', { name: 'Downsampling' });
    store = new MetricStore(file.db);
  });
  afterEach(() => {
    file.close();
    dir.cleanup();
  });

  const rollups = (grain: 'hour' | 'day') => file.db.prepare('SELECT start, kind, count, ok, up_ms, down_ms FROM monitoring_rollups WHERE grain = ? ORDER BY start, kind').all(grain) as { start: number; kind: string; count: number; ok: number; up_ms: number; down_ms: number }[];

  it('keeps raw samples for 7 days (to the hour), then rolls them into hours', () => {
    const rawCutoff = Math.floor((NOW - 7 * DAY) / HOUR) * HOUR; // 2026-06-08T12:00Z
    store.record([call(rawCutoff - 1, true, 10), call(rawCutoff - 30 * MIN, false, 20), call(rawCutoff, true, 30), call(NOW - MIN, true, 40)]);
    const result = store.compact(new Date(NOW));
    expect(result.samples).toBe(2);
    expect(store.sizes()).toEqual({ samples: 2, hourly: 1, daily: 0 });
    expect(rollups('hour')).toEqual([{ start: rawCutoff - HOUR, kind: 'call', count: 2, ok: 1, up_ms: 0, down_ms: 0 }]);
    // Compacting again changes nothing.
    expect(store.compact(new Date(NOW))).toEqual({ samples: 0, hours: 0, days: 0 });
    // The question over all of it sees the four calls, whichever tier holds them.
    const all = queryMetrics(store, { period: 'day', from: new Date(NOW - 8 * DAY).toISOString(), to: new Date(NOW).toISOString() }, new Date(NOW));
    expect(all.total.calls).toBe(4);
    expect(all.total.successRate).toBe(0.75);
  });

  it('merges hourly rollups older than 90 days (to the day) into days, and drops days older than 2 years', () => {
    const hourCutoff = Math.floor((NOW - 90 * DAY) / DAY) * DAY;
    const dayCutoff = Math.floor((NOW - 730 * DAY) / DAY) * DAY;
    store.record([
      call(dayCutoff - DAY + HOUR, true, 5), // older than 2 years: gone in the end
      call(dayCutoff + HOUR, true, 5), // just inside 2 years: kept as a day
      call(hourCutoff - 2 * HOUR, true, 5), // the day before the hourly cutoff: becomes a day
      call(hourCutoff - HOUR, false, 7),
      call(hourCutoff + HOUR, true, 9), // inside 90 days: stays an hour
    ]);
    const first = store.compact(new Date(NOW));
    expect(first.samples).toBe(5);
    expect(first.hours).toBe(4);
    expect(first.days).toBe(1);
    const days = rollups('day');
    expect(days.map((d) => [new Date(d.start).toISOString(), d.count, d.ok])).toEqual([
      [new Date(dayCutoff).toISOString(), 1, 1],
      [new Date(hourCutoff - DAY).toISOString(), 2, 1],
    ]);
    expect(rollups('hour').map((h) => h.start)).toEqual([hourCutoff + HOUR]);
    // Two years and a day later, every day has gone too.
    store.compact(new Date(NOW + 731 * DAY + 91 * DAY));
    expect(store.sizes()).toEqual({ samples: 0, hourly: 0, daily: 0 });
  });

  it('keeps percentiles honest through hours and days: the rollups answer within the histogram error', () => {
    // Two days, ten days back: hour after hour of mostly fast calls with a slow tail in a few hours only,
    // so averaging hourly p95s would be far off the real p95.
    const start = Math.floor((NOW - 10 * DAY) / DAY) * DAY;
    const samples: Sample[] = [];
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let h = 0; h < 48; h++) {
      for (let i = 0; i < 60; i++) samples.push(call(start + h * HOUR + i * MIN, true, h % 12 === 0 ? 2000 + Math.round(rnd() * 3000) : 40 + Math.round(rnd() * 60)));
    }
    store.record(samples);
    const question = { period: 'day' as const, from: new Date(start).toISOString(), to: new Date(start + 2 * DAY).toISOString() };
    const before = queryMetrics(store, question, new Date(NOW));
    store.compact(new Date(NOW));
    expect(store.sizes().samples).toBe(0);
    const after = queryMetrics(store, question, new Date(NOW));
    for (const [i, point] of after.points.entries()) {
      expect(point.calls).toBe(before.points[i].calls);
      for (const p of ['p50Ms', 'p95Ms', 'p99Ms'] as const) {
        expect(Math.abs(point[p]! - before.points[i][p]!) / before.points[i][p]!).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR + 0.001);
      }
    }
    // And once the hours are days, the same holds.
    store.compact(new Date(start + 92 * DAY));
    expect(store.sizes()).toMatchObject({ hourly: 0, daily: 2 });
    const days = queryMetrics(store, question, new Date(start + 92 * DAY));
    const exactP95 = nearestRank(samples.map((s) => s.latencyMs!).sort((a, b) => a - b), 0.95)!;
    expect(Math.abs(days.total.p95Ms! - exactP95) / exactP95).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR + 0.001);
    expect(days.total.calls).toBe(48 * 60);
  });

  it('keeps uptime across compaction, with a check vouching into the next hour and the next check still raw', () => {
    const rawCutoff = Math.floor((NOW - 7 * DAY) / HOUR) * HOUR;
    // Up at cutoff−10 min (vouches 10 minutes into the raw hour), down at cutoff+5 (bounded by it), nothing after cutoff+20.
    store.record([check(rawCutoff - 10 * MIN, true), check(rawCutoff + 5 * MIN, false)]);
    const question = { period: 'hour' as const, from: new Date(rawCutoff - HOUR).toISOString(), to: new Date(rawCutoff + HOUR).toISOString() };
    const before = queryMetrics(store, question, new Date(NOW));
    expect(before.points.map((p) => [p.uptime, p.coverage])).toEqual([
      [1, 10 / 60],
      [5 / 20, 20 / 60],
    ]);
    store.compact(new Date(NOW));
    expect(store.sizes().samples).toBe(1);
    const after = queryMetrics(store, question, new Date(NOW));
    expect(after.points.map((p) => [p.uptime, p.coverage, p.checks])).toEqual(before.points.map((p) => [p.uptime, p.coverage, p.checks]));
  });

  it('ingests finished runs and their steps once, with the records the target acknowledged as data volume', () => {
    const insertRun = file.db.prepare("INSERT INTO runs (id, operation, status, dry_run, started_at, ended_at, duration_ms, counters_json) VALUES (?, 'Migration', ?, ?, ?, ?, 1000, '{}')");
    const insertStep = file.db.prepare('INSERT INTO run_steps (run_id, entity, ord, status, counters_json) VALUES (?, ?, ?, ?, ?)');
    const counters = (created: number, updated: number, unchanged: number, rejected: number) => JSON.stringify({ read: created + updated + unchanged + rejected, created, updated, unchanged, rejected, skipped: 0, failed: 0 });
    insertRun.run('r1', 'Completed', 0, new Date(NOW - 2 * HOUR).toISOString(), new Date(NOW - HOUR).toISOString());
    insertStep.run('r1', 'students', 1, 'Completed', counters(10, 2, 3, 1));
    insertStep.run('r1', 'guardians', 2, 'Completed', counters(4, 0, 0, 0));
    insertRun.run('r2', 'Failed', 0, new Date(NOW - 50 * MIN).toISOString(), new Date(NOW - 40 * MIN).toISOString());
    insertStep.run('r2', 'students', 1, 'Failed', counters(1, 0, 0, 0));
    insertRun.run('r3', 'Completed', 1, new Date(NOW - 30 * MIN).toISOString(), new Date(NOW - 20 * MIN).toISOString());
    insertStep.run('r3', 'students', 1, 'Completed', counters(99, 0, 0, 0));
    insertRun.run('r4', 'Processing', 0, new Date(NOW - 10 * MIN).toISOString(), null);
    expect(store.ingest()).toBe(3 + 4);
    expect(store.ingest()).toBe(0);
    const q = { period: 'day' as const, from: new Date(NOW - DAY).toISOString(), to: new Date(NOW).toISOString() };
    expect(queryMetrics(store, q, new Date(NOW)).total).toMatchObject({ runs: 3, runsFailed: 1, records: 15 + 4 + 1 });
    // By entity: a run's step counts as the entity's run.
    expect(queryMetrics(store, { ...q, entity: 'students' }, new Date(NOW)).total).toMatchObject({ runs: 3, runsFailed: 1, records: 16 });
    // The run in progress is taken once it ends.
    file.db.prepare("UPDATE runs SET status = 'Completed', ended_at = ? WHERE id = 'r4'").run(new Date(NOW - 5 * MIN).toISOString());
    expect(store.ingest()).toBe(1);
  });
});

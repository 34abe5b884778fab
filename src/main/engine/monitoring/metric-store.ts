import type { SqliteDatabase } from '../../../platform/open-sqlite';
import { decodeHistogram, encodeHistogram, mergeInto, addLatency, type LatencyHistogram } from './latency-histogram';
import { addRollup, addSample, emptyAggregate, type Aggregate, type Sample, type SampleKind } from './metric-aggregate';
import { entityOfPath } from './entity-of-path';
import { DAY_MS, floorTo, splitByPeriod } from './periods';
import { CHECK_VALIDITY_MS, coverageOf, type CheckPoint } from './uptime';

/** How long each tier is kept (docs/monitoring.md). */
export const RAW_RETENTION_MS = 7 * DAY_MS;
export const HOURLY_RETENTION_MS = 90 * DAY_MS;
export const DAILY_RETENTION_MS = 730 * DAY_MS;

/** Which samples a question is about. An entity filter keeps the integration's health checks (they are about no entity). */
export interface MetricFilter {
  integration?: string;
  entity?: string;
}

export interface CompactionResult {
  /** Raw samples rolled into hours, hourly rollups merged into days, daily rollups dropped. */
  samples: number;
  hours: number;
  days: number;
}

type SampleRow = { at: number; integration: string; kind: SampleKind; entity: string; ok: number; latency_ms: number | null; records: number };
type RollupRow = { grain: 'hour' | 'day'; start: number; integration: string; kind: SampleKind; entity: string; count: number; ok: number; records: number; latency_hist: string; up_ms: number; down_ms: number };

const FINISHED = "('Completed', 'Failed', 'Cancelled', 'Interrupted')";
const INGEST_CHUNK = 5000;

/**
 * The metrics of a project file: raw samples (7 days), hourly rollups (90 days), daily rollups
 * (2 years). Every sample lives in exactly one tier, so a question over any range adds raw
 * samples and rollups without counting anything twice; a check's uptime is attributed, when it
 * is rolled up, to the hours it vouches for (which may be later hours still held raw — those
 * rollup rows carry only up/down time, added like the rest).
 */
export class MetricStore {
  private readonly insert;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly validityMs = CHECK_VALIDITY_MS,
  ) {
    this.insert = db.prepare('INSERT INTO monitoring_samples (at, integration, kind, entity, ok, latency_ms, records) VALUES (?, ?, ?, ?, ?, ?, ?)');
  }

  /** Writes raw samples (a source's connection test, a test's fixture) in one transaction. */
  record(samples: Sample[]): void {
    this.db.transaction(() => {
      for (const s of samples) this.insert.run(s.at, s.integration, s.kind, s.entity, s.ok ? 1 : 0, s.latencyMs === null ? null : Math.max(0, Math.round(s.latencyMs)), s.records);
    })();
  }

  /**
   * Copies what the studio recorded since the last time: every API call of the request log, every
   * target check, every finished run and its steps. Returns how many samples it wrote. Each table
   * has its own cursor, moved in the same transaction as the samples it copied.
   */
  ingest(): number {
    let total = 0;
    for (let n = this.ingestSome(); n > 0; n = this.ingestSome()) total += n;
    return total;
  }

  /** One step of `ingest`: at most one chunk of the request log, with the checks and runs; 0 when all is copied. */
  ingestSome(): number {
    return this.ingestRequests() + this.ingestChecks() + this.ingestRuns();
  }

  private cursor(name: string): string | null {
    return (this.db.prepare('SELECT value FROM monitoring_cursors WHERE name = ?').pluck().get(name) as string | undefined) ?? null;
  }

  private setCursor(name: string, value: string): void {
    this.db.prepare('INSERT INTO monitoring_cursors (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value').run(name, value);
  }

  private ingestRequests(): number {
    const after = Number(this.cursor('target_requests') ?? 0);
    const rows = this.db.prepare('SELECT id, at, path, status, latency_ms FROM target_requests WHERE id > ? ORDER BY id LIMIT ?').all(after, INGEST_CHUNK) as { id: number; at: string; path: string; status: number | null; latency_ms: number }[];
    if (rows.length === 0) return 0;
    this.db.transaction(() => {
      for (const r of rows) this.insert.run(Date.parse(r.at), 'target', 'call', entityOfPath(r.path), r.status !== null && r.status < 400 ? 1 : 0, r.latency_ms, 0);
      this.setCursor('target_requests', String(rows[rows.length - 1].id));
    })();
    return rows.length;
  }

  private ingestChecks(): number {
    const after = Number(this.cursor('target_checks') ?? 0);
    const rows = this.db.prepare('SELECT id, at, ok FROM target_checks WHERE id > ? ORDER BY id').all(after) as { id: number; at: string; ok: number }[];
    if (rows.length === 0) return 0;
    this.db.transaction(() => {
      for (const r of rows) this.insert.run(Date.parse(r.at), 'target', 'check', '', r.ok, null, 0);
      this.setCursor('target_checks', String(rows[rows.length - 1].id));
    })();
    return rows.length;
  }

  /** Finished runs by (ended_at, id), so a run that ends after a later-started one is not skipped. */
  private ingestRuns(): number {
    const cursor = JSON.parse(this.cursor('runs') ?? '{"at":"","id":""}') as { at: string; id: string };
    const runs = this.db
      .prepare(`SELECT id, status, dry_run, ended_at, duration_ms FROM runs WHERE ended_at IS NOT NULL AND status IN ${FINISHED} AND (ended_at > ? OR (ended_at = ? AND id > ?)) ORDER BY ended_at, id`)
      .all(cursor.at, cursor.at, cursor.id) as { id: string; status: string; dry_run: number; ended_at: string; duration_ms: number | null }[];
    if (runs.length === 0) return 0;
    const steps = this.db.prepare('SELECT entity, status, counters_json, started_at, ended_at FROM run_steps WHERE run_id = ? ORDER BY ord');
    let total = 0;
    this.db.transaction(() => {
      for (const run of runs) {
        const at = Date.parse(run.ended_at);
        const failed = run.status === 'Failed' || run.status === 'Interrupted';
        this.insert.run(at, 'target', 'run', '', failed ? 0 : 1, run.duration_ms, 0);
        total++;
        for (const step of steps.all(run.id) as { entity: string; status: string; counters_json: string; started_at: string | null; ended_at: string | null }[]) {
          const c = JSON.parse(step.counters_json) as Record<string, number>;
          // Data volume: what the target acknowledged. A dry run's counters say what would happen, so it moved nothing.
          const records = run.dry_run ? 0 : (c.created ?? 0) + (c.updated ?? 0) + (c.unchanged ?? 0);
          const duration = step.started_at && step.ended_at ? Date.parse(step.ended_at) - Date.parse(step.started_at) : null;
          this.insert.run(at, 'target', 'step', step.entity, step.status === 'Failed' || step.status === 'Interrupted' ? 0 : 1, duration, records);
          total++;
        }
      }
      const last = runs[runs.length - 1];
      this.setCursor('runs', JSON.stringify({ at: last.ended_at, id: last.id }));
    })();
    return total;
  }

  /**
   * Downsampling, in one transaction: raw samples older than 7 days (by whole hours) become hourly
   * rollups, hourly rollups older than 90 days (by whole days) become daily ones, daily rollups
   * older than 2 years are dropped.
   */
  compact(now: Date): CompactionResult {
    const t = now.getTime();
    const rawCutoff = floorTo('hour', t - RAW_RETENTION_MS);
    const hourCutoff = floorTo('day', t - HOURLY_RETENTION_MS);
    const dayCutoff = floorTo('day', t - DAILY_RETENTION_MS);
    let result: CompactionResult = { samples: 0, hours: 0, days: 0 };
    this.db.transaction(() => {
      result = { samples: this.rollUpSamples(rawCutoff), hours: this.rollUpHours(hourCutoff), days: this.db.prepare("DELETE FROM monitoring_rollups WHERE grain = 'day' AND start < ?").run(dayCutoff).changes };
    })();
    return result;
  }

  private rollUpSamples(cutoff: number): number {
    const rows = this.db.prepare('SELECT at, integration, kind, entity, ok, latency_ms, records FROM monitoring_samples WHERE at < ? ORDER BY at, id').all(cutoff) as SampleRow[];
    if (rows.length === 0) return 0;
    const pending = new Map<string, RollupRow & { hist: LatencyHistogram }>();
    const slot = (start: number, integration: string, kind: SampleKind, entity: string) => {
      const key = `${start}\u0000${integration}\u0000${kind}\u0000${entity}`;
      let r = pending.get(key);
      if (!r) {
        r = { grain: 'hour', start, integration, kind, entity, count: 0, ok: 0, records: 0, latency_hist: '', up_ms: 0, down_ms: 0, hist: new Map() };
        pending.set(key, r);
      }
      return r;
    };
    const checks = new Map<string, CheckPoint[]>();
    for (const s of rows) {
      const r = slot(floorTo('hour', s.at), s.integration, s.kind, s.entity);
      r.count++;
      r.ok += s.ok;
      r.records += s.records;
      if (s.kind === 'call' && s.latency_ms !== null) addLatency(r.hist, s.latency_ms);
      if (s.kind === 'check') {
        const list = checks.get(s.integration) ?? [];
        list.push({ at: s.at, ok: s.ok === 1 });
        checks.set(s.integration, list);
      }
    }
    // A check's time goes to the hours it vouches for; the next check, if still raw, bounds it.
    const nextCheck = this.db.prepare("SELECT min(at) FROM monitoring_samples WHERE kind = 'check' AND integration = ? AND at >= ?").pluck();
    for (const [integration, list] of checks) {
      const next = (nextCheck.get(integration, cutoff) as number | null) ?? null;
      for (const c of coverageOf(list, Number.MAX_SAFE_INTEGER, next, this.validityMs)) {
        for (const [start, ms] of splitByPeriod('hour', c.from, c.to)) {
          const r = slot(start, integration, 'check', '');
          if (c.up) r.up_ms += ms;
          else r.down_ms += ms;
        }
      }
    }
    for (const r of pending.values()) this.upsertRollup(r, r.hist);
    return this.db.prepare('DELETE FROM monitoring_samples WHERE at < ?').run(cutoff).changes;
  }

  private rollUpHours(cutoff: number): number {
    const rows = this.db.prepare("SELECT * FROM monitoring_rollups WHERE grain = 'hour' AND start < ? ORDER BY start").all(cutoff) as RollupRow[];
    for (const r of rows) this.upsertRollup({ ...r, grain: 'day', start: floorTo('day', r.start) }, decodeHistogram(r.latency_hist));
    return rows.length === 0 ? 0 : this.db.prepare("DELETE FROM monitoring_rollups WHERE grain = 'hour' AND start < ?").run(cutoff).changes;
  }

  /** Adds measures into a rollup row (created when missing): counts and milliseconds add, histograms merge. */
  private upsertRollup(r: Omit<RollupRow, 'latency_hist'>, hist: LatencyHistogram): void {
    const existing = this.db.prepare('SELECT * FROM monitoring_rollups WHERE grain = ? AND start = ? AND integration = ? AND kind = ? AND entity = ?').get(r.grain, r.start, r.integration, r.kind, r.entity) as RollupRow | undefined;
    const merged = new Map(hist);
    if (existing) mergeInto(merged, decodeHistogram(existing.latency_hist));
    this.db
      .prepare(
        `INSERT INTO monitoring_rollups (grain, start, integration, kind, entity, count, ok, records, latency_hist, up_ms, down_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(grain, start, integration, kind, entity) DO UPDATE SET count = count + excluded.count, ok = ok + excluded.ok, records = records + excluded.records,
           latency_hist = excluded.latency_hist, up_ms = up_ms + excluded.up_ms, down_ms = down_ms + excluded.down_ms`,
      )
      .run(r.grain, r.start, r.integration, r.kind, r.entity, r.count, r.ok, r.records, encodeHistogram(merged), r.up_ms, r.down_ms);
  }

  /**
   * Adds every measure in [from, to) that `filter` selects into the aggregate of the bucket
   * `bucketOf` names (a period start, or one constant for a whole window). Rollups count in the
   * bucket of their start; uptime is cut at `now`, since the future is unknown.
   */
  aggregate(from: number, to: number, now: number, filter: MetricFilter, bucketOf: (t: number) => number): Map<number, Aggregate> {
    const out = new Map<number, Aggregate>();
    const agg = (t: number) => {
      const key = bucketOf(t);
      let a = out.get(key);
      if (!a) out.set(key, (a = emptyAggregate()));
      return a;
    };
    const perEntity = filter.entity !== undefined;
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.integration !== undefined) {
      where.push('integration = ?');
      args.push(filter.integration);
    }
    if (filter.entity !== undefined) {
      where.push("(entity = ? OR kind = 'check')");
      args.push(filter.entity);
    }
    const and = where.length ? ` AND ${where.join(' AND ')}` : '';

    const rollups = this.db.prepare(`SELECT * FROM monitoring_rollups WHERE start >= ? AND start < ?${and}`).all(from, to, ...args) as RollupRow[];
    for (const r of rollups) addRollup(agg(r.start), r.kind, { count: r.count, ok: r.ok, records: r.records, latency: decodeHistogram(r.latency_hist), upMs: r.up_ms, downMs: r.down_ms }, perEntity);

    const samples = this.db.prepare(`SELECT at, integration, kind, entity, ok, latency_ms, records FROM monitoring_samples WHERE at >= ? AND at < ?${and} ORDER BY at, id`).all(from, to, ...args) as SampleRow[];
    for (const s of samples) addSample(agg(s.at), { at: s.at, integration: s.integration, kind: s.kind, entity: s.entity, ok: s.ok === 1, latencyMs: s.latency_ms, records: s.records }, perEntity);

    // Uptime of raw checks: those a little before the range may vouch for its start, and the
    // next check after it bounds the last one.
    const horizon = Math.min(to, now);
    const checkWhere = filter.integration !== undefined ? ' AND integration = ?' : '';
    const checkArgs = filter.integration !== undefined ? [filter.integration] : [];
    const raw = this.db
      .prepare(`SELECT at, integration, ok FROM monitoring_samples WHERE kind = 'check' AND at >= ? AND at < ?${checkWhere} ORDER BY at, id`)
      .all(from - this.validityMs, horizon, ...checkArgs) as { at: number; integration: string; ok: number }[];
    const byIntegration = new Map<string, CheckPoint[]>();
    for (const c of raw) {
      const list = byIntegration.get(c.integration) ?? [];
      list.push({ at: c.at, ok: c.ok === 1 });
      byIntegration.set(c.integration, list);
    }
    const nextCheck = this.db.prepare("SELECT min(at) FROM monitoring_samples WHERE kind = 'check' AND integration = ? AND at >= ?").pluck();
    for (const [integration, list] of byIntegration) {
      const next = (nextCheck.get(integration, horizon) as number | null) ?? null;
      for (const c of coverageOf(list, horizon, next, this.validityMs)) {
        const a = Math.max(c.from, from);
        const b = Math.min(c.to, horizon);
        if (b <= a) continue;
        for (const [start, ms] of splitByPeriod('hour', a, b)) {
          const target = agg(start);
          if (c.up) target.upMs += ms;
          else target.downMs += ms;
        }
      }
    }
    return out;
  }

  /** The newest raw health check of an integration (null when none is kept raw). */
  latestCheck(integration: string): { at: number; ok: boolean } | null {
    const row = this.db.prepare("SELECT at, ok FROM monitoring_samples WHERE kind = 'check' AND integration = ? ORDER BY at DESC, id DESC LIMIT 1").get(integration) as { at: number; ok: number } | undefined;
    return row ? { at: row.at, ok: row.ok === 1 } : null;
  }

  /** How many rows each tier holds (for the benchmark and the tests). */
  sizes(): { samples: number; hourly: number; daily: number } {
    const count = (sql: string) => this.db.prepare(sql).pluck().get() as number;
    return {
      samples: count('SELECT count(*) FROM monitoring_samples'),
      hourly: count("SELECT count(*) FROM monitoring_rollups WHERE grain = 'hour'"),
      daily: count("SELECT count(*) FROM monitoring_rollups WHERE grain = 'day'"),
    };
  }
}

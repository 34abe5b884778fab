import type { StudioErrorShape } from '../../../shared/errors';
import type { TargetApiInfo, TargetCheck, TargetDeprecation, TargetRequestStats } from '../../../shared/model/target';
import type { TargetRequestLog } from '../academia/academia-client';
import type { Project } from './project';

/** One HTTP attempt of the target client, as the request log keeps it. */
export type TargetRequestEntry = TargetRequestLog;

/** Where a check was made from, kept beside it (the profile may change later). */
export interface CheckPlace {
  runId: string | null;
  baseUrl: string | null;
  apiVersion: string;
}

type CheckRow = {
  id: number;
  at: string;
  ok: number;
  trigger: string;
  health_json: string | null;
  info_json: string | null;
  auth_json: string | null;
  deprecation_json: string | null;
  error_json: string | null;
};

type RequestRow = { status: number | null; latency_ms: number; attempt: number };

/** The target's health history (connection checks) and the request log of runs, in the project file. */
export class TargetChecksRepo {
  constructor(private readonly project: Project) {}

  private get db() {
    return this.project.db;
  }

  /** Stores a finished check and returns it with its id. */
  record(check: Omit<TargetCheck, 'id'>, place: CheckPlace): TargetCheck {
    const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
    const id = this.db
      .prepare(
        `INSERT INTO target_checks (at, ok, trigger, run_id, base_url, api_version, health_json, info_json, auth_json, deprecation_json, error_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(check.at, check.ok ? 1 : 0, check.trigger, place.runId, place.baseUrl, place.apiVersion, json(check.health), json(check.info), json(check.auth), json(check.deprecation), json(check.error))
      .lastInsertRowid;
    return { id: Number(id), ...check };
  }

  /** Newest first. */
  history(limit = 50): TargetCheck[] {
    const rows = this.db.prepare('SELECT * FROM target_checks ORDER BY id DESC LIMIT ?').all(limit) as CheckRow[];
    return rows.map(checkOf);
  }

  /** Appends one attempt of a run's request to the log. */
  logRequest(runId: string | null, at: Date, entry: TargetRequestEntry): void {
    this.db
      .prepare('INSERT INTO target_requests (run_id, at, method, path, status, latency_ms, attempt, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(runId, at.toISOString(), entry.method, entry.path, entry.status, Math.max(0, Math.round(entry.latencyMs)), entry.attempt, entry.error ?? null);
  }

  /** What a run's requests looked like; zeros when it made none (a dry run, or one that failed early). */
  requestStats(runId: string): TargetRequestStats {
    const rows = this.db.prepare('SELECT status, latency_ms, attempt FROM target_requests WHERE run_id = ? ORDER BY id').all(runId) as RequestRow[];
    return summarizeRequests(runId, rows.map((r) => ({ status: r.status, latencyMs: r.latency_ms, attempt: r.attempt })));
  }
}

/**
 * Summarises request log entries: answers by status code (`network` when none came), retries
 * (attempts after the first) and latency percentiles by nearest rank, so p95 is a latency that
 * really occurred.
 */
export function summarizeRequests(runId: string, entries: { status: number | null; latencyMs: number; attempt: number }[]): TargetRequestStats {
  const byStatus: Record<string, number> = {};
  let retries = 0;
  for (const e of entries) {
    const key = e.status === null ? 'network' : String(e.status);
    byStatus[key] = (byStatus[key] ?? 0) + 1;
    if (e.attempt > 1) retries++;
  }
  const sorted = entries.map((e) => e.latencyMs).sort((a, b) => a - b);
  return {
    runId,
    requests: entries.length,
    byStatus,
    retries,
    latencyMs: { p50: nearestRank(sorted, 0.5), p95: nearestRank(sorted, 0.95), max: sorted.length ? sorted[sorted.length - 1] : 0 },
  };
}

function nearestRank(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

function checkOf(row: CheckRow): TargetCheck {
  const parse = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));
  return {
    id: row.id,
    at: row.at,
    ok: row.ok === 1,
    trigger: row.trigger === 'run' || row.trigger === 'schedule' ? row.trigger : 'user',
    health: parse<TargetCheck['health']>(row.health_json),
    info: parse<TargetApiInfo>(row.info_json),
    auth: parse<TargetCheck['auth']>(row.auth_json),
    deprecation: parse<TargetDeprecation>(row.deprecation_json),
    error: parse<StudioErrorShape>(row.error_json),
  };
}

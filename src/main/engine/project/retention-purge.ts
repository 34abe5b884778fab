import type { PurgedRun, PurgeResult } from '../../../shared/api/contracts/privacy';
import type { SqliteDatabase } from '../../../platform/open-sqlite';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The retention policy's purge (issue 21, point 1): the staged rows and rejects of every run that
 * ended more than `retentionDays` days before `now` are deleted, in one transaction, so a purge
 * that fails leaves the project as it was. What stays: the run summaries (`runs`, `run_steps`),
 * their logs (`run_events`) and the push receipts — the history of what happened, which holds
 * counts and ids rather than school data. A run still in progress (no end) is never touched, and
 * neither is a staged row a later run staged again (it belongs to that run now).
 *
 * Pure database work; the caller audits the result (services/privacy-service.ts).
 */
export function purgeExpired(db: SqliteDatabase, retentionDays: number | null | undefined, now: Date): PurgeResult {
  if (retentionDays === null || retentionDays === undefined) return { retentionDays: null, cutoff: null, runs: [], stagedRows: 0, rejects: 0 };
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
  const expired = db
    .prepare('SELECT id, ended_at AS endedAt FROM runs WHERE ended_at IS NOT NULL AND ended_at < ? ORDER BY ended_at, id')
    .all(cutoff) as { id: string; endedAt: string }[];
  const runNo = db.prepare("SELECT no FROM staging_names WHERE kind = 'run' AND name = ?").pluck();
  const deleteStaged = db.prepare('DELETE FROM staged_records WHERE run_no = ?');
  const deleteRejects = db.prepare('DELETE FROM rejects WHERE run_id = ?');
  // A reconciliation's mismatches hold field values (school data), so they go with the staged rows.
  const deleteMismatches = db.prepare('DELETE FROM run_mismatches WHERE run_id = ?');
  const runs: PurgedRun[] = [];
  db.transaction(() => {
    for (const run of expired) {
      const no = runNo.get(run.id) as number | undefined;
      const stagedRows = no === undefined ? 0 : deleteStaged.run(no).changes;
      const rejects = deleteRejects.run(run.id).changes;
      deleteMismatches.run(run.id);
      if (stagedRows > 0 || rejects > 0) runs.push({ runId: run.id, endedAt: run.endedAt, stagedRows, rejects });
    }
  })();
  return {
    retentionDays,
    cutoff,
    runs,
    stagedRows: runs.reduce((n, r) => n + r.stagedRows, 0),
    rejects: runs.reduce((n, r) => n + r.rejects, 0),
  };
}

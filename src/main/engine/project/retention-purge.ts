import type { PurgedRun, PurgeResult } from '../../../shared/api/contracts/privacy';
import type { SqliteDatabase } from '../../../platform/open-sqlite';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Nothing purged: the shape without a policy, and the starting totals. */
function emptyResult(retentionDays: number | null, cutoff: string | null): PurgeResult {
  return { retentionDays, cutoff, runs: [], stagedRows: 0, rejects: 0, mismatches: 0, merges: 0, preimages: 0, syncChanges: 0, requests: 0, baselineKept: 0 };
}

/**
 * The retention policy's purge (issue 21, point 1): what a run left behind that holds school data
 * or grows without bound is deleted for every run that ended more than `retentionDays` days before
 * `now`, in one transaction, so a purge that fails leaves the project as it was:
 *
 * - its staged rows and rejects;
 * - its reconciliation mismatches and merged rows (field values, merged people);
 * - its rollback pre-images (the target's earlier state of each record it updated) — a rollback of
 *   such a run then reports each update as NO_PREIMAGE instead of restoring it;
 * - its sync change set (the records it inserted, updated or withdrew).
 *
 * The request log (`target_requests`) is purged by time rather than by run: every row logged before
 * the cutoff, but only up to monitoring's copy cursor (monitoring_cursors 'target_requests'), so
 * no call is lost to the metrics, and never a row of a run still in progress (its run report reads them).
 *
 * What stays: the run summaries (`runs`, `run_steps`, `sync_runs`), their logs (`run_events`), the
 * push receipts and the pre-image scan counts — the history of what happened, which holds counts and ids
 * rather than school data. A run still in progress (no end) is never touched, and neither is a
 * staged row a later run staged again (it belongs to that run now). Nor is a staged row that is a
 * defined sync's delta baseline (docs/sync.md): a key of an entity some sync definition covers that
 * the target acknowledged (`pushed_hash`) and no sync removed since (`sync_gone`) — without it the next
 * delta would resend the key as an insert and could not see it deleted in the source. Those are
 * counted in `baselineKept`.
 *
 * Pure database work; the caller audits the result (services/privacy-service.ts).
 */
export function purgeExpired(db: SqliteDatabase, retentionDays: number | null | undefined, now: Date): PurgeResult {
  if (retentionDays === null || retentionDays === undefined) return emptyResult(null, null);
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
  const expired = db
    .prepare('SELECT id, ended_at AS endedAt FROM runs WHERE ended_at IS NOT NULL AND ended_at < ? ORDER BY ended_at, id')
    .all(cutoff) as { id: string; endedAt: string }[];
  const runNo = db.prepare("SELECT no FROM staging_names WHERE kind = 'run' AND name = ?").pluck();
  // The delta's baseline (project/sync-repo.ts acknowledgedKeys/baseline): acknowledged keys of synced entities not removed by a sync.
  const baseline = `s.pushed_hash IS NOT NULL
    AND s.entity_no IN (SELECT n.no FROM staging_names n WHERE n.kind = 'entity' AND n.name IN (
      SELECT json_extract(e.value, '$.entity') FROM sync_definitions d, json_each(d.definition_json, '$.entities') e))
    AND NOT EXISTS (SELECT 1 FROM sync_gone g JOIN staging_names gn ON gn.kind = 'entity' AND gn.name = g.entity WHERE gn.no = s.entity_no AND g.external_id = s.external_id)`;
  const deleteStaged = db.prepare(`DELETE FROM staged_records AS s WHERE s.run_no = ? AND NOT (${baseline})`);
  const countKept = db.prepare(`SELECT count(*) FROM staged_records AS s WHERE s.run_no = ? AND ${baseline}`).pluck();
  const deleteRejects = db.prepare('DELETE FROM rejects WHERE run_id = ?');
  const perRun = ['run_mismatches', 'run_merges', 'run_preimages', 'sync_changes'].map((table) => db.prepare(`DELETE FROM ${table} WHERE run_id = ?`));
  const copied = db.prepare("SELECT value FROM monitoring_cursors WHERE name = 'target_requests'").pluck();
  const deleteRequests = db.prepare('DELETE FROM target_requests WHERE at < ? AND id <= ? AND (run_id IS NULL OR run_id NOT IN (SELECT id FROM runs WHERE ended_at IS NULL))');
  const result = emptyResult(retentionDays, cutoff);
  const runs: PurgedRun[] = [];
  db.transaction(() => {
    for (const run of expired) {
      const no = runNo.get(run.id) as number | undefined;
      if (no !== undefined) result.baselineKept += countKept.get(no) as number;
      const stagedRows = no === undefined ? 0 : deleteStaged.run(no).changes;
      const rejects = deleteRejects.run(run.id).changes;
      const [mismatches, merges, preimages, syncChanges] = perRun.map((stmt) => stmt.run(run.id).changes);
      result.mismatches += mismatches;
      result.merges += merges;
      result.preimages += preimages;
      result.syncChanges += syncChanges;
      if (stagedRows > 0 || rejects > 0) runs.push({ runId: run.id, endedAt: run.endedAt, stagedRows, rejects });
    }
    result.requests = deleteRequests.run(cutoff, Number(copied.get() ?? 0)).changes;
  })();
  result.runs = runs;
  result.stagedRows = runs.reduce((n, r) => n + r.stagedRows, 0);
  result.rejects = runs.reduce((n, r) => n + r.rejects, 0);
  return result;
}

/** Whether a purge removed anything (what the audit trail records). */
export function purgedAnything(r: PurgeResult): boolean {
  return r.stagedRows + r.rejects + r.mismatches + r.merges + r.preimages + r.syncChanges + r.requests > 0;
}

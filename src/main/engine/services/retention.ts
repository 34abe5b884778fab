import type { PurgeResult } from '../../../shared/api/contracts/privacy';
import type { ProjectSession } from '../core/project-session';
import { purgedAnything, purgeExpired } from '../project/retention-purge';

/**
 * Applies the open project's retention policy and audits what it removed (run ids and counts,
 * never a row). A project without a policy, or with nothing old enough, writes no audit entry, so
 * opening a project again and again does not fill its trail.
 */
export function applyRetention(session: ProjectSession, now: Date): PurgeResult {
  const result = purgeExpired(session.project.db, session.project.settings().retentionDays, now);
  if (purgedAnything(result)) {
    const perRun = result.runs.map((r) => `${r.runId}: ${r.stagedRows} staged, ${r.rejects} rejects`).join('; ');
    const others = [
      `${result.mismatches} reconciliation mismatches`,
      `${result.merges} merged rows`,
      `${result.preimages} rollback pre-images`,
      `${result.syncChanges} sync changes`,
      `${result.requests} request-log rows already in the metrics`,
    ].join(', ');
    const kept = result.baselineKept > 0 ? ` ${result.baselineKept} staged rows kept as a sync's delta baseline.` : '';
    session.audit.append({
      action: 'project.purge',
      object: 'project',
      summary: `Retention (${result.retentionDays} days, runs ended before ${result.cutoff}) purged ${result.stagedRows} staged rows and ${result.rejects} rejects of ${result.runs.length} runs${perRun ? ` (${perRun})` : ''}, ${others}; run summaries kept.${kept}`,
    });
  }
  return result;
}

import type { PurgeResult } from '../../../shared/api/contracts/privacy';
import type { ProjectSession } from '../core/project-session';
import { purgeExpired } from '../project/retention-purge';

/**
 * Applies the open project's retention policy and audits what it removed (run ids and counts,
 * never a row). A project without a policy, or with nothing old enough, writes no audit entry, so
 * opening a project again and again does not fill its trail.
 */
export function applyRetention(session: ProjectSession, now: Date): PurgeResult {
  const result = purgeExpired(session.project.db, session.project.settings().retentionDays, now);
  if (result.runs.length > 0) {
    const perRun = result.runs.map((r) => `${r.runId}: ${r.stagedRows} staged, ${r.rejects} rejects`).join('; ');
    session.audit.append({
      action: 'project.purge',
      object: 'project',
      summary: `Retention (${result.retentionDays} days, runs ended before ${result.cutoff}) purged ${result.stagedRows} staged rows and ${result.rejects} rejects of ${result.runs.length} runs (${perRun}); run summaries kept.`,
    });
  }
  return result;
}

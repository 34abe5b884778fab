import { z } from 'zod';

/**
 * Privacy methods of the `projects` service (issue 21, point 1): the redacted support bundle and
 * the retention purge. Kept in a module of its own so services.ts and schemas.ts only name it.
 */

const path = z.string().min(1).max(4096);

export const privacyRequestSchemas = {
  supportBundle: z.object({ out: path, overwrite: z.boolean().optional() }).strict(),
  purge: z.undefined().or(z.object({}).strict()),
};

/** `projects.supportBundle`: where the bundle was written and what it holds (counts only). */
export interface SupportBundleResult {
  file: string;
  bytes: number;
  runs: number;
  runEvents: number;
  assessments: number;
  targetChecks: number;
  auditEntries: number;
}

/** What a retention purge removed from one run. */
export interface PurgedRun {
  runId: string;
  endedAt: string;
  stagedRows: number;
  rejects: number;
}

/** `projects.purge`: what the retention policy removed (nothing when `retentionDays` is null). */
export interface PurgeResult {
  /** The policy applied; null: keep everything, nothing was purged. */
  retentionDays: number | null;
  /** Runs that ended before this instant had their staged rows and rejects removed; null without a policy. */
  cutoff: string | null;
  /** Only runs that had something to remove, oldest first. */
  runs: PurgedRun[];
  stagedRows: number;
  rejects: number;
  /** Added later (additive): the reconciliation mismatches of the purged runs. */
  mismatches: number;
  /** The merged source rows (run_merges) of the purged runs. */
  merges: number;
  /** The rollback pre-images of the purged runs (a rollback of such a run reports NO_PREIMAGE for their updates). */
  preimages: number;
  /** The sync change-set rows (sync_changes) of the purged runs. */
  syncChanges: number;
  /** Request-log rows (target_requests) logged before the cutoff and already copied into the metrics. */
  requests: number;
  /** Staged rows of purged runs kept because they are a defined sync's delta baseline (docs/sync.md). */
  baselineKept: number;
}

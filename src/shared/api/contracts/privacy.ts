import { z } from 'zod';

/**
 * Privacy methods of the `projects` service (issue 21, point 1): the redacted support bundle and
 * the retention purge. Kept in a module of its own so services.ts and schemas.ts only name it.
 */

const path = z.string().min(1).max(4096);

export const privacyRequestSchemas = {
  supportBundle: z.object({ out: path, overwrite: z.boolean().optional() }).strict(),
  purge: z.undefined().or(z.object({}).strict()),
  personFind: z.object({ text: z.string().min(1).max(200), limit: z.number().int().min(1).max(200).optional() }).strict(),
  personExport: z.object({ entity: z.string().min(1).max(100), externalId: z.string().min(1).max(500), out: path, overwrite: z.boolean().optional() }).strict(),
  personDocument: z.object({ entity: z.string().min(1).max(100), externalId: z.string().min(1).max(500) }).strict(),
  personErase: z.object({ entity: z.string().min(1).max(100), externalId: z.string().min(1).max(500) }).strict(),
};

/** A person a search found in the project's staged records (`projects.personFind`). */
export interface PersonFound {
  entity: string;
  externalId: string;
  firstName: string | null;
  lastName: string | null;
  birthDate: string | null;
}

/** How many rows of each place held something about the person (their records and those referencing them). */
export interface PersonDataCounts {
  staged: number;
  rejects: number;
  preimages: number;
  mismatches: number;
  merges: number;
  syncChanges: number;
}

/** `projects.personExport`: the file written and what it holds. */
export interface PersonExportResult {
  file: string;
  bytes: number;
  /** The person's own record and every record about them (enrolments, links, invoices…). */
  records: number;
  counts: PersonDataCounts;
}

/** `projects.personErase`: what went, and the id the audit trail files it under (no key, no name). */
export interface PersonEraseResult {
  /** Quote this to the family: the audit entry `person.erase` carries it. */
  erasureId: string;
  records: number;
  counts: PersonDataCounts;
  /** Records kept out of later runs and syncs (the person's and those about them), as salted hashes. */
  heldOut: number;
}

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

import { z } from 'zod';
import type { RunStatus } from '../../model/counters';

/**
 * Rollback of a migration run (issue 18 point 7): `runs.rollback` starts a run of operation
 * `Rollback` that puts back what another run wrote — records it updated get their pre-image back,
 * records it created are deleted — in reverse load order, each sent with the version the run left
 * it at (the batch form of `If-Match`), so a record someone changed in Academia Pro since is not
 * overwritten but listed as a conflict. `runs.rollbackReport` reads what a rollback run did.
 * Kept in a module of its own (schemas and types together) so runs.ts only names it.
 */

const runId = z.string().min(1).max(200);
const entity = z.string().min(1).max(200);

export const rollbackRequestSchemas = {
  rollback: z.object({ runId, entity: entity.optional() }).strict(),
  rollbackReport: z.object({ runId, entity: entity.optional(), limit: z.number().int().min(1).max(10_000).optional(), offset: z.number().int().min(0).optional() }).strict(),
};

/** What one entity's rollback did (records it had nothing to do with are not counted). */
export interface RollbackEntityReport {
  entity: string;
  /** Records the run updated, written back to their pre-image. */
  restored: number;
  /** Records the run created, deleted. */
  deleted: number;
  /** Records already as they were before the run (a created record someone deleted, a restore found in place). */
  unchanged: number;
  /** Records left alone for a person (see `conflicts`). */
  conflicts: number;
}

/** A record the rollback did not touch, and why. */
export interface RollbackConflict {
  entity: string;
  externalId: string;
  /** What the rollback meant to do. */
  action: 'restore' | 'delete';
  /**
   * CHANGED_SINCE (412: changed in Academia Pro since the run), STILL_REFERENCED (409: other
   * records point at it), NO_PREIMAGE (the run kept none, e.g. it ran before pre-images existed),
   * or the target's problem code.
   */
  code: string;
  reason: string;
  /** The version the run left the record at. */
  expectedVersion: number | null;
  /** The version the target holds, when it said. */
  targetVersion: number | null;
}

/** A rollback run's report: per entity (in the order it was rolled back), and its conflicts a page at a time. */
export interface RollbackReport {
  runId: string;
  /** The run that was rolled back. */
  rolledBackRunId: string;
  /** The one entity rolled back, or null for the whole run. */
  entity: string | null;
  status: RunStatus;
  entities: RollbackEntityReport[];
  conflicts: RollbackConflict[];
  /** Conflicts in all (of `entity`, when the request named one). */
  conflictsTotal: number;
}

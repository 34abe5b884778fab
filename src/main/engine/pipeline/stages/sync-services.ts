import type { SyncChange, SyncWarning } from '../../../../shared/model/sync';

/**
 * What the sync stages (cursor, change-set, remove) use besides a run's services: the change set
 * and its baseline in the project file, and where to report a cursor's new state and what the
 * source did wrong. Injected, like every stage service, so tests drive the stages with fakes.
 */
export interface SyncStageServices {
  /** The hash the target last acknowledged per key (null: staged, never acknowledged; absent: unknown key). */
  baseline(entity: string, externalIds: string[]): Map<string, string | null>;
  /** Keys the target holds from this project and no sync removed since, in key order after `after`. */
  acknowledgedKeys(entity: string, after: string | null, limit: number): string[];
  /** The records last staged for these keys (what a withdrawal starts from). */
  stagedRecords(entity: string, externalIds: string[]): { externalId: string; record: Record<string, unknown> }[];
  /** Keys a sync deleted or withdrew (a key that comes back is sent again whatever its hash). */
  goneKeys(entity: string): Set<string>;
  forgetGone(entity: string, externalIds: string[]): void;
  markGone(entity: string, externalIds: string[], runId: string, policy: 'delete' | 'withdraw', now: Date): void;
  recordChanges(runId: string, entity: string, changes: { externalId: string; kind: SyncChange['kind']; record: Record<string, unknown> | null; json?: string }[]): void;
  /** A run's changes of one kind, in key order after `after`. */
  changeKeys(runId: string, entity: string, kind: SyncChange['kind'], after: string | null, limit: number): string[];
  /** The cursor's state to commit once the run has pushed. */
  cursorState(entity: string, state: unknown): void;
  warn(warning: SyncWarning): void;
  /** Deletes records in the target (soft deletes), answers in record order. */
  removeBatch(entity: string, records: { externalId: string }[], idempotencyKey: string): Promise<{ externalId: string; status: 'deleted' | 'not-found' | 'rejected'; errors: { detail?: string; title?: string }[] }[]>;
}

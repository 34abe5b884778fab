/**
 * The one vocabulary of row counters and statuses (docs/conventions.md): engine, UI, CLI
 * and project file all use these names.
 */
export const COUNTER_NAMES = ['read', 'created', 'updated', 'unchanged', 'rejected', 'skipped', 'failed'] as const;
export type CounterName = (typeof COUNTER_NAMES)[number];

/**
 * Row counters of a run or of one of its steps. `deleted` (docs/conventions.md: records a
 * rollback, a sync or a dry run removes or would remove) is optional: only runs that delete
 * carry it, and runs stored before it existed have none.
 */
export type Counters = Record<CounterName, number> & { deleted?: number };

export function emptyCounters(): Counters {
  return { read: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, skipped: 0, failed: 0 };
}

export function addCounters(a: Counters, b: Partial<Counters>): Counters {
  const out = { ...a };
  for (const name of COUNTER_NAMES) out[name] += b[name] ?? 0;
  if (a.deleted !== undefined || b.deleted !== undefined) out.deleted = (a.deleted ?? 0) + (b.deleted ?? 0);
  return out;
}

/** The seed's summary counts, derived (never stored separately, so they cannot disagree). */
export interface SummaryCounts {
  success: number;
  error: number;
  skipped: number;
}

export function summarize(c: Counters): SummaryCounts {
  return { success: c.created + c.updated + c.unchanged + (c.deleted ?? 0), error: c.rejected + c.failed, skipped: c.skipped };
}

/** Job / run status. `Interrupted` means the process died mid-run; the run can be resumed. */
export const RUN_STATUSES = ['Queued', 'Processing', 'Paused', 'Completed', 'Failed', 'Cancelled', 'Interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export function isFinished(status: RunStatus): boolean {
  return status === 'Completed' || status === 'Failed' || status === 'Cancelled' || status === 'Interrupted';
}

/** Where a migration as a whole stands. */
export const MIGRATION_STATUSES = ['Planning', 'Assessment', 'Execution', 'Validation', 'Completed'] as const;
export type MigrationStatus = (typeof MIGRATION_STATUSES)[number];

/** The seed's BULK_DATA_OPERATION operation types: the seed's four, `Sync` (a run of an ongoing sync, issue 19) and `Rollback` (a run that undoes what a Migration run wrote, issue 18 point 7). */
export const OPERATION_TYPES = ['Import', 'Export', 'Transform', 'Migration', 'Sync', 'Rollback', 'Rerun'] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

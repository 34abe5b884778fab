import type { Counters, RunStatus } from './counters';
import type { SyncEventSettings, SyncEventSettingsInput } from './sync-events';

/**
 * Ongoing sync (issue 19): definitions, runs, change sets and the change gate, as the API and the
 * project file hold them. The seed's DATA_SYNCHRONIZATION: sync type, direction, schedule, last
 * status, records processed/failed, duration, last and next sync time.
 */

/** How a sync (or one of its entities) finds what changed. */
export const SYNC_TYPES = ['Full', 'Incremental', 'Delta'] as const;
export type SyncType = (typeof SYNC_TYPES)[number];

/** Two-way: the target's changes are pulled back too, field by field by ownership (docs/sync.md). */
export const SYNC_DIRECTIONS = ['one-way', 'two-way'] as const;
export type SyncDirection = (typeof SYNC_DIRECTIONS)[number];

/**
 * What an incremental cursor column holds: a timestamp (`updated_at`; without a zone it is read in
 * the definition's `sourceTimeZone`), SQL Server's rowversion (8 bytes, compared as an unsigned
 * number) or an ever-growing integer (an auto-increment id).
 */
export const CURSOR_KINDS = ['timestamp', 'rowversion', 'integer'] as const;
export type CursorKind = (typeof CURSOR_KINDS)[number];

export interface SyncCursor {
  column: string;
  kind: CursorKind;
  /**
   * Late rows: each run reads again from the high-water mark less this window (seconds for a
   * timestamp, units for an integer or rowversion). Rows read again unchanged are recognised by
   * their hash and not sent twice.
   */
  lookBack: number;
}

/**
 * What happens in the target to a record whose source row disappeared: `delete` removes it;
 * `withdraw` updates it, setting the entity's end-date and/or status field (from the OpenAPI
 * model when not named here: a date field such as `endDate`, an enum field offering
 * `withdrawn`, `dropped`, `terminated` or `inactive`).
 */
export type DeletePolicy = { policy: 'delete' } | { policy: 'withdraw'; dateField?: string; statusField?: string; statusValue?: string };

/**
 * Who owns a field in a two-way sync: `source` (the legacy system; Academia Pro's edits are put
 * back), `target` (Academia Pro; its edits are written back to the source, the source's ignored),
 * `both` (either side may change it; both changing it since the last sync is a conflict).
 */
export const FIELD_OWNERS = ['source', 'target', 'both'] as const;
export type FieldOwner = (typeof FIELD_OWNERS)[number];

/** How a conflict on a field both sides own is settled; `manual` parks it in the conflict queue. */
export const CONFLICT_POLICIES = ['source-wins', 'target-wins', 'newest-wins', 'manual'] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

/** An entity's two-way settings (used when the definition's direction is `two-way`). */
export interface TwoWaySettings {
  /** Owner per target field; fields not named take `defaultOwner`. */
  owners?: Record<string, FieldOwner>;
  /** Default `source`. */
  defaultOwner?: FieldOwner;
  /** Default `manual`. */
  policy?: ConflictPolicy;
  /**
   * For `newest-wins`: the source column holding when a row last changed (default: the entity's
   * timestamp cursor column). Read without a zone in the definition's `sourceTimeZone`.
   */
  sourceChangedAt?: string;
  /**
   * Fields the user allows the studio to write back into the legacy source (each mapped straight
   * from one column of the mapping's table, with no transform). Absent or empty: nothing is
   * written to the source, ever.
   */
  writeBack?: string[];
}

export interface SyncEntity {
  entity: string;
  /** Two-way only: who owns which field, the conflict policy and what may be written back. */
  twoWay?: TwoWaySettings;
  /** The entity's own mode; the definition's type when left out. */
  mode?: SyncType;
  /** Required for Incremental. */
  cursor?: SyncCursor;
  deletes?: DeletePolicy;
}

export interface SyncBlackout {
  /** ISO 8601 date or date-time (in the schedule's time zone when it has no zone). */
  from: string;
  to: string;
  label: string;
}

/**
 * When a sync runs by itself (run by the scheduler, not by this service): a croner expression in
 * an IANA time zone, blackout windows in which no run starts, and what to do with runs missed
 * while the studio was closed or in a blackout (`skip` them, or `runOnce` when possible).
 */
export interface SyncSchedule {
  cron: string | null;
  timezone: string;
  blackouts: SyncBlackout[];
  missedPolicy: 'skip' | 'runOnce';
}

/** The kinds of change the gate counts. A withdrawal is a delete by policy (docs/conventions.md). */
export const CHANGE_KINDS = ['inserts', 'updates', 'deletes'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** Shares (0–1) of an entity's records above which a kind of change is held; null: never held. */
export type GateThresholds = Partial<Record<ChangeKind, number | null>>;

export interface SyncGate {
  /** For every entity unless overridden (defaults: deletes 0.05, updates 0.2, inserts never). */
  default: GateThresholds;
  entities?: Record<string, GateThresholds>;
}

export interface SyncDefinitionInput {
  name: string;
  type: SyncType;
  direction?: SyncDirection;
  entities: SyncEntity[];
  /** IANA zone in which the source's timestamps without a zone are read (default UTC). */
  sourceTimeZone?: string;
  schedule?: Partial<SyncSchedule>;
  gate?: Partial<SyncGate>;
  /** Event-driven: run when Academia Pro says something changed (webhook receiver and/or events feed; docs/sync-scheduling.md). Null or absent: not event-driven. */
  events?: SyncEventSettingsInput | null;
}

export interface SyncDefinition {
  name: string;
  type: SyncType;
  direction: SyncDirection;
  entities: SyncEntity[];
  sourceTimeZone: string;
  schedule: SyncSchedule;
  gate: SyncGate;
  /** Event settings (null or absent: not event-driven; definitions stored before event-driven syncs have none). */
  events?: SyncEventSettings | null;
  /** The last run's status (null before the first run); `Paused` while its change set is held. */
  lastStatus: RunStatus | null;
  lastRunId: string | null;
  recordsProcessed: number;
  recordsFailed: number;
  durationMs: number | null;
  lastSyncAt: string | null;
  /** Set by the scheduler (null when not scheduled or not computed yet). */
  nextSyncAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One entity's changes (docs/conventions.md `sync --job`): deletes count source rows that disappeared, whatever the policy. */
export interface SyncChangeCount {
  entity: string;
  inserts: number;
  updates: number;
  deletes: number;
  conflicts: number;
}

/** One held category: an entity and kind of change above its threshold. */
export interface HeldCategory {
  /** `<entity>.<kind>`, e.g. `students.deletes`: what `approve --category` names. */
  category: string;
  entity: string;
  kind: ChangeKind;
  count: number;
  /** Records of the entity the target held before this sync (what the share is of). */
  of: number;
  threshold: number;
  /** In plain words: "42 students would be withdrawn". */
  sentence: string;
  approved: boolean;
}

export interface SyncHold {
  /** Why it is held, in one line. */
  reason: string;
  /** Every sentence: the held categories and what they would do to records depending on them ("3 classes would lose their teacher"). */
  summary: string;
  categories: HeldCategory[];
}

/** Something the sync found in the source and did not apply silently. */
export interface SyncWarning {
  code: 'CURSOR_NULL' | 'CURSOR_BACKWARDS' | 'CURSOR_UNREADABLE';
  entity: string;
  table: string;
  column: string;
  count: number;
  message: string;
}

export interface SyncDecision {
  category: string;
  decision: 'approved';
  by: string;
  at: string;
}

export interface SyncRunInfo {
  runId: string;
  job: string;
  status: RunStatus;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  changes: SyncChangeCount[];
  held: SyncHold | null;
  warnings: SyncWarning[];
  decisions: SyncDecision[];
  counters: Counters;
  error?: { code: string; message: string; hint: string };
}

/** One record of a change set. */
export interface SyncChange {
  entity: string;
  externalId: string;
  /** `withdraw` is a delete by policy that the target sees as an update. */
  kind: 'insert' | 'update' | 'delete' | 'withdraw';
  /** What is sent (null for a delete). */
  record: Record<string, unknown> | null;
}

/** A conflict: both sides changed the same field since the last sync (docs/sync.md). */
export interface SyncConflict {
  id: string;
  job: string;
  runId: string;
  entity: string;
  externalId: string;
  field: string;
  /** The value both sides last agreed on. */
  base: unknown;
  source: unknown;
  target: unknown;
  /** When Academia Pro's record last changed (its `updatedAt`). */
  targetChangedAt: string | null;
  /** `open`: waits for a person; `decided`: the next run applies the decision; `applied`: done. */
  status: 'open' | 'decided' | 'applied';
  decision: { keep: 'source' | 'target' | 'value'; value: unknown; by: string; at: string } | null;
  appliedRunId: string | null;
  createdAt: string;
}

/** One value written back into the legacy source by a two-way sync run. */
export interface SyncWriteBack {
  runId: string;
  entity: string;
  externalId: string;
  table: string;
  column: string;
  field: string;
  before: unknown;
  value: unknown;
  status: 'pending' | 'written' | 'failed';
}

export interface SyncChangePage {
  runId: string;
  total: number;
  changes: SyncChange[];
}

/** What `syncs.run` and `syncs.approve` answer (the shape of `sync --job --json`, plus the run's counters and warnings). */
export interface SyncOutcome {
  job: string;
  runId: string;
  status: RunStatus;
  changes: SyncChangeCount[];
  held: SyncHold | null;
  warnings: SyncWarning[];
  counters: Counters;
  error?: { code: string; message: string; hint: string };
}

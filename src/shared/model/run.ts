import type { Counters, OperationType, RunStatus } from './counters';

/** One entity's step in a run (e.g. load `students`). */
export interface RunStep {
  entity: string;
  status: RunStatus;
  counters: Counters;
  /** Rows expected, for the percentage; null while unknown. */
  estimate: number | null;
  startedAt: string | null;
  endedAt: string | null;
}

/** Per-entity proof that everything arrived (docs/conventions.md `run --json` reconciliation). */
export interface ReconciliationLine {
  entity: string;
  source: number;
  staged: number;
  rejected: number;
  pushed: number;
  target: number;
  mismatches: number;
  /** Source rows left out by filters, skip rules, inner joins or empty fan-out branches (issue 18; absent from older runs). */
  filtered?: number;
  /** Source rows merged into their survivor by the confirmed person crosswalk (issue 18; absent from older runs). */
  merged?: number;
  /** This run's acknowledged records the target was found to hold when read back (issue 18; absent from older runs). */
  readBack?: number;
  /**
   * SHA-256 (hex) over this run's staged records' compared fields, in externalId order
   * (docs/reconciliation.md); null when nothing was compared. Absent from older runs.
   */
  sourceChecksum?: string | null;
  /** The same over what the target's list endpoints hold for those records; null for a dry run. */
  targetChecksum?: string | null;
  /** Fields whose value in the target differs from the staged one (one per record and field). */
  checksumMismatches?: number;
}

/** A run as listed and shown: the seed's BULK_DATA_OPERATION. */
export interface RunInfo {
  runId: string;
  /** 1, 2, 3… in the order the project's runs started (engines before #12 leave it out). */
  number?: number;
  /**
   * What screens call the run: "Run 3 · students, guardians · 7 Dec 14:02" (run-label.ts), in the
   * engine's time zone. `runId` stays the run's name for scripts (engines before #12 leave it out).
   */
  label?: string;
  operation: OperationType;
  status: RunStatus;
  dryRun: boolean;
  counters: Counters;
  steps: RunStep[];
  reconciliation: ReconciliationLine[];
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  /** Set when the run failed: what happened and what to do. */
  error?: { code: string; message: string; hint: string };
}

export type RunEventLevel = 'debug' | 'info' | 'warning' | 'error';

/** A line of a run's log, kept in the project file. */
export interface RunEvent {
  seq: number;
  runId: string;
  at: string;
  level: RunEventLevel;
  entity: string | null;
  message: string;
}

/** Live progress of a running step, sent as an event (never stored row by row). */
export interface RunProgress {
  runId: string;
  entity: string;
  phase: 'read' | 'transform' | 'stage' | 'push' | 'reconcile';
  counters: Counters;
  estimate: number | null;
  /** Rows per second over the last few seconds. */
  rate: number;
  /** Seconds left at the current rate, or null when unknown. */
  etaSeconds: number | null;
  /**
   * What this phase has done so far, in its own unit: source rows while reading and staging,
   * records the target answered while pushing. Absent from older engines.
   */
  done?: number;
  /** What `done` counts towards in this phase (the push: the records staged), or null when unknown. */
  total?: number | null;
}

export interface StartRunRequest {
  /** Limit the run to these entities; all mapped entities when omitted. */
  entities?: string[];
  /** Transform, validate and stage, then say what the push would do without pushing. */
  dryRun?: boolean;
}

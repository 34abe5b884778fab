import type { MigrationWhere } from './migration-progress';

/**
 * The cutover runbook (issue 22, item 6): the ordered steps of a go-live, run one at a time from
 * the studio, each with its outcome kept in the project file and a way back at every step.
 *
 * 1. `go-no-go`: the go/no-go checklist's rehearsal and mapping items hold (a cutover never
 *    starts without a clean rehearsal).
 * 2. `freeze`: the legacy source is frozen: the studio records the time and a fingerprint of every
 *    stream the mappings read.
 * 3. `verify-freeze`: the fingerprints are taken again; a stream that changed since the freeze
 *    blocks the cutover (the school unfreezes, or freezes again).
 * 4. `final-load`: the migration run into Academia Pro.
 * 5. `reconcile`: the run's certificate: every record arrived and its fields read back equal.
 * 6. `syncs`: the syncs of a parallel run are stopped (their schedules cleared, each one's
 *    schedule kept in `stoppedSyncs`), so the legacy system no longer writes into Academia Pro.
 *    Stopping, not switching: the studio syncs one way, legacy → Academia Pro, and never writes
 *    into a legacy system, so after cutover Academia Pro is the system of record and the sync
 *    ends. Rolling the cutover back puts the schedules back.
 */
export const CUTOVER_STEPS = ['go-no-go', 'freeze', 'verify-freeze', 'final-load', 'reconcile', 'syncs'] as const;
export type CutoverStep = (typeof CUTOVER_STEPS)[number];

export type CutoverStepStatus = 'pending' | 'done' | 'blocked' | 'rolled-back';

export interface CutoverStepState {
  step: CutoverStep;
  status: CutoverStepStatus;
  /** When it last ran (ISO). */
  at: string | null;
  /** What happened, in words: why it holds, or what blocks it and where to fix it. */
  outcome: string | null;
  /** The run it started (final-load), or that a rollback started. */
  runId?: string | null;
  /** A blocked step's reasons, each with the screen where it is fixed (go-no-go's open checklist items). */
  fixes?: { item: string; detail: string; where: MigrationWhere }[];
}

/** A sync the `syncs` step stopped, with the schedule it had, so a rollback can put it back. */
export interface StoppedSync {
  name: string;
  cron: string;
  timezone: string;
}

/** A fingerprint of one source stream at the freeze: its row count and an order-free hash of its rows. */
export interface StreamFingerprint {
  connectionId: string;
  stream: string;
  rows: number;
  hash: string;
}

export interface CutoverState {
  steps: CutoverStepState[];
  /** The freeze, once taken. */
  freeze: { at: string; fingerprints: StreamFingerprint[] } | null;
  /** The next step to run, or null when the cutover is done. */
  next: CutoverStep | null;
  /** What undoing the cutover from here means, in words (null before anything was done). */
  rollbackPath: string | null;
  /** The syncs the `syncs` step stopped (absent before it ran, and after a rollback put them back). */
  stoppedSyncs?: StoppedSync[];
}

export function emptyCutover(): CutoverState {
  return { steps: CUTOVER_STEPS.map((step) => ({ step, status: 'pending', at: null, outcome: null })), freeze: null, next: 'go-no-go', rollbackPath: null };
}

/** The next step: the first not done. */
export function nextStep(steps: CutoverStepState[]): CutoverStep | null {
  return steps.find((s) => s.status !== 'done')?.step ?? null;
}

/** What going back means once `done` steps have run. */
export function rollbackPathOf(steps: CutoverStepState[]): string | null {
  const done = new Set(steps.filter((s) => s.status === 'done').map((s) => s.step));
  if (done.size === 0) return null;
  if (done.has('syncs')) return 'Roll back the final load (its records are deleted or restored from their pre-images) and put the stopped syncs\' schedules back; the legacy system stays the system of record.';
  if (done.has('final-load')) return 'Roll back the final load: records it created are deleted and records it updated get their earlier values back; then lift the freeze and keep working in the legacy system.';
  return 'Nothing was written to Academia Pro yet: lift the freeze and keep working in the legacy system.';
}

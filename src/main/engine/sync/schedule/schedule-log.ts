import type { StudioErrorShape } from '../../../../shared/errors';

/** Why a sync job is being run: the lead's runner passes it on to the sync run's log. */
export type SyncTrigger =
  | { kind: 'schedule'; dueAt: string }
  /** One run making up for runs missed while the studio was closed or the computer slept (policy runOnce). */
  | { kind: 'catch-up'; missed: number; firstMissedAt: string; lastMissedAt: string }
  /** Events from Academia Pro (webhook or events feed), debounced into one run. */
  | { kind: 'events'; count: number; sources: ('webhook' | 'feed')[]; firstAt: string };

/** Runs one job; `signal` aborts when the project closes. The sync run's own outcome is its business. */
export type SyncJobRunner = (job: string, trigger: SyncTrigger, signal: AbortSignal) => Promise<unknown>;

/**
 * One thing the scheduling and event machinery did or decided not to do, in words for the sync
 * log. Every skipped run says so here: nothing is skipped silently.
 */
export interface ScheduleLogEntry {
  at: string;
  job: string | null;
  kind:
    | 'run-started'
    | 'run-finished'
    | 'run-failed'
    /** A scheduled time inside a blackout window. */
    | 'skipped-blackout'
    /** A scheduled time while the previous run of the job was still going. */
    | 'skipped-overlap'
    /** Runs missed (studio closed, computer asleep, clock jumped) and not made up (policy skip, or made up by this run). */
    | 'missed'
    /** The clock went backwards; times already handled are not run twice. */
    | 'clock-back'
    /** A job whose schedule cannot be used: not scheduled until corrected. */
    | 'invalid-schedule'
    /** Events that arrived during a run: one more run follows it. */
    | 'follow-up'
    | 'event-refused'
    | 'event-ignored'
    | 'feed-failed'
    /** An event-driven job's webhook receiver started listening, or could not (the address, the port). */
    | 'receiver-started'
    | 'receiver-failed';
  level: 'info' | 'warning' | 'error';
  message: string;
  trigger?: SyncTrigger;
  error?: StudioErrorShape;
}

export type ScheduleLog = (entry: ScheduleLogEntry) => void;

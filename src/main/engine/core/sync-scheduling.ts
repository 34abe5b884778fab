import type { ScheduleClock } from '../sync/schedule/schedule-clock';
import type { ScheduleLogEntry, SyncTrigger } from '../sync/schedule/schedule-log';
import { SyncScheduler, type ScheduledJob } from '../sync/schedule/sync-scheduler';
import type { JobGate } from '../sync/schedule/job-gate';
import type { ScheduleLog } from '../sync/schedule/schedule-log';
import type { SyncEventSession } from '../sync/events/sync-event-session';
import type { ProjectSession } from './project-session';

/**
 * What the in-app scheduler needs from the sync definitions (issue 19): the project's scheduled
 * jobs and a way to run one. Given to the engine by whoever owns the definitions (the sync
 * service: its `syncs.run(name)`), so the scheduling machinery stays free of how a sync runs.
 */
export interface SyncJobSource {
  /** The open project's jobs that have a schedule, each with when it last ran. */
  scheduledJobs(session: ProjectSession): Promise<readonly ScheduledJob[]> | readonly ScheduledJob[];
  /** Runs one job of the open project; `signal` aborts when the project closes. */
  run(session: ProjectSession, job: string, trigger: SyncTrigger, signal: AbortSignal): Promise<unknown>;
  /** Where the scheduler's log lines go (the sync log); they are kept in memory as well (`recentLog`). */
  log?(session: ProjectSession, entry: ScheduleLogEntry): void;
  /**
   * Starts the open project's event machinery (webhook receivers, events feed) on the scheduler's
   * gate, so an event-driven run never overlaps a scheduled one. Left out: no event-driven syncs.
   */
  startEvents?(session: ProjectSession, gate: JobGate, log: ScheduleLog, clock?: ScheduleClock): Promise<SyncEventSession>;
}

/** The scheduler of the open project, and what it said lately. */
export interface SessionScheduler {
  scheduler: SyncScheduler;
  /** The last log lines, oldest first (for a status screen until they have a table of their own). */
  recentLog(): ScheduleLogEntry[];
  /** The event-driven syncs' receivers and feed (null when the source has none, or they could not start). */
  events: SyncEventSession | null;
}

const KEPT_LOG_LINES = 200;

/**
 * Starts the scheduler of a project just opened in the studio and stops it when the project
 * closes (ProjectSession.onClose: stopping aborts a running sync and waits for it, before the
 * project file is closed). The CLI never starts one: a scheduled CLI job is one run, started by
 * the OS's scheduler, and while the studio holds the project it exits 5 (schedulerHandoff).
 */
export async function startSessionScheduler(session: ProjectSession, source: SyncJobSource, clock?: ScheduleClock): Promise<SessionScheduler> {
  const lines: ScheduleLogEntry[] = [];
  const log: ScheduleLog = (entry) => {
    lines.push(entry);
    if (lines.length > KEPT_LOG_LINES) lines.shift();
    try {
      source.log?.(session, entry);
    } catch {
      // A log sink that fails must not stop the schedule.
    }
  };
  const scheduler = new SyncScheduler({
    jobs: () => source.scheduledJobs(session),
    run: (job, trigger, signal) => source.run(session, job, trigger, signal),
    clock,
    log,
  });
  session.onClose(() => scheduler.stop());
  await scheduler.start();
  let events: SyncEventSession | null = null;
  if (source.startEvents) {
    try {
      events = await source.startEvents(session, scheduler.gate, log, clock);
      // Registered after the scheduler's, so closed before it (closers run in reverse): no event starts a run the closing gate would refuse.
      const started = events;
      session.onClose(() => started.stop());
    } catch (err) {
      log({ at: new Date((clock?.now() ?? Date.now())).toISOString(), job: null, kind: 'receiver-failed', level: 'error', message: `The event-driven syncs are not running: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  return { scheduler, recentLog: () => [...lines], events };
}

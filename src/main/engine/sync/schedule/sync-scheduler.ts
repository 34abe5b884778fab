import { toErrorShape, type StudioErrorShape } from '../../../../shared/errors';
import type { MissedRunPolicy } from '../../../../shared/model/sync-schedule';
import { compileSchedule, nextSyncAt, type CompiledSchedule } from './cron-schedule';
import { JobGate } from './job-gate';
import { systemClock, type ScheduleClock } from './schedule-clock';
import type { ScheduleLog, ScheduleLogEntry, SyncJobRunner } from './schedule-log';

/** A sync job as the scheduler sees it: its name, its stored schedule, and when it last ran. */
export interface ScheduledJob {
  name: string;
  /** The stored schedule (`SyncSchedule`); checked here, a bad one is logged and left unscheduled. */
  schedule: unknown;
  /**
   * When the job last ran (ISO), from the sync runs in the project file. Runs due after it and
   * before the scheduler started were missed (the studio was closed): the missed-run policy
   * decides. Null: the job never ran, nothing counts as missed.
   */
  lastRunAt?: string | null;
}

/** Lists the project's scheduled jobs (jobs without a schedule are left out by the provider). */
export type ScheduledJobsProvider = () => Promise<readonly ScheduledJob[]> | readonly ScheduledJob[];

export interface SyncSchedulerOptions {
  jobs: ScheduledJobsProvider;
  /** Runs a job; ignored when `gate` is given (the gate has its runner). */
  run?: SyncJobRunner;
  /** Shared with the event machinery, so a job never runs twice at once whatever started it. */
  gate?: JobGate;
  clock?: ScheduleClock;
  log?: ScheduleLog;
  /**
   * The longest the scheduler sleeps without looking at the wall clock (default one minute). The
   * timer counts on the monotonic clock, which stands still while the computer sleeps and does
   * not follow a clock set forward; waking this often notices either within a minute.
   */
  maxSleepMs?: number;
  /** A run time more than this in the past when noticed (default two minutes) was missed, not just late. */
  lateAfterMs?: number;
}

/** Where a job's schedule stands, for screens and `status` ("next sync"). */
export interface JobScheduleStatus {
  name: string;
  cron: string | null;
  timezone: string | null;
  missedPolicy: MissedRunPolicy | null;
  /** The next run that will start (outside blackout windows), ISO; null when none or the schedule is invalid. */
  nextSyncAt: string | null;
  running: boolean;
  /** SCHEDULE_INVALID when the stored schedule cannot be used. */
  invalid: StudioErrorShape | null;
}

interface Entry {
  name: string;
  compiled: CompiledSchedule | null;
  invalid: StudioErrorShape | null;
  /** Every run time up to here has been handled (run, skipped or counted as missed). */
  checkedUpTo: number;
  /** The first run time after checkedUpTo (cached: most wakes are heartbeats with nothing due). */
  nextDue: number | null;
}

/**
 * Runs sync jobs at the times their schedules name, while a project is open in the studio. One
 * timer for all jobs, armed for the earliest next run time (at most `maxSleepMs` away); on each
 * wake every job's run times since it last looked are handled:
 * - a time inside a blackout window is skipped and logged;
 * - a time while the job still runs is skipped and logged (never queued: the next time comes);
 * - times more than `lateAfterMs` ago were missed (studio closed, computer asleep, clock set
 *   forward): policy `skip` logs them, `runOnce` makes them up with one run now (never one per
 *   missed time), unless a blackout holds now;
 * - the clock going back runs nothing twice.
 */
export class SyncScheduler {
  private readonly clock: ScheduleClock;
  private readonly log: ScheduleLog;
  readonly gate: JobGate;
  private readonly maxSleepMs: number;
  private readonly lateAfterMs: number;
  private readonly entries = new Map<string, Entry>();
  private cancelTimer: (() => void) | null = null;
  private lastTick: number | null = null;
  private stopped = false;

  constructor(private readonly options: SyncSchedulerOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? (() => {});
    if (!options.gate && !options.run) throw new Error('SyncScheduler needs a run function or a gate.');
    this.gate = options.gate ?? new JobGate(options.run as SyncJobRunner, this.clock, this.log);
    this.maxSleepMs = options.maxSleepMs ?? 60_000;
    this.lateAfterMs = options.lateAfterMs ?? 120_000;
  }

  /** Loads the jobs, handles runs missed while the studio was closed, and arms the timer. */
  async start(): Promise<void> {
    await this.refresh();
  }

  /** Reads the jobs again (a definition was created, changed or removed); keeps what each has handled. */
  async refresh(): Promise<void> {
    if (this.stopped) return;
    const jobs = await this.options.jobs();
    const now = this.clock.now();
    const seen = new Set<string>();
    for (const job of jobs) {
      seen.add(job.name);
      const before = this.entries.get(job.name);
      let compiled: CompiledSchedule | null = null;
      let invalid: StudioErrorShape | null = null;
      try {
        compiled = compileSchedule(job.schedule, job.name);
      } catch (err) {
        invalid = toErrorShape(err);
        if (before?.invalid?.message !== invalid.message) this.emit({ job: job.name, kind: 'invalid-schedule', level: 'error', message: `${invalid.message} It is not scheduled until corrected.`, error: invalid });
      }
      const lastRun = job.lastRunAt ? Date.parse(job.lastRunAt) : NaN;
      const checkedUpTo = before?.checkedUpTo ?? (Number.isFinite(lastRun) && lastRun < now ? lastRun : now);
      this.entries.set(job.name, { name: job.name, compiled, invalid, checkedUpTo, nextDue: compiled ? compiled.next(checkedUpTo) : null });
    }
    for (const name of [...this.entries.keys()]) if (!seen.has(name)) this.entries.delete(name);
    this.tick();
  }

  /** Stops the timer, refuses new runs, aborts running ones and waits for them (the project is closing). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
    await this.gate.close();
  }

  status(): JobScheduleStatus[] {
    const now = this.clock.now();
    return [...this.entries.values()].map((e) => ({
      name: e.name,
      cron: e.compiled?.schedule.cron ?? null,
      timezone: e.compiled?.schedule.timezone ?? null,
      missedPolicy: e.compiled?.schedule.missedPolicy ?? null,
      nextSyncAt: e.compiled ? nextSyncAt(e.compiled, now) : null,
      running: this.gate.isRunning(e.name),
      invalid: e.invalid,
    }));
  }

  private tick(): void {
    if (this.stopped) return;
    this.cancelTimer?.();
    this.cancelTimer = null;
    const now = this.clock.now();
    if (this.lastTick !== null && now < this.lastTick - 1_000) {
      this.emit({ job: null, kind: 'clock-back', level: 'warning', message: `The clock went back ${Math.round((this.lastTick - now) / 1000)} s (from ${iso(this.lastTick)} to ${iso(now)}); run times already handled are not run again.` });
    }
    this.lastTick = Math.max(this.lastTick ?? now, now);
    for (const entry of this.entries.values()) {
      if (!entry.compiled) continue;
      try {
        this.handle(entry, entry.compiled, now);
      } catch (err) {
        // One job's trouble must neither stop the others nor leave the timer unarmed.
        const error = toErrorShape(err);
        this.emit({ job: entry.name, kind: 'run-failed', level: 'error', message: `The schedule of "${entry.name}" could not be handled: ${error.message}`, error });
      }
    }
    this.arm(now);
  }

  private handle(entry: Entry, schedule: CompiledSchedule, now: number): void {
    const from = entry.checkedUpTo;
    if (now <= from) return;
    entry.checkedUpTo = now;
    if (entry.nextDue === null || entry.nextDue > now) return;
    const dues = schedule.between(from, now);
    entry.nextDue = schedule.next(now);
    if (dues.length === 0) return;
    const onTime = dues.filter((t) => now - t <= this.lateAfterMs);
    const late = dues.filter((t) => now - t > this.lateAfterMs);
    const missed = late.filter((t) => !schedule.blackoutAt(t));
    const missedInBlackout = late.length - missed.length;
    for (const t of onTime) {
      const window = schedule.blackoutAt(t);
      if (window) this.emit({ job: entry.name, kind: 'skipped-blackout', level: 'info', message: `The run of "${entry.name}" due ${schedule.local(t)} (${schedule.schedule.timezone}) was skipped: blackout window ${describeWindow(window)}.` });
    }
    const open = onTime.filter((t) => !schedule.blackoutAt(t));
    const missedWords = missed.length ? this.missedWords(entry.name, schedule, missed, missedInBlackout, dues.length >= 10_000) : '';
    if (open.length > 0) {
      const dueAt = iso(open[open.length - 1]);
      if (missed.length) this.emit({ job: entry.name, kind: 'missed', level: 'warning', message: `${missedWords} The run due now covers them.` });
      if (!this.gate.tryStart(entry.name, { kind: 'schedule', dueAt })) this.overlap(entry.name, `due ${schedule.local(open[open.length - 1])}`);
      return;
    }
    if (missed.length === 0) return;
    if (schedule.schedule.missedPolicy === 'skip') {
      this.emit({ job: entry.name, kind: 'missed', level: 'warning', message: `${missedWords} The missed-run policy is skip: they are not made up; the next run is the next scheduled one.` });
      return;
    }
    const window = schedule.blackoutAt(now);
    if (window) {
      this.emit({ job: entry.name, kind: 'skipped-blackout', level: 'info', message: `${missedWords} The catch-up run is not made now: blackout window ${describeWindow(window)}.` });
      return;
    }
    const trigger = { kind: 'catch-up' as const, missed: missed.length, firstMissedAt: iso(missed[0]), lastMissedAt: iso(missed[missed.length - 1]) };
    this.emit({ job: entry.name, kind: 'missed', level: 'warning', message: `${missedWords} The missed-run policy is runOnce: one catch-up run now.`, trigger });
    if (!this.gate.tryStart(entry.name, trigger)) this.overlap(entry.name, 'the catch-up run');
  }

  private missedWords(job: string, schedule: CompiledSchedule, missed: number[], inBlackout: number, capped: boolean): string {
    const count = `${capped ? 'at least ' : ''}${missed.length} run${missed.length === 1 ? '' : 's'}`;
    const span = missed.length === 1 ? `due ${schedule.local(missed[0])}` : `due from ${schedule.local(missed[0])} to ${schedule.local(missed[missed.length - 1])}`;
    const blackout = inBlackout ? ` (${inBlackout} more fell in blackout windows)` : '';
    return `${count} of "${job}" ${span} (${schedule.schedule.timezone}) were missed${blackout}: the studio was closed, or the computer slept or its clock jumped.`;
  }

  private overlap(job: string, what: string): void {
    this.emit({ job, kind: 'skipped-overlap', level: 'warning', message: `The run of "${job}" ${what} was skipped: the previous run is still going (runs of a job never overlap).` });
  }

  private arm(now: number): void {
    let next = Infinity;
    for (const e of this.entries.values()) {
      if (e.nextDue !== null && e.nextDue < next) next = e.nextDue;
    }
    if (next === Infinity) return;
    const delay = Math.min(Math.max(0, next - now), this.maxSleepMs);
    this.cancelTimer = this.clock.schedule(delay, () => this.tick());
  }

  private emit(entry: Omit<ScheduleLogEntry, 'at'>): void {
    this.log({ at: iso(this.clock.now()), ...entry });
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function describeWindow(w: { from: string; to: string; label?: string }): string {
  return `${w.label ? `"${w.label}" ` : ''}${w.from} to ${w.to}`;
}

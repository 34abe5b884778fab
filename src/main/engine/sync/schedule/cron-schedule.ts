import { Cron } from 'croner';
import { StudioError } from '../../../../shared/errors';
import { syncScheduleSchema, type BlackoutWindow, type SyncSchedule } from '../../../../shared/model/sync-schedule';
import { blackoutAt, blackoutBounds, boundsInOrder, localText, type BlackoutBounds } from './blackouts';

/**
 * A schedule checked once and ready to answer "when next?". croner does the calendar work (five
 * cron fields or a nickname like @daily, read in the IANA zone, DST included: a fixed-time job in
 * the spring-forward gap runs at the first valid time after it, and once when the fall-back hour
 * repeats; an interval job skips the gap and runs on both repeated hours). The firing is ours
 * (SyncScheduler on an injected clock): croner is only asked for times, never to set timers.
 */
export interface CompiledSchedule {
  readonly schedule: SyncSchedule;
  /** The first run time strictly after `afterMs`, or null when the expression never fires again. */
  next(afterMs: number): number | null;
  /** Run times in (fromMs, toMs], oldest first, at most `limit` (a long sleep of a minutely job stays bounded). */
  between(fromMs: number, toMs: number, limit?: number): number[];
  /** The blackout window holding `ms`, or null. */
  blackoutAt(ms: number): BlackoutWindow | null;
  /** `ms` as wall-clock time in the schedule's zone (for log lines). */
  local(ms: number): string;
}

/** One upcoming run time for display ("next sync"), with the window that will skip it, if any. */
export interface UpcomingRun {
  at: string;
  /** The same moment on the schedule's wall clock, 'YYYY-MM-DDTHH:mm'. */
  local: string;
  skippedBy: BlackoutWindow | null;
}

/**
 * Checks a stored schedule and compiles it. Anything wrong is SCHEDULE_INVALID saying what is
 * wrong and where (`where.field`: cron, timezone, blackouts[i].from…), prefixed with the job's name
 * when given, so a person can find it in the sync definition.
 */
export function compileSchedule(input: unknown, job?: string): CompiledSchedule {
  const who = job ? `The schedule of the sync job "${job}"` : 'The schedule';
  const parsed = syncScheduleSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || 'schedule';
    throw invalid(`${who} is not valid: ${field}: ${issue.message}.`, field, job, pick(input, issue.path));
  }
  const schedule = parsed.data;
  let cron: Cron;
  try {
    cron = new Cron(schedule.cron, { timezone: schedule.timezone, paused: true, mode: '5-part' });
  } catch (err) {
    throw invalid(`${who} has a cron expression that does not parse (${JSON.stringify(schedule.cron)}): ${cronMessage(err)}.`, 'cron', job, schedule.cron);
  }
  const windows = schedule.blackouts.map(blackoutBounds);
  windows.forEach((w, i) => {
    if (!boundsInOrder(w)) throw invalid(`${who} has a blackout window that ends (${w.window.to}) before it starts (${w.window.from}).`, `blackouts[${i}].to`, job, w.window.to);
  });
  const next = (afterMs: number): number | null => cron.nextRun(new Date(afterMs))?.getTime() ?? null;
  // A pattern that parses but names no real day (30 February) would leave a job silently idle.
  if (next(Date.UTC(2000, 0, 1)) === null) {
    throw invalid(`${who} never fires: ${JSON.stringify(schedule.cron)} names no time that exists.`, 'cron', job, schedule.cron);
  }
  return compiled(schedule, next, windows);
}

function compiled(schedule: SyncSchedule, next: (afterMs: number) => number | null, windows: BlackoutBounds[]): CompiledSchedule {
  return {
    schedule,
    next,
    between(fromMs, toMs, limit = 10_000) {
      const out: number[] = [];
      for (let t = next(fromMs); t !== null && t <= toMs && out.length < limit; t = next(t)) out.push(t);
      return out;
    },
    blackoutAt: (ms) => blackoutAt(windows, ms, schedule.timezone),
    local: (ms) => localText(ms, schedule.timezone).slice(0, 16),
  };
}

/** The next `count` run times after `fromMs`, each with the blackout window that would skip it. */
export function upcomingRuns(schedule: CompiledSchedule, fromMs: number, count: number): UpcomingRun[] {
  const out: UpcomingRun[] = [];
  for (let t = schedule.next(fromMs); t !== null && out.length < count; t = schedule.next(t)) {
    out.push({ at: new Date(t).toISOString(), local: schedule.local(t), skippedBy: schedule.blackoutAt(t) });
  }
  return out;
}

/**
 * The next run that will really start ("next sync" on screens and in `status`): the first run time
 * after `fromMs` outside every blackout window, looked for up to `horizonRuns` run times ahead
 * (a summer break of a minutely job is long); null when none is found in that many.
 */
export function nextSyncAt(schedule: CompiledSchedule, fromMs: number, horizonRuns = 10_000): string | null {
  let seen = 0;
  for (let t = schedule.next(fromMs); t !== null && seen < horizonRuns; t = schedule.next(t), seen++) {
    if (!schedule.blackoutAt(t)) return new Date(t).toISOString();
  }
  return null;
}

function invalid(message: string, field: string, job: string | undefined, value: unknown): StudioError {
  return new StudioError('SCHEDULE_INVALID', message, 'Correct the schedule in the sync definition: five cron fields (minute hour day month weekday) or @hourly/@daily/@weekly/@monthly, an IANA time zone like Europe/Berlin, and blackout windows as ISO dates (from ≤ to).', {
    where: { field },
    details: { ...(job ? { job } : {}), value: value === undefined ? null : value },
  });
}

function cronMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/^CronPattern:\s*/, '').replace(/\.$/, '');
}

function pick(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

import { z } from 'zod';

/**
 * When a sync job runs by itself (issue 19, item 6): a cron expression read in an IANA time zone,
 * blackout windows in which no scheduled run starts (summer break, exam weeks), and what to do
 * about runs missed while the studio was closed or the computer slept.
 *
 * This is the shape the sync definitions store. Its structure, the time zone and the blackout
 * dates are checked here (the renderer shows the same errors the engine gives); whether the cron
 * expression parses and ever fires is checked by the engine's scheduler (croner), which answers
 * SCHEDULE_INVALID naming the field.
 */

/** A calendar date (the whole day, in the schedule's time zone) or a date-time. */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A date-time: without an offset it is a wall-clock time in the schedule's time zone; with `Z` or `±hh:mm` an instant. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

/** `skip`: missed runs are logged and not made up; `runOnce`: one catch-up run however many were missed (never a burst). */
export const MISSED_RUN_POLICIES = ['skip', 'runOnce'] as const;
export type MissedRunPolicy = (typeof MISSED_RUN_POLICIES)[number];

/** True when `zone` is an IANA time zone this runtime knows (`Europe/Berlin`, `UTC`). */
export function isKnownTimeZone(zone: string): boolean {
  if (!zone.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** True for an ISO date or date-time a blackout bound may take (and that names a real day). */
export function isBlackoutBound(value: string): boolean {
  if (!DATE.test(value) && !DATE_TIME.test(value)) return false;
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

const blackoutBound = z.string().refine(isBlackoutBound, { message: 'expected an ISO date (2025-07-01) or date-time (2025-07-01T08:00, optionally with Z or an offset)' });

/** A period in which scheduled runs do not start; `from` and `to` are both inclusive (a date `to` covers that whole day). */
export const blackoutWindowSchema = z.object({
  from: blackoutBound,
  to: blackoutBound,
  label: z.string().max(200).optional(),
});
export type BlackoutWindow = z.infer<typeof blackoutWindowSchema>;

export const syncScheduleSchema = z
  .object({
    cron: z.string().trim().min(1, 'a cron expression is required (five fields: minute hour day month weekday, or @daily, @hourly…)').max(200),
    timezone: z.string().refine(isKnownTimeZone, { message: 'not an IANA time zone this computer knows (e.g. Europe/Berlin, America/New_York, UTC)' }),
    blackouts: z.array(blackoutWindowSchema).max(100).default([]),
    missedPolicy: z.enum(MISSED_RUN_POLICIES).default('skip'),
  })
  .superRefine((schedule, ctx) => {
    schedule.blackouts.forEach((b, i) => {
      // Only bounds of the same kind compare as text; the engine checks mixed ones in the zone.
      const sameKind = b.from.length === b.to.length && !/[Z+]|-\d{2}:\d{2}$/.test(b.from + b.to);
      if (sameKind && b.from > b.to) ctx.addIssue({ code: 'custom', path: ['blackouts', i, 'to'], message: `the window ends (${b.to}) before it starts (${b.from})` });
    });
  });
export type SyncSchedule = z.infer<typeof syncScheduleSchema>;

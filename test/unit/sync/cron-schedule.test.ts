import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../src/shared/errors';
import { syncScheduleSchema } from '../../../src/shared/model/sync-schedule';
import { compileSchedule, nextSyncAt, upcomingRuns } from '../../../src/main/engine/sync/schedule/cron-schedule';

const schedule = (over: Record<string, unknown> = {}) => ({ cron: '30 2 * * *', timezone: 'Europe/Berlin', blackouts: [], missedPolicy: 'skip', ...over });
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function refusal(input: unknown, job?: string): StudioError {
  try {
    compileSchedule(input, job);
  } catch (err) {
    return err as StudioError;
  }
  throw new Error('expected SCHEDULE_INVALID');
}

describe('sync schedules: validation', () => {
  it('refuses a bad cron expression, an unknown time zone and a blackout out of order, naming what and where', () => {
    const cron = refusal(schedule({ cron: '61 2 * * *' }), 'nightly');
    expect(cron).toBeInstanceOf(StudioError);
    expect(cron.code).toBe('SCHEDULE_INVALID');
    expect(cron.where).toEqual({ field: 'cron' });
    expect(cron.message).toContain('"nightly"');
    expect(cron.message).toContain('minute: 61');
    expect(cron.details).toEqual({ job: 'nightly', value: '61 2 * * *' });

    expect(refusal(schedule({ cron: 'every night' })).message).toContain('five, six, or seven');
    expect(refusal(schedule({ cron: '0 0 2 * * *' })).message).toContain('exactly 5 parts');
    expect(refusal(schedule({ cron: '0 2 31 2 *' })).message).toContain('never fires');

    const zone = refusal(schedule({ timezone: 'Mars/Olympus_Mons' }), 'nightly');
    expect(zone.where).toEqual({ field: 'timezone' });
    expect(zone.message).toContain('IANA time zone');
    expect(zone.details?.value).toBe('Mars/Olympus_Mons');

    const window = refusal(schedule({ blackouts: [{ from: '2025-08-31', to: '2025-07-01', label: 'summer' }] }));
    expect(window.where).toEqual({ field: 'blackouts[0].to' });
    expect(window.message).toContain('ends (2025-07-01) before it starts (2025-08-31)');
    expect(refusal(schedule({ blackouts: [{ from: '2025-02-30', to: '2025-03-01' }] })).where).toEqual({ field: 'blackouts[0].from' });
    expect(refusal(schedule({ blackouts: [{ from: '2025-08-31T10:00Z', to: '2025-08-31T09:00Z' }] })).where).toEqual({ field: 'blackouts[0].to' });
    expect(refusal(schedule({ missedPolicy: 'burst' })).where).toEqual({ field: 'missedPolicy' });
  });

  it('accepts the stored shape, nicknames, and fills the defaults', () => {
    expect(compileSchedule(schedule({ cron: '@daily' })).schedule.cron).toBe('@daily');
    expect(syncScheduleSchema.parse({ cron: '0 6 * * MON-FRI', timezone: 'UTC' })).toEqual({ cron: '0 6 * * MON-FRI', timezone: 'UTC', blackouts: [], missedPolicy: 'skip' });
  });
});

describe('sync schedules: times in a time zone, across DST', () => {
  it('a nightly 02:30 in Berlin runs once on the spring-forward night (at 03:00 CEST) and once on the fall-back night', () => {
    const s = compileSchedule(schedule());
    // 30 March 2025: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist that night.
    expect(s.between(Date.parse('2025-03-28T12:00:00Z'), Date.parse('2025-04-01T12:00:00Z')).map(iso)).toEqual([
      '2025-03-29T01:30:00.000Z', // 02:30 CET
      '2025-03-30T01:00:00.000Z', // the first valid time after the gap, 03:00 CEST
      '2025-03-31T00:30:00.000Z', // 02:30 CEST
      '2025-04-01T00:30:00.000Z',
    ]);
    // 26 October 2025: 03:00 CEST goes back to 02:00 CET, so 02:30 happens twice; the job runs once.
    const autumn = s.between(Date.parse('2025-10-25T12:00:00Z'), Date.parse('2025-10-27T12:00:00Z'));
    expect(autumn.map(iso)).toEqual(['2025-10-26T00:30:00.000Z', '2025-10-27T01:30:00.000Z']);
    expect(autumn.map((t) => s.local(t))).toEqual(['2025-10-26T02:30', '2025-10-27T02:30']);
  });

  it('an hourly job in New York has 23 runs on the spring-forward day and 25 on the fall-back day', () => {
    const s = compileSchedule(schedule({ cron: '0 * * * *', timezone: 'America/New_York' }));
    // Run times from one local midnight (included) to the next (excluded).
    const day = (start: string, end: string) => s.between(Date.parse(start) - 1, Date.parse(end) - 1).map((t) => s.local(t));
    const spring = day('2025-03-09T05:00:00Z', '2025-03-10T04:00:00Z');
    expect(spring).toHaveLength(23);
    expect(spring).not.toContain('2025-03-09T02:00');
    const autumn = day('2025-11-02T04:00:00Z', '2025-11-03T05:00:00Z');
    expect(autumn).toHaveLength(25);
    expect(autumn.filter((t) => t === '2025-11-02T01:00')).toHaveLength(2);
    expect(day('2025-06-01T04:00:00Z', '2025-06-02T04:00:00Z')).toHaveLength(24);
  });
});

describe('sync schedules: blackout windows and "next sync"', () => {
  const summer = { from: '2025-07-01', to: '2025-08-31', label: 'summer break' };

  it('a date window covers whole local days in the schedule zone; date-times and instants are inclusive to their precision', () => {
    const s = compileSchedule(schedule({ timezone: 'Pacific/Auckland', blackouts: [summer, { from: '2025-06-10T08:00', to: '2025-06-10T17:00', label: 'exam' }, { from: '2025-05-01T00:00:00Z', to: '2025-05-01T00:00Z' }] }));
    // 1 July 00:00 in Auckland (UTC+12) is 30 June 12:00 UTC.
    expect(s.blackoutAt(Date.parse('2025-06-30T11:59:59Z'))).toBeNull();
    expect(s.blackoutAt(Date.parse('2025-06-30T12:00:00Z'))?.label).toBe('summer break');
    expect(s.blackoutAt(Date.parse('2025-08-31T11:59:59Z'))?.label).toBe('summer break');
    expect(s.blackoutAt(Date.parse('2025-08-31T12:00:00Z'))).toBeNull();
    // 17:00 local inclusive: the whole minute.
    expect(s.blackoutAt(Date.parse('2025-06-10T05:00:59Z'))?.label).toBe('exam');
    expect(s.blackoutAt(Date.parse('2025-06-10T05:01:00Z'))).toBeNull();
    expect(s.blackoutAt(Date.parse('2025-04-30T23:59:59Z'))).toBeNull();
    expect(s.blackoutAt(Date.parse('2025-05-01T00:00:30Z'))).not.toBeNull();
  });

  it('upcoming runs say which window skips them, and the next sync is the first run outside every window', () => {
    const s = compileSchedule(schedule({ cron: '0 6 * * *', timezone: 'Europe/London', blackouts: [summer] }));
    const from = Date.parse('2025-06-29T12:00:00Z');
    const upcoming = upcomingRuns(s, from, 3);
    expect(upcoming.map((u) => [u.local, u.skippedBy?.label ?? null])).toEqual([
      ['2025-06-30T06:00', null],
      ['2025-07-01T06:00', 'summer break'],
      ['2025-07-02T06:00', 'summer break'],
    ]);
    expect(nextSyncAt(s, Date.parse('2025-06-30T06:00:00Z'))).toBe('2025-09-01T05:00:00.000Z');
    expect(nextSyncAt(compileSchedule(schedule({ cron: '0 6 * * *', blackouts: [{ from: '2025-01-01', to: '2099-12-31' }] })), from, 500)).toBeNull();
  });
});

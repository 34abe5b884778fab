import { afterEach, describe, expect, it } from 'vitest';
import type { ScheduleLogEntry, SyncTrigger } from '../../../src/main/engine/sync/schedule/schedule-log';
import { SyncScheduler, type ScheduledJob } from '../../../src/main/engine/sync/schedule/sync-scheduler';
import { FakeScheduleClock, settle } from '../../support/fake-schedule-clock';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A scheduler on a fake clock whose runner records each run and can be held open. */
function harness(start: string, jobs: ScheduledJob[]) {
  const clock = new FakeScheduleClock(start);
  const runs: { job: string; at: string; trigger: SyncTrigger }[] = [];
  const log: ScheduleLogEntry[] = [];
  let hold: Promise<void> | null = null;
  const scheduler = new SyncScheduler({
    jobs: () => jobs,
    clock,
    log: (e) => log.push(e),
    run: async (job, trigger) => {
      runs.push({ job, at: new Date(clock.now()).toISOString(), trigger });
      if (hold) await hold;
    },
  });
  const holdRuns = () => {
    let release!: () => void;
    hold = new Promise((r) => (release = r));
    return () => {
      hold = null;
      release();
    };
  };
  return { clock, runs, log, scheduler, holdRuns, kinds: () => log.map((e) => e.kind) };
}

const nightly = (over: Record<string, unknown> = {}, lastRunAt: string | null = null): ScheduledJob => ({
  name: 'nightly',
  schedule: { cron: '0 2 * * *', timezone: 'Europe/Berlin', blackouts: [], missedPolicy: 'skip', ...over },
  lastRunAt,
});

describe('SyncScheduler on an injected clock', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const s of stops.splice(0)) await s();
  });
  const started = async (h: ReturnType<typeof harness>) => {
    stops.push(() => h.scheduler.stop());
    await h.scheduler.start();
    await settle();
    return h;
  };

  it('runs a job at its run times in its time zone, through a DST change, and tells the next sync', async () => {
    const h = await started(harness('2025-03-28T12:00:00Z', [nightly({ cron: '30 2 * * *' })]));
    expect(h.scheduler.status()).toEqual([{ name: 'nightly', cron: '30 2 * * *', timezone: 'Europe/Berlin', missedPolicy: 'skip', nextSyncAt: '2025-03-29T01:30:00.000Z', running: false, invalid: null }]);
    await h.clock.advance(3 * DAY);
    expect(h.runs.map((r) => r.at)).toEqual(['2025-03-29T01:30:00.000Z', '2025-03-30T01:00:00.000Z', '2025-03-31T00:30:00.000Z']);
    expect(h.runs[1].trigger).toEqual({ kind: 'schedule', dueAt: '2025-03-30T01:00:00.000Z' });
    expect(h.kinds().filter((k) => k !== 'run-started' && k !== 'run-finished')).toEqual([]);
    // It never waits more than a minute without looking at the clock.
    expect(h.clock.pending).toBe(1);
  });

  it('skips a run inside a blackout window and says so in the log', async () => {
    const h = await started(harness('2025-06-29T12:00:00Z', [nightly({ blackouts: [{ from: '2025-06-30', to: '2025-07-01', label: 'exam week' }] })]));
    await h.clock.advance(3 * DAY);
    expect(h.runs.map((r) => r.at)).toEqual(['2025-07-02T00:00:00.000Z']);
    const skipped = h.log.filter((e) => e.kind === 'skipped-blackout');
    expect(skipped).toHaveLength(2);
    expect(skipped[0]).toMatchObject({ job: 'nightly', at: '2025-06-30T00:00:00.000Z', level: 'info' });
    expect(skipped[0].message).toContain('due 2025-06-30T02:00 (Europe/Berlin) was skipped: blackout window "exam week" 2025-06-30 to 2025-07-01');
  });

  it('never overlaps runs of a job: a tick while it runs is skipped and logged, not queued', async () => {
    const h = await started(harness('2025-01-06T08:59:00Z', [{ name: 'roster', schedule: { cron: '*/15 * * * *', timezone: 'UTC', blackouts: [], missedPolicy: 'runOnce' } }]));
    const release = h.holdRuns();
    await h.clock.advance(60_000);
    expect(h.runs).toHaveLength(1);
    expect(h.scheduler.status()[0].running).toBe(true);
    await h.clock.advance(45 * 60_000);
    expect(h.runs).toHaveLength(1);
    const overlaps = h.log.filter((e) => e.kind === 'skipped-overlap');
    expect(overlaps.map((e) => e.at)).toEqual(['2025-01-06T09:15:00.000Z', '2025-01-06T09:30:00.000Z', '2025-01-06T09:45:00.000Z']);
    expect(overlaps[0].message).toContain('the previous run is still going');
    release();
    await settle();
    // Nothing was queued: the next run is the next run time.
    expect(h.runs).toHaveLength(1);
    await h.clock.advance(15 * 60_000);
    expect(h.runs.map((r) => r.at)).toEqual(['2025-01-06T09:00:00.000Z', '2025-01-06T10:00:00.000Z']);
  });

  it('missed runs after the computer slept: policy skip logs them and waits for the next run time', async () => {
    const h = await started(harness('2025-01-06T12:00:00Z', [nightly()]));
    h.clock.jump(3 * DAY); // asleep from Monday noon to Thursday noon
    await h.clock.advance(60_000);
    expect(h.runs).toHaveLength(0);
    const missed = h.log.filter((e) => e.kind === 'missed');
    expect(missed).toHaveLength(1);
    expect(missed[0].message).toContain('3 runs of "nightly" due from 2025-01-07T02:00 to 2025-01-09T02:00 (Europe/Berlin) were missed');
    expect(missed[0].message).toContain('policy is skip');
    await h.clock.advance(DAY);
    expect(h.runs.map((r) => r.trigger.kind)).toEqual(['schedule']);
  });

  it('missed runs after the computer slept: policy runOnce makes one catch-up run, never a burst', async () => {
    const h = await started(harness('2025-01-06T12:00:00Z', [nightly({ missedPolicy: 'runOnce', cron: '0 * * * *' })]));
    h.clock.jump(10 * HOUR + 30 * 60_000);
    await h.clock.advance(60_000);
    expect(h.runs).toHaveLength(1);
    expect(h.runs[0].trigger).toEqual({ kind: 'catch-up', missed: 10, firstMissedAt: '2025-01-06T13:00:00.000Z', lastMissedAt: '2025-01-06T22:00:00.000Z' });
    expect(h.log.find((e) => e.kind === 'missed')?.message).toContain('one catch-up run now');
    await h.clock.advance(30 * 60_000);
    expect(h.runs.map((r) => r.trigger.kind)).toEqual(['catch-up', 'schedule']);
  });

  it('runs missed while the studio was closed count from the last run; a catch-up is not made inside a blackout', async () => {
    const closed = await started(harness('2025-01-10T09:00:00Z', [nightly({ missedPolicy: 'runOnce' }, '2025-01-07T01:00:00Z')]));
    expect(closed.runs).toEqual([{ job: 'nightly', at: '2025-01-10T09:00:00.000Z', trigger: { kind: 'catch-up', missed: 3, firstMissedAt: '2025-01-08T01:00:00.000Z', lastMissedAt: '2025-01-10T01:00:00.000Z' } }]);
    const never = await started(harness('2025-01-10T09:00:00Z', [nightly({ missedPolicy: 'runOnce' }, null)]));
    expect(never.runs).toHaveLength(0);
    const inBlackout = await started(harness('2025-01-10T09:00:00Z', [nightly({ missedPolicy: 'runOnce', blackouts: [{ from: '2025-01-10', to: '2025-01-10' }] }, '2025-01-07T01:00:00Z')]));
    expect(inBlackout.runs).toHaveLength(0);
    expect(inBlackout.log.find((e) => e.kind === 'skipped-blackout')?.message).toContain('catch-up run is not made now');
    expect(inBlackout.log.find((e) => e.kind === 'skipped-blackout')?.message).toContain('(1 more fell in blackout windows)');
  });

  it('a clock set back runs nothing twice; a clock set forward counts as missed runs', async () => {
    const h = await started(harness('2025-01-06T01:59:00Z', [nightly({ cron: '0 2 * * *', timezone: 'UTC' })]));
    await h.clock.advance(2 * 60_000);
    expect(h.runs).toHaveLength(1);
    h.clock.jump(-HOUR);
    await h.clock.advance(2 * HOUR);
    expect(h.runs).toHaveLength(1);
    expect(h.kinds()).toContain('clock-back');
    h.clock.jump(2 * DAY);
    await h.clock.advance(60_000);
    expect(h.runs).toHaveLength(1);
    expect(h.log.filter((e) => e.kind === 'missed')[0].message).toContain('2 runs');
  });

  it('a job with an unusable schedule is logged once and left out; refresh picks up the corrected one', async () => {
    const jobs: ScheduledJob[] = [{ name: 'broken', schedule: { cron: '0 25 * * *', timezone: 'UTC', blackouts: [], missedPolicy: 'skip' } }];
    const h = await started(harness('2025-01-06T00:00:00Z', jobs));
    expect(h.log.filter((e) => e.kind === 'invalid-schedule').map((e) => e.error?.code)).toEqual(['SCHEDULE_INVALID']);
    expect(h.scheduler.status()[0]).toMatchObject({ name: 'broken', nextSyncAt: null, invalid: { code: 'SCHEDULE_INVALID', where: { field: 'cron' } } });
    await h.scheduler.refresh();
    expect(h.log.filter((e) => e.kind === 'invalid-schedule')).toHaveLength(1);
    jobs[0] = { name: 'broken', schedule: { cron: '0 5 * * *', timezone: 'UTC' } };
    await h.scheduler.refresh();
    await h.clock.advance(6 * HOUR);
    expect(h.runs.map((r) => r.at)).toEqual(['2025-01-06T05:00:00.000Z']);
  });

  it('a failing run is logged with its error and the schedule goes on; stop aborts the running run and arms nothing', async () => {
    const clock = new FakeScheduleClock('2025-01-06T00:59:30Z');
    const log: ScheduleLogEntry[] = [];
    let signal: AbortSignal | null = null;
    let calls = 0;
    const scheduler = new SyncScheduler({
      jobs: () => [{ name: 'hourly', schedule: { cron: '0 * * * *', timezone: 'UTC' } }],
      clock,
      log: (e) => log.push(e),
      run: async (_job, _trigger, s) => {
        calls++;
        if (calls === 1) throw new Error('source unreachable');
        signal = s;
        await new Promise<void>((resolve) => s.addEventListener('abort', () => resolve()));
      },
    });
    await scheduler.start();
    await clock.advance(61 * 60_000);
    expect(log.find((e) => e.kind === 'run-failed')).toMatchObject({ job: 'hourly', level: 'error', error: { code: 'INTERNAL' } });
    expect(calls).toBe(2);
    await scheduler.stop();
    expect((signal as AbortSignal | null)?.aborted).toBe(true);
    expect(clock.pending).toBe(0);
    // Events arriving after the project closed start nothing and ask for nothing.
    expect(scheduler.gate.startOrFollow('hourly', { kind: 'events', count: 1, sources: ['webhook'], firstAt: '2025-01-06T02:00:00.000Z' })).toBe('closed');
    await settle();
    expect(calls).toBe(2);
    expect(log.filter((e) => e.kind === 'follow-up')).toHaveLength(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTargetContract } from '../../src/academia-api/contract';
import { AcademiaClient } from '../../src/main/engine/academia/academia-client';
import { EventDebouncer } from '../../src/main/engine/sync/events/event-debouncer';
import { EventRouter } from '../../src/main/engine/sync/events/event-router';
import { EventsFeedPoller, memoryCursorStore } from '../../src/main/engine/sync/events/events-feed-poller';
import { JobGate } from '../../src/main/engine/sync/schedule/job-gate';
import type { ScheduleLogEntry, SyncTrigger } from '../../src/main/engine/sync/schedule/schedule-log';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index';
import { FakeScheduleClock } from '../support/fake-schedule-clock';
import { refId, sampleRecord } from '../unit/academia/sample-records';

const contract = loadTargetContract('v1');
const SCHOOL = refId('schools', 1);
/** The jobs of the test project: students and guardians are synced, schools are known but synced by no job. */
const JOBS: Record<string, string[]> = { students: ['roster'], guardians: ['roster'], schools: [] };

describe('events-feed polling against the embedded sandbox', () => {
  let sandbox: RunningSandbox;
  let client: AcademiaClient;
  let key = 0;
  const push = (entity: string, numbers: number[], change = '') =>
    client.pushBatch(entity, numbers.map((n) => ({ ...sampleRecord(contract, entity, n), ...(change ? { lastName: change } : {}) })), `k-${key++}`);

  beforeAll(async () => {
    sandbox = await startSandbox();
    client = new AcademiaClient({ baseUrl: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, schoolId: SCHOOL, random: () => 0.5 });
    await client.upsertSchools([sampleRecord(contract, 'schools', 1)], `k-${key++}`);
    await push('students', [1, 2]);
  });
  afterAll(() => sandbox.close());

  function setup(options: { fromStart?: boolean; failFirst?: boolean } = {}) {
    const clock = new FakeScheduleClock('2025-01-06T09:00:00Z');
    const runs: { job: string; trigger: SyncTrigger }[] = [];
    const log: ScheduleLogEntry[] = [];
    const gate = new JobGate(async (job, trigger) => void runs.push({ job, trigger }), clock, (e) => log.push(e));
    const debouncer = new EventDebouncer({ gate, clock, quietMs: 5_000 });
    const router = new EventRouter({ jobsForEntity: (entity) => JOBS[entity] ?? null, debouncer, clock, log: (e) => log.push(e) });
    const cursor = memoryCursorStore();
    let failures = options.failFirst ? 1 : 0;
    const pages: (string | undefined)[] = [];
    const poller = new EventsFeedPoller({
      page: async (after) => {
        pages.push(after);
        if (failures-- > 0) throw new Error('connect ECONNREFUSED');
        return client.events.page({ after, limit: 2 });
      },
      router,
      cursor,
      clock,
      log: (e) => log.push(e),
      intervalMs: 30_000,
      fromStart: options.fromStart,
    });
    return { clock, runs, log, cursor, poller, pages };
  }

  it('starts at the end of the feed, then debounces new events into one run, keeping the cursor', async () => {
    const { clock, runs, cursor, poller, log } = setup();
    poller.start();
    await clock.advance(0);
    // The history (the school and two students) is the first sync's to read, not the events'.
    expect(cursor.cursor).not.toBeNull();
    await clock.advance(10_000);
    expect(runs).toHaveLength(0);
    const start = cursor.cursor;

    await push('students', [1, 2, 3], 'Changed');
    await push('guardians', [1]);
    await clock.advance(20_000); // the next poll, 30 s after the first
    expect(cursor.cursor).not.toBe(start);
    expect(runs).toHaveLength(0);
    await clock.advance(5_000);
    expect(runs).toEqual([{ job: 'roster', trigger: { kind: 'events', count: 4, sources: ['feed'], firstAt: '2025-01-06T09:00:30.000Z' } }]);

    // Nothing new: nothing runs, the cursor stays.
    const after = cursor.cursor;
    await clock.advance(60_000);
    expect(runs).toHaveLength(1);
    expect(cursor.cursor).toBe(after);

    // An event for a known entity no job syncs starts nothing, and says why.
    await client.upsertSchools([{ ...sampleRecord(contract, 'schools', 1), name: 'Renamed School' }], `k-${key++}`);
    await clock.advance(40_000);
    expect(runs).toHaveLength(1);
    expect(log.filter((e) => e.kind === 'event-ignored').at(-1)?.message).toContain('no sync job syncs schools');
    await poller.stop();
    expect(clock.pending).toBe(0);
  });

  it('with fromStart reads the feed from the oldest event page by page; a failed poll keeps the cursor and is tried again', async () => {
    const { clock, runs, cursor, poller, log, pages } = setup({ fromStart: true, failFirst: true });
    poller.start();
    await clock.advance(0);
    expect(log.find((e) => e.kind === 'feed-failed')?.message).toContain('could not be read: Something unexpected went wrong: connect ECONNREFUSED');
    expect(cursor.cursor).toBeNull();
    await clock.advance(30_000);
    // The whole feed, two events a page (the limit), read in one poll; then one run for all of it.
    expect(pages.length).toBeGreaterThan(3);
    expect(pages.slice(0, 2)).toEqual([undefined, undefined]);
    await clock.advance(5_000);
    expect(runs).toHaveLength(1);
    expect(runs[0].trigger).toMatchObject({ kind: 'events', sources: ['feed'] });
    expect((runs[0].trigger as { count: number }).count).toBeGreaterThanOrEqual(6);
    await poller.stop();
  });
});

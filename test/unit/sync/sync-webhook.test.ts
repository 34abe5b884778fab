import { afterEach, describe, expect, it } from 'vitest';
import { signPayload } from '../../../src/academia-api/webhook-signature';
import type { TargetEvent } from '../../../src/academia-api/wire-types';
import { EventDebouncer } from '../../../src/main/engine/sync/events/event-debouncer';
import { EventRouter } from '../../../src/main/engine/sync/events/event-router';
import { startSyncWebhookReceiver, type RunningWebhookReceiver } from '../../../src/main/engine/sync/events/webhook-server';
import { JobGate } from '../../../src/main/engine/sync/schedule/job-gate';
import type { ScheduleLogEntry, SyncTrigger } from '../../../src/main/engine/sync/schedule/schedule-log';
import { FakeScheduleClock, settle } from '../../support/fake-schedule-clock';

/** A JSON answer of the receiver: an acceptance or problem details. */
type Answer = { type?: string; detail?: string; jobs?: string[]; [member: string]: unknown };

const SECRET = 'whsec-test-0123456789abcdef';
const JOBS: Record<string, string[]> = { students: ['roster'], guardians: ['roster', 'contacts'], courses: [] };

function event(n: number, entity = 'students', type = 'record.updated'): TargetEvent {
  return { id: `evt_${n}`, type, occurredAt: '2025-01-06T09:00:00.000Z', schoolId: 'SCH-1', data: { entity, externalId: `S-${n}`, id: `id-${n}`, version: 2 } };
}

describe('the sync webhook receiver', () => {
  let receiver: RunningWebhookReceiver | null = null;
  afterEach(async () => {
    await receiver?.close();
    receiver = null;
  });

  async function setup(options: { maxBodyBytes?: number; hold?: Promise<void> } = {}) {
    const clock = new FakeScheduleClock('2025-01-06T09:00:00Z');
    const runs: { job: string; trigger: SyncTrigger }[] = [];
    const log: ScheduleLogEntry[] = [];
    const gate = new JobGate(
      async (job, trigger) => {
        runs.push({ job, trigger });
        if (options.hold) await options.hold;
      },
      clock,
      (e) => log.push(e),
    );
    const debouncer = new EventDebouncer({ gate, clock, quietMs: 5_000, maxWaitMs: 60_000 });
    const router = new EventRouter({ jobsForEntity: (entity) => JOBS[entity] ?? null, debouncer, clock, log: (e) => log.push(e) });
    receiver = await startSyncWebhookReceiver({ router, secret: () => SECRET, clock, log: (e) => log.push(e), maxBodyBytes: options.maxBodyBytes });
    const post = async (body: string, signature: string | null, contentType = 'application/json') => {
      const headers: Record<string, string> = { 'Content-Type': contentType };
      if (signature !== null) headers['Academia-Signature'] = signature;
      const res = await fetch(receiver!.url, { method: 'POST', headers, body });
      return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Answer };
    };
    const deliver = (e: TargetEvent, at = clock.now() / 1000) => {
      const body = JSON.stringify(e);
      return post(body, signPayload(body, SECRET, at));
    };
    return { clock, runs, log, gate, post, deliver };
  }

  it('listens on loopback by default, on the port and path chosen; a port in use is PORT_IN_USE', async () => {
    const { clock, gate } = await setup();
    expect(receiver!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/academia\/events$/);
    const router = new EventRouter({ jobsForEntity: () => [], debouncer: new EventDebouncer({ gate, clock }), clock });
    await expect(startSyncWebhookReceiver({ router, secret: () => SECRET, clock, port: receiver!.port })).rejects.toMatchObject({ code: 'PORT_IN_USE', message: expect.stringContaining(`127.0.0.1:${receiver!.port}`) });
    const chosen = await startSyncWebhookReceiver({ router, secret: () => SECRET, clock, host: 'localhost', path: '/hooks/academia' });
    try {
      expect(chosen.url).toBe(`http://localhost:${chosen.port}/hooks/academia`);
      expect((await fetch(chosen.url, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } })).status).toBe(401);
    } finally {
      await chosen.close();
    }
  });

  it('leaves alone the events the studio says to ignore (the echo of its own pushes), and says so', async () => {
    const { clock, gate, log } = await setup();
    const debouncer = new EventDebouncer({ gate, clock, quietMs: 1_000 });
    const router = new EventRouter({
      jobsForEntity: (entity) => JOBS[entity] ?? null,
      debouncer,
      clock,
      log: (e) => log.push(e),
      ignore: (e) => (e.data.externalId === 'S-1' ? 'the studio wrote it' : null),
    });
    expect(router.route(event(1), 'feed')).toEqual({ outcome: 'ignored', reason: 'the studio wrote it' });
    expect(debouncer.waiting()).toEqual([]);
    expect(router.route(event(2), 'feed')).toEqual({ outcome: 'queued', entity: 'students', jobs: ['roster'] });
    expect(router.route(event(2), 'webhook')).toEqual({ outcome: 'duplicate' });
    expect(debouncer.waiting()).toEqual(['roster']);
    expect(log.at(-1)?.message).toContain('starts no sync: the studio wrote it');
  });

  it('refuses a bad signature, a missing one and a replayed timestamp with 401 problem details, and runs nothing', async () => {
    const { post, deliver, clock, runs, log } = await setup();
    const body = JSON.stringify(event(1));
    const wrong = await post(body, signPayload(body, 'another-secret-0123456789', clock.now() / 1000));
    expect(wrong).toMatchObject({ status: 401, type: 'application/problem+json', body: { status: 401, type: expect.stringContaining('signature-mismatch'), title: 'Bad signature' } });
    expect((await post(body, null)).body.type).toContain('signature-missing');
    // The same delivery captured and sent again 301 s after it was signed.
    const replayed = await deliver(event(2), clock.now() / 1000 - 301);
    expect(replayed.status).toBe(401);
    expect(replayed.body.type).toContain('signature-expired');
    expect(replayed.body.detail).toContain('301 s away');
    // A body changed on the way no longer matches its signature.
    const tampered = await post(JSON.stringify(event(3, 'guardians')), signPayload(body, SECRET, clock.now() / 1000));
    expect(tampered.status).toBe(401);
    // 300 s is still inside the tolerance.
    expect((await deliver(event(4), clock.now() / 1000 - 300)).status).toBe(202);
    await clock.advance(10_000);
    expect(runs).toHaveLength(1);
    expect(log.filter((e) => e.kind === 'event-refused')).toHaveLength(4);
  });

  it('turns a burst of good events into one debounced run per job; a repeated event counts once', async () => {
    const { deliver, clock, runs } = await setup();
    for (let n = 1; n <= 20; n++) {
      const answer = await deliver(event(n));
      expect(answer).toMatchObject({ status: 202, body: { accepted: true, jobs: ['roster'] } });
      await clock.advance(200);
    }
    expect(await deliver(event(20))).toMatchObject({ status: 200, body: { duplicate: true } });
    expect((await deliver(event(21, 'guardians'))).body.jobs).toEqual(['roster', 'contacts']);
    expect((await deliver(event(22, 'courses'))).body).toMatchObject({ accepted: true, jobs: [], ignored: 'no sync job syncs courses' });
    expect((await deliver(event(23, 'students', 'webhook.test'))).status).toBe(202);
    await clock.advance(4_999);
    expect(runs).toHaveLength(0);
    await clock.advance(1);
    expect(runs.map((r) => r.job).sort()).toEqual(['contacts', 'roster']);
    expect(runs.find((r) => r.job === 'roster')?.trigger).toEqual({ kind: 'events', count: 22, sources: ['webhook'], firstAt: '2025-01-06T09:00:00.000Z' });
    await clock.advance(60_000);
    expect(runs).toHaveLength(2);
  });

  it('a steady stream still runs after maxWait, and events during a run give exactly one follow-up run', async () => {
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    const { deliver, clock, runs, log } = await setup({ hold });
    for (let n = 1; n <= 30; n++) {
      await deliver(event(n));
      await clock.advance(2_500);
    }
    // Never quiet for 5 s, but 60 s after the first event (when 24 had come) the run starts anyway.
    expect(runs).toHaveLength(1);
    expect(runs[0].trigger).toMatchObject({ kind: 'events', count: 24 });
    for (let n = 31; n <= 40; n++) await deliver(event(n));
    await clock.advance(10_000);
    expect(runs).toHaveLength(1);
    expect(log.filter((e) => e.kind === 'follow-up')).toHaveLength(1);
    release();
    await settle();
    expect(runs).toHaveLength(2);
    expect(runs[1].trigger).toMatchObject({ kind: 'events', count: 16 });
    await clock.advance(120_000);
    expect(runs).toHaveLength(2);
  });

  it('refuses an event for an unknown entity with 422 and reports it; refuses a body over the bound with 413', async () => {
    const { deliver, post, clock, runs, log } = await setup({ maxBodyBytes: 1024 });
    const unknown = await deliver(event(1, 'spaceships'));
    expect(unknown).toMatchObject({ status: 422, type: 'application/problem+json', body: { title: 'Unknown entity', code: 'EVENT_UNKNOWN_ENTITY', field: 'data.entity' } });
    expect((await deliver(event(1, 'spaceships'))).status).toBe(422);
    const reported = log.filter((e) => e.kind === 'event-refused');
    expect(reported).toHaveLength(1);
    expect(reported[0].error).toMatchObject({ code: 'EVENT_UNKNOWN_ENTITY', where: { field: 'data.entity' }, details: { eventId: 'evt_1', entity: 'spaceships', source: 'webhook' } });
    const big = JSON.stringify({ ...event(2), data: { entity: 'students', padding: 'x'.repeat(2000) } });
    const tooLarge = await post(big, signPayload(big, SECRET, clock.now() / 1000));
    expect(tooLarge).toMatchObject({ status: 413, body: { title: 'Payload too large' } });
    expect((await post('{"id":', signPayload('{"id":', SECRET, clock.now() / 1000))).status).toBe(400);
    expect((await post('{}', signPayload('{}', SECRET, clock.now() / 1000), 'text/plain')).status).toBe(415);
    const other = await fetch(receiver!.url.replace('/academia/events', '/other'));
    expect(other.status).toBe(404);
    expect((await fetch(receiver!.url)).status).toBe(405);
    await clock.advance(10_000);
    expect(runs).toHaveLength(0);
  });
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signPayload } from '../../../src/academia-api/webhook-signature';
import type { TargetEvent } from '../../../src/academia-api/wire-types';
import { AcademiaClient } from '../../../src/main/engine/academia/academia-client';
import type { Engine } from '../../../src/main/engine';
import { createHostEngine } from '../../../src/main/hosts/host-engine';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index';
import type { SyncEventStatus } from '../../../src/shared/model/sync-events';
import { FakeScheduleClock } from '../../support/fake-schedule-clock';
import { tempDir } from '../../support/temp-dir';
import { legacy, studentsMapping, writeLegacy } from './sync-support';

const SECRET = 'whsec_events_test_0123456789abcdef';

/**
 * Event-driven syncs in the studio (web host), end to end: the engine starts a sync's webhook
 * receiver on 127.0.0.1 once its signing secret is in the vault, a signed event becomes exactly
 * one debounced sync run (on the injected clock), bad signatures, replays and unknown entities
 * are refused and counted, the studio's own pushes coming back as events start nothing, and the
 * target's events feed is polled from a cursor kept in the project file, so a studio opened
 * again resumes where it stopped. The target is a sandbox the test started, so the test can
 * change records in it as a person in Academia Pro would.
 */
describe('event-driven syncs in the studio', () => {
  const dir = tempDir();
  const project = join(dir.path, 'school.apstudio');
  const legacyFile = join(dir.path, 'legacy.sqlite');
  let sandbox: RunningSandbox;
  let person: AcademiaClient;
  let clock: FakeScheduleClock;
  let engine: Engine;
  let key = 0;

  /** The studio opened on the project (the desktop's and web host's engines run events; the CLI's never). */
  async function openStudio(): Promise<void> {
    clock = new FakeScheduleClock('2025-01-06T09:00:00Z');
    engine = createHostEngine({ host: 'web', configDir: join(dir.path, 'config'), scheduleClock: clock });
    await engine.grant(legacyFile, 'picked');
    await engine.api.projects.open({ path: project });
  }

  const runsOf = async (name: string) => engine.api.syncs.runs({ name });
  /** Waits (without a timed assertion) until the job has `count` runs, all ended. */
  async function runsSettle(name: string, count: number) {
    await vi.waitFor(async () => expect((await runsOf(name)).filter((r) => r.status !== 'Processing' && r.status !== 'Queued')).toHaveLength(count), { timeout: 15_000, interval: 20 });
    await engine.idle();
    return runsOf(name);
  }
  const statusOf = async (name: string): Promise<SyncEventStatus> => (await engine.api.syncs.events({})).jobs.find((j) => j.job === name)!;

  /** A person changes a student in Academia Pro (a newer version than the studio wrote). */
  async function personRenames(externalId: string, lastName: string): Promise<void> {
    const { id: _id, version: _version, createdAt: _created, updatedAt: _updated, deleted: _deleted, ...fields } = (await person.get('students', externalId))!;
    const [result] = await person.pushBatch('students', [{ ...fields, externalId, lastName }], `person-${key++}`);
    expect(result).toMatchObject({ status: 'updated' });
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    writeLegacy(legacyFile);
    await openStudioForSetup();
  }, 60_000);

  async function openStudioForSetup(): Promise<void> {
    clock = new FakeScheduleClock('2025-01-06T09:00:00Z');
    engine = createHostEngine({ host: 'web', configDir: join(dir.path, 'config'), scheduleClock: clock });
    await engine.api.projects.create({ path: project, name: 'Events' });
    await engine.grant(legacyFile, 'picked');
    const schoolId = (await engine.api.targets.get()).schoolId;
    await engine.api.targets.save({ name: 'Sandbox', kind: 'remote', baseUrl: sandbox.url, apiVersion: 'v1', auth: 'oauth2', clientId: sandbox.clientId, schoolId });
    await engine.api.targets.setSecret({ secret: sandbox.clientSecret });
    person = new AcademiaClient({ baseUrl: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, schoolId, random: () => 0.5 });
    const { id: connectionId } = await engine.api.connections.add({ name: 'Legacy', location: `sqlite:${legacyFile}` });
    await engine.api.connections.discover({ id: connectionId });
    await engine.api.mappings.create({ mapping: { entity: 'schools', connectionId, stream: 'SCHOOL', keyColumns: ['CODE'], fields: [{ field: 'name', column: 'NAME', transforms: [] }] } });
    await engine.api.mappings.create({ mapping: studentsMapping(connectionId) });
    const { runId } = await engine.api.runs.start({ entities: ['schools', 'students'] });
    await engine.idle();
    expect(await engine.api.runs.get({ runId })).toMatchObject({ status: 'Completed', counters: { created: 11 } });
  }

  afterAll(async () => {
    await engine?.dispose();
    await sandbox?.close();
    dir.cleanup();
  });

  it('starts the receiver on loopback once the signing secret is stored, and a signed event becomes exactly one debounced run', async () => {
    const def = await engine.api.syncs.define({ name: 'on-events', type: 'Delta', entities: [{ entity: 'students' }], gate: { default: { deletes: 0.5, updates: 0.5 } }, events: { webhook: { port: 0 } } });
    expect(def.events).toEqual({ webhook: { host: '127.0.0.1', port: 0, path: '/academia/events' }, feed: null });
    expect((await statusOf('on-events')).receiver).toMatchObject({ state: 'waiting-for-secret', secretStatus: 'missing', url: null });

    await engine.api.syncs.setEventSecret({ name: 'on-events', secret: SECRET });
    const { receiver } = await statusOf('on-events');
    expect(receiver).toMatchObject({ state: 'listening', secretStatus: 'set', host: '127.0.0.1' });
    expect(receiver!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/academia\/events$/);
    const url = receiver!.url!;

    legacy(legacyFile, "UPDATE PUPILS SET LAST = 'Evented' WHERE PUPIL_NO = 3");
    const deliver = async (event: TargetEvent, options: { secret?: string; at?: number } = {}) => {
      const body = JSON.stringify(event);
      const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Academia-Signature': signPayload(body, options.secret ?? SECRET, options.at ?? clock.now() / 1000) }, body });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const event = (id: string, entity = 'students', data: Record<string, unknown> = {}): TargetEvent => ({ id, type: 'record.updated', occurredAt: new Date(clock.now()).toISOString(), schoolId: null, data: { entity, externalId: '3', version: 99, ...data } });

    expect(await deliver(event('evt_1'))).toEqual({ status: 202, body: { accepted: true, jobs: ['on-events'] } });
    await clock.advance(2_000);
    expect(await deliver(event('evt_2'))).toEqual({ status: 202, body: { accepted: true, jobs: ['on-events'] } });
    expect((await statusOf('on-events')).waiting).toBe(true);
    await clock.advance(4_000);
    expect(await runsOf('on-events')).toHaveLength(0);
    await clock.advance(1_000); // 5 s after the last event
    const [run] = await runsSettle('on-events', 1);
    expect(run).toMatchObject({ status: 'Completed' });
    expect(run.changes.find((c) => c.entity === 'students')).toMatchObject({ updates: 1 });
    expect(await statusOf('on-events')).toMatchObject({ lastEvent: { id: 'evt_2', type: 'record.updated', entity: 'students', source: 'webhook' }, eventsReceived: 2, waiting: false });

    // Refused: a bad signature, a replayed (old) timestamp, an unknown entity; none runs anything.
    expect(await deliver(event('evt_3'), { secret: 'not-the-secret-at-all' })).toMatchObject({ status: 401, body: { type: expect.stringContaining('signature-mismatch') } });
    expect(await deliver(event('evt_4'), { at: clock.now() / 1000 - 301 })).toMatchObject({ status: 401, body: { type: expect.stringContaining('signature-expired') } });
    expect(await deliver(event('evt_5', 'spaceships'))).toMatchObject({ status: 422, body: { code: 'EVENT_UNKNOWN_ENTITY' } });
    // The studio's own push of student 3 coming back as an event: left alone.
    const ownVersion = (await person.get('students', '3'))!.version;
    expect(await deliver(event('evt_6', 'students', { version: ownVersion }))).toMatchObject({ status: 202, body: { jobs: [], ignored: expect.stringContaining('the studio itself wrote') } });
    await clock.advance(120_000);
    await engine.idle();
    expect(await runsOf('on-events')).toHaveLength(1);
    const overview = await engine.api.syncs.events({});
    expect(overview.jobs.find((j) => j.job === 'on-events')!.receiver).toMatchObject({ refused: 2, lastRefusal: { message: expect.stringContaining('(401)') } });
    expect(overview.refusals.map((r) => r.code)).toContain('EVENT_UNKNOWN_ENTITY');
    expect(overview.refusals.find((r) => r.code === 'EVENT_UNKNOWN_ENTITY')).toMatchObject({ source: 'webhook', message: expect.stringContaining('"spaceships"') });
    const audit = await engine.api.audit.list({ action: 'sync.schedule', limit: 200 });
    expect(audit.map((e) => e.summary).join('\n')).toMatch(/refused \(401\)/);

    // Removed: the receiver stops listening and the secret leaves the vault.
    await engine.api.syncs.remove({ name: 'on-events' });
    await expect(fetch(url, { method: 'POST', body: '{}' })).rejects.toThrow();
  }, 30_000);

  it('polls the events feed from a cursor kept in the project file, and a reopened studio resumes from it', async () => {
    await engine.api.syncs.define({ name: 'by-feed', type: 'Delta', entities: [{ entity: 'students' }], gate: { default: { deletes: 0.5, updates: 0.5 } }, events: { feed: { intervalSeconds: 30 } } });
    await clock.advance(0); // the first poll: it starts at the end of the feed
    const first = (await statusOf('by-feed')).feed!;
    expect(first).toMatchObject({ intervalSeconds: 30, ok: true });
    expect(first.cursor).not.toBeNull();

    await personRenames('4', 'ChangedInAcademiaPro');
    legacy(legacyFile, "UPDATE PUPILS SET LAST = 'FromFeed' WHERE PUPIL_NO = 4");
    await clock.advance(30_000); // the next poll reads the person's change
    const moved = (await statusOf('by-feed')).feed!.cursor;
    expect(moved).not.toBe(first.cursor);
    expect(await runsOf('by-feed')).toHaveLength(0);
    await clock.advance(5_000);
    const [run] = await runsSettle('by-feed', 1);
    expect(run.changes.find((c) => c.entity === 'students')).toMatchObject({ updates: 1 });
    expect(await statusOf('by-feed')).toMatchObject({ lastEvent: { entity: 'students', source: 'feed' }, eventsReceived: 1 });
    // The run's own push comes back through the feed: it starts nothing.
    await clock.advance(120_000);
    await engine.idle();
    expect(await runsOf('by-feed')).toHaveLength(1);
    const kept = (await statusOf('by-feed')).feed!.cursor;

    // The studio closes; a person changes a record meanwhile; the studio opens again.
    await engine.dispose();
    await personRenames('5', 'WhileClosed');
    legacy(legacyFile, "UPDATE PUPILS SET LAST = 'WhileClosed' WHERE PUPIL_NO = 5");
    await openStudio();
    expect((await statusOf('by-feed')).feed!.cursor).toBe(kept);
    await clock.advance(0); // the first poll after the restart reads on from the stored cursor
    expect((await statusOf('by-feed')).feed!.cursor).not.toBe(kept);
    await clock.advance(5_000);
    const runs = await runsSettle('by-feed', 2);
    expect(runs[0].changes.find((c) => c.entity === 'students')).toMatchObject({ updates: 1 });
  }, 30_000);
});

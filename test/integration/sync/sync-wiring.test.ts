import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import { FakeScheduleClock } from '../../support/fake-schedule-clock';
import { tempDir } from '../../support/temp-dir';
import { legacy, migratedProject } from './sync-support';

/**
 * The parts of ongoing sync working together in the studio (web host): a sync defined with a
 * schedule gets its next run time, the studio's own scheduler runs it at that time through the
 * `syncs` service, its end is queued as a signed `sync.completed` webhook, and the monitoring's
 * integrations view lists the sync with its last and next run.
 */
describe('syncs scheduled, reported and monitored in the studio', () => {
  const dir = tempDir();
  const clock = new FakeScheduleClock('2025-01-06T00:30:00Z');
  let engine: Engine;
  let legacyFile: string;

  beforeAll(async () => {
    ({ engine, legacyFile } = await migratedProject(dir.path, { host: 'web', scheduleClock: clock, monitoring: { intervalMs: 0 } }));
  }, 60_000);
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  it('computes the next run of a scheduled sync when it is defined', async () => {
    const def = await engine.api.syncs.define({ name: 'hourly', type: 'Delta', entities: [{ entity: 'students' }], schedule: { cron: '0 * * * *', timezone: 'UTC' }, gate: { default: { deletes: 0.5, updates: 0.5 } } });
    expect(Date.parse(def.nextSyncAt!)).toBeGreaterThan(Date.now());
    expect(new Date(def.nextSyncAt!).getUTCMinutes()).toBe(0);
  });

  it('runs the sync at its time through the service, queues the sync.completed webhook, and lists it among the integrations', async () => {
    await engine.api.notifications.createEndpoint({ name: 'Office', url: 'http://127.0.0.1:9/hooks', events: ['sync.completed'], retry: { count: 0, intervalsSeconds: [1] }, timeoutMs: 200 });
    legacy(legacyFile, "UPDATE PUPILS SET LAST = 'Scheduled' WHERE PUPIL_NO = 5");
    await clock.advance(30 * 60_000);
    await engine.idle();
    const [run] = await engine.api.syncs.runs({ name: 'hourly' });
    expect(run).toMatchObject({ job: 'hourly', status: 'Completed' });
    expect(run.changes.find((c) => c.entity === 'students')).toMatchObject({ updates: 1 });
    const deliveries = await engine.api.notifications.listDeliveries({});
    expect(deliveries.map((d) => [d.event, d.subject])).toContainEqual(['sync.completed', 'hourly']);
    const sync = (await engine.api.monitoring.integrations()).find((i) => i.id === 'sync:hourly');
    expect(sync).toMatchObject({ kind: 'sync', status: 'Active', errorCount: 0 });
    expect(sync?.lastSync).not.toBeNull();
    expect(sync?.nextSync).not.toBeNull();
  }, 60_000);
});

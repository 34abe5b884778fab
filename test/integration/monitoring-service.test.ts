import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/shared/api/contracts/monitoring';
import type { EventMessage } from '../../src/shared/api/rpc';
import { type Engine } from '../../src/main/engine';
import { dispatch } from '../../src/main/engine/rpc/dispatch';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { tempDir } from '../support/temp-dir';

/**
 * The monitoring service through the engine's API, on an injected clock with a recording notifier:
 * a source's connection tests become its health, a target that refuses its health check fires
 * `target-down` (event, desktop, then webhook after N minutes), acknowledging is audited and stops
 * the escalation, and bad input is refused at the edge.
 */
describe('monitoring service', () => {
  const dir = tempDir('apstudio-monitoring-');
  let clock = Date.parse('2026-09-01T08:00:00Z');
  const sent: { channel: string; alert: Alert }[] = [];
  const events: EventMessage[] = [];
  let engine: Engine;
  let connectionId: string;

  beforeAll(async () => {
    const legacy = join(dir.path, 'legacy.sqlite');
    const db = new Database(legacy);
    db.exec("CREATE TABLE PUPILS (PUPIL_NO INTEGER PRIMARY KEY, FORENAME TEXT); INSERT INTO PUPILS VALUES (1, 'Amelia');");
    db.close();
    engine = createHostEngine({
      host: 'cli',
      configDir: join(dir.path, 'config'),
      now: () => new Date(clock),
      monitoring: {
        intervalMs: 0,
        notifier: {
          desktop: (alert) => void sent.push({ channel: 'desktop', alert }),
          webhook: (alert) => void sent.push({ channel: 'webhook', alert }),
          email: (alert) => void sent.push({ channel: 'email', alert }),
        },
        syncs: { syncs: () => [{ name: 'nightly', status: 'Active', lastSync: null, nextSync: '2026-09-02T02:00:00.000Z', errorCount: 0, successRate: null }] },
      },
    });
    engine.onEvent((m) => events.push(m));
    await engine.api.projects.create({ path: join(dir.path, 'school.apstudio'), name: 'Monitoring' });
    ({ id: connectionId } = await engine.api.connections.add({ name: 'Legacy', location: `sqlite:${legacy}` }));
  });
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  it('lists the target, the source with the health its tests gave it, and the provider’s syncs', async () => {
    expect((await engine.api.monitoring.integrations()).map((i) => [i.id, i.kind, i.status])).toEqual([
      // A new project's target is the embedded sandbox: a rehearsal target.
      ['target', 'target', 'Testing'],
      [`source:${connectionId}`, 'source', 'Inactive'],
      ['sync:nightly', 'sync', 'Active'],
    ]);
    await engine.api.connections.test({ id: connectionId });
    clock += 5 * 60_000;
    const source = (await engine.api.monitoring.integrations()).find((i) => i.kind === 'source')!;
    expect(source).toMatchObject({ name: 'Legacy', status: 'Active', successRate: 1, errorCount: 0, uptime: 1 });
    const metrics = await engine.api.monitoring.metrics({ period: 'hour', integration: `source:${connectionId}` });
    expect(metrics.points).toHaveLength(24);
    expect(metrics.total).toMatchObject({ checks: 1, uptime: 1, calls: 0, successRate: null });
  });

  it('fires target-down when the target refuses its health check, escalates, and acknowledging stops it (audited)', async () => {
    await engine.api.targets.save({ name: 'Nowhere', kind: 'remote', baseUrl: 'http://127.0.0.1:9', apiVersion: 'v1', auth: 'api-key', clientId: null, schoolId: 'X' });
    const check = await engine.api.targets.test();
    expect(check.ok).toBe(false);
    const first = await engine.api.monitoring.refresh();
    expect(first.fired).toBe(1);
    const [alert] = await engine.api.monitoring.alerts({});
    expect(alert).toMatchObject({ rule: 'target-down', severity: 'critical', state: 'firing', subject: 'target' });
    expect(events.filter((e) => e.kind === 'event' && e.event === 'alert.fired')).toHaveLength(1);
    expect((await engine.api.monitoring.integrations())[0]).toMatchObject({ id: 'target', status: 'Error' });

    clock += 15 * 60_000;
    expect((await engine.api.monitoring.refresh()).escalated).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(sent.map((s) => s.channel)).toEqual(['desktop', 'webhook']);

    const acked = await engine.api.monitoring.acknowledge({ id: alert.id });
    expect(acked.state).toBe('acknowledged');
    clock += 60 * 60_000;
    await engine.api.monitoring.refresh();
    expect(sent.map((s) => s.channel)).toEqual(['desktop', 'webhook']);
    expect((await engine.api.audit.list({})).map((e) => e.action)).toContain('alert.acknowledge');
    expect((await engine.api.monitoring.alertHistory({ id: alert.id })).map((h) => h.action)).toEqual(['fired', 'notified', 'notified', 'acknowledged']);

    await engine.api.monitoring.resolve({ id: alert.id });
    expect(events.filter((e) => e.kind === 'event' && e.event === 'alert.resolved')).toHaveLength(1);
  });

  it('refuses bad rules and bad questions at the edge, and unknown alerts by name', async () => {
    const call = (method: string, params: unknown) => dispatch(engine.api, { kind: 'call', id: 1, service: 'monitoring', method, params });
    expect(await call('setRule', { id: 'error-rate', kind: 'error-rate', enabled: true, severity: 'warning', escalateAfterMinutes: 15, params: { threshold: 5, windowMinutes: 15, minCalls: 10, integration: 'target' } })).toMatchObject({ kind: 'error', error: { code: 'BAD_REQUEST' } });
    expect(await call('setRule', { id: 'x', kind: 'no-such-rule', enabled: true, severity: 'warning', escalateAfterMinutes: 15, params: {} })).toMatchObject({ kind: 'error', error: { code: 'BAD_REQUEST' } });
    expect(await call('metrics', { period: 'fortnight' })).toMatchObject({ kind: 'error', error: { code: 'BAD_REQUEST' } });
    expect(await call('acknowledge', { id: '424242' })).toMatchObject({ kind: 'error', error: { code: 'ALERT_NOT_FOUND' } });
    const rules = (await engine.api.monitoring.rules()).length;
    expect(await call('setRule', { id: 'slow-students', kind: 'latency-p95', enabled: true, severity: 'info', escalateAfterMinutes: 30, params: { thresholdMs: 500, windowMinutes: 5, minCalls: 3, integration: 'target' } })).toMatchObject({ kind: 'result' });
    expect(await engine.api.monitoring.rules()).toHaveLength(rules + 1);
  });
});

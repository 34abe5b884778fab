import { renameSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/shared/api/contracts/monitoring';
import { type Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { FakeScheduleClock, settle } from '../support/fake-schedule-clock';
import { tempDir } from '../support/temp-dir';

const MINUTE = 60_000;
const NONE = { serverError: 0, timeout: 0, reset: 0, burst429: 0, latencyMs: 0, down: false };

/**
 * Issue 20 point 1: while a project is open in the studio, its target and each source are
 * checked on a schedule, on the injected clock. Each check is a metric sample, so "target down"
 * fires and resolves with no run or test touching the target, and uptime counts the down time.
 */
describe('scheduled health checks of the target and each source', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function studio(options: { host?: 'web' | 'cli'; timeoutMs?: number; requestTimeoutMs?: number } = {}) {
    const dir = tempDir('apstudio-health-');
    const clock = new FakeScheduleClock('2026-09-01T08:00:00Z');
    const sent: { channel: string; alert: Alert }[] = [];
    const engine: Engine = createHostEngine({
      host: options.host ?? 'web',
      configDir: join(dir.path, 'config'),
      now: () => new Date(clock.now()),
      scheduleClock: clock,
      healthCheckTimeoutMs: options.timeoutMs,
      // Waits between retries take no real time; a check that hangs is cut by the schedule's timeout.
      targetClient: { sleep: async () => undefined, ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}) },
      monitoring: {
        intervalMs: 0,
        notifier: { desktop: (alert) => void sent.push({ channel: 'desktop', alert }), webhook: () => undefined, email: () => undefined },
      },
    });
    cleanups.push(() => dir.cleanup(), () => engine.dispose());
    const legacy = join(dir.path, 'legacy.sqlite');
    const db = new Database(legacy);
    db.exec("CREATE TABLE PUPILS (PUPIL_NO INTEGER PRIMARY KEY, FORENAME TEXT); INSERT INTO PUPILS VALUES (1, 'Amelia');");
    db.close();
    await engine.api.projects.create({ path: join(dir.path, 'school.apstudio'), name: 'Health' });
    // In the studio a person picks the file (the CLI's argument is picked by whoever typed it).
    if ((options.host ?? 'web') !== 'cli') await engine.grant(legacy, 'picked');
    const { id: connectionId } = await engine.api.connections.add({ name: 'Legacy', location: `sqlite:${legacy}` });
    return { dir, clock, engine, sent, legacy, connectionId };
  }

  /** Lets `minutes` pass on the clock, then lets the checks it started finish (real sockets answer in real time). */
  async function pass(clock: FakeScheduleClock, engine: Engine, minutes: number, checksBefore: number): Promise<void> {
    await clock.advance(minutes * MINUTE);
    for (let i = 0; i < 400 && (await engine.api.targets.history({})).length <= checksBefore; i++) await new Promise((r) => setTimeout(r, 25));
    // The round's evaluation runs after its last check is recorded.
    for (let i = 0; i < 20; i++) await settle();
  }

  it('checks every five minutes by default; target down fires and resolves with no run, and uptime counts the down time', async () => {
    const { clock, engine, sent, connectionId } = await studio();
    expect(await engine.api.targets.history({})).toEqual([]);
    // Opening the project checks nothing by itself; the first round comes one interval later.
    await pass(clock, engine, 5, 0);
    const [first] = await engine.api.targets.history({});
    expect(first).toMatchObject({ trigger: 'schedule', ok: true });
    const source = (await engine.api.connections.list()).find((c) => c.id === connectionId)!;
    expect(source.lastTest).toMatchObject({ ok: true, at: '2026-09-01T08:05:00.000Z' });

    await engine.api.sandboxAdmin.setFaults({ ...NONE, down: true });
    await pass(clock, engine, 5, 1);
    const [down] = await engine.api.targets.history({});
    expect(down).toMatchObject({ trigger: 'schedule', ok: false, error: { code: 'TARGET_UNAVAILABLE' } });
    const [alert] = await engine.api.monitoring.alerts({ state: 'open' });
    expect(alert).toMatchObject({ rule: 'target-down', subject: 'target', state: 'firing' });
    expect(sent.map((s) => s.channel)).toEqual(['desktop']);
    const target = (await engine.api.monitoring.integrations()).find((i) => i.id === 'target')!;
    expect(target).toMatchObject({ status: 'Error', lastCheck: { at: '2026-09-01T08:10:00.000Z', ok: false, trigger: 'schedule' } });
    expect(target.lastCheck?.message).toMatch(/down|503|unavailable/i);

    await engine.api.sandboxAdmin.setFaults(NONE);
    await pass(clock, engine, 5, 2);
    expect(await engine.api.monitoring.alerts({ state: 'open' })).toEqual([]);
    expect((await engine.api.monitoring.alerts({ state: 'resolved' }))[0]).toMatchObject({ id: alert.id, resolvedBy: 'auto' });

    // 08:05–08:10 up, 08:10–08:15 down, 08:15 on up: of 08:05–08:20, a third was down.
    await pass(clock, engine, 5, 3);
    const metrics = await engine.api.monitoring.metrics({ period: 'hour', integration: 'target', from: '2026-09-01T08:00:00.000Z', to: '2026-09-01T08:20:00.000Z' });
    // [08:00, 08:20): the checks of 08:05, 08:10 and 08:15 (the one of 08:20 starts the next period).
    expect(metrics.total.checks).toBe(3);
    expect(metrics.total.uptime).toBeCloseTo(2 / 3, 5);
    // The first five minutes, before any check, are unknown, not up.
    expect(metrics.total.coverage).toBeCloseTo(15 / 20, 5);
    const sourceMetrics = await engine.api.monitoring.metrics({ period: 'hour', integration: `source:${connectionId}`, from: '2026-09-01T08:00:00.000Z', to: '2026-09-01T08:20:00.000Z' });
    expect(sourceMetrics.total).toMatchObject({ checks: 3, uptime: 1 });
  });

  it('a source that stops answering turns Error; the interval is a setting, and 0 turns the checks off', async () => {
    const { clock, engine, legacy, connectionId } = await studio();
    await engine.api.settings.update({ healthCheckMinutes: 2 });
    await pass(clock, engine, 2, 0);
    renameSync(legacy, `${legacy}.moved`);
    await pass(clock, engine, 2, 1);
    const source = (await engine.api.monitoring.integrations()).find((i) => i.id === `source:${connectionId}`)!;
    expect(source).toMatchObject({ status: 'Error', lastCheck: { at: '2026-09-01T08:04:00.000Z', ok: false, trigger: 'schedule' } });

    await engine.api.settings.update({ healthCheckMinutes: 0 });
    const checks = (await engine.api.targets.history({})).length;
    await clock.advance(60 * MINUTE);
    await settle();
    expect((await engine.api.targets.history({})).length).toBe(checks);
    expect(clock.pending).toBe(0);
  });

  it('a target on a closed port is down at the first check; the CLI schedules no checks', async () => {
    const { clock, engine } = await studio();
    const port = await closedPort();
    await engine.api.targets.save({ name: 'Nowhere', kind: 'remote', baseUrl: `http://127.0.0.1:${port}`, apiVersion: 'v1', auth: 'api-key', clientId: null, schoolId: 'X' });
    await pass(clock, engine, 5, 0);
    const [check] = await engine.api.targets.history({});
    expect(check).toMatchObject({ trigger: 'schedule', ok: false, error: { code: 'TARGET_UNREACHABLE' } });
    expect((await engine.api.monitoring.alerts({ state: 'open' }))[0]).toMatchObject({ rule: 'target-down' });

    const cli = await studio({ host: 'cli' });
    await cli.clock.advance(30 * MINUTE);
    expect(await cli.engine.api.targets.history({})).toEqual([]);
    expect(cli.clock.pending).toBe(0);
  });

  it('a check that hangs counts as failed at its timeout, which also ends its request', async () => {
    const { clock, engine } = await studio({ timeoutMs: 20_000, requestTimeoutMs: 10 * MINUTE });
    const silent = await blackHole();
    cleanups.push(() => silent.close());
    await engine.api.targets.save({ name: 'Silent', kind: 'remote', baseUrl: silent.url, apiVersion: 'v1', auth: 'api-key', clientId: null, schoolId: 'X' });
    await clock.advance(5 * MINUTE);
    for (let i = 0; i < 400 && silent.connections() === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(silent.connections()).toBe(1);
    expect(await engine.api.targets.history({})).toEqual([]);
    await pass(clock, engine, 1, 0);
    const [check] = await engine.api.targets.history({});
    expect(check).toMatchObject({ ok: false, trigger: 'schedule', at: '2026-09-01T08:05:20.000Z', error: { code: 'TARGET_TIMEOUT' } });
    expect(check.error?.message).toMatch(/within 20 s/);
    // The request the check was waiting on is given up, not left to hang beside the next ones.
    for (let i = 0; i < 400 && silent.closed() === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(silent.closed()).toBe(1);
    expect((await engine.api.monitoring.alerts({ state: 'open' }))[0]).toMatchObject({ rule: 'target-down' });
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A server that takes connections and never answers. */
async function blackHole(): Promise<{ url: string; connections: () => number; closed: () => number; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  let count = 0;
  let closed = 0;
  const server: Server = createServer((socket) => {
    count++;
    sockets.push(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => closed++);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => count,
    closed: () => closed,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

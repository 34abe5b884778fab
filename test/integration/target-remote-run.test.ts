import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index';
import type { EventMessage } from '../../src/shared/api/rpc';
import type { RunEvent, RunInfo } from '../../src/shared/model/run';
import { tempDir } from '../support/temp-dir';

/**
 * A run against a remote target: a standalone sandbox on 127.0.0.1 (as `academia-studio sandbox`
 * starts it), reached with the client id and the secret entered through the targets service.
 * The run checks the target first, logs every request, and warns when its API version is deprecated.
 */
describe('runs against a remote Academia Pro', () => {
  const dir = tempDir();
  let engine: Engine;
  let sandbox: RunningSandbox;
  const events: EventMessage[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, apiVersions: ['v1', 'v2'] });
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    engine.onEvent((m) => events.push(m));
    await engine.api.projects.openDemo({ path: join(dir.path, 'demo.apstudio'), pupils: 300 });
  });
  afterAll(async () => {
    await engine.dispose();
    await sandbox.close();
    dir.cleanup();
  });

  async function runToEnd(): Promise<RunInfo> {
    const { runId } = await engine.api.runs.start({});
    await engine.idle();
    return engine.api.runs.get({ runId });
  }

  it('fails a run at once, with where to enter it, while the secret is missing', async () => {
    const demo = await engine.api.targets.get();
    await engine.api.targets.save({ name: 'Standalone sandbox', kind: 'remote', baseUrl: sandbox.url, apiVersion: 'v1', auth: 'oauth2', clientId: sandbox.clientId, schoolId: demo.schoolId });
    const run = await runToEnd();
    expect(run.status).toBe('Failed');
    expect(run.error?.code).toBe('TARGET_AUTH_FAILED');
    expect(run.error?.hint).toMatch(/Target screen/);
  });

  let pushed: RunInfo;
  it('pushes the demo school to the remote sandbox and logs every request of the run', async () => {
    await engine.api.targets.setSecret({ secret: sandbox.clientSecret });
    events.length = 0;
    pushed = await runToEnd();
    expect(pushed.status).toBe('Completed');
    expect(pushed.counters.created).toBeGreaterThan(0);
    const log = await engine.api.runs.events({ runId: pushed.runId });
    expect(log.some((e) => e.message.includes(sandbox.url))).toBe(true);

    const stats = await engine.api.targets.requestStats({ runId: pushed.runId });
    expect(stats.runId).toBe(pushed.runId);
    expect(stats.requests).toBeGreaterThanOrEqual(pushed.steps.length + 3);
    expect(stats.byStatus['200']).toBeGreaterThan(0);
    expect(Object.values(stats.byStatus).reduce((a, b) => a + b, 0)).toBe(stats.requests);
    expect(stats.latencyMs.p50).toBeLessThanOrEqual(stats.latencyMs.p95);
    expect(stats.latencyMs.p95).toBeLessThanOrEqual(stats.latencyMs.max);
    expect(stats.retries).toBe(0);

    // The check before the first push is in the health history, as the run's.
    const [check] = await engine.api.targets.history({ limit: 1 });
    expect(check).toMatchObject({ ok: true, trigger: 'run', deprecation: null });
    expect(events.some((e) => e.event === 'target.checked')).toBe(true);
  });

  it('keeps the figures of each run apart', async () => {
    const second = await runToEnd();
    expect(second.status).toBe('Completed');
    const students = second.steps.find((s) => s.entity === 'students')!;
    expect(students.counters.created).toBe(0);
    const a = await engine.api.targets.requestStats({ runId: pushed.runId });
    const b = await engine.api.targets.requestStats({ runId: second.runId });
    expect(b.requests).toBeGreaterThan(0);
    expect(a).toEqual(await engine.api.targets.requestStats({ runId: pushed.runId }));
  });

  it('warns in the run log when the API version it uses is deprecated', async () => {
    await engine.api.sandboxAdmin.setAdminToken({ token: sandbox.adminToken });
    await engine.api.sandboxAdmin.setVersionStatus({ version: 'v2', status: 'Production' });
    events.length = 0;
    const run = await runToEnd();
    expect(run.status).toBe('Completed');
    const warnings = (await engine.api.runs.events({ runId: run.runId })).filter((e: RunEvent) => e.level === 'warning');
    expect(warnings.some((e) => /API v1 is deprecated/.test(e.message) && /v2/.test(e.message))).toBe(true);
    const [check] = await engine.api.targets.history({ limit: 1 });
    expect(check.trigger).toBe('run');
    expect(check.deprecation?.apiVersion).toBe('v1');
    expect(events.some((e) => e.event === 'run.event' && (e.payload as RunEvent).level === 'warning')).toBe(true);
  });
});

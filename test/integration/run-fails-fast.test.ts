import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine } from '../../src/main/engine';
import { RUN_FAILURE_THRESHOLD } from '../../src/main/engine/core/target-patience';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index';
import type { RunInfo } from '../../src/shared/model/run';
import { tempDir } from '../support/temp-dir';

const ADMIN = 'admin-token-for-fail-fast-0123456789';
const NONE = { serverError: 0, timeout: 0, reset: 0, burst429: 0, latencyMs: 0, down: false };

/**
 * Issue 20 point 2: a run against a target that is down fails fast, with a typed error that says
 * what, where and what to do, within a bounded number of attempts, and can be run again later.
 * Waits between retries are injected (instant), and so is the per-attempt timeout: no assertion
 * here is about time, only about codes and attempts.
 */
describe('a run against a down target fails fast', () => {
  const dir = tempDir('apstudio-failfast-');
  let engine: Engine;
  let sandbox: RunningSandbox;
  let schoolId: string;
  /** Set by a test: the fault profile the standalone sandbox switches to after its first answered push batch. */
  let after: { faults: typeof NONE; switched: boolean } | null = null;

  const setFaults = (faults: typeof NONE) =>
    fetch(`${sandbox.url}/admin/v1/faults`, { method: 'PUT', headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(faults) });

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      adminToken: ADMIN,
      onRequest: (e) => {
        if (!after || after.switched || e.status !== 200 || !e.path.endsWith('/batch')) return;
        after.switched = true;
        void setFaults(after.faults);
      },
    });
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config'), targetClient: { sleep: async () => undefined, requestTimeoutMs: 1500 } });
    await engine.api.projects.openDemo({ path: join(dir.path, 'demo.apstudio'), pupils: 60 });
    schoolId = (await engine.api.targets.get()).schoolId;
  }, 120_000);
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

  it('the embedded sandbox told to fail every request: the preflight fails the run before anything is read', async () => {
    await engine.api.sandboxAdmin.setFaults({ ...NONE, down: true });
    try {
      const run = await runToEnd();
      expect(run.status).toBe('Failed');
      expect(run.error).toMatchObject({ code: 'TARGET_UNAVAILABLE' });
      expect(run.error?.message).toMatch(/^The run stopped before pushing anything: .*HTTP 503/);
      expect(run.error?.hint).toMatch(/try again later/i);
      expect(run.counters.read).toBe(0);
      // The preflight's GET /health, tried twice (one quick retry), and nothing else.
      const stats = await engine.api.targets.requestStats({ runId: run.runId });
      expect(stats).toMatchObject({ requests: 2, byStatus: { '503': 2 } });
      expect((await engine.api.targets.history({ limit: 1 }))[0]).toMatchObject({ trigger: 'run', ok: false });
    } finally {
      await engine.api.sandboxAdmin.setFaults(NONE);
    }
  });

  it('a target on a closed port: one refused attempt, TARGET_UNREACHABLE with where to look', async () => {
    const port = await closedPort();
    await engine.api.targets.save({ name: 'Nowhere', kind: 'remote', baseUrl: `http://127.0.0.1:${port}`, apiVersion: 'v1', auth: 'api-key', clientId: null, schoolId });
    await engine.api.targets.setSecret({ secret: 'not-used' });
    const run = await runToEnd();
    expect(run.status).toBe('Failed');
    expect(run.error).toMatchObject({ code: 'TARGET_UNREACHABLE' });
    expect(run.error?.message).toContain(`127.0.0.1:${port}`);
    expect(run.error?.hint).toMatch(/target address/);
    expect(await engine.api.targets.requestStats({ runId: run.runId })).toMatchObject({ requests: 1, byStatus: { network: 1 } });
  });

  async function useStandaloneSandbox(): Promise<void> {
    await engine.api.targets.save({ name: 'Standalone sandbox', kind: 'remote', baseUrl: sandbox.url, apiVersion: 'v1', auth: 'oauth2', clientId: sandbox.clientId, schoolId });
    await engine.api.targets.setSecret({ secret: sandbox.clientSecret });
  }

  /** Answers a run's request attempts after the first failed one (the attempts the breaker counted). */
  async function attemptsAfterFirstFailure(runId: string): Promise<number> {
    const stats = await engine.api.targets.requestStats({ runId });
    return Object.entries(stats.byStatus)
      .filter(([status]) => status === 'network' || Number(status) >= 500)
      .reduce((n, [, count]) => n + count, 0);
  }

  it('a target that goes down during the push: the breaker stops the run after a bounded number of failures; run again later, nothing is sent twice', async () => {
    await useStandaloneSandbox();
    after = { faults: { ...NONE, down: true }, switched: false };
    const failed = await runToEnd();
    expect(after.switched).toBe(true);
    expect(failed.status).toBe('Failed');
    expect(failed.error).toMatchObject({ code: 'TARGET_UNAVAILABLE' });
    expect(failed.error?.message).toMatch(/failed \d+ (requests|times) in a row/);
    expect(failed.error?.hint).toMatch(/resumed run repeats nothing already pushed/);
    const failures = await attemptsAfterFirstFailure(failed.runId);
    // The breaker's threshold, plus at most the one other batch already in flight when it tripped.
    expect(failures).toBeGreaterThanOrEqual(RUN_FAILURE_THRESHOLD);
    expect(failures).toBeLessThanOrEqual(RUN_FAILURE_THRESHOLD + 1);
    // The steps done before the target went down, and the part of the one it went down in.
    const created = failed.steps.reduce((n, step) => n + step.counters.created, 0);
    expect(created).toBeGreaterThan(0);

    after = null;
    await setFaults(NONE);
    const again = await runToEnd();
    expect(again.status).toBe('Completed');
    // What the target acknowledged before it went down is recognised, not created again.
    expect(again.counters.unchanged).toBeGreaterThanOrEqual(created);
    expect(await attemptsAfterFirstFailure(again.runId)).toBe(0);
  });

  it('a target that stops answering during the push: each attempt ends at the (injected) timeout and the breaker stops the run', async () => {
    // A project of its own, whose records the target already holds: each batch is answered (unchanged) until the target goes silent.
    await engine.api.projects.openDemo({ path: join(dir.path, 'demo-again.apstudio'), pupils: 60 });
    await useStandaloneSandbox();
    after = { faults: { ...NONE, timeout: 1 }, switched: false };
    try {
      const failed = await runToEnd();
      expect(after.switched).toBe(true);
      expect(failed.status).toBe('Failed');
      expect(failed.error).toMatchObject({ code: 'TARGET_UNAVAILABLE' });
      expect(failed.error?.message).toMatch(/failed \d+ (requests|times) in a row/);
      const stats = await engine.api.targets.requestStats({ runId: failed.runId });
      expect(stats.byStatus.network).toBeGreaterThanOrEqual(RUN_FAILURE_THRESHOLD);
      expect(stats.byStatus.network).toBeLessThanOrEqual(RUN_FAILURE_THRESHOLD + 1);
    } finally {
      after = null;
      await setFaults(NONE);
    }
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

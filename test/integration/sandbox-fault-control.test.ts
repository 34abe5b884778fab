import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { parseFaults } from '../../src/sandbox/faults';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index';
import { tempDir } from '../support/temp-dir';

const ADMIN = 'admin-token-for-fault-tests-0123456789';
const NONE = { serverError: 0, timeout: 0, reset: 0, burst429: 0, latencyMs: 0, down: false };

/** Issue 20, item 8: the sandbox's fault injection is a control of its admin API, not only `--faults`. */
describe('sandbox fault control', () => {
  const dir = tempDir();
  let sandbox: RunningSandbox;
  let engine: Engine;

  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const health = async () => (await fetch(`${sandbox.url}/health`)).status;

  beforeAll(async () => {
    sandbox = await startSandbox({ faults: 'latency=1ms', adminToken: ADMIN, seed: 4 });
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    await engine.api.projects.create({ path: join(dir.path, 'school.apstudio') });
  });
  afterAll(async () => {
    await engine.dispose();
    await sandbox.close();
    dir.cleanup();
  });

  it('reads the profile the sandbox was started with, then changes what it answers from the next request on', async () => {
    expect((await admin('GET', '/admin/v1/faults')).body).toEqual({ ...NONE, latencyMs: 1, spec: 'latency=1ms' });
    expect(await health()).toBe(200);

    const down = await admin('PUT', '/admin/v1/faults', { ...NONE, down: true });
    expect(down).toEqual({ status: 200, body: { ...NONE, down: true, spec: 'down=1' } });
    const refused = await fetch(`${sandbox.url}/health`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/down/);
    // The admin API stays up, so the service can be brought back.
    expect((await admin('GET', '/admin/v1')).body).toMatchObject({ faults: 'down=1' });

    await admin('PUT', '/admin/v1/faults', { ...NONE, serverError: 1 });
    expect(await health()).toBe(503);
    await admin('PUT', '/admin/v1/faults', { ...NONE, burst429: 1 });
    expect(await health()).toBe(429);

    await admin('PUT', '/admin/v1/faults', NONE);
    expect(await health()).toBe(200);
    expect((await admin('GET', '/admin/v1')).body).toMatchObject({ faults: '' });
  });

  it('refuses a profile that is not one (a probability above 1, a missing field)', async () => {
    const tooLikely = await admin('PUT', '/admin/v1/faults', { ...NONE, serverError: 1.5 });
    expect(tooLikely.status).toBe(422);
    const partial = await admin('PUT', '/admin/v1/faults', { down: true });
    expect(partial.status).toBe(422);
    expect(await health()).toBe(200);
  });

  it('is a control of the sandboxAdmin service for the embedded sandbox, written to the audit trail', async () => {
    const before = await engine.api.sandboxAdmin.faults();
    expect(before).toMatchObject({ ...NONE, spec: '' });
    const overview = await engine.api.sandboxAdmin.overview();
    expect(overview.faults).toEqual(before);
    const url = overview.baseUrl as string;

    const down = await engine.api.sandboxAdmin.setFaults({ ...NONE, down: true });
    expect(down).toMatchObject({ down: true, spec: 'down=1' });
    expect((await fetch(`${url}/health`)).status).toBe(503);
    expect((await engine.api.sandboxAdmin.overview()).info?.faults).toBe('down=1');

    await engine.api.sandboxAdmin.setFaults(NONE);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const summaries = (await engine.api.audit.list({ action: 'sandbox.faults' })).map((e) => e.summary);
    expect(summaries).toEqual(expect.arrayContaining([`Set the sandbox's injected faults to "down=1".`, "Set the sandbox's injected faults to none."]));
  });

  it('keeps the --faults form: down=1 parses, and plans without it read as before', () => {
    expect(parseFaults('down=1,5xx=0.1')).toMatchObject({ down: true, serverError: 0.1 });
    expect(parseFaults('5xx=0.1')).not.toHaveProperty('down');
    expect(() => parseFaults('down=maybe')).toThrowError(/down=1 or down=0/);
  });
});

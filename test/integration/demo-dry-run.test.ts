import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { startSandbox, type RunningSandbox } from '../../src/sandbox';
import { StudioError } from '../../src/shared/errors';
import type { RunInfo } from '../../src/shared/model/run';
import { tempDir } from '../support/temp-dir';

/**
 * The first thing a new user tries: a dry run on a fresh demo. Nothing is pushed in a dry run,
 * so the school is never written; the embedded sandbox knows the project's school (as a real
 * Academia Pro tenant does) so reconciling students under it finds none instead of a 404.
 */
describe('dry run on a fresh demo and on an existing project', () => {
  const dir = tempDir();
  let engine: Engine;

  beforeAll(async () => {
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    await engine.api.projects.openDemo({ path: join(dir.path, 'demo.apstudio'), pupils: 300 });
  });
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  async function runToEnd(dryRun: boolean): Promise<RunInfo> {
    const { runId } = await engine.api.runs.start({ dryRun });
    await engine.idle();
    return engine.api.runs.get({ runId });
  }

  it('completes the first dry run of a fresh demo and reconciles every entity', async () => {
    const run = await runToEnd(true);
    expect(run.error ?? null).toBeNull();
    expect(run.status).toBe('Completed');
    expect(run.reconciliation.map((l) => l.entity)).toEqual(run.steps.map((s) => s.entity));
    for (const line of run.reconciliation) expect(line.mismatches).toBe(0);
    // Nothing was pushed, so the target holds nothing yet; the school is not invented either.
    for (const line of run.reconciliation) expect(line).toMatchObject({ pushed: 0, target: 0 });
  });

  it('dry-runs an existing project whose sandbox has never seen its (changed) school', async () => {
    const profile = await engine.api.targets.get();
    const { hasSecret: _hasSecret, ...input } = profile;
    await engine.api.targets.save({ ...input, schoolId: 'NEW-SCHOOL-7' });
    const run = await runToEnd(true);
    expect(run.status).toBe('Completed');
    expect(run.reconciliation.find((l) => l.entity === 'students')).toMatchObject({ pushed: 0, target: 0, mismatches: 0 });
  });
});

describe('sandbox.knowSchool', () => {
  let sandbox: RunningSandbox | null = null;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = null;
  });

  async function get(s: RunningSandbox, path: string): Promise<{ status: number; body: { data?: { externalId: string }[]; total?: number } }> {
    const token = await fetch(`${s.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: s.clientId, client_secret: s.clientSecret }),
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    const res = await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${token.access_token}` } });
    return { status: res.status, body: (await res.json()) as { data?: { externalId: string }[]; total?: number } };
  }

  it('lists a known school\'s records as empty instead of 404, and invents no school record', async () => {
    sandbox = await startSandbox();
    expect((await get(sandbox, '/api/v1/schools/SCH-1/students')).status).toBe(404);
    sandbox.knowSchool('SCH-1');
    expect(await get(sandbox, '/api/v1/schools/SCH-1/students')).toMatchObject({ status: 200, body: { data: [], total: 0 } });
    expect((await get(sandbox, '/api/v1/schools')).body.data).toEqual([]);
    // Another school is still unknown.
    expect((await get(sandbox, '/api/v1/schools/SCH-2/students')).status).toBe(404);
  });

  it('refuses a school id the API would refuse, with a typed error', async () => {
    sandbox = await startSandbox();
    let error: unknown;
    try {
      sandbox.knowSchool(' padded ');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StudioError);
    expect((error as StudioError).code).toBe('TARGET_PROFILE_INVALID');
    expect((error as StudioError).hint).toMatch(/--school/);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index';
import type { EventMessage } from '../../src/shared/api/rpc';
import { StudioError } from '../../src/shared/errors';
import type { TargetProfileInput } from '../../src/shared/model/target';
import { tempDir } from '../support/temp-dir';

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (err) {
    expect(err).toBeInstanceOf(StudioError);
    return (err as StudioError).code;
  }
  throw new Error('expected an error');
}

/** The project file and its WAL: everything the studio wrote to disk for the project. */
function projectBytes(path: string): Buffer {
  return Buffer.concat([path, `${path}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
}

/**
 * The Academia Pro target profile through the engine's services: validation, the secret in the
 * vault, connection tests against a real sandbox on 127.0.0.1 kept as the health history.
 */
describe('target profile, secret and connection tests', () => {
  const dir = tempDir();
  const projectPath = join(dir.path, 'school.apstudio');
  let engine: Engine;
  let sandbox: RunningSandbox;
  const events: EventMessage[] = [];
  const remote = (overrides: Partial<TargetProfileInput> = {}): TargetProfileInput => ({
    name: 'Rehearsal sandbox',
    kind: 'remote',
    baseUrl: sandbox.url,
    apiVersion: 'v1',
    auth: 'oauth2',
    clientId: sandbox.clientId,
    schoolId: 'GREENFIELD',
    ...overrides,
  });

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    engine.onEvent((m) => events.push(m));
    await engine.api.projects.create({ path: projectPath });
  });
  afterAll(async () => {
    await engine.dispose();
    await sandbox.close();
    dir.cleanup();
  });

  it('starts with the embedded sandbox', async () => {
    const profile = await engine.api.targets.get();
    expect(profile).toMatchObject({ kind: 'embedded-sandbox', baseUrl: null, hasSecret: false });
  });

  it('refuses incomplete or unsafe remote profiles with TARGET_PROFILE_INVALID and the field', async () => {
    expect(await codeOf(engine.api.targets.save(remote({ baseUrl: null })))).toBe('TARGET_PROFILE_INVALID');
    expect(await codeOf(engine.api.targets.save(remote({ baseUrl: 'ftp://example.org' })))).toBe('TARGET_PROFILE_INVALID');
    expect(await codeOf(engine.api.targets.save(remote({ clientId: null })))).toBe('TARGET_PROFILE_INVALID');
    const withPassword = await engine.api.targets.save(remote({ baseUrl: 'https://user:pw@api.example.org' })).catch((e: StudioError) => e);
    expect(withPassword).toBeInstanceOf(StudioError);
    expect((withPassword as StudioError).where?.field).toBe('baseUrl');
    expect((withPassword as StudioError).hint).toMatch(/secret/);
    expect((await engine.api.targets.get()).kind).toBe('embedded-sandbox');
  });

  it('ignores an address for the embedded sandbox and lets an API key go without a client id', async () => {
    const embedded = await engine.api.targets.save({ ...remote(), kind: 'embedded-sandbox', baseUrl: 'https://ignored.example.org' });
    expect(embedded.baseUrl).toBeNull();
    expect(await codeOf(engine.api.targets.setSecret({ secret: 'x' }))).toBe('TARGET_PROFILE_INVALID');
    const apiKey = await engine.api.targets.save(remote({ auth: 'api-key', clientId: null, baseUrl: `${sandbox.url}/` }));
    expect(apiKey).toMatchObject({ kind: 'remote', auth: 'api-key', clientId: null, baseUrl: sandbox.url });
  });

  it('keeps the secret in the vault only, and forgets it when the client changes', async () => {
    const planted = 'Planted-target-secret-4242-zz';
    await engine.api.targets.save(remote());
    const saved = await engine.api.targets.setSecret({ secret: planted });
    expect(saved.hasSecret).toBe(true);
    expect(JSON.stringify(saved)).not.toContain(planted);
    const bytes = projectBytes(projectPath);
    expect(bytes.includes(Buffer.from(planted))).toBe(false);
    expect(bytes.includes(Buffer.from(planted, 'utf16le'))).toBe(false);
    const audit = await engine.api.audit.list({});
    expect(audit.some((e) => e.action === 'vault.set' && e.object === 'target:client-secret')).toBe(true);
    expect(audit.some((e) => e.action === 'target.save')).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(planted);

    // Same client, new name: the secret stays.
    expect((await engine.api.targets.save(remote({ name: 'Renamed' }))).hasSecret).toBe(true);
    // Another client id: the secret would go to the wrong client, so it is forgotten.
    expect((await engine.api.targets.save(remote({ clientId: 'someone-else' }))).hasSecret).toBe(false);
    expect((await engine.api.audit.list({ action: 'vault.forget' })).length).toBeGreaterThan(0);
  });

  it('tests the connection: health, API info, credentials; kept in the history and announced', async () => {
    await engine.api.targets.save(remote());
    await engine.api.targets.setSecret({ secret: sandbox.clientSecret });
    events.length = 0;
    const check = await engine.api.targets.test();
    expect(check.ok).toBe(true);
    expect(check.trigger).toBe('user');
    expect(check.error).toBeNull();
    expect(check.health?.status).toBe('ok');
    expect(check.health?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(check.info).toMatchObject({ apiVersion: 'v1', status: 'Production', limits: { perMinute: 600, maxBatchRecords: 500 } });
    expect(check.auth?.ok).toBe(true);
    expect(check.auth?.scopes).toContain('students:write');
    expect(check.deprecation).toBeNull();
    const history = await engine.api.targets.history({});
    expect(history[0]).toEqual(check);
    expect(events.some((e) => e.event === 'target.checked' && (e.payload as { id: number }).id === check.id)).toBe(true);
    expect((await engine.api.audit.list({ action: 'target.test' }))[0].summary).toMatch(/passed/);
  });

  it('records a wrong secret as a failed check at the credentials stage', async () => {
    await engine.api.targets.setSecret({ secret: 'not-the-secret' });
    const check = await engine.api.targets.test();
    expect(check.ok).toBe(false);
    expect(check.health?.status).toBe('ok');
    expect(check.info?.apiVersion).toBe('v1');
    expect(check.auth).toEqual({ ok: false, latencyMs: null, scopes: null });
    expect(check.error?.code).toBe('TARGET_AUTH_FAILED');
    expect(check.error?.message).toContain(sandbox.clientId);
    expect(check.error?.hint).toMatch(/Target screen/);
    const history = await engine.api.targets.history({ limit: 2 });
    expect(history.map((c) => c.ok)).toEqual([false, true]);
  });

  it('still tries health and API info when no secret is stored, and says where to enter it', async () => {
    await engine.api.targets.forgetSecret();
    const check = await engine.api.targets.test();
    expect(check.ok).toBe(false);
    expect(check.health?.status).toBe('ok');
    expect(check.info).not.toBeNull();
    expect(check.auth?.ok).toBe(false);
    expect(check.error?.code).toBe('TARGET_AUTH_FAILED');
    expect(check.error?.hint).toMatch(/Target screen.*--secret-stdin/);
  });

  it('signs in with an API key and with a JWT', async () => {
    await engine.api.targets.save(remote({ auth: 'api-key', clientId: null }));
    await engine.api.targets.setSecret({ secret: sandbox.apiKey });
    const byKey = await engine.api.targets.test();
    expect(byKey.ok).toBe(true);
    expect(byKey.auth).toMatchObject({ ok: true, scopes: null });

    await engine.api.targets.save(remote({ auth: 'jwt' }));
    await engine.api.targets.setSecret({ secret: sandbox.clientSecret });
    expect((await engine.api.targets.test()).ok).toBe(true);
    await engine.api.targets.setSecret({ secret: 'wrong-signing-key' });
    const badJwt = await engine.api.targets.test();
    expect(badJwt.ok).toBe(false);
    expect(badJwt.error?.code).toBe('TARGET_AUTH_FAILED');
    expect(badJwt.error?.message).toMatch(/JWT/);
  });

  it('records an unreachable target as a failed check at the health stage', async () => {
    const closed = await startSandbox({ port: 0 });
    const url = closed.url;
    await closed.close();
    await engine.api.targets.save(remote({ baseUrl: url }));
    await engine.api.targets.setSecret({ secret: 'whatever' });
    const check = await engine.api.targets.test();
    expect(check).toMatchObject({ ok: false, health: null, info: null, auth: null });
    expect(check.error?.code).toBe('TARGET_UNREACHABLE');
  });

  it('says a target that is down (503, Retry-After 30 s) is down within seconds, not after the announced wait', async () => {
    const down = await startSandbox({ port: 0, faults: 'down=1' });
    try {
      await engine.api.targets.save(remote({ baseUrl: down.url, clientId: down.clientId }));
      await engine.api.targets.setSecret({ secret: down.clientSecret });
      const started = Date.now();
      const check = await engine.api.targets.test();
      expect(check.ok).toBe(false);
      expect(check.error?.message).toMatch(/503|down|unavailable/i);
      // One retry after at most 2 s (TEST_MAX_DELAY_MS), not the 30 s the sandbox announces.
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await down.close();
    }
  });

  it('carries the deprecation notice when v2 is Production and the profile still uses v1', async () => {
    const v2 = await startSandbox({ port: 0, apiVersions: ['v1', 'v2'], productionVersion: 'v2', sunsetAt: Date.parse('2027-06-30T00:00:00Z') });
    try {
      await engine.api.targets.save(remote({ baseUrl: v2.url, clientId: v2.clientId }));
      await engine.api.targets.setSecret({ secret: v2.clientSecret });
      const check = await engine.api.targets.test();
      expect(check.ok).toBe(true);
      expect(check.info?.status).toBe('Deprecated');
      expect(check.deprecation).toMatchObject({ apiVersion: 'v1', sunsetAt: '2027-06-30T00:00:00.000Z' });
      expect(check.deprecation?.message).toMatch(/v2/);
      expect((await engine.api.targets.history({ limit: 1 }))[0].deprecation?.apiVersion).toBe('v1');

      await engine.api.targets.save(remote({ baseUrl: v2.url, clientId: v2.clientId, apiVersion: 'v2' }));
      await engine.api.targets.setSecret({ secret: v2.clientSecret });
      const current = await engine.api.targets.test();
      expect(current).toMatchObject({ ok: true, deprecation: null });
      expect(current.info).toMatchObject({ apiVersion: 'v2', status: 'Production' });
    } finally {
      await v2.close();
    }
  });

  it('says a run that does not exist has no request figures', async () => {
    expect(await codeOf(engine.api.targets.requestStats({ runId: 'run-nope' }))).toBe('RUN_NOT_FOUND');
  });
});

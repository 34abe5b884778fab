import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index';
import { StudioError } from '../../src/shared/errors';
import type { TargetProfileInput } from '../../src/shared/model/target';
import { tempDir } from '../support/temp-dir';

async function errorOf(work: Promise<unknown>): Promise<StudioError> {
  try {
    await work;
  } catch (err) {
    expect(err).toBeInstanceOf(StudioError);
    return err as StudioError;
  }
  throw new Error('expected an error');
}

/** The sandbox's admin side (seed API_MANAGEMENT) through the sandboxAdmin service. */
describe('sandbox admin service', () => {
  const dir = tempDir();
  let engine: Engine;
  let standalone: RunningSandbox;
  let notASandbox: Server;
  let notASandboxUrl: string;
  const remote = (baseUrl: string): TargetProfileInput => ({ name: 'Standalone', kind: 'remote', baseUrl, apiVersion: 'v1', auth: 'oauth2', clientId: standalone.clientId, schoolId: 'GREENFIELD' });

  beforeAll(async () => {
    standalone = await startSandbox({ port: 0, apiVersions: ['v1', 'v2'], adminToken: 'admin-token-for-tests-0123456789' });
    // A web server that is not a sandbox: everything is a 404 page.
    notASandbox = createServer((_req, res) => res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not found</h1>'));
    await new Promise<void>((resolve) => notASandbox.listen(0, '127.0.0.1', resolve));
    notASandboxUrl = `http://127.0.0.1:${(notASandbox.address() as AddressInfo).port}`;
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    await engine.api.projects.create({ path: join(dir.path, 'school.apstudio') });
  });
  afterAll(async () => {
    await engine.dispose();
    await standalone.close();
    await new Promise((resolve) => notASandbox.close(resolve));
    dir.cleanup();
  });

  it('shows the embedded sandbox: versions, endpoints, clients, throttle rules, monitoring', async () => {
    const overview = await engine.api.sandboxAdmin.overview();
    expect(overview.available).toBe(true);
    expect(overview.reason).toBeNull();
    expect(overview.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(overview.info).toMatchObject({ name: 'Academia Pro sandbox', apiVersions: ['v1', 'v2'], productionVersion: 'v1' });
    expect(overview.versions.map((v) => [v.version, v.status])).toEqual([
      ['v1', 'Production'],
      ['v2', 'Testing'],
    ]);
    expect(overview.endpoints.some((e) => e.operationId === 'upsertStudentBatch')).toBe(true);
    expect(overview.clients.length).toBeGreaterThanOrEqual(1);
    expect(overview.throttleRules.some((r) => r.id === 'default' && r.clientId === null)).toBe(true);
    expect(overview.monitoring?.totals.calls).toBeGreaterThanOrEqual(0);
    expect(await errorOf(engine.api.sandboxAdmin.setAdminToken({ token: 'x' }))).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('changes the embedded sandbox and audits each change', async () => {
    const v2 = await engine.api.sandboxAdmin.setVersionStatus({ version: 'v2', status: 'Production', sunsetAt: '2027-06-30T00:00:00Z' });
    expect(v2.status).toBe('Production');
    const after = await engine.api.sandboxAdmin.overview();
    expect(after.versions.find((v) => v.version === 'v1')).toMatchObject({ status: 'Deprecated', successorVersion: 'v2' });
    const [client] = after.clients;
    const rule = await engine.api.sandboxAdmin.updateThrottleRule({ id: 'default', perMinute: 1200, perHour: 40_000, description: 'Migration weekend' });
    expect(rule).toMatchObject({ perMinute: 1200, perHour: 40_000 });
    const revoked = await engine.api.sandboxAdmin.revokeClient({ clientId: client.clientId });
    expect(revoked.status).toBe('revoked');
    const actions = (await engine.api.audit.list({ action: 'sandbox.*' })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['sandbox.version', 'sandbox.throttle-rule', 'sandbox.client-revoke']));
  });

  it('says why a remote target has no admin page until its admin token is stored', async () => {
    await engine.api.targets.save(remote(standalone.url));
    const before = await engine.api.sandboxAdmin.overview();
    expect(before).toMatchObject({ available: false, baseUrl: standalone.url, info: null, versions: [], monitoring: null });
    expect(before.reason).toMatch(/No admin token/);
    expect((await errorOf(engine.api.sandboxAdmin.revokeClient({ clientId: standalone.clientId }))).code).toBe('SANDBOX_ADMIN_UNAVAILABLE');

    await engine.api.sandboxAdmin.setAdminToken({ token: 'wrong-token' });
    const refused = await engine.api.sandboxAdmin.overview();
    expect(refused.available).toBe(false);
    expect(refused.reason).toMatch(/refused the admin token/);
  });

  it('administers a standalone sandbox with its admin token from the vault', async () => {
    await engine.api.sandboxAdmin.setAdminToken({ token: 'admin-token-for-tests-0123456789' });
    const overview = await engine.api.sandboxAdmin.overview();
    expect(overview.available).toBe(true);
    expect(overview.baseUrl).toBe(standalone.url);
    expect(overview.clients.map((c) => c.clientId)).toContain(standalone.clientId);

    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    const exception = await engine.api.sandboxAdmin.createThrottleException({ clientId: standalone.clientId, perMinute: 5000, perHour: 100_000, startsAt, endsAt, reason: 'Cut-over' });
    expect(exception).toMatchObject({ clientId: standalone.clientId, perMinute: 5000, active: true });
    expect((await engine.api.sandboxAdmin.overview()).throttleExceptions.map((e) => e.id)).toEqual([exception.id]);
    await engine.api.sandboxAdmin.deleteThrottleException({ id: exception.id });
    expect((await engine.api.sandboxAdmin.overview()).throttleExceptions).toEqual([]);
    const gone = await errorOf(engine.api.sandboxAdmin.deleteThrottleException({ id: exception.id }));
    expect(gone.code).toBe('TARGET_NOT_FOUND');

    const actions = (await engine.api.audit.list({ object: `sandbox-exception:${exception.id}` })).map((e) => e.action);
    expect(actions.sort()).toEqual(['sandbox.throttle-exception', 'sandbox.throttle-exception-delete']);
    expect(JSON.stringify(await engine.api.audit.list({}))).not.toContain('admin-token-for-tests-0123456789');
  });

  it('forgets the admin token when the target moves, and explains unreachable and non-sandbox targets', async () => {
    const closed = await startSandbox({ port: 0 });
    const closedUrl = closed.url;
    await closed.close();
    await engine.api.targets.save(remote(closedUrl));
    expect((await engine.api.sandboxAdmin.overview()).reason).toMatch(/No admin token/);
    await engine.api.sandboxAdmin.setAdminToken({ token: 'some-token' });
    const unreachable = await engine.api.sandboxAdmin.overview();
    expect(unreachable.available).toBe(false);
    expect(unreachable.reason).toMatch(/could not be reached/);

    await engine.api.targets.save(remote(notASandboxUrl));
    await engine.api.sandboxAdmin.setAdminToken({ token: 'some-token' });
    const foreign = await engine.api.sandboxAdmin.overview();
    expect(foreign.available).toBe(false);
    expect(foreign.reason).toMatch(/not a studio sandbox/);
  });
});

import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index';
import { tempDir } from '../support/temp-dir';

async function token(url: string, id: string, secret: string): Promise<Response> {
  return fetch(`${url}/oauth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credentials', client_id: id, client_secret: secret }) });
}

async function pushSchool(url: string, bearer: string, key: string): Promise<{ status: string; version: number; id: string }> {
  const res = await fetch(`${url}/api/v1/schools/batch`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify({ records: [{ externalId: 'LINCOLN', name: 'Lincoln High', timezone: 'America/Chicago' }] }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: { status: string; version: number; id: string }[] }).results[0];
}

describe('sandbox persistence with a data file', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('apstudio-sandbox-');
  });
  afterEach(() => dir.cleanup());

  it('keeps records, generated credentials and idempotent answers across a restart', async () => {
    const dataFile = join(dir.path, 'sandbox.sqlite');
    const first = await startSandbox({ dataFile });
    expect(first.clientId).toMatch(/^sandbox-[0-9a-f]{8}$/);
    expect(first.clientSecret.length).toBeGreaterThanOrEqual(32);
    const t1 = ((await (await token(first.url, first.clientId, first.clientSecret)).json()) as { access_token: string }).access_token;
    const created = await pushSchool(first.url, t1, 'run-1');
    expect(created.status).toBe('created');
    await first.close();

    const second = await startSandbox({ dataFile });
    try {
      expect(second.clientId).toBe(first.clientId);
      expect(second.clientSecret).toBe(first.clientSecret);
      expect(second.apiKey).toBe(first.apiKey);
      // Tokens live in memory only: the old one is unknown now, and a new one is one call away.
      const stale = await fetch(`${second.url}/api/v1/schools`, { headers: { Authorization: `Bearer ${t1}` } });
      expect(stale.status).toBe(401);
      const t2 = ((await (await token(second.url, second.clientId, second.clientSecret)).json()) as { access_token: string }).access_token;
      const again = await pushSchool(second.url, t2, 'run-2');
      expect(again).toEqual({ ...created, status: 'unchanged' });
      const replay = await pushSchool(second.url, t2, 'run-1');
      expect(replay.status).toBe('created');
    } finally {
      await second.close();
    }
  });

  it('lets credentials given at start replace the stored ones', async () => {
    const dataFile = join(dir.path, 'sandbox.sqlite');
    const first = await startSandbox({ dataFile, clientId: 'district', clientSecret: 'old-secret' });
    await first.close();
    const second = await startSandbox({ dataFile, clientId: 'district', clientSecret: 'new-secret' });
    try {
      expect((await token(second.url, 'district', 'old-secret')).status).toBe(401);
      expect((await token(second.url, 'district', 'new-secret')).status).toBe(200);
    } finally {
      await second.close();
    }
    const third = await startSandbox({ dataFile });
    try {
      expect(third.clientId).toBe('district');
      expect(third.clientSecret).toBe('new-secret');
    } finally {
      await third.close();
    }
  });

  it('says plainly when the port is taken', async () => {
    const first = await startSandbox();
    try {
      await expect(startSandbox({ port: first.port })).rejects.toMatchObject({ code: 'PORT_IN_USE' });
    } finally {
      await first.close();
    }
  });
});

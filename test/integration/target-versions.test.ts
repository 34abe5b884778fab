import { describe, expect, it } from 'vitest';
import { AcademiaClient, type DeprecationNotice } from '../../src/main/engine/academia/academia-client';
import { loadTargetContract } from '../../src/academia-api/contract';
import { SandboxAdminClient } from '../../src/main/engine/academia/sandbox-admin-client';
import { startSandbox } from '../../src/sandbox/index';
import { refId, sampleRecord } from '../unit/academia/sample-records';

const v1 = loadTargetContract('v1');
const v2 = loadTargetContract('v2');
const SCHOOL = refId('schools', 1);

describe('AcademiaClient and API versions', () => {
  it('surfaces a v1 → v2 deprecation: onDeprecation once, the notice in info() and on the client', async () => {
    const start = Date.parse('2026-01-15T10:00:00Z');
    const sandbox = await startSandbox({ productionVersion: 'v2', sunsetAt: Date.parse('2026-07-01T00:00:00Z'), clock: () => start });
    try {
      const notices: DeprecationNotice[] = [];
      const client = new AcademiaClient({ baseUrl: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, schoolId: SCHOOL, onDeprecation: (n) => notices.push(n), now: () => start });
      expect(client.deprecation).toBeNull();
      await client.upsertSchools([sampleRecord(v1, 'schools', 1)], 'school');
      await client.count('schools');
      const info = await client.info();
      expect(info.status).toBe('Deprecated');
      const expected: DeprecationNotice = {
        apiVersion: 'v1',
        deprecatedAt: '2026-01-15T10:00:00.000Z',
        sunsetAt: '2026-07-01T00:00:00.000Z',
        successorUrl: `${sandbox.url}/api/v2`,
        docsUrl: `${sandbox.url}/api/v2/openapi.json`,
        message: 'Academia Pro API v1 is deprecated since 2026-01-15. It may stop answering after 2026-07-01. Move the target to API v2.',
      };
      expect(info.deprecation).toEqual(expected);
      expect(client.deprecation).toEqual(expected);
      expect(notices).toEqual([expected]);

      const onV2 = new AcademiaClient({ baseUrl: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, schoolId: SCHOOL, apiVersion: 'v2' });
      expect(await onV2.info()).toMatchObject({ apiVersion: 'v2', status: 'Production', deprecation: null });
      expect(onV2.deprecation).toBeNull();
    } finally {
      await sandbox.close();
    }
  });

  it('hears of a deprecation announced while it runs (the admin promotes v2)', async () => {
    const sandbox = await startSandbox({ apiVersions: ['v1', 'v2'] });
    try {
      const notices: DeprecationNotice[] = [];
      const client = new AcademiaClient({ baseUrl: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, schoolId: SCHOOL, onDeprecation: (n) => notices.push(n) });
      await client.upsertSchools([sampleRecord(v1, 'schools', 1)], 'school');
      expect(notices).toEqual([]);
      const admin = new SandboxAdminClient(sandbox.url, sandbox.adminToken);
      await admin.setVersionStatus('v2', 'Production');
      await client.pushBatch('guardians', [sampleRecord(v1, 'guardians', 1)], 'g');
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ apiVersion: 'v1', successorUrl: `${sandbox.url}/api/v2` });
      await client.count('guardians');
      expect(notices).toHaveLength(1);
    } finally {
      await sandbox.close();
    }
  });

  it('pushes in v2 form with apiVersion v2, and reports v1 values as rejected records', async () => {
    const sandbox = await startSandbox({ apiVersions: ['v1', 'v2'] });
    try {
      const client = new AcademiaClient({ baseUrl: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, schoolId: SCHOOL, apiVersion: 'v2' });
      expect(client.contract.version).toBe('v2');
      await client.upsertSchools([sampleRecord(v2, 'schools', 1)], 'school');
      const good = { ...sampleRecord(v2, 'students', 1), gender: 'non-binary' };
      const old = { ...sampleRecord(v1, 'students', 2), gender: 'unknown' };
      const results = await client.pushBatch('students', [good, old], 'mixed');
      expect(results.map((r) => r.status)).toEqual(['created', 'rejected']);
      expect(results[1].errors.map((e) => e.field).sort()).toEqual(['gender', 'preferredName']);
      expect((await client.get('students', refId('students', 1)))?.gender).toBe('non-binary');
      const onV1 = new AcademiaClient({ baseUrl: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, schoolId: SCHOOL });
      expect((await onV1.get('students', refId('students', 1)))?.gender).toBe('other');
    } finally {
      await sandbox.close();
    }
  });

  it('says plainly when the service does not serve the client\'s version', async () => {
    const sandbox = await startSandbox();
    try {
      const client = new AcademiaClient({ baseUrl: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, schoolId: SCHOOL, apiVersion: 'v2' });
      await expect(client.info()).rejects.toMatchObject({ code: 'TARGET_NOT_FOUND', details: { reason: 'no-such-version' }, message: expect.stringContaining('v2') });
    } finally {
      await sandbox.close();
    }
  });
});

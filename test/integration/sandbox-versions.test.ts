import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTargetContract } from '../../src/academia-api/contract';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index';
import { ConformanceRecorder, tokenFor } from '../unit/academia/conformance';
import { refId, sampleRecord } from '../unit/academia/sample-records';

const v1 = loadTargetContract('v1');
const v2 = loadTargetContract('v2');
const recorder = new ConformanceRecorder();
const SCHOOL = refId('schools', 1);
let keys = 0;

describe('sandbox serving v1 and v2 from one store', () => {
  let sandbox: RunningSandbox;
  let token: string;
  const call = (method: string, path: string, body?: unknown) => recorder.call(sandbox.url, method, path, { token, body, headers: body === undefined ? {} : { 'Idempotency-Key': `v-${++keys}` } });
  const collection = (version: string, entity: string) => (entity === 'schools' ? `/api/${version}/schools` : `/api/${version}/schools/${SCHOOL}/${entity}`);

  beforeAll(async () => {
    sandbox = await startSandbox({ apiVersions: ['v1', 'v2'], clientId: 'versions', clientSecret: 'versions-secret' });
    token = await tokenFor(sandbox.url, 'versions', 'versions-secret');
  });
  afterAll(() => sandbox.close());

  it('answers GET /api/v2 as Testing and GET /api/v1 as Production', async () => {
    expect(sandbox.apiVersions).toEqual(['v1', 'v2']);
    expect((await call('GET', '/api/v2')).body).toMatchObject({ apiVersion: 'v2', status: 'Testing', version: '2.0.0-beta.1', docsUrl: `${sandbox.url}/api/v2/openapi.json` });
    expect((await call('GET', '/api/v1')).body).toMatchObject({ apiVersion: 'v1', status: 'Production', deprecatedAt: null });
    expect((await call('GET', '/api/v2/openapi.json')).body.info['x-changes']).toHaveLength(2);
    expect((await call('GET', '/api/v3')).body.type).toMatch(/no-such-version$/);
  });

  it('writes, reads, lists and deletes every entity through v2, every answer valid against the v2 document', async () => {
    for (const entity of v2.loadOrder()) {
      const written = await call('POST', `${collection('v2', entity)}/batch`, { records: [1, 2].map((n) => sampleRecord(v2, entity, n)) });
      expect(written.body.results.map((r: { status: string }) => r.status), entity).toEqual(['created', 'created']);
      expect((await call('GET', `${collection('v2', entity)}/${refId(entity, 1)}`)).status).toBe(200);
      expect((await call('GET', collection('v2', entity))).body.total).toBe(2);
    }
    for (const entity of [...v2.loadOrder()].reverse()) {
      const path = entity === 'schools' ? `/api/v2/schools/${refId('schools', 2)}` : `${collection('v2', entity)}/${refId(entity, 2)}`;
      expect((await call('DELETE', path)).status, entity).toBe(200);
    }
  });

  it('refuses v1 values through v2, and translates between the versions both ways', async () => {
    const v1Student: Record<string, unknown> & { externalId: string } = { ...sampleRecord(v1, 'students', 30), externalId: refId('students', 30), gender: 'other', preferredName: 'Sam' };
    const refused = await call('POST', `${collection('v2', 'students')}/batch`, { records: [v1Student] });
    expect(refused.body.results[0].errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`).sort()).toEqual(['gender:enum', 'preferredName:unknown-field']);

    expect((await call('POST', `${collection('v1', 'students')}/batch`, { records: [v1Student] })).body.results[0].status).toBe('created');
    const throughV2 = (await call('GET', `${collection('v2', 'students')}/${v1Student.externalId}`)).body;
    expect(throughV2).toMatchObject({ gender: 'non-binary', knownAs: 'Sam' });
    expect(throughV2).not.toHaveProperty('preferredName');
    // The same record written in v2's words changes nothing.
    const v2Form = v2.fromPreviousVersion('students', v1Student);
    expect((await call('POST', `${collection('v2', 'students')}/batch`, { records: [v2Form] })).body.results[0]).toMatchObject({ status: 'unchanged', version: 1 });
    expect((await call('POST', `${collection('v2', 'students')}/batch`, { records: [{ ...v2Form, gender: 'not-stated' }] })).body.results[0]).toMatchObject({ status: 'updated', version: 2 });
    expect((await call('GET', `${collection('v1', 'students')}/${v1Student.externalId}`)).body).toMatchObject({ gender: 'unknown', preferredName: 'Sam' });
    const page = (await call('GET', `${collection('v2', 'students')}?limit=1000`)).body.data;
    expect(page.find((s: { externalId: string }) => s.externalId === v1Student.externalId)).toMatchObject({ gender: 'not-stated', knownAs: 'Sam' });
  });

  it('exports through v2 in v2 form', async () => {
    const created = await call('POST', '/api/v2/bulk-operations', { type: 'Export', entity: 'students', schoolId: SCHOOL });
    let op = created.body;
    for (let i = 0; i < 200 && op.status !== 'Completed'; i++) {
      await new Promise((r) => setTimeout(r, 5));
      op = (await call('GET', `/api/v2/bulk-operations/${op.id}`)).body;
    }
    const output = await call('GET', `/api/v2/bulk-operations/${op.id}/output`);
    const records = output.bytes.toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) expect(v2.validateResponse('getStudent', 200, r)).toEqual([]);
  });
});

describe('sandbox told that v2 is Production', () => {
  it('deprecates v1: its answers (errors too) carry Deprecation, Sunset and a successor Link', async () => {
    const start = Date.parse('2026-01-15T10:00:00Z');
    const sandbox = await startSandbox({ productionVersion: 'v2', sunsetAt: Date.parse('2026-07-01T00:00:00Z'), clock: () => start });
    try {
      expect(sandbox.apiVersions).toEqual(['v1', 'v2']);
      const info = await recorder.call(sandbox.url, 'GET', '/api/v1');
      expect(info.headers.get('Deprecation')).toBe(`@${start / 1000}`);
      expect(info.headers.get('Sunset')).toBe('Wed, 01 Jul 2026 00:00:00 GMT');
      expect(info.headers.get('Link')).toBe(`<${sandbox.url}/api/v2>; rel="successor-version", <${sandbox.url}/api/v2/openapi.json>; rel="deprecation"; type="application/json"`);
      expect(info.body).toMatchObject({ status: 'Deprecated', deprecatedAt: '2026-01-15T10:00:00.000Z', sunsetAt: '2026-07-01T00:00:00.000Z', successorVersion: 'v2' });
      const denied = await recorder.call(sandbox.url, 'GET', '/api/v1/schools');
      expect(denied.status).toBe(401);
      expect(denied.headers.get('Deprecation')).toBe(`@${start / 1000}`);
      const v2info = await recorder.call(sandbox.url, 'GET', '/api/v2');
      expect(v2info.body.status).toBe('Production');
      expect(v2info.headers.get('Deprecation')).toBeNull();
    } finally {
      await sandbox.close();
    }
  });

  it('defaults the sunset to 180 days after the deprecation', async () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const sandbox = await startSandbox({ productionVersion: 'v2', clock: () => start });
    try {
      expect((await recorder.call(sandbox.url, 'GET', '/api/v1')).headers.get('Sunset')).toBe(new Date(start + 180 * 86_400_000).toUTCString());
    } finally {
      await sandbox.close();
    }
  });
});

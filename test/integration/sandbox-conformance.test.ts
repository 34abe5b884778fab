import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAdminContract } from '../../src/academia-api/admin-contract';
import { loadTargetContract } from '../../src/academia-api/contract';
import { verifySignature } from '../../src/academia-api/webhook-signature';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index';
import { ConformanceRecorder, pollUntil, receiver, SAMPLE_FILES, tokenFor, type CallOptions, type Reply } from '../unit/academia/conformance';
import { refId, sampleRecord } from '../unit/academia/sample-records';

const contract = loadTargetContract('v1');

const recorder = new ConformanceRecorder();
/** Every answer to a documented operation is checked against the document (see ConformanceRecorder). */
const call = (base: string, method: string, path: string, options: CallOptions = {}): Promise<Reply> => recorder.call(base, method, path, options);

let keyCounter = 0;
const newKey = () => `test-key-${++keyCounter}`;

function collection(entity: string, school = refId('schools', 1)): string {
  return contract.entity(entity).scope === 'global' ? `/api/v1/${entity}` : `/api/v1/schools/${school}/${entity}`;
}

describe('sandbox: records', () => {
  let sandbox: RunningSandbox;
  let token: string;
  let url: string;
  const push = (entity: string, records: unknown[], key = newKey(), school?: string) => call(url, 'POST', `${collection(entity, school)}/batch`, { token, body: { records }, headers: { 'Idempotency-Key': key } });

  beforeAll(async () => {
    sandbox = await startSandbox({ clientId: 'conformance', clientSecret: 'conformance-secret' });
    url = sandbox.url;
    token = await tokenFor(url, 'conformance', 'conformance-secret');
  });
  afterAll(() => sandbox.close());

  it('listens on 127.0.0.1 and answers health and API info without credentials', async () => {
    expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}`);
    expect((await call(url, 'GET', '/health')).body.status).toBe('ok');
    const info = await call(url, 'GET', '/api/v1');
    expect(info.body).toMatchObject({ apiVersion: 'v1', status: 'Production', limits: { perMinute: 600, perHour: 20000, maxBatchRecords: 500 }, docsUrl: `${url}/api/v1/openapi.json` });
    const doc = await call(url, 'GET', '/api/v1/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
  });

  it('writes, reads, lists and deletes every entity of the document', async () => {
    const order = contract.loadOrder();
    for (const entity of order) {
      const records = [1, 2, 3].map((n) => sampleRecord(contract, entity, n));
      const written = await push(entity, records);
      expect(written.status, entity).toBe(200);
      expect(written.body.results.map((r: { status: string }) => r.status), entity).toEqual(['created', 'created', 'created']);
      expect(written.body.results[0]).toMatchObject({ externalId: refId(entity, 1), version: 1, errors: [] });

      const one = await call(url, 'GET', `${collection(entity)}/${refId(entity, 2)}`, { token });
      expect(one.status, entity).toBe(200);
      expect(one.body).toMatchObject({ ...records[1], id: written.body.results[1].id, version: 1, deleted: false });
      expect(one.headers.get('ETag')).toBe('"1"');

      const page = await call(url, 'GET', collection(entity), { token });
      expect(page.body.total, entity).toBe(3);
      expect(page.body.data.map((r: { externalId: string }) => r.externalId)).toEqual([1, 2, 3].map((n) => refId(entity, n)));
      expect(page.body.nextCursor).toBeNull();
    }
    // Records numbered 3 reference only other records numbered 3, so deleting them in reverse
    // load order never leaves a dangling reference.
    for (const entity of [...order].reverse()) {
      const path = `${collection(entity)}/${refId(entity, 3)}`;
      const deleted = await call(url, 'DELETE', path, { token });
      expect(deleted.status, entity).toBe(200);
      expect(deleted.body).toMatchObject({ externalId: refId(entity, 3), deleted: true, version: 2 });
      expect((await call(url, 'GET', path, { token })).status).toBe(404);
      expect((await call(url, 'GET', collection(entity), { token })).body.total).toBe(2);
      const withDeleted = await call(url, 'GET', `${collection(entity)}?includeDeleted=true`, { token });
      expect(withDeleted.body.total).toBe(3);
      expect(withDeleted.body.data.find((r: { externalId: string }) => r.externalId === refId(entity, 3)).deleted).toBe(true);
      expect((await call(url, 'DELETE', path, { token })).status).toBe(404);
    }
    // Records numbered 2 go in batch deletes, again in reverse load order.
    for (const entity of [...order].reverse()) {
      const removed = await call(url, 'POST', `${collection(entity)}/batch-delete`, { token, body: { records: [{ externalId: refId(entity, 2), version: 1 }, { externalId: refId(entity, 3) }] }, headers: { 'Idempotency-Key': newKey() } });
      expect(removed.status, entity).toBe(200);
      expect(removed.body.results.map((r: { status: string; version: number | null }) => [r.status, r.version]), entity).toEqual([
        ['deleted', 2],
        ['not-found', 2],
      ]);
      expect((await call(url, 'GET', collection(entity), { token })).body.total).toBe(1);
    }
  });

  it('batch-deletes in order, refusing records still referenced or changed since, idempotently', async () => {
    const s = sampleRecord(contract, 'students', 300);
    const g = sampleRecord(contract, 'guardians', 300);
    await call(url, 'POST', `${collection('students')}/batch`, { token, body: { records: [s] }, headers: { 'Idempotency-Key': newKey() } });
    await call(url, 'POST', `${collection('guardians')}/batch`, { token, body: { records: [g, sampleRecord(contract, 'guardians', 301)] }, headers: { 'Idempotency-Key': newKey() } });
    await call(url, 'POST', `${collection('student-guardians')}/batch`, { token, body: { records: [sampleRecord(contract, 'student-guardians', 300)] }, headers: { 'Idempotency-Key': newKey() } });
    const key = newKey();
    const body = { records: [{ externalId: refId('guardians', 300) }, { externalId: refId('guardians', 301), version: 4 }, { externalId: 'never-written' }] };
    const first = await call(url, 'POST', `${collection('guardians')}/batch-delete`, { token, body, headers: { 'Idempotency-Key': key } });
    const [referenced, stale, missing] = first.body.results;
    expect(referenced).toMatchObject({ status: 'rejected', version: 1, errors: [expect.objectContaining({ status: 409, code: 'still-referenced', pointer: '/records/0/externalId' })] });
    expect(stale).toMatchObject({ status: 'rejected', version: 1, errors: [expect.objectContaining({ status: 412, code: 'version-mismatch', pointer: '/records/1/version' })] });
    expect(missing).toEqual({ externalId: 'never-written', id: null, status: 'not-found', version: null, errors: [] });
    const replay = await call(url, 'POST', `${collection('guardians')}/batch-delete`, { token, body, headers: { 'Idempotency-Key': key } });
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    // The link first, then the guardian it pointed at: one batch, in order.
    await call(url, 'POST', `${collection('student-guardians')}/batch-delete`, { token, body: { records: [{ externalId: refId('student-guardians', 300) }] }, headers: { 'Idempotency-Key': newKey() } });
    const then = await call(url, 'POST', `${collection('guardians')}/batch-delete`, { token, body: { records: [{ externalId: refId('guardians', 300), version: 1 }] }, headers: { 'Idempotency-Key': newKey() } });
    expect(then.body.results[0]).toMatchObject({ status: 'deleted', version: 2 });
    const path = `${collection('guardians')}/batch-delete`;
    expect((await call(url, 'POST', path, { token, body })).status).toBe(400);
    expect((await call(url, 'POST', path, { token, body: 'externalId=x', headers: { 'Idempotency-Key': newKey(), 'Content-Type': 'text/plain' } })).status).toBe(415);
    expect((await call(url, 'POST', path, { token, body: { records: Array.from({ length: 501 }, (_, i) => ({ externalId: `x${i}` })) }, headers: { 'Idempotency-Key': newKey() } })).status).toBe(413);
    expect((await call(url, 'POST', path, { token, body: { records: [{ id: 'x' }] }, headers: { 'Idempotency-Key': newKey() } })).status).toBe(422);
  });

  it('answers unchanged for an identical re-push, updated (version + 1) for a change', async () => {
    const guardian = sampleRecord(contract, 'guardians', 40);
    expect((await push('guardians', [guardian])).body.results[0]).toMatchObject({ status: 'created', version: 1 });
    const reordered = Object.fromEntries(Object.entries(guardian).reverse());
    const again = await push('guardians', [reordered]);
    expect(again.body.results[0]).toMatchObject({ status: 'unchanged', version: 1 });
    const sparse = { externalId: 'sparse-guardian', firstName: 'Eva', lastName: 'Ruiz', email: null };
    expect((await push('guardians', [sparse])).body.results[0].status).toBe('created');
    expect((await push('guardians', [{ externalId: 'sparse-guardian', lastName: 'Ruiz', firstName: 'Eva' }])).body.results[0].status).toBe('unchanged');
    const changed = await push('guardians', [{ ...guardian, phone: '+34 600 000 000' }]);
    expect(changed.body.results[0]).toMatchObject({ status: 'updated', version: 2, id: again.body.results[0].id });
    const read = await call(url, 'GET', `${collection('guardians')}/${guardian.externalId}`, { token });
    expect(read.body.phone).toBe('+34 600 000 000');
    // Leaving an optional field out (or sending null) clears it: a batch record is the whole record.
    const cleared = await push('guardians', [{ ...guardian, phone: null }]);
    expect(cleared.body.results[0]).toMatchObject({ status: 'updated', version: 3 });
    expect((await call(url, 'GET', `${collection('guardians')}/${guardian.externalId}`, { token })).body).not.toHaveProperty('phone');
  });

  it('rejects invalid records with a problem per field and still applies the rest', async () => {
    const good = sampleRecord(contract, 'students', 50);
    const bad = { ...sampleRecord(contract, 'students', 51), gender: 'F', birthDate: '2010-02-30' };
    delete (bad as Record<string, unknown>).lastName;
    const res = await push('students', [good, bad, 'not a record']);
    expect(res.status).toBe(200);
    const [ok, rejected, garbage] = res.body.results;
    expect(ok.status).toBe('created');
    expect(rejected).toMatchObject({ externalId: refId('students', 51), id: null, status: 'rejected', version: null });
    const pointers = rejected.errors.map((e: { pointer: string }) => e.pointer).sort();
    expect(pointers).toEqual(['/records/1/birthDate', '/records/1/gender', '/records/1/lastName']);
    for (const e of rejected.errors) expect(e).toMatchObject({ type: expect.stringMatching(/\/validation$/), title: 'Invalid field', status: 422, detail: expect.any(String) });
    expect(garbage).toMatchObject({ externalId: null, status: 'rejected' });
    expect((await call(url, 'GET', `${collection('students')}/${refId('students', 51)}`, { token })).status).toBe(404);
  });

  it('rejects a student-guardian whose student does not exist', async () => {
    const link = { ...sampleRecord(contract, 'student-guardians', 60), studentExternalId: 'nobody', guardianExternalId: refId('guardians', 1) };
    const res = await push('student-guardians', [link]);
    expect(res.body.results[0]).toMatchObject({ status: 'rejected' });
    expect(res.body.results[0].errors).toEqual([expect.objectContaining({ code: 'reference', field: 'studentExternalId', pointer: '/records/0/studentExternalId', status: 422 })]);
    expect(res.body.results[0].errors[0].detail).toContain('"nobody"');
  });

  it('rejects a repeated externalId within one batch, and a stale version', async () => {
    const a = sampleRecord(contract, 'guardians', 70);
    const res = await push('guardians', [a, { ...a, phone: '1' }]);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['created', 'rejected']);
    expect(res.body.results[1].errors[0].code).toBe('duplicate');
    const stale = await push('guardians', [{ ...a, phone: '2', version: 7 }]);
    expect(stale.body.results[0]).toMatchObject({ status: 'rejected', version: 1, errors: [expect.objectContaining({ status: 412, code: 'version-mismatch' })] });
    const fresh = await push('guardians', [{ ...a, phone: '2', version: 1 }]);
    expect(fresh.body.results[0]).toMatchObject({ status: 'updated', version: 2 });
  });

  it('brings a deleted record back as created, keeping its id', async () => {
    const g = sampleRecord(contract, 'guardians', 80);
    const first = (await push('guardians', [g])).body.results[0];
    await call(url, 'DELETE', `${collection('guardians')}/${g.externalId}`, { token });
    const again = (await push('guardians', [g])).body.results[0];
    expect(again).toMatchObject({ status: 'created', id: first.id, version: 3 });
  });

  it('refuses to delete a record still referenced (409), or one changed since (412)', async () => {
    const student = sampleRecord(contract, 'students', 90);
    const guardian = sampleRecord(contract, 'guardians', 90);
    await push('students', [student]);
    await push('guardians', [guardian]);
    await push('student-guardians', [sampleRecord(contract, 'student-guardians', 90)]);
    const blocked = await call(url, 'DELETE', `${collection('students')}/${student.externalId}`, { token });
    expect(blocked.status).toBe(409);
    expect(blocked.body.detail).toContain('student-guardians');
    const stale = await call(url, 'DELETE', `${collection('guardians')}/${guardian.externalId}`, { token, headers: { 'If-Match': '"5"' } });
    expect(stale.status).toBe(412);
    await call(url, 'DELETE', `${collection('student-guardians')}/${refId('student-guardians', 90)}`, { token, headers: { 'If-Match': '1' } });
    expect((await call(url, 'DELETE', `${collection('students')}/${student.externalId}`, { token, headers: { 'If-Match': '"1"' } })).status).toBe(200);
    const school = await call(url, 'DELETE', `/api/v1/schools/${refId('schools', 1)}`, { token });
    expect(school.status).toBe(409);
  });

  it('replays an answer for a repeated Idempotency-Key and refuses the key for another body', async () => {
    const key = newKey();
    const records = [sampleRecord(contract, 'guardians', 100)];
    const first = await push('guardians', records, key);
    expect(first.body.results[0].status).toBe('created');
    expect(first.headers.get('Idempotent-Replayed')).toBeNull();
    const replay = await push('guardians', records, key);
    expect(replay.status).toBe(200);
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    const fresh = await push('guardians', records);
    expect(fresh.body.results[0]).toMatchObject({ status: 'unchanged', version: 1 });
    const reused = await push('guardians', [{ ...records[0], phone: '999' }], key);
    expect(reused.status).toBe(422);
    expect(reused.body.type).toMatch(/idempotency-key-reused$/);
  });

  it('refuses malformed batches with the right status', async () => {
    const path = `${collection('guardians')}/batch`;
    const post = (body: unknown, headers: Record<string, string>) => call(url, 'POST', path, { token, body, headers });
    expect((await post({ records: [sampleRecord(contract, 'guardians', 1)] }, {})).status).toBe(400);
    expect((await post('{"records": [', { 'Idempotency-Key': newKey() })).status).toBe(400);
    expect((await post('records=1', { 'Idempotency-Key': newKey(), 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await post({ rows: [] }, { 'Idempotency-Key': newKey() })).status).toBe(422);
    const tooMany = Array.from({ length: 501 }, (_, i) => sampleRecord(contract, 'guardians', 1000 + i));
    const big = await post({ records: tooMany }, { 'Idempotency-Key': newKey() });
    expect(big.status).toBe(413);
    expect(big.body.detail).toContain('500');
    const noSchool = await push('guardians', [sampleRecord(contract, 'guardians', 1)], newKey(), 'no-such-school');
    expect(noSchool.status).toBe(404);
    expect(noSchool.body.type).toMatch(/school-not-found$/);
  });

  it('pages with cursors, counts the total and filters by updatedSince', async () => {
    const school = 'paging-school';
    await push('schools', [{ externalId: school, name: 'Paging' }]);
    await push('guardians', [1, 2, 3, 4, 5].map((n) => sampleRecord(contract, 'guardians', 200 + n)), newKey(), school);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : '?limit=2';
      const page: Reply = await call(url, 'GET', `${collection('guardians', school)}${q}`, { token });
      expect(page.body.total).toBe(5);
      seen.push(...page.body.data.map((r: { externalId: string }) => r.externalId));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([201, 202, 203, 204, 205].map((n) => refId('guardians', n)));
    const future = await call(url, 'GET', `${collection('guardians', school)}?updatedSince=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, { token });
    expect(future.body).toEqual({ data: [], nextCursor: null, total: 0 });
    for (const q of ['?limit=0', '?limit=5000', '?cursor=bogus', '?updatedSince=yesterday', '?includeDeleted=maybe']) {
      expect((await call(url, 'GET', `${collection('guardians', school)}${q}`, { token })).status, q).toBe(400);
    }
  });

  it('answers 404 for unknown paths and 405 for a wrong method', async () => {
    expect((await call(url, 'GET', '/api/v1/teachers', { token })).status).toBe(404);
    const wrong = await call(url, 'PUT', '/api/v1/schools', { token });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('Allow')).toBe('GET');
  });
});

describe('sandbox: credentials', () => {
  let now = Date.parse('2024-09-01T08:00:00Z');
  let sandbox: RunningSandbox;
  let url: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ clientId: 'auth-client', clientSecret: 's3cret', tokenTtlSeconds: 600, clock: () => now });
    url = sandbox.url;
  });
  afterAll(() => sandbox.close());

  it('answers 401 without credentials or with an unknown token, 403 without the scope', async () => {
    const none = await call(url, 'GET', '/api/v1/schools');
    expect(none.status).toBe(401);
    expect(none.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
    expect((await call(url, 'GET', '/api/v1/schools', { token: 'made-up' })).status).toBe(401);
    const readOnly = await tokenFor(url, 'auth-client', 's3cret', 'schools:read');
    expect((await call(url, 'GET', '/api/v1/schools', { token: readOnly })).status).toBe(200);
    const write = await call(url, 'POST', '/api/v1/schools/batch', { token: readOnly, body: { records: [{ externalId: 'x', name: 'X' }] }, headers: { 'Idempotency-Key': newKey() } });
    expect(write.status).toBe(403);
    expect(write.body.detail).toContain('schools:write');
    expect(write.headers.get('WWW-Authenticate')).toContain('insufficient_scope');
  });

  it('expires tokens (type token-expired) on the injected clock', async () => {
    const token = await tokenFor(url, 'auth-client', 's3cret');
    expect((await call(url, 'GET', '/api/v1/schools', { token })).status).toBe(200);
    now += 601_000;
    const expired = await call(url, 'GET', '/api/v1/schools', { token });
    expect(expired.status).toBe(401);
    expect(expired.body.type).toMatch(/token-expired$/);
    expect(expired.headers.get('WWW-Authenticate')).toContain('invalid_token');
  });

  it('issues tokens for Basic or body credentials, form or JSON, and refuses wrong ones', async () => {
    const basic = Buffer.from('auth-client:s3cret').toString('base64');
    const viaBasic = await call(url, 'POST', '/oauth/token', { body: 'grant_type=client_credentials', headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(viaBasic.status).toBe(200);
    expect(viaBasic.body).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    expect(viaBasic.body.scope.split(' ')).toContain('payments:write');
    const viaJson = await call(url, 'POST', '/oauth/token', { body: { grant_type: 'client_credentials', client_id: 'auth-client', client_secret: 's3cret' } });
    expect(viaJson.status).toBe(200);
    const wrong = await call(url, 'POST', '/oauth/token', { body: { grant_type: 'client_credentials', client_id: 'auth-client', client_secret: 'guess' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_client');
    const badScope = await call(url, 'POST', '/oauth/token', { body: { grant_type: 'client_credentials', client_id: 'auth-client', client_secret: 's3cret', scope: 'admin:all' } });
    expect(badScope.status).toBe(400);
    expect(badScope.body.error).toBe('invalid_scope');
    const badGrant = await call(url, 'POST', '/oauth/token', { body: { grant_type: 'password', client_id: 'auth-client', client_secret: 's3cret' } });
    expect(badGrant.body.error).toBe('unsupported_grant_type');
  });

  it('accepts the API key and HS256 JWTs signed with the client secret', async () => {
    expect((await call(url, 'GET', '/api/v1/schools', { headers: { 'X-Api-Key': sandbox.apiKey } })).status).toBe(200);
    expect((await call(url, 'GET', '/api/v1/schools', { headers: { 'X-Api-Key': 'nope' } })).status).toBe(401);
    const { signJwtHs256 } = await import('../../src/academia-api/jwt-hs256');
    const exp = Math.floor(now / 1000) + 60;
    expect((await call(url, 'GET', '/api/v1/schools', { token: signJwtHs256({ iss: 'auth-client', exp }, 's3cret') })).status).toBe(200);
    expect((await call(url, 'GET', '/api/v1/schools', { token: signJwtHs256({ iss: 'auth-client', exp }, 'wrong') })).status).toBe(401);
    expect((await call(url, 'GET', '/api/v1/schools', { token: signJwtHs256({ iss: 'auth-client', exp: exp - 120 }, 's3cret') })).body.type).toMatch(/token-expired$/);
    expect((await call(url, 'GET', '/api/v1/schools', { token: signJwtHs256({ iss: 'auth-client', exp, scope: 'students:read' }, 's3cret') })).status).toBe(403);
  });
});

describe('sandbox: rate limits', () => {
  it('announces the quota on every answer and answers 429 with Retry-After past it', async () => {
    let now = 5_000_000;
    const sandbox = await startSandbox({ clientId: 'rl', clientSecret: 'rl-secret', limitPerMinute: 3, limitPerHour: 100, clock: () => now });
    try {
      const token = await tokenFor(sandbox.url, 'rl', 'rl-secret');
      const remaining: string[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await call(sandbox.url, 'GET', '/api/v1/schools', { token });
        expect(r.status).toBe(200);
        expect(r.headers.get('RateLimit-Limit')).toBe('3');
        expect(r.headers.get('RateLimit-Policy')).toBe('3;w=60, 100;w=3600');
        remaining.push(r.headers.get('RateLimit-Remaining') as string);
        now += 10_000;
      }
      expect(remaining).toEqual(['2', '1', '0']);
      const refused = await call(sandbox.url, 'GET', '/api/v1/schools', { token });
      expect(refused.status).toBe(429);
      // The first request (30 s ago) leaves the one-minute window in 30 s.
      expect(refused.headers.get('Retry-After')).toBe('30');
      expect(refused.headers.get('RateLimit-Remaining')).toBe('0');
      now += 30_000;
      expect((await call(sandbox.url, 'GET', '/api/v1/schools', { token })).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });
});

describe('sandbox: attachments, bulk operations, webhooks and events', () => {
  let sandbox: RunningSandbox;
  let token: string;
  let url: string;
  const school = refId('schools', 1);

  beforeAll(async () => {
    sandbox = await startSandbox({ clientId: 'features', clientSecret: 'features-secret' });
    url = sandbox.url;
    token = await tokenFor(url, 'features', 'features-secret');
    const push = (entity: string, records: unknown[]) => call(url, 'POST', `${collection(entity)}/batch`, { token, body: { records }, headers: { 'Idempotency-Key': newKey() } });
    for (const entity of ['schools', 'students', 'guardians', 'staff']) expect((await push(entity, [sampleRecord(contract, entity, 1)])).status).toBe(200);
  });
  afterAll(() => sandbox.close());

  it('stores, lists, downloads, replaces and removes attachments of every people entity', async () => {
    for (const entity of contract.entities.filter((e) => e.attachments).map((e) => e.name)) {
      const item = `${collection(entity)}/${refId(entity, 1)}/attachments`;
      const put = await call(url, 'PUT', `${item}/photo`, { token, body: SAMPLE_FILES.png, headers: { 'Content-Type': 'image/png' } });
      expect(put.status, entity).toBe(201);
      expect(put.body).toMatchObject({ entity, externalId: refId(entity, 1), name: 'photo', contentType: 'image/png', size: SAMPLE_FILES.png.length });
      expect(put.headers.get('Location')).toBe(`${url}${item}/photo`);
      const again = await call(url, 'PUT', `${item}/photo`, { token, body: SAMPLE_FILES.jpeg, headers: { 'Content-Type': 'image/jpeg' } });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ contentType: 'image/jpeg', createdAt: put.body.createdAt });
      await call(url, 'PUT', `${item}/birth-certificate.pdf`, { token, body: SAMPLE_FILES.pdf, headers: { 'Content-Type': 'application/pdf' } });
      const list = await call(url, 'GET', item, { token });
      expect(list.body.data.map((a: { name: string }) => a.name)).toEqual(['birth-certificate.pdf', 'photo']);
      const got = await call(url, 'GET', `${item}/photo`, { token });
      expect(got.headers.get('content-type')).toBe('image/jpeg');
      expect(got.bytes.equals(SAMPLE_FILES.jpeg)).toBe(true);
      expect(got.headers.get('ETag')).toBe(`"${again.body.sha256}"`);
      expect((await call(url, 'DELETE', `${item}/photo`, { token })).status).toBe(204);
      expect((await call(url, 'GET', `${item}/photo`, { token })).body.type).toMatch(/attachment-not-found$/);
      expect((await call(url, 'DELETE', `${item}/photo`, { token })).status).toBe(404);
    }
  });

  it('refuses attachments that are too large (413), of a type not allowed or not what they claim (415), badly named or on a missing record', async () => {
    const item = `${collection('students')}/${refId('students', 1)}/attachments`;
    const big = await call(url, 'PUT', `${item}/scan.pdf`, { token, body: Buffer.concat([SAMPLE_FILES.pdf, Buffer.alloc(5 * 1024 * 1024)]), headers: { 'Content-Type': 'application/pdf' } });
    expect(big.status).toBe(413);
    const gif = await call(url, 'PUT', `${item}/photo`, { token, body: Buffer.from('GIF89a'), headers: { 'Content-Type': 'image/gif' } });
    expect(gif.status).toBe(415);
    expect(gif.body.detail).toContain('image/jpeg');
    const liar = await call(url, 'PUT', `${item}/photo`, { token, body: SAMPLE_FILES.pdf, headers: { 'Content-Type': 'image/png' } });
    expect(liar).toMatchObject({ status: 415, body: { type: expect.stringMatching(/content-mismatch$/) } });
    expect((await call(url, 'PUT', `${item}/Photo!`, { token, body: SAMPLE_FILES.png, headers: { 'Content-Type': 'image/png' } })).status).toBe(400);
    expect((await call(url, 'PUT', `${item}/empty`, { token, body: Buffer.alloc(0), headers: { 'Content-Type': 'image/png' } })).status).toBe(400);
    const nobody = await call(url, 'PUT', `${collection('students')}/nobody/attachments/photo`, { token, body: SAMPLE_FILES.png, headers: { 'Content-Type': 'image/png' } });
    expect(nobody.body.type).toMatch(/record-not-found$/);
    const readOnly = await tokenFor(url, 'features', 'features-secret', 'students:read');
    expect((await call(url, 'PUT', `${item}/photo`, { token: readOnly, body: SAMPLE_FILES.png, headers: { 'Content-Type': 'image/png' } })).status).toBe(403);
  });

  it('runs a bulk import: chunks, commit, asynchronous processing, counts and errors', async () => {
    const created = await call(url, 'POST', '/api/v1/bulk-operations', { token, body: { type: 'Import', entity: 'guardians', schoolId: school }, headers: { 'Idempotency-Key': 'bulk-1' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'Import', entity: 'guardians', schoolId: school, status: 'Open', chunks: 0, counts: { read: 0 } });
    const id = created.body.id;
    expect(created.headers.get('Location')).toBe(`${url}/api/v1/bulk-operations/${id}`);
    const replay = await call(url, 'POST', '/api/v1/bulk-operations', { token, body: { type: 'Import', entity: 'guardians', schoolId: school }, headers: { 'Idempotency-Key': 'bulk-1' } });
    expect(replay.body.id).toBe(id);
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');

    const lines = [1, 2, 3].map((n) => JSON.stringify(sampleRecord(contract, 'guardians', 500 + n)));
    const chunk1 = await call(url, 'PUT', `/api/v1/bulk-operations/${id}/chunks/1`, { token, body: lines.join('\n') + '\n\n', headers: { 'Content-Type': 'application/x-ndjson' } });
    expect(chunk1.body).toEqual({ operationId: id, chunk: 1, records: 3, bytes: expect.any(Number), replaced: false });
    const bad = ['{"externalId": "broken"', JSON.stringify({ ...sampleRecord(contract, 'guardians', 510), relationship: 'uncle' }), JSON.stringify(sampleRecord(contract, 'guardians', 501))];
    await call(url, 'PUT', `/api/v1/bulk-operations/${id}/chunks/2`, { token, body: 'garbage', headers: { 'Content-Type': 'application/x-ndjson' } });
    const replaced = await call(url, 'PUT', `/api/v1/bulk-operations/${id}/chunks/2`, { token, body: bad.join('\n'), headers: { 'Content-Type': 'application/x-ndjson' } });
    expect(replaced.body).toMatchObject({ records: 3, replaced: true });
    const committed = await call(url, 'POST', `/api/v1/bulk-operations/${id}/commit`, { token });
    expect(committed.status).toBe(202);
    expect(['Queued', 'Processing', 'Completed']).toContain(committed.body.status);
    const done = await pollUntil(
      () => call(url, 'GET', `/api/v1/bulk-operations/${id}`, { token }),
      (r) => r.body.status === 'Completed',
    );
    expect(done.body).toMatchObject({ chunks: 2, receivedRecords: 6, counts: { read: 6, created: 3, updated: 0, unchanged: 1, rejected: 2, skipped: 0, failed: 0 }, summary: { success: 4, error: 2, skipped: 0 }, failureReason: null, outputUrl: null });
    const errors = await call(url, 'GET', `/api/v1/bulk-operations/${id}/errors`, { token });
    expect(errors.body.total).toBe(2);
    expect(errors.body.data.map((e: { line: number; chunk: number; lineInChunk: number; externalId: string | null }) => [e.line, e.chunk, e.lineInChunk, e.externalId])).toEqual([
      [5, 2, 1, null],
      [6, 2, 2, refId('guardians', 510)],
    ]);
    expect(errors.body.data[0].errors[0].type).toMatch(/malformed-json$/);
    expect(errors.body.data[1].errors[0]).toMatchObject({ field: 'relationship', code: 'enum', pointer: '/relationship' });
    expect((await call(url, 'GET', `${collection('guardians')}/${refId('guardians', 502)}`, { token })).status).toBe(200);
    expect((await call(url, 'PUT', `/api/v1/bulk-operations/${id}/chunks/3`, { token, body: lines[0], headers: { 'Content-Type': 'application/x-ndjson' } })).status).toBe(409);
    expect((await call(url, 'POST', `/api/v1/bulk-operations/${id}/commit`, { token })).body.status).toBe('Completed');
    expect((await call(url, 'DELETE', `/api/v1/bulk-operations/${id}`, { token })).status).toBe(409);
    const listed = await call(url, 'GET', '/api/v1/bulk-operations', { token });
    expect(listed.body.data[0].id).toBe(id);
  });

  it('stops an import past maxErrors (Failed; the rest counted failed) and honours create-only', async () => {
    const create = (body: object) => call(url, 'POST', '/api/v1/bulk-operations', { token, body });
    const strict = (await create({ type: 'Import', entity: 'guardians', schoolId: school, maxErrors: 0 })).body.id;
    const lines = ['{}', JSON.stringify(sampleRecord(contract, 'guardians', 600)), JSON.stringify(sampleRecord(contract, 'guardians', 601))];
    await call(url, 'PUT', `/api/v1/bulk-operations/${strict}/chunks/1`, { token, body: lines.join('\n'), headers: { 'Content-Type': 'application/jsonl' } });
    await call(url, 'PUT', `/api/v1/bulk-operations/${strict}/chunks/2`, { token, body: lines[1], headers: { 'Content-Type': 'application/x-ndjson' } });
    await call(url, 'POST', `/api/v1/bulk-operations/${strict}/commit`, { token });
    const failed = await pollUntil(() => call(url, 'GET', `/api/v1/bulk-operations/${strict}`, { token }), (r) => r.body.status === 'Failed');
    expect(failed.body.counts).toEqual({ read: 4, created: 0, updated: 0, unchanged: 0, rejected: 1, skipped: 0, failed: 3 });
    expect(failed.body.summary).toEqual({ success: 0, error: 4, skipped: 0 });
    expect(failed.body.failureReason).toContain('maxErrors');

    const createOnly = (await create({ type: 'Import', entity: 'guardians', schoolId: school, mode: 'create-only' })).body.id;
    await call(url, 'PUT', `/api/v1/bulk-operations/${createOnly}/chunks/1`, { token, body: [JSON.stringify({ ...sampleRecord(contract, 'guardians', 501), phone: 'changed' }), lines[2]].join('\n'), headers: { 'Content-Type': 'application/x-ndjson' } });
    await call(url, 'POST', `/api/v1/bulk-operations/${createOnly}/commit`, { token });
    const done = await pollUntil(() => call(url, 'GET', `/api/v1/bulk-operations/${createOnly}`, { token }), (r) => r.body.status === 'Completed');
    expect(done.body.counts).toMatchObject({ read: 2, created: 1, skipped: 1 });
    expect(done.body.summary).toEqual({ success: 1, error: 0, skipped: 1 });
  });

  it('runs a bulk export and serves its NDJSON output; cancels an open import', async () => {
    const exp = await call(url, 'POST', '/api/v1/bulk-operations', { token, body: { type: 'Export', entity: 'guardians', schoolId: school } });
    expect(exp.body.status).toBe('Queued');
    const done = await pollUntil(() => call(url, 'GET', `/api/v1/bulk-operations/${exp.body.id}`, { token }), (r) => r.body.status === 'Completed');
    const total = (await call(url, 'GET', `${collection('guardians')}?limit=1`, { token })).body.total;
    expect(done.body.counts.read).toBe(total);
    expect(done.body.outputUrl).toBe(`${url}/api/v1/bulk-operations/${exp.body.id}/output`);
    const output = await call(url, 'GET', `/api/v1/bulk-operations/${exp.body.id}/output`, { token });
    expect(output.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const records = output.bytes.toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(records).toHaveLength(total);
    for (const r of records) expect(contract.validateResponse('getGuardian', 200, r)).toEqual([]);

    const open = (await call(url, 'POST', '/api/v1/bulk-operations', { token, body: { type: 'Import', entity: 'students', schoolId: school } })).body.id;
    expect((await call(url, 'POST', `/api/v1/bulk-operations/${open}/commit`, { token })).status).toBe(422);
    const cancelled = await call(url, 'DELETE', `/api/v1/bulk-operations/${open}`, { token });
    expect(cancelled.body.status).toBe('Cancelled');
    expect((await call(url, 'POST', `/api/v1/bulk-operations/${open}/commit`, { token })).status).toBe(409);
    expect((await call(url, 'GET', `/api/v1/bulk-operations/${open}/output`, { token })).status).toBe(409);
  });

  it('refuses bad bulk requests: unknown entity, missing school, wrong content type, oversized or empty chunk, another client\'s operation', async () => {
    const create = (body: unknown, headers: Record<string, string> = {}) => call(url, 'POST', '/api/v1/bulk-operations', { token, body, headers });
    expect((await create({ type: 'Import', entity: 'pupils', schoolId: school })).body).toMatchObject({ status: 422, type: expect.stringMatching(/unknown-entity$/), field: 'entity' });
    expect((await create({ type: 'Import', entity: 'students' })).body.type).toMatch(/school-required$/);
    expect((await create({ type: 'Import', entity: 'students', schoolId: 'nowhere' })).status).toBe(404);
    expect((await create({ type: 'Teleport', entity: 'students' })).body).toMatchObject({ status: 422, errors: [expect.objectContaining({ field: 'type', code: 'enum' })] });
    expect((await create({ type: 'Export', entity: 'students', schoolId: school, mode: 'create-only' })).body.type).toMatch(/not-applicable$/);
    expect((await create('{"type": ', { 'Content-Type': 'application/json' })).status).toBe(400);
    expect((await create('type=Import', { 'Content-Type': 'text/plain' })).status).toBe(415);
    const id = (await create({ type: 'Import', entity: 'guardians', schoolId: school })).body.id;
    const chunk = (n: number | string, body: string, type = 'application/x-ndjson') => call(url, 'PUT', `/api/v1/bulk-operations/${id}/chunks/${n}`, { token, body, headers: { 'Content-Type': type } });
    expect((await chunk(1, '{}', 'application/json')).status).toBe(415);
    expect((await chunk(1, '\n  \n')).body.type).toMatch(/empty-chunk$/);
    expect((await chunk(1, '{}\n'.repeat(10_001))).status).toBe(413);
    expect((await chunk(0, '{}')).status).toBe(400);
    const other = await call(url, 'POST', '/admin/v1/clients', { adminToken: sandbox.adminToken, body: { clientId: 'stranger' } });
    const stranger = await tokenFor(url, 'stranger', other.body.clientSecret);
    expect((await call(url, 'GET', `/api/v1/bulk-operations/${id}`, { token: stranger })).body.type).toMatch(/operation-not-found$/);
    const noStudentsWrite = await tokenFor(url, 'features', 'features-secret', 'bulk:write');
    expect((await call(url, 'POST', '/api/v1/bulk-operations', { token: noStudentsWrite, body: { type: 'Import', entity: 'students', schoolId: school } })).body.detail).toContain('students:write');
  });

  it('delivers signed webhooks, logs every attempt, and serves the events feed', async () => {
    // Retries on the policy's schedule are tested on an injected clock in sandbox-webhooks.test.ts.
    const hook = await receiver();
    try {
      const created = await call(url, 'POST', '/api/v1/webhooks', { token, body: { url: hook.url, events: ['record.created', 'record.deleted'], description: 'studio receiver', retryPolicy: { maxAttempts: 3, initialDelaySeconds: 1, timeoutSeconds: 2 } } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ url: hook.url, events: ['record.created', 'record.deleted'], active: true, retryPolicy: { maxAttempts: 3, initialDelaySeconds: 1, multiplier: 2, maxDelaySeconds: 3600, timeoutSeconds: 2 } });
      const { id, secret } = created.body;
      expect(secret).toMatch(/^whsec_/);
      expect((await call(url, 'GET', `/api/v1/webhooks/${id}`, { token })).body).not.toHaveProperty('secret');
      expect((await call(url, 'GET', '/api/v1/webhooks', { token })).body.data.map((w: { id: string }) => w.id)).toEqual([id]);

      const before = (await call(url, 'GET', '/api/v1/events?limit=1000', { token })).body.nextCursor;
      await call(url, 'POST', `${collection('guardians')}/batch`, { token, body: { records: [sampleRecord(contract, 'guardians', 700)] }, headers: { 'Idempotency-Key': newKey() } });
      await pollUntil(async () => hook.got.length, (n) => n >= 1);
      const [delivered] = hook.got;
      const event = JSON.parse(delivered.body);
      expect(event).toMatchObject({ type: 'record.created', schoolId: school, data: { entity: 'guardians', externalId: refId('guardians', 700), version: 1 } });
      expect(delivered.headers['academia-event']).toBe('record.created');
      expect(delivered.headers['academia-event-id']).toBe(event.id);
      expect(delivered.headers['content-type']).toBe('application/json');
      expect(verifySignature(delivered.headers['academia-signature'] as string, delivered.body, secret, Date.now() / 1000)).toMatchObject({ valid: true });
      expect(verifySignature(delivered.headers['academia-signature'] as string, delivered.body, 'not-the-secret-at-all', Date.now() / 1000).valid).toBe(false);

      const log = await pollUntil(() => call(url, 'GET', `/api/v1/webhooks/${id}/deliveries`, { token }), (r) => r.body.data[0]?.status === 'succeeded');
      expect(log.body.total).toBe(1);
      expect(log.body.data[0]).toMatchObject({ eventId: event.id, eventType: 'record.created', status: 'succeeded', nextAttemptAt: null });
      expect(log.body.data[0].attempts.map((a: { attempt: number; responseStatus: number }) => [a.attempt, a.responseStatus])).toEqual([[1, 200]]);

      const test = await call(url, 'POST', `/api/v1/webhooks/${id}/test`, { token });
      expect(test.status).toBe(202);
      expect(test.body.event.type).toBe('webhook.test');
      await pollUntil(async () => hook.got.length, (n) => n >= 2);
      expect(JSON.parse(hook.got[1].body).type).toBe('webhook.test');

      const feed = await call(url, 'GET', `/api/v1/events?after=${encodeURIComponent(before)}`, { token });
      expect(feed.body.data.map((e: { type: string }) => e.type)).toEqual(['record.created', 'webhook.test']);
      expect(feed.body.hasMore).toBe(false);
      const nothingNew = await call(url, 'GET', `/api/v1/events?after=${encodeURIComponent(feed.body.nextCursor)}`, { token });
      expect(nothingNew.body).toEqual({ data: [], nextCursor: feed.body.nextCursor, hasMore: false });
      const onlyTests = await call(url, 'GET', `/api/v1/events?types=webhook.test&limit=1`, { token });
      expect(onlyTests.body.data.every((e: { type: string }) => e.type === 'webhook.test')).toBe(true);
      expect((await call(url, 'GET', '/api/v1/events?types=record.exploded', { token })).status).toBe(400);
      expect((await call(url, 'GET', '/api/v1/events?after=bogus', { token })).status).toBe(400);

      expect((await call(url, 'DELETE', `/api/v1/webhooks/${id}`, { token })).status).toBe(204);
      expect((await call(url, 'GET', `/api/v1/webhooks/${id}`, { token })).status).toBe(404);
      const bad = await call(url, 'POST', '/api/v1/webhooks', { token, body: { url: 'ftp://example.org', events: [] } });
      expect(bad.status).toBe(422);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['events', 'url']);
    } finally {
      await hook.close();
    }
  });
});

describe('admin API', () => {
  let sandbox: RunningSandbox;
  let url: string;
  let admin: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ clientId: 'studio', clientSecret: 'studio-secret', limitPerMinute: 100, limitPerHour: 1000, faults: '5xx=0', apiVersions: ['v1', 'v2'] });
    url = sandbox.url;
    admin = sandbox.adminToken;
  });
  afterAll(() => sandbox.close());
  const a = (method: string, path: string, body?: unknown) => call(url, method, path, { adminToken: admin, body });

  it('needs the admin token', async () => {
    expect(admin).toMatch(/^adm_/);
    expect((await call(url, 'GET', '/admin/v1/clients')).status).toBe(401);
    expect((await call(url, 'GET', '/admin/v1/clients', { adminToken: 'guess' })).status).toBe(401);
    expect((await call(url, 'GET', '/admin/v1/clients', { token: await tokenFor(url, 'studio', 'studio-secret') })).status).toBe(401);
    expect((await a('GET', '/admin/v1/nothing')).status).toBe(404);
  });

  it('lists what it serves: overview, endpoints and methods, versions', async () => {
    expect((await a('GET', '/admin/v1')).body).toMatchObject({ apiVersions: ['v1', 'v2'], productionVersion: 'v1', faults: '5xx=0', clients: 1 });
    const endpoints = (await a('GET', '/admin/v1/endpoints')).body.data;
    expect(endpoints).toContainEqual(expect.objectContaining({ method: 'POST', path: '/api/v1/schools/{schoolId}/students/batch', apiVersion: 'v1', scopes: ['students:write'] }));
    expect(endpoints).toContainEqual(expect.objectContaining({ method: 'PUT', path: '/api/v2/schools/{schoolId}/staff/{externalId}/attachments/{name}', apiVersion: 'v2' }));
    expect(endpoints.filter((e: { path: string }) => e.path === '/health')).toHaveLength(1);
    const versions = (await a('GET', '/admin/v1/versions')).body.data;
    expect(versions.map((v: { version: string; status: string }) => [v.version, v.status])).toEqual([
      ['v1', 'Production'],
      ['v2', 'Testing'],
    ]);
    expect(versions[1].changes).toHaveLength(2);
  });

  it('creates, changes and revokes API clients; a revoked client is refused at once', async () => {
    const created = await a('POST', '/admin/v1/clients', { clientId: 'reporting', name: 'Reporting', scopes: ['students:read'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ clientId: 'reporting', name: 'Reporting', scopes: ['students:read'], allScopes: false, status: 'active', activeTokens: [] });
    const token = await tokenFor(url, 'reporting', created.body.clientSecret);
    expect((await call(url, 'GET', `/api/v1/schools`, { token })).status).toBe(403);
    expect((await call(url, 'GET', `/api/v1/schools`, { apiKey: created.body.apiKey })).status).toBe(403);
    const listed = (await a('GET', '/admin/v1/clients/reporting')).body;
    expect(listed.activeTokens).toEqual([expect.objectContaining({ scopes: ['students:read'], tokenHint: expect.stringMatching(/…$/) })]);
    expect(listed).not.toHaveProperty('clientSecret');
    const widened = await a('PATCH', '/admin/v1/clients/reporting', { scopes: ['students:read', 'schools:read'] });
    expect(widened.body.scopes).toEqual(['students:read', 'schools:read']);
    expect((await call(url, 'GET', `/api/v1/schools`, { apiKey: created.body.apiKey })).status).toBe(200);
    expect((await a('POST', '/admin/v1/clients', { clientId: 'reporting' })).status).toBe(409);
    expect((await a('POST', '/admin/v1/clients', { scopes: ['everything:write'] })).body.type).toMatch(/unknown-scope$/);
    const revoked = await a('DELETE', '/admin/v1/clients/reporting');
    expect(revoked.body).toMatchObject({ status: 'revoked', activeTokens: [] });
    expect((await call(url, 'GET', `/api/v1/schools`, { token })).status).toBe(401);
    expect((await call(url, 'GET', `/api/v1/schools`, { apiKey: created.body.apiKey })).body.detail).toContain('revoked');
    expect((await a('GET', '/admin/v1/clients')).body.data.map((c: { clientId: string; status: string }) => [c.clientId, c.status])).toEqual([
      ['studio', 'active'],
      ['reporting', 'revoked'],
    ]);
    expect((await a('GET', '/admin/v1/clients/ghost')).status).toBe(404);
  });

  it('applies throttle rules and a time-boxed exception to the limits a client gets', async () => {
    const token = await tokenFor(url, 'studio', 'studio-secret');
    expect((await call(url, 'GET', '/api/v1/schools', { token })).headers.get('RateLimit-Policy')).toBe('100;w=60, 1000;w=3600');
    const rule = await a('POST', '/admin/v1/throttle-rules', { clientId: 'studio', perMinute: 50, perHour: 500, description: 'the studio' });
    expect(rule.status).toBe(201);
    expect((await call(url, 'GET', '/api/v1/schools', { token })).headers.get('RateLimit-Policy')).toBe('50;w=60, 500;w=3600');
    expect((await a('POST', '/admin/v1/throttle-rules', { clientId: 'studio', perMinute: 1, perHour: 1 })).status).toBe(409);
    expect((await a('PUT', `/admin/v1/throttle-rules/${rule.body.id}`, { perMinute: 60, perHour: 600 })).body).toMatchObject({ perMinute: 60, perHour: 600, description: 'the studio' });
    const now = Date.now();
    const exception = await a('POST', '/admin/v1/throttle-exceptions', { clientId: 'studio', perMinute: 1000, perHour: 50000, startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 3_600_000).toISOString(), reason: 'migration window' });
    expect(exception.body).toMatchObject({ active: true, reason: 'migration window' });
    expect((await call(url, 'GET', '/api/v1/schools', { token })).headers.get('RateLimit-Policy')).toBe('1000;w=60, 50000;w=3600');
    expect((await a('GET', '/admin/v1/throttle-exceptions')).body.data).toHaveLength(1);
    expect((await a('POST', '/admin/v1/throttle-exceptions', { clientId: 'studio', perMinute: 1, perHour: 1, startsAt: new Date(now).toISOString(), endsAt: new Date(now - 1).toISOString() })).body.type).toMatch(/invalid-window$/);
    expect((await a('DELETE', `/admin/v1/throttle-exceptions/${exception.body.id}`)).status).toBe(204);
    expect((await call(url, 'GET', '/api/v1/schools', { token })).headers.get('RateLimit-Policy')).toBe('60;w=60, 600;w=3600');
    expect((await a('DELETE', `/admin/v1/throttle-rules/${rule.body.id}`)).status).toBe(204);
    expect((await a('DELETE', '/admin/v1/throttle-rules/default')).status).toBe(409);
    expect((await a('PUT', '/admin/v1/throttle-rules/default', { perMinute: 200, perHour: 2000 })).body.perMinute).toBe(200);
    expect((await a('GET', '/admin/v1/throttle-rules')).body.data).toEqual([expect.objectContaining({ id: 'default', clientId: null, perMinute: 200 })]);
    expect((await call(url, 'GET', '/api/v1/schools', { token })).headers.get('RateLimit-Policy')).toBe('200;w=60, 2000;w=3600');
  });

  it('changes version status: v2 to Production deprecates v1, whose answers then carry Deprecation and Sunset', async () => {
    const promoted = await a('PATCH', '/admin/v1/versions/v2', { status: 'Production', sunsetAt: '2030-01-01T00:00:00Z' });
    expect(promoted.body).toMatchObject({ version: 'v2', status: 'Production', deprecatedAt: null });
    const v1 = (await a('GET', '/admin/v1/versions')).body.data[0];
    expect(v1).toMatchObject({ version: 'v1', status: 'Deprecated', sunsetAt: '2030-01-01T00:00:00.000Z', successorVersion: 'v2' });
    const info = await call(url, 'GET', '/api/v1');
    expect(info.headers.get('Deprecation')).toMatch(/^@\d+$/);
    expect(info.headers.get('Sunset')).toBe('Tue, 01 Jan 2030 00:00:00 GMT');
    expect(info.headers.get('Link')).toContain(`<${url}/api/v2>; rel="successor-version"`);
    expect(info.body).toMatchObject({ status: 'Deprecated', successorVersion: 'v2', sunsetAt: '2030-01-01T00:00:00.000Z' });
    expect((await call(url, 'GET', '/api/v2')).headers.get('Deprecation')).toBeNull();
    expect((await call(url, 'GET', '/health')).headers.get('Deprecation')).toBeNull();
    expect((await a('PATCH', '/admin/v1/versions/v9', { status: 'Testing' })).status).toBe(404);
    expect((await a('PATCH', '/admin/v1/versions/v2', { status: 'Retired' })).status).toBe(422);
    expect((await a('PATCH', '/admin/v1/versions/v1', { status: 'Production' })).body.status).toBe('Production');
    expect((await call(url, 'GET', '/api/v1')).headers.get('Deprecation')).toBeNull();
  });

  it('monitors calls, errors and latency per endpoint (admin calls not counted)', async () => {
    const token = await tokenFor(url, 'studio', 'studio-secret');
    for (let i = 0; i < 3; i++) await call(url, 'GET', '/api/v1/schools', { token });
    await call(url, 'GET', '/api/v1/schools/nowhere', { token });
    const m = (await a('GET', '/admin/v1/monitoring/endpoints')).body;
    const list = m.data.find((e: { operationId: string; apiVersion: string }) => e.operationId === 'listSchoolRecords' && e.apiVersion === 'v1');
    expect(list.calls).toBeGreaterThanOrEqual(3);
    expect(list.latencyMs.p50).toBeGreaterThanOrEqual(0);
    expect(list.latencyMs.p99).toBeGreaterThanOrEqual(list.latencyMs.p50);
    const get = m.data.find((e: { operationId: string }) => e.operationId === 'getSchool');
    expect(get).toMatchObject({ calls: 1, errors: 1, clientErrors: 1, statusCounts: { '404': 1 } });
    expect(m.totals.calls).toBe(m.data.reduce((n: number, e: { calls: number }) => n + e.calls, 0));
    expect(m.data.some((e: { path: string }) => e.path.startsWith('/admin'))).toBe(false);
  });

  it('reads and changes the injected faults (issue 20: a control, not only --faults)', async () => {
    const none = { serverError: 0, timeout: 0, reset: 0, burst429: 0, latencyMs: 0, down: false };
    expect((await a('GET', '/admin/v1/faults')).body).toEqual({ ...none, spec: '5xx=0' });
    expect((await a('PUT', '/admin/v1/faults', { ...none, down: true })).body).toEqual({ ...none, down: true, spec: 'down=1' });
    expect((await call(url, 'GET', '/health')).status).toBe(503);
    expect((await a('PUT', '/admin/v1/faults', none)).body).toEqual({ ...none, spec: '' });
    expect((await call(url, 'GET', '/health')).status).toBe(200);
  });
});

describe('conformance coverage', () => {
  it('exercised every operation of the v1 and admin documents with a successful, conforming answer', () => {
    expect(recorder.missing(contract)).toEqual([]);
    expect(recorder.missing(loadAdminContract())).toEqual([]);
  });
});

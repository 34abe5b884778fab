import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTargetContract } from '../../src/main/engine/target/contract';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index';
import { refId, sampleRecord } from '../unit/target/sample-records';

const contract = loadTargetContract('v1');

interface Reply {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers are checked against the document
}

/**
 * One request to the sandbox. Every answer to a documented operation is checked against the
 * response schema the document declares for its status, so these tests also prove the sandbox
 * speaks the document.
 */
async function call(base: string, method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body) });
  const text = await res.text();
  const body = text ? JSON.parse(text) : undefined;
  const match = contract.matchOperation(method, path.split('?')[0]);
  if (match.kind === 'match') {
    expect(contract.validateResponse(match.operation.operationId, res.status, body), `${method} ${path} → ${res.status} matches the document`).toEqual([]);
  }
  for (const name of ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']) expect(res.headers.get(name), `${name} on ${method} ${path}`).toMatch(/^\d+$/);
  return { status: res.status, headers: res.headers, body };
}

async function tokenFor(base: string, clientId: string, secret: string, scope?: string): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, ...(scope ? { scope } : {}) });
  const res = await fetch(`${base}/oauth/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

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
    const { signJwtHs256 } = await import('../../src/main/engine/target/jwt-hs256');
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

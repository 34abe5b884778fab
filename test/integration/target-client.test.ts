import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AcademiaClient, type AcademiaClientOptions, type TargetRequestLog } from '../../src/main/engine/academia/academia-client';
import { loadTargetContract } from '../../src/academia-api/contract';
import { StudioError } from '../../src/shared/errors';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index';
import { refId, sampleRecord } from '../unit/academia/sample-records';

const contract = loadTargetContract('v1');
const SCHOOL = refId('schools', 1);

/** Time that only moves when the code under test sleeps (or the test says so). */
function fakeTime(start = Date.parse('2024-09-01T08:00:00Z')) {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    advance: (ms: number) => {
      t += ms;
    },
    sleeps,
    elapsed: () => t - start,
  };
}

function clientFor(sandbox: RunningSandbox, extra: Partial<AcademiaClientOptions> = {}): { client: AcademiaClient; log: TargetRequestLog[] } {
  const log: TargetRequestLog[] = [];
  const client = new AcademiaClient({ baseUrl: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, schoolId: SCHOOL, sleep: async () => {}, random: () => 0.5, onRequest: (e) => log.push(e), ...extra });
  return { client, log };
}

const batchCalls = (log: TargetRequestLog[]) => log.filter((e) => e.path.endsWith('/batch'));

async function caught(promise: Promise<unknown>): Promise<StudioError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(StudioError);
    return err as StudioError;
  }
  throw new Error('expected a StudioError');
}

/** A fetch that lets the test decide, call by call, what happens before (or instead of) the real one. */
function scriptedFetch(script: (call: number, url: string, init: RequestInit) => Response | 'pass' | 'pass-then-reset'): typeof fetch {
  let calls = 0;
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const step = script(++calls, url, init ?? {});
    if (step === 'pass') return fetch(input, init);
    if (step === 'pass-then-reset') {
      const res = await fetch(input, init);
      await res.text();
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    }
    return step;
  }) as typeof fetch;
}

const problem503 = () => new Response(JSON.stringify({ type: 'about:blank', title: 'Service unavailable', status: 503 }), { status: 503, headers: { 'Content-Type': 'application/problem+json' } });

describe('AcademiaClient against the sandbox', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
    const { client } = clientFor(sandbox);
    await client.upsertSchools([sampleRecord(contract, 'schools', 1)], 'setup-school');
  });
  afterAll(() => sandbox.close());

  it('reads health and API info without credentials', async () => {
    const { client, log } = clientFor(sandbox);
    expect((await client.health()).status).toBe('ok');
    expect(await client.info()).toMatchObject({ apiVersion: 'v1', status: 'Production', limits: { maxBatchRecords: 500 } });
    expect(log.map((e) => e.path)).toEqual(['/health', '/api/v1']);
  });

  it('pushes, counts, lists and reads records, with one cached token', async () => {
    const { client, log } = clientFor(sandbox);
    const students = [1, 2, 3].map((n) => sampleRecord(contract, 'students', n));
    const results = await client.pushBatch('students', students, 'students-1');
    expect(results.map((r) => r.status)).toEqual(['created', 'created', 'created']);
    expect(await client.count('students')).toBe(3);
    expect(await client.get('students', refId('students', 2))).toMatchObject({ ...students[1], version: 1 });
    expect(await client.get('students', 'nobody')).toBeNull();
    const pages: string[][] = [];
    for await (const page of client.iterate('students', { limit: 2 })) pages.push(page.map((r) => r.externalId));
    expect(pages).toEqual([[refId('students', 1), refId('students', 2)], [refId('students', 3)]]);
    const again = await client.pushBatch('students', students, 'students-2');
    expect(again.map((r) => r.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(log.filter((e) => e.path === '/oauth/token')).toHaveLength(1);
    expect((await client.get('schools', SCHOOL))?.externalId).toBe(SCHOOL);
  });

  it('splits a batch over the limit, with derived idempotency keys', async () => {
    const { client, log } = clientFor(sandbox);
    const guardians = Array.from({ length: 501 }, (_, i) => sampleRecord(contract, 'guardians', 1000 + i));
    const results = await client.pushBatch('guardians', guardians, 'big');
    expect(results).toHaveLength(501);
    expect(results.every((r) => r.status === 'created')).toBe(true);
    expect(batchCalls(log)).toHaveLength(2);
    expect(await client.count('guardians')).toBe(501);
  });

  it('retries 5xx with exponential backoff and full jitter', async () => {
    const time = fakeTime();
    const fetchImpl = scriptedFetch((call, url) => (url.endsWith('/batch') && call <= 4 ? problem503() : 'pass'));
    const { client, log } = clientFor(sandbox, { fetchImpl, sleep: time.sleep, now: time.now, random: () => 0.5, baseDelayMs: 100 });
    const results = await client.pushBatch('guardians', [sampleRecord(contract, 'guardians', 1)], 'retry-5xx');
    expect(results[0].status).toBe('created');
    // The token request is the first call; batch calls 2, 3 and 4 fail.
    expect(batchCalls(log).map((e) => e.status)).toEqual([503, 503, 503, 200]);
    expect(time.sleeps).toEqual([50, 100, 200]);
  });

  it('gives up on 5xx after maxRetries with TARGET_UNAVAILABLE', async () => {
    const fetchImpl = scriptedFetch((_call, url) => (url.endsWith('/batch') ? problem503() : 'pass'));
    const { client, log } = clientFor(sandbox, { fetchImpl, maxRetries: 2 });
    const err = await caught(client.pushBatch('guardians', [sampleRecord(contract, 'guardians', 2)], 'down'));
    expect(err.code).toBe('TARGET_UNAVAILABLE');
    expect(err.message).toContain('3 attempts');
    expect(batchCalls(log)).toHaveLength(3);
  });

  it('retries a dropped connection; the repeated key replays instead of writing twice', async () => {
    const fetchImpl = scriptedFetch((_call, url) => (url.endsWith('/batch') && !('done' in fetchImpl) ? (Object.assign(fetchImpl, { done: true }), 'pass-then-reset') : 'pass'));
    const { client, log } = clientFor(sandbox, { fetchImpl });
    const records = [sampleRecord(contract, 'guardians', 3), sampleRecord(contract, 'guardians', 4)];
    const before = await client.count('guardians');
    const results = await client.pushBatch('guardians', records, 'reset-once');
    expect(results.map((r) => r.status)).toEqual(['created', 'created']);
    expect(batchCalls(log).map((e) => e.error ?? e.status)).toEqual(['reset', 200]);
    expect(await client.count('guardians')).toBe(before + 2);
  });

  it('retries a request that timed out', async () => {
    let first = true;
    const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).endsWith('/batch') && first) {
        first = false;
        return new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
      }
      return fetch(input, init);
    }) as typeof fetch;
    // Long enough for the real second request on a loaded machine; the first never answers anyway.
    const { client, log } = clientFor(sandbox, { fetchImpl, requestTimeoutMs: 1500 });
    const results = await client.pushBatch('guardians', [sampleRecord(contract, 'guardians', 5)], 'slow');
    expect(results[0].status).toBe('created');
    expect(batchCalls(log).map((e) => e.error ?? e.status)).toEqual(['timeout', 200]);
  });

  it('never retries a 422, 403 or 404', async () => {
    const { client, log } = clientFor(sandbox);
    await client.pushBatch('guardians', [sampleRecord(contract, 'guardians', 6)], 'reused-key');
    const reused = await caught(client.pushBatch('guardians', [sampleRecord(contract, 'guardians', 7)], 'reused-key'));
    expect(reused.code).toBe('TARGET_REJECTED');
    expect(reused.message).toContain('Idempotency-Key');
    expect(batchCalls(log).map((e) => e.status)).toEqual([200, 422]);

    const readOnly = clientFor(sandbox, { scopes: ['guardians:read'] });
    const forbidden = await caught(readOnly.client.pushBatch('guardians', [sampleRecord(contract, 'guardians', 8)], 'no-scope'));
    expect(forbidden.code).toBe('TARGET_AUTH_FAILED');
    expect(forbidden.message).toContain('guardians:write');
    expect(batchCalls(readOnly.log)).toHaveLength(1);

    const elsewhere = clientFor(sandbox, { schoolId: 'no-such-school' });
    const missing = await caught(elsewhere.client.count('students'));
    expect(missing.code).toBe('TARGET_NOT_FOUND');
    expect(missing.message).toContain('no-such-school');
    expect(elsewhere.log.filter((e) => e.status === 404)).toHaveLength(1);
  });

  it('waits Retry-After on a 429, then carries on', async () => {
    const time = fakeTime();
    const fetchImpl = scriptedFetch((call, url) =>
      url.endsWith('/batch') && call === 2 ? new Response(JSON.stringify({ type: 'about:blank', title: 'Too many requests', status: 429 }), { status: 429, headers: { 'Retry-After': '2', 'Content-Type': 'application/problem+json' } }) : 'pass',
    );
    const { client, log } = clientFor(sandbox, { fetchImpl, sleep: time.sleep, now: time.now });
    const results = await client.pushBatch('guardians', [sampleRecord(contract, 'guardians', 9)], 'after-429');
    expect(results[0].status).toBe('created');
    expect(batchCalls(log).map((e) => e.status)).toEqual([429, 200]);
    expect(time.sleeps).toHaveLength(1);
    expect(time.sleeps[0]).toBeGreaterThanOrEqual(2000);
    expect(time.sleeps[0]).toBeLessThan(2250);
  });

  it('deletes with If-Match and reports a conflict plainly', async () => {
    const { client } = clientFor(sandbox);
    await client.pushBatch('guardians', [sampleRecord(contract, 'guardians', 10)], 'to-delete');
    const stale = await caught(client.remove('guardians', refId('guardians', 10), { ifMatchVersion: 4 }));
    expect(stale.code).toBe('TARGET_CONFLICT');
    expect((await client.remove('guardians', refId('guardians', 10), { ifMatchVersion: 1 })).deleted).toBe(true);
    expect(await client.get('guardians', refId('guardians', 10))).toBeNull();
  });

  it('deletes in batches, splitting over the limit, with results in record order', async () => {
    const { client, log } = clientFor(sandbox);
    const guardians = Array.from({ length: 502 }, (_, i) => sampleRecord(contract, 'guardians', 7000 + i));
    const written = await client.pushBatch('guardians', guardians, 'to-batch-delete');
    const results = await client.removeBatch('guardians', [...guardians.map((g, i) => ({ externalId: g.externalId as string, version: i === 0 ? 9 : written[i].version ?? undefined })), { externalId: 'nobody' }], 'batch-delete');
    expect(results).toHaveLength(503);
    expect(results[0]).toMatchObject({ status: 'rejected', errors: [expect.objectContaining({ code: 'version-mismatch' })] });
    expect(results.slice(1, 502).every((r) => r.status === 'deleted' && r.version === 2)).toBe(true);
    expect(results[502]).toMatchObject({ externalId: 'nobody', status: 'not-found' });
    expect(log.filter((e) => e.path.endsWith('/batch-delete'))).toHaveLength(2);
    expect(await client.get('guardians', refId('guardians', 7001))).toBeNull();
    expect(await client.get('guardians', refId('guardians', 7000))).not.toBeNull();
  });

  it('authenticates with an API key or a self-signed JWT as well', async () => {
    const byKey = clientFor(sandbox, { auth: 'api-key', apiKey: sandbox.apiKey });
    const schools = await clientFor(sandbox).client.count('schools');
    expect(await byKey.client.count('schools')).toBe(schools);
    const byJwt = clientFor(sandbox, { auth: 'jwt' });
    expect(await byJwt.client.count('schools')).toBe(schools);
    expect(byJwt.log.some((e) => e.path === '/oauth/token')).toBe(false);
  });

  it('names every result by the record it answers, even one sent without an externalId', async () => {
    const { client } = clientFor(sandbox);
    const results = await client.upsertSchools([{ name: 'No id' }, { externalId: 'named', name: 'Named' }], 'no-id');
    expect(results.map((r) => [r.externalId, r.status])).toEqual([
      ['', 'rejected'],
      ['named', 'created'],
    ]);
    expect(results[0].errors[0]).toMatchObject({ field: 'externalId', code: 'required' });
  });

  it('refuses an unknown entity before sending anything', async () => {
    const { client, log } = clientFor(sandbox);
    await expect(client.pushBatch('pupils', [{ externalId: 'x' }], 'k')).rejects.toMatchObject({ code: 'TARGET_UNKNOWN_ENTITY' });
    expect(log).toHaveLength(0);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const { client } = clientFor(sandbox, { signal: controller.signal });
    await expect(client.count('schools')).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('AcademiaClient credentials and limits', () => {
  it('renews an expired token once and retries the request', async () => {
    let serverNow = Date.parse('2024-09-01T08:00:00Z');
    const sandbox = await startSandbox({ tokenTtlSeconds: 120, clock: () => serverNow });
    try {
      // The client's own clock lags, so it still trusts its token when the server says expired.
      const { client, log } = clientFor(sandbox, { now: () => Date.parse('2024-09-01T08:00:00Z') });
      expect(await client.count('schools')).toBe(0);
      serverNow += 121_000;
      expect(await client.count('schools')).toBe(0);
      expect(log.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
        'POST /oauth/token 200',
        'GET /api/v1/schools 200',
        'GET /api/v1/schools 401',
        'POST /oauth/token 200',
        'GET /api/v1/schools 200',
      ]);
    } finally {
      await sandbox.close();
    }
  });

  it('fails with TARGET_AUTH_FAILED for a wrong secret, without retrying', async () => {
    const sandbox = await startSandbox();
    try {
      const { client, log } = clientFor(sandbox, { clientSecret: 'wrong' });
      const err = await caught(client.count('schools'));
      expect(err.code).toBe('TARGET_AUTH_FAILED');
      expect(err.message).toContain(sandbox.clientId);
      expect(log).toHaveLength(1);
    } finally {
      await sandbox.close();
    }
  });

  it('paces itself from RateLimit headers so it never meets a 429', async () => {
    const time = fakeTime();
    const sandbox = await startSandbox({ limitPerMinute: 5, limitPerHour: 1000, clock: time.now });
    try {
      const { client, log } = clientFor(sandbox, { sleep: time.sleep, now: time.now });
      for (let i = 0; i < 15; i++) await client.count('schools');
      expect(log.filter((e) => e.status === 429)).toHaveLength(0);
      // 15 requests at 5 a minute cannot take less than two minutes.
      expect(time.elapsed()).toBeGreaterThanOrEqual(120_000);
      expect(time.elapsed()).toBeLessThan(200_000);
    } finally {
      await sandbox.close();
    }
  });

  it('says TARGET_UNREACHABLE at once when nothing listens', async () => {
    const gone = await startSandbox();
    await gone.close();
    const { client, log } = clientFor(gone);
    const err = await caught(client.health());
    expect(err.code).toBe('TARGET_UNREACHABLE');
    expect(err.message).toContain(gone.url);
    expect(log).toHaveLength(1);
  });

  it('pushes everything through a sandbox injecting 503s, dropped connections and withheld answers', async () => {
    const sandbox = await startSandbox({ faults: '5xx=0.2,reset=0.15,timeout=0.1,latency=2ms', seed: 42 });
    try {
      const { client, log } = clientFor(sandbox, { maxRetries: 8, requestTimeoutMs: 150 });
      await client.upsertSchools([sampleRecord(contract, 'schools', 1)], 'faulty-school');
      for (let b = 0; b < 8; b++) {
        const records = Array.from({ length: 10 }, (_, i) => sampleRecord(contract, 'guardians', b * 10 + i));
        const results = await client.pushBatch('guardians', records, `faulty-${b}`);
        expect(results.every((r) => r.status === 'created')).toBe(true);
      }
      expect(await client.count('guardians')).toBe(80);
      expect(log.some((e) => e.status === 503)).toBe(true);
      expect(log.some((e) => e.error === 'reset')).toBe(true);
      expect(log.some((e) => e.error === 'timeout')).toBe(true);
    } finally {
      await sandbox.close();
    }
  });
});

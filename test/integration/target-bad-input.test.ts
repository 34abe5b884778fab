import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AcademiaClient, type AcademiaClientOptions, type TargetRequestLog } from '../../src/main/engine/academia/academia-client';
import { loadTargetContract } from '../../src/academia-api/contract';
import { signJwtHs256 } from '../../src/academia-api/jwt-hs256';
import { StudioError } from '../../src/shared/errors';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index';
import { ConformanceRecorder, tokenFor } from '../unit/academia/conformance';
import { refId, sampleRecord } from '../unit/academia/sample-records';

const contract = loadTargetContract('v1');
const SCHOOL = refId('schools', 1);
const recorder = new ConformanceRecorder();

/**
 * Each kind of bad input twice: the sandbox's answer (problem details, as the document says,
 * checked by the recorder) and what the client makes of it (a typed StudioError, sent once:
 * no 4xx is retried but 408 and 429).
 */
describe('bad input: problem details from the sandbox, typed errors from the client', () => {
  let sandbox: RunningSandbox;
  let token: string;
  let serverNow = Date.parse('2024-09-01T08:00:00Z');
  const batchPath = `/api/v1/schools/${SCHOOL}/guardians/batch`;

  const clientFor = (extra: Partial<AcademiaClientOptions> = {}) => {
    const log: TargetRequestLog[] = [];
    const client = new AcademiaClient({ baseUrl: sandbox.url, clientId: 'bad-input', clientSecret: 'bad-input-secret', schoolId: SCHOOL, sleep: async () => {}, random: () => 0.5, now: () => serverNow, onRequest: (e) => log.push(e), ...extra });
    return { client, log, batches: () => log.filter((e) => e.path.endsWith('/batch')) };
  };
  /** A fetch that changes the request on its way out (what a broken proxy or a bug would do). */
  const tampering = (change: (init: RequestInit) => RequestInit): typeof fetch => ((input: string | URL | Request, init?: RequestInit) => fetch(input, String(input).endsWith('/batch') ? change(init ?? {}) : init)) as typeof fetch;
  const failure = async (promise: Promise<unknown>): Promise<StudioError> => {
    const err = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StudioError);
    return err as StudioError;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ clientId: 'bad-input', clientSecret: 'bad-input-secret', clock: () => serverNow, tokenTtlSeconds: 600 });
    token = await tokenFor(sandbox.url, 'bad-input', 'bad-input-secret');
    await clientFor().client.upsertSchools([sampleRecord(contract, 'schools', 1)], 'school');
  });
  afterAll(() => sandbox.close());

  it('malformed JSON: 400 malformed-json; the client reports TARGET_REJECTED after one attempt', async () => {
    const raw = await recorder.call(sandbox.url, 'POST', batchPath, { token, body: '{"records": [', headers: { 'Idempotency-Key': 'm1' } });
    expect(raw.body).toMatchObject({ status: 400, type: 'https://academia-pro.example/problems/malformed-json', title: 'Bad request' });
    const { client, batches } = clientFor({ fetchImpl: tampering((init) => ({ ...init, body: String(init.body).slice(0, -2) })) });
    const err = await failure(client.pushBatch('guardians', [sampleRecord(contract, 'guardians', 1)], 'k-malformed'));
    expect(err).toMatchObject({ code: 'TARGET_REJECTED', details: { status: 400, reason: 'malformed-json', attempts: 1 } });
    expect(err.message).toContain('not valid JSON');
    expect(batches()).toHaveLength(1);
  });

  it('unknown entity: 404 for the path (422 for a bulk operation); the client refuses before sending', async () => {
    const raw = await recorder.call(sandbox.url, 'POST', `/api/v1/schools/${SCHOOL}/pupils/batch`, { token, body: { records: [] }, headers: { 'Idempotency-Key': 'u1' } });
    expect(raw.body).toMatchObject({ status: 404, type: expect.stringMatching(/no-such-path$/) });
    const bulk = await recorder.call(sandbox.url, 'POST', '/api/v1/bulk-operations', { token, body: { type: 'Import', entity: 'pupils', schoolId: SCHOOL } });
    expect(bulk.body).toMatchObject({ status: 422, type: expect.stringMatching(/unknown-entity$/), field: 'entity' });
    const { client, log } = clientFor();
    expect(await failure(client.pushBatch('pupils', [{ externalId: 'p' }], 'k'))).toMatchObject({ code: 'TARGET_UNKNOWN_ENTITY' });
    expect(await failure(client.bulk.create({ type: 'Import', entity: 'pupils' }))).toMatchObject({ code: 'TARGET_UNKNOWN_ENTITY' });
    expect(log).toHaveLength(0);
  });

  it('oversized batch: 413; the client splits record counts itself and reports a body too large plainly', async () => {
    const raw = await recorder.call(sandbox.url, 'POST', batchPath, { token, body: { records: Array.from({ length: 501 }, (_, i) => sampleRecord(contract, 'guardians', i)) }, headers: { 'Idempotency-Key': 'o1' } });
    expect(raw.body).toMatchObject({ status: 413, type: expect.stringMatching(/too-many-records$/) });
    // Valid or not, 500 records of 22 KB make a body over the 10 MiB limit.
    const heavy = Array.from({ length: 500 }, (_, i) => ({ ...sampleRecord(contract, 'students', i), notes: 'x'.repeat(22_000) }));
    const { client, batches } = clientFor();
    const err = await failure(client.pushBatch('students', heavy, 'k-heavy'));
    expect(err).toMatchObject({ code: 'TARGET_REJECTED', details: { status: 413, reason: 'body-too-large', attempts: 1 } });
    expect(err.hint).toMatch(/batch size|less at a time/i);
    expect(batches()).toHaveLength(1);
  });

  it('wrong content type: 415; the client reports TARGET_REJECTED naming the content type', async () => {
    const raw = await recorder.call(sandbox.url, 'POST', batchPath, { token, body: 'records=1', headers: { 'Idempotency-Key': 'c1', 'Content-Type': 'text/plain' } });
    expect(raw.body).toMatchObject({ status: 415, type: expect.stringMatching(/unsupported-media-type$/) });
    const { client, batches } = clientFor({ fetchImpl: tampering((init) => ({ ...init, headers: { ...(init.headers as Record<string, string>), 'Content-Type': 'text/plain' } })) });
    const err = await failure(client.pushBatch('guardians', [sampleRecord(contract, 'guardians', 2)], 'k-type'));
    expect(err).toMatchObject({ code: 'TARGET_REJECTED', details: { status: 415, reason: 'unsupported-media-type' } });
    expect(err.message).toContain('content type');
    expect(batches()).toHaveLength(1);
  });

  it('expired token: 401 token-expired; the client renews once, then reports TARGET_AUTH_FAILED', async () => {
    const stale = await tokenFor(sandbox.url, 'bad-input', 'bad-input-secret');
    serverNow += 601_000;
    const raw = await recorder.call(sandbox.url, 'GET', '/api/v1/schools', { token: stale });
    expect(raw.body).toMatchObject({ status: 401, type: expect.stringMatching(/token-expired$/) });
    expect(raw.headers.get('WWW-Authenticate')).toContain('invalid_token');
    token = await tokenFor(sandbox.url, 'bad-input', 'bad-input-secret');
    // A client whose clock is 10 minutes slow signs JWTs that the service finds expired, every time.
    const { client, log } = clientFor({ auth: 'jwt', now: () => serverNow - 600_000 });
    const err = await failure(client.count('schools'));
    expect(err).toMatchObject({ code: 'TARGET_AUTH_FAILED', details: { status: 401, reason: 'token-expired' } });
    expect(err.hint).toContain('clock');
    expect(log.map((e) => e.status)).toEqual([401, 401]);
  });

  it('bad signature: 401 for a JWT signed with another secret; the client reports TARGET_AUTH_FAILED', async () => {
    const forged = signJwtHs256({ iss: 'bad-input', exp: Math.floor(serverNow / 1000) + 60 }, 'not-the-secret');
    const raw = await recorder.call(sandbox.url, 'GET', '/api/v1/schools', { token: forged });
    expect(raw.body).toMatchObject({ status: 401, type: expect.stringMatching(/unauthorized$/), detail: expect.stringContaining('not signed by a known client') });
    const { client, log } = clientFor({ auth: 'jwt', clientSecret: 'not-the-secret' });
    expect(await failure(client.count('schools'))).toMatchObject({ code: 'TARGET_AUTH_FAILED', details: { status: 401 } });
    expect(log).toHaveLength(2);
  });

  it('retries 408 like 5xx, and never retries 400, 404, 409, 412 or 422', async () => {
    let calls = 0;
    const timeoutOnce = ((input: string | URL | Request, init?: RequestInit) => {
      if (String(input).endsWith('/batch') && calls++ === 0) return Promise.resolve(new Response(JSON.stringify({ type: 'about:blank', title: 'Request timeout', status: 408 }), { status: 408, headers: { 'Content-Type': 'application/problem+json' } }));
      return fetch(input, init);
    }) as typeof fetch;
    const retried = clientFor({ fetchImpl: timeoutOnce });
    expect((await retried.client.pushBatch('guardians', [sampleRecord(contract, 'guardians', 3)], 'k-408'))[0].status).toBe('created');
    expect(retried.batches().map((e) => e.status)).toEqual([408, 200]);

    const log: TargetRequestLog[] = [];
    for (const [status, code] of [
      [400, 'TARGET_REJECTED'],
      [404, 'TARGET_NOT_FOUND'],
      [409, 'TARGET_CONFLICT'],
      [412, 'TARGET_CONFLICT'],
      [422, 'TARGET_REJECTED'],
    ] as const) {
      const answer = () => Promise.resolve(new Response(JSON.stringify({ type: `https://academia-pro.example/problems/s${status}`, title: 'No', status }), { status, headers: { 'Content-Type': 'application/problem+json' } }));
      const scripted = new AcademiaClient({ baseUrl: sandbox.url, clientId: 'bad-input', clientSecret: 'bad-input-secret', schoolId: SCHOOL, auth: 'jwt', now: () => serverNow, fetchImpl: answer as typeof fetch, onRequest: (e) => log.push(e) });
      expect(await failure(scripted.count('schools')), String(status)).toMatchObject({ code });
    }
    expect(log.map((e) => e.status)).toEqual([400, 404, 409, 412, 422]);
  });
});

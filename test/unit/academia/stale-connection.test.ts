import { describe, expect, it } from 'vitest';
import { AcademiaClient, type TargetRequestLog } from '../../../src/main/engine/academia/academia-client';

/** What fetch throws when a kept-alive connection was closed by the server before the request got there. */
function resetError(): Error {
  return Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
}

function clientOver(answers: (() => Response)[], sleeps: number[], log: TargetRequestLog[]) {
  let call = 0;
  const fetchImpl = (async () => {
    const next = answers[call++];
    if (!next) throw new Error('no more answers');
    return next();
  }) as unknown as typeof fetch;
  return {
    client: new AcademiaClient({ baseUrl: 'http://127.0.0.1:1', clientId: 'c', clientSecret: '', apiKey: 'k', auth: 'api-key', schoolId: 'SCH', fetchImpl, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, onRequest: (e) => log.push(e) }),
    calls: () => call,
  };
}

const ok = (body: unknown) => () => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
const reset = () => {
  throw resetError();
};

describe('a stale kept-alive connection', () => {
  it('is retried once at once for a batch write with an Idempotency-Key (no backoff, no breaker failure)', async () => {
    const sleeps: number[] = [];
    const log: TargetRequestLog[] = [];
    const results = { results: [{ externalId: 'S1', id: 'id-1', status: 'created', version: 1, errors: [] }] };
    const { client, calls } = clientOver([reset, ok(results)], sleeps, log);
    const out = await client.pushBatch('students', [{ externalId: 'S1' }], 'key-1');
    expect(out.map((r) => r.status)).toEqual(['created']);
    expect(calls()).toBe(2);
    expect(sleeps).toEqual([]);
    expect(log.map((l) => [l.attempt, l.status, l.error ?? null])).toEqual([
      [1, null, 'reset'],
      [2, 200, null],
    ]);
    expect(client.circuitState).toBe('closed');
  });

  it('is retried at once for a read, but only once: a second reset backs off as before', async () => {
    const sleeps: number[] = [];
    const { client, calls } = clientOver([reset, reset, ok({ data: [], nextCursor: null, total: 0 })], sleeps, []);
    await client.list('students');
    expect(calls()).toBe(3);
    expect(sleeps).toHaveLength(1);
  });

  it('is not sent again at once when the write has no Idempotency-Key', async () => {
    const sleeps: number[] = [];
    const { client, calls } = clientOver([reset, ok({ id: 'x' })], sleeps, []);
    await client.send({ method: 'POST', path: '/api/v1/things', body: { contentType: 'application/json', data: '{}' }, auth: true });
    expect(calls()).toBe(2);
    expect(sleeps).toHaveLength(1);
  });
});

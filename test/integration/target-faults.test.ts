import { describe, expect, it } from 'vitest';
import { AcademiaClient, type AcademiaClientOptions, type CircuitState, type TargetRequestLog } from '../../src/main/engine/academia/academia-client';
import { loadTargetContract } from '../../src/academia-api/contract';
import { StudioError } from '../../src/shared/errors';
import { startSandbox, type RunningSandbox, type SandboxOptions, type SandboxRequestLog } from '../../src/sandbox/index';
import { refId, sampleRecord } from '../unit/academia/sample-records';

const contract = loadTargetContract('v1');
const SCHOOL = refId('schools', 1);

async function withSandbox<T>(options: SandboxOptions, run: (sandbox: RunningSandbox, serverLog: SandboxRequestLog[]) => Promise<T>): Promise<T> {
  const serverLog: SandboxRequestLog[] = [];
  const sandbox = await startSandbox({ ...options, onRequest: (e) => serverLog.push(e) });
  try {
    return await run(sandbox, serverLog);
  } finally {
    await sandbox.close();
  }
}

function clientFor(sandbox: RunningSandbox, extra: Partial<AcademiaClientOptions> = {}) {
  const log: TargetRequestLog[] = [];
  const client = new AcademiaClient({ baseUrl: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, schoolId: SCHOOL, sleep: async () => {}, random: () => 0.5, maxRetries: 10, requestTimeoutMs: 150, onRequest: (e) => log.push(e), ...extra });
  return { client, log };
}

/** Pushes `batches` × 10 guardians and proves each landed exactly once: every result created, every stored version 1. */
async function pushAndCheck(client: AcademiaClient, batches: number, tag: string): Promise<void> {
  for (let b = 0; b < batches; b++) {
    const records = Array.from({ length: 10 }, (_, i) => sampleRecord(contract, 'guardians', b * 10 + i));
    const results = await client.pushBatch('guardians', records, `${tag}-${b}`);
    expect(results.map((r) => r.status)).toEqual(Array(10).fill('created'));
  }
  const stored = [];
  for await (const page of client.iterate('guardians', { limit: 1000 })) stored.push(...page);
  expect(stored).toHaveLength(batches * 10);
  expect(stored.every((r) => r.version === 1)).toBe(true);
}

describe('AcademiaClient against each fault the sandbox injects', () => {
  it('5xx: retried with backoff; nothing written by a refused attempt', async () => {
    await withSandbox({ faults: '5xx=0.4', seed: 3 }, async (sandbox, serverLog) => {
      // No answer is withheld here, so a generous timeout keeps a busy machine from adding any.
      const { client, log } = clientFor(sandbox, { requestTimeoutMs: 10_000 });
      await client.upsertSchools([sampleRecord(contract, 'schools', 1)], 'school');
      await pushAndCheck(client, 6, 'fault-5xx');
      expect(serverLog.filter((e) => e.fault === '5xx').length).toBeGreaterThan(2);
      expect(log.filter((e) => e.status === 503).length).toBe(serverLog.filter((e) => e.fault === '5xx').length);
    });
  });

  it('timeout: the answer is withheld after the work; the retry replays the stored answer', async () => {
    await withSandbox({ faults: 'timeout=0.3', seed: 5 }, async (sandbox, serverLog) => {
      const { client, log } = clientFor(sandbox);
      await client.upsertSchools([sampleRecord(contract, 'schools', 1)], 'school');
      await pushAndCheck(client, 6, 'fault-timeout');
      const withheldBatches = serverLog.filter((e) => e.fault === 'timeout' && e.path.endsWith('/batch')).length;
      expect(withheldBatches).toBeGreaterThan(0);
      expect(log.filter((e) => e.error === 'timeout').length).toBeGreaterThanOrEqual(withheldBatches);
    });
  });

  it('reset: the connection drops after the work; the retry replays the stored answer', async () => {
    await withSandbox({ faults: 'reset=0.3', seed: 7 }, async (sandbox, serverLog) => {
      const { client, log } = clientFor(sandbox);
      await client.upsertSchools([sampleRecord(contract, 'schools', 1)], 'school');
      await pushAndCheck(client, 6, 'fault-reset');
      expect(serverLog.filter((e) => e.fault === 'reset' && e.path.endsWith('/batch')).length).toBeGreaterThan(0);
      expect(log.some((e) => e.error === 'reset')).toBe(true);
    });
  });

  it('burst429: every request of the client waits for Retry-After, no storm', async () => {
    let t = Date.parse('2024-09-01T08:00:00Z');
    const sleeps: number[] = [];
    await withSandbox({ faults: 'burst429=0.3', seed: 11 }, async (sandbox, serverLog) => {
      const { client, log } = clientFor(sandbox, { requestTimeoutMs: 10_000, now: () => t, sleep: async (ms) => void (sleeps.push(ms), (t += ms)) });
      await client.upsertSchools([sampleRecord(contract, 'schools', 1)], 'school');
      await pushAndCheck(client, 6, 'fault-429');
      const refused = log.filter((e) => e.status === 429).length;
      expect(refused).toBe(serverLog.filter((e) => e.fault === 'burst429').length);
      expect(refused).toBeGreaterThan(0);
      // Each 429 said Retry-After: 1, so each was followed by a wait of at least a second.
      expect(sleeps.filter((ms) => ms >= 1000).length).toBe(refused);
    });
  });

  it('latency: answers come later, nothing else changes', async () => {
    await withSandbox({ faults: 'latency=20ms' }, async (sandbox) => {
      const { client, log } = clientFor(sandbox, { requestTimeoutMs: 5000 });
      await client.upsertSchools([sampleRecord(contract, 'schools', 1)], 'school');
      await pushAndCheck(client, 2, 'fault-latency');
      const batches = log.filter((e) => e.path.endsWith('/batch'));
      expect(batches.every((e) => e.latencyMs >= 9)).toBe(true);
      expect(log.every((e) => e.status !== null && e.status < 400)).toBe(true);
    });
  });
});

describe('AcademiaClient: tokens, replays and the circuit breaker', () => {
  it('renews tokens as they near expiry during a long run, without a single 401', async () => {
    let t = Date.parse('2024-09-01T08:00:00Z');
    await withSandbox({ tokenTtlSeconds: 60, clock: () => t }, async (sandbox) => {
      const { client, log } = clientFor(sandbox, { now: () => t });
      await client.upsertSchools([sampleRecord(contract, 'schools', 1)], 'school');
      for (let b = 0; b < 8; b++) {
        t += 20_000;
        await client.pushBatch('guardians', [sampleRecord(contract, 'guardians', b)], `long-${b}`);
      }
      expect(log.filter((e) => e.status === 401)).toEqual([]);
      expect(log.filter((e) => e.path === '/oauth/token').length).toBeGreaterThanOrEqual(4);
      expect(await client.count('guardians')).toBe(8);
    });
  });

  it('replays a whole resumed run: the same keys give the first answers, nothing is written twice', async () => {
    await withSandbox({}, async (sandbox, serverLog) => {
      const first = clientFor(sandbox).client;
      await first.upsertSchools([sampleRecord(contract, 'schools', 1)], 'school');
      const batches = [0, 1, 2].map((b) => Array.from({ length: 5 }, (_, i) => sampleRecord(contract, 'guardians', b * 5 + i)));
      const firstRun = [];
      for (const [b, records] of batches.entries()) firstRun.push(await first.pushBatch('guardians', records, `run-7.${b}`));
      // A second studio process resumes the same run: same batches, same keys.
      const resumed = clientFor(sandbox).client;
      for (const [b, records] of batches.entries()) expect(await resumed.pushBatch('guardians', records, `run-7.${b}`)).toEqual(firstRun[b]);
      expect(firstRun.flat().every((r) => r.status === 'created')).toBe(true);
      expect(await resumed.count('guardians')).toBe(15);
      expect(serverLog.filter((e) => e.path.endsWith('/guardians/batch'))).toHaveLength(6);
    });
  });

  it('opens the circuit after consecutive failures, fails fast while open, and closes after a good probe', async () => {
    let t = 0;
    let down = true;
    const states: CircuitState[] = [];
    await withSandbox({}, async (sandbox) => {
      const fetchImpl = ((input: string | URL | Request, init?: RequestInit) =>
        down && String(input).includes('/api/') ? Promise.resolve(new Response('{"type":"about:blank","title":"Down","status":503}', { status: 503, headers: { 'Content-Type': 'application/problem+json' } })) : fetch(input, init)) as typeof fetch;
      const { client, log } = clientFor(sandbox, { fetchImpl, maxRetries: 2, now: () => t, sleep: async (ms) => void (t += ms), circuitBreaker: { failureThreshold: 4, cooldownMs: 10_000 }, onCircuitChange: (s) => states.push(s) });
      const first = await client.count('schools').catch((e: unknown) => e);
      expect(first).toMatchObject({ code: 'TARGET_UNAVAILABLE', details: { status: 503, attempts: 3 } });
      const second = (await client.count('schools').catch((e: unknown) => e)) as StudioError;
      expect(second).toMatchObject({ code: 'TARGET_UNAVAILABLE', details: { circuit: 'open', consecutiveFailures: 4 } });
      // The attempt that tripped the breaker ends the request at once: no wait for a retry that would be refused.
      expect(second.message).toMatch(/failed 4 requests in a row .*HTTP 503/);
      expect(second.hint).toContain('start again');
      const sent = log.length;
      const refused = (await client.count('schools').catch((e: unknown) => e)) as StudioError;
      expect(refused).toMatchObject({ details: { circuit: 'open' } });
      expect(refused.hint).toContain('tries again by itself');
      expect(log.length).toBe(sent);
      expect(client.circuitState).toBe('open');
      down = false;
      t += 10_000;
      expect(await client.count('schools')).toBe(0);
      expect(client.circuitState).toBe('closed');
      expect(states).toEqual(['open', 'half-open', 'closed']);
    });
  });
});

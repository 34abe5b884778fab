import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTargetContract } from '../../src/academia-api/contract';
import { ManualScheduler, startSandbox, type RunningSandbox } from '../../src/sandbox/index';
import { tempDir } from '../support/temp-dir';
import { receiver } from '../unit/academia/conformance';
import { refId, sampleRecord } from '../unit/academia/sample-records';

const contract = loadTargetContract('v1');
const SCHOOL = refId('schools', 1);

/** A sandbox whose clock and background work only move when the test says so. */
async function sandboxOnManualTime(extra: Parameters<typeof startSandbox>[0] = {}) {
  const time = new ManualScheduler();
  const sandbox = await startSandbox({ clock: time.now, scheduler: time, ...extra });
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(sandbox.url + path, { method, headers: { 'X-Api-Key': sandbox.apiKey, 'Content-Type': 'application/json', 'Idempotency-Key': `k-${Math.random()}` }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return { time, sandbox, api };
}

describe('webhook deliveries on an injected clock', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(script: number[], retryPolicy: object) {
    const hook = await receiver(script);
    const { time, sandbox, api } = await sandboxOnManualTime();
    cleanups.push(() => hook.close(), () => sandbox.close());
    await api('POST', '/api/v1/schools/batch', { records: [sampleRecord(contract, 'schools', 1)] });
    const webhook = (await api('POST', '/api/v1/webhooks', { url: hook.url, events: ['*'], retryPolicy })).body;
    return { hook, time, sandbox, api, webhook };
  }

  const deliveries = async (api: Awaited<ReturnType<typeof sandboxOnManualTime>>['api'], id: string) => (await api('GET', `/api/v1/webhooks/${id}/deliveries`)).body;

  it('retries a failing endpoint with exponential delays until it answers 2xx', async () => {
    const { hook, time, api, webhook } = await setup([500, 503], { maxAttempts: 5, initialDelaySeconds: 30, multiplier: 2 });
    await api('POST', `/api/v1/schools/${SCHOOL}/guardians/batch`, { records: [sampleRecord(contract, 'guardians', 1)] });
    expect(hook.got).toHaveLength(0);
    await time.runDue();
    expect(hook.got).toHaveLength(1);
    let log = await deliveries(api, webhook.id);
    expect(log.data[0]).toMatchObject({ status: 'retrying', nextAttemptAt: new Date(time.now() + 30_000).toISOString() });
    await time.advance(29_999);
    expect(hook.got).toHaveLength(1);
    await time.advance(1);
    expect(hook.got).toHaveLength(2);
    expect((await deliveries(api, webhook.id)).data[0].nextAttemptAt).toBe(new Date(time.now() + 60_000).toISOString());
    await time.advance(60_000);
    expect(hook.got).toHaveLength(3);
    log = await deliveries(api, webhook.id);
    expect(log.data[0].status).toBe('succeeded');
    expect(log.data[0].attempts.map((a: { responseStatus: number; attemptedAt: string }) => [a.responseStatus, a.attemptedAt])).toEqual([
      [500, '2024-09-01T08:00:00.000Z'],
      [503, '2024-09-01T08:00:30.000Z'],
      [200, '2024-09-01T08:01:30.000Z'],
    ]);
    // Every attempt carries the same event, signed afresh with the time of the attempt.
    expect(new Set(hook.got.map((g) => g.body)).size).toBe(1);
    expect(hook.got.map((g) => /^t=(\d+),/.exec(g.headers['academia-signature'] as string)?.[1])).toEqual(['1725177600', '1725177630', '1725177690']);
    expect(hook.got[0].headers['academia-delivery-id']).toBe(log.data[0].id);
  });

  it('gives up after maxAttempts (failed), capping the delay at maxDelaySeconds', async () => {
    const { hook, time, api, webhook } = await setup([500, 500, 500, 500], { maxAttempts: 3, initialDelaySeconds: 100, multiplier: 10, maxDelaySeconds: 300 });
    await api('POST', `/api/v1/schools/${SCHOOL}/guardians/batch`, { records: [sampleRecord(contract, 'guardians', 2)] });
    await time.runAll();
    expect(hook.got).toHaveLength(3);
    const log = await deliveries(api, webhook.id);
    expect(log.data[0]).toMatchObject({ status: 'failed', nextAttemptAt: null });
    expect(log.data[0].attempts.map((a: { attemptedAt: string }) => a.attemptedAt)).toEqual(['2024-09-01T08:00:00.000Z', '2024-09-01T08:01:40.000Z', '2024-09-01T08:06:40.000Z']);
    expect(log.data[0].attempts[0].error).toContain('HTTP 500');
  });

  it('logs an unreachable endpoint, and stops retrying once the webhook is removed', async () => {
    const gone = await receiver();
    await gone.close();
    const { time, sandbox, api } = await sandboxOnManualTime();
    cleanups.push(() => sandbox.close());
    const webhook = (await api('POST', '/api/v1/webhooks', { url: gone.url, events: ['record.created'], retryPolicy: { maxAttempts: 5, initialDelaySeconds: 10 } })).body;
    await api('POST', '/api/v1/schools/batch', { records: [sampleRecord(contract, 'schools', 1)] });
    await time.runDue();
    const first = (await deliveries(api, webhook.id)).data[0];
    expect(first.attempts[0]).toMatchObject({ responseStatus: null, error: expect.stringContaining('could not be reached') });
    expect(first.status).toBe('retrying');
    expect((await api('DELETE', `/api/v1/webhooks/${webhook.id}`)).status).toBe(204);
    await time.runAll();
    // The delivery log of a removed webhook is no longer served; what matters is that nothing was sent again.
    expect(time.pending).toBe(0);
  });

  it('only delivers the event types a webhook subscribed to, and not while inactive', async () => {
    const hook = await receiver();
    const { time, sandbox, api } = await sandboxOnManualTime();
    cleanups.push(() => hook.close(), () => sandbox.close());
    await api('POST', '/api/v1/webhooks', { url: hook.url, events: ['record.deleted'] });
    await api('POST', '/api/v1/webhooks', { url: hook.url, events: ['*'], active: false });
    await api('POST', '/api/v1/schools/batch', { records: [sampleRecord(contract, 'schools', 7)] });
    await time.runAll();
    expect(hook.got).toHaveLength(0);
    await api('DELETE', `/api/v1/schools/${refId('schools', 7)}`);
    await time.runAll();
    expect(hook.got.map((g) => JSON.parse(g.body).type)).toEqual(['record.deleted']);
  });

  it('resumes unfinished deliveries after a restart with the same data file', async () => {
    const dir = tempDir('apstudio-sandbox-hooks-');
    cleanups.push(() => dir.cleanup());
    const dataFile = join(dir.path, 'sandbox.sqlite');
    const hook = await receiver([500]);
    cleanups.push(() => hook.close());
    const first = await sandboxOnManualTime({ dataFile, clientId: 'c', clientSecret: 'secret-c' });
    await first.api('POST', '/api/v1/webhooks', { url: hook.url, events: ['*'], retryPolicy: { initialDelaySeconds: 60 } });
    await first.api('POST', '/api/v1/schools/batch', { records: [sampleRecord(contract, 'schools', 1)] });
    await first.time.runDue();
    expect(hook.got).toHaveLength(1);
    await first.sandbox.close();

    const second = await sandboxOnManualTime({ dataFile });
    cleanups.push(() => second.sandbox.close());
    await second.time.advance(59_999);
    expect(hook.got).toHaveLength(1);
    await second.time.advance(1);
    expect(hook.got).toHaveLength(2);
    const webhook = (await second.api('GET', '/api/v1/webhooks')).body.data[0];
    expect((await deliveries(second.api, webhook.id)).data[0]).toMatchObject({ status: 'succeeded', attempts: [expect.objectContaining({ responseStatus: 500 }), expect.objectContaining({ responseStatus: 200 })] });
  });
});

describe('bulk processing on an injected scheduler', () => {
  let sandbox: RunningSandbox;
  afterEach(() => sandbox?.close());

  it('carries on with an operation a restart interrupted, from where it stopped', async () => {
    const dir = tempDir('apstudio-sandbox-bulk-');
    try {
      const dataFile = join(dir.path, 'sandbox.sqlite');
      const first = await sandboxOnManualTime({ dataFile });
      await first.api('POST', '/api/v1/schools/batch', { records: [sampleRecord(contract, 'schools', 1)] });
      const op = (await first.api('POST', '/api/v1/bulk-operations', { type: 'Import', entity: 'guardians', schoolId: SCHOOL })).body;
      const lines = Array.from({ length: 1100 }, (_, i) => JSON.stringify(sampleRecord(contract, 'guardians', i))).join('\n');
      await fetch(`${first.sandbox.url}/api/v1/bulk-operations/${op.id}/chunks/1`, { method: 'PUT', headers: { 'X-Api-Key': first.sandbox.apiKey, 'Content-Type': 'application/x-ndjson' }, body: lines });
      await first.api('POST', `/api/v1/bulk-operations/${op.id}/commit`);
      await first.time.step();
      expect((await first.api('GET', `/api/v1/bulk-operations/${op.id}`)).body.counts.read).toBe(500);
      await first.sandbox.close();

      const second = await sandboxOnManualTime({ dataFile });
      sandbox = second.sandbox;
      expect((await second.api('GET', `/api/v1/bulk-operations/${op.id}`)).body).toMatchObject({ status: 'Processing', counts: { read: 500 } });
      await second.time.runDue();
      expect((await second.api('GET', `/api/v1/bulk-operations/${op.id}`)).body).toMatchObject({ status: 'Completed', counts: { read: 1100, created: 1100, failed: 0 } });
      expect((await second.api('GET', `/api/v1/schools/${SCHOOL}/guardians?limit=1`)).body.total).toBe(1100);
    } finally {
      await sandbox?.close();
      dir.cleanup();
    }
  });

  it('stays Queued until the scheduler runs, then processes one slice of records per step', async () => {
    const env = await sandboxOnManualTime();
    sandbox = env.sandbox;
    const { time, api } = env;
    await api('POST', '/api/v1/schools/batch', { records: [sampleRecord(contract, 'schools', 1)] });
    const op = (await api('POST', '/api/v1/bulk-operations', { type: 'Import', entity: 'guardians', schoolId: SCHOOL })).body;
    const lines = Array.from({ length: 1200 }, (_, i) => JSON.stringify(sampleRecord(contract, 'guardians', i))).join('\n');
    await fetch(`${sandbox.url}/api/v1/bulk-operations/${op.id}/chunks/1`, { method: 'PUT', headers: { 'X-Api-Key': sandbox.apiKey, 'Content-Type': 'application/x-ndjson' }, body: lines });
    expect((await api('POST', `/api/v1/bulk-operations/${op.id}/commit`)).body.status).toBe('Queued');
    const read = async () => (await api('GET', `/api/v1/bulk-operations/${op.id}`)).body;
    expect((await read()).status).toBe('Queued');
    expect(await time.step()).toBe(true);
    expect(await read()).toMatchObject({ status: 'Processing', counts: { read: 500, created: 500 } });
    await time.step();
    expect((await read()).counts.read).toBe(1000);
    await time.step();
    const state = await read();
    expect(state).toMatchObject({ status: 'Completed', counts: { read: 1200, created: 1200 }, summary: { success: 1200, error: 0, skipped: 0 } });
    expect(state.startedAt).toBe(state.committedAt);
    expect(await time.step()).toBe(false);
    const events = (await api('GET', '/api/v1/events?types=bulk-operation.completed')).body.data;
    expect(events).toEqual([expect.objectContaining({ type: 'bulk-operation.completed', schoolId: SCHOOL, data: expect.objectContaining({ operationId: op.id, status: 'Completed' }) })]);
  });
});

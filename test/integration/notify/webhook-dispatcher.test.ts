import Database from 'better-sqlite3';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifySignature } from '../../../src/academia-api/webhook-signature';
import type { NotifyTimers } from '../../../src/main/engine/notify/notify-timers';
import { WebhookDispatcher } from '../../../src/main/engine/notify/webhook-dispatcher';
import { checkWebhookUrl } from '../../../src/main/engine/notify/webhook-url';
import { migrate } from '../../../src/main/engine/project/migrations';
import { WebhooksRepo, type StoredEndpoint } from '../../../src/main/engine/project/webhooks-repo';
import type { WebhookContentType } from '../../../src/shared/model/notify';
import { StudioError } from '../../../src/shared/errors';
import { WebhookReceiver } from './webhook-receiver';

/** A clock and timer that move only when told: retries fall due without waiting them out. */
class ManualTimers implements NotifyTimers {
  ms = Date.parse('2026-12-07T10:00:00Z');
  readonly waits: number[] = [];
  private pending: { at: number; fn: () => void }[] = [];
  now = () => this.ms;
  after(ms: number, fn: () => void) {
    this.waits.push(ms);
    const timer = { at: this.ms + ms, fn };
    this.pending.push(timer);
    return () => void (this.pending = this.pending.filter((t) => t !== timer));
  }
  advance(ms: number) {
    this.ms += ms;
    const due = this.pending.filter((t) => t.at <= this.ms);
    this.pending = this.pending.filter((t) => t.at > this.ms);
    for (const t of due) t.fn();
  }
}

const SECRET = 'whsec_test-secret-0123456789abcdef';

describe('outgoing webhooks: the delivery queue', () => {
  const receiver = new WebhookReceiver();
  let db: Database.Database;
  let repo: WebhooksRepo;
  let timers: ManualTimers;
  let dispatcher: WebhookDispatcher;
  let secrets: Map<string, string>;

  const endpoint = (over: Partial<StoredEndpoint> = {}): StoredEndpoint => {
    const e: StoredEndpoint = {
      id: `whk_${Math.random().toString(36).slice(2)}`,
      name: 'School office',
      url: receiver.url,
      method: 'POST',
      contentType: 'json',
      events: ['run.completed', 'run.failed'],
      retry: { count: 3, intervalsSeconds: [5, 60] },
      timeoutMs: 2_000,
      enabled: true,
      createdAt: '2026-12-07T09:00:00.000Z',
      updatedAt: '2026-12-07T09:00:00.000Z',
      ...over,
    };
    repo.saveEndpoint(e);
    secrets.set(e.id, SECRET);
    return e;
  };
  const verify = (r: { headers: Record<string, unknown>; body: Buffer }) => verifySignature(r.headers['academia-signature'] as string, r.body, SECRET, timers.now() / 1000);

  beforeAll(() => receiver.start());
  afterAll(() => receiver.stop());
  beforeEach(() => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db);
    repo = new WebhooksRepo(db);
    timers = new ManualTimers();
    secrets = new Map();
    dispatcher = new WebhookDispatcher({
      repo,
      timers,
      withSecret: async (id, fn) => {
        const s = secrets.get(id);
        if (!s) throw new Error('no secret stored');
        return fn(s);
      },
      log: () => {},
    });
    receiver.received.length = 0;
  });
  afterEach(async () => {
    await dispatcher.close();
    db.close();
  });

  it('delivers a signed event to each subscribed endpoint, and logs the attempt', async () => {
    const subscribed = endpoint();
    endpoint({ events: ['sync.failed'] });
    endpoint({ enabled: false });
    const ids = dispatcher.deliverEvent('run.completed', { runId: 'run_1', status: 'Completed' }, 'run_1');
    expect(ids).toHaveLength(1);
    await dispatcher.idle();
    const [got] = await receiver.waitFor(1);
    expect(receiver.received).toHaveLength(1);
    expect(got.method).toBe('POST');
    expect(got.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(got.headers['academia-event']).toBe('run.completed');
    expect(got.headers['academia-delivery']).toBe(ids[0]);
    expect(verify(got)).toEqual({ valid: true, timestamp: Math.floor(timers.now() / 1000) });
    expect(verifySignature(got.headers['academia-signature'] as string, got.body, 'another-secret', timers.now() / 1000)).toMatchObject({ valid: false, reason: 'mismatch' });
    expect(JSON.parse(got.body.toString())).toMatchObject({ event: 'run.completed', occurredAt: '2026-12-07T10:00:00.000Z', data: { runId: 'run_1', status: 'Completed' } });

    const [delivery] = repo.deliveries({ endpointId: subscribed.id, limit: 10 });
    expect(delivery).toMatchObject({ id: ids[0], event: 'run.completed', subject: 'run_1', status: 'delivered', attempts: 1, lastError: null });
    expect(delivery.attemptLog).toEqual([expect.objectContaining({ attempt: 1, outcome: 'delivered', httpStatus: 200, error: null, startedAt: '2026-12-07T10:00:00.000Z' })]);
    expect(delivery.attemptLog[0].durationMs).toBeGreaterThanOrEqual(0);
  });

  it('retries by the policy (count and intervals), each attempt signed afresh, until one succeeds', async () => {
    const e = endpoint();
    receiver.answer(500, 503);
    const [id] = dispatcher.deliverEvent('run.failed', { runId: 'run_2' });
    await dispatcher.idle();
    expect(repo.deliveryInfo(id)).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: '2026-12-07T10:00:05.000Z', lastError: 'HTTP 500: receiver says no (500)' });
    expect(timers.waits).toEqual([5_000]);

    timers.advance(5_000);
    await receiver.waitFor(2);
    await dispatcher.idle();
    expect(repo.deliveryInfo(id)).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: '2026-12-07T10:01:05.000Z' });
    expect(timers.waits).toEqual([5_000, 60_000]);

    timers.advance(60_000);
    await receiver.waitFor(3);
    await dispatcher.idle();
    const delivery = repo.deliveryInfo(id)!;
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, nextAttemptAt: null, completedAt: '2026-12-07T10:01:05.000Z', lastError: null });
    expect(delivery.attemptLog.map((a) => [a.outcome, a.httpStatus])).toEqual([
      ['http', 500],
      ['http', 503],
      ['delivered', 200],
    ]);
    // The same bytes each time, each signed with the time it was sent.
    const stamps = receiver.received.map((r) => verify(r)).map((c) => (c.valid ? c.timestamp : null));
    expect(stamps).toEqual([1796637600, 1796637605, 1796637665]);
    expect(new Set(receiver.received.map((r) => r.body.toString())).size).toBe(1);
    expect(e.retry.count).toBe(3);
  });

  it('abandons a receiver that never answers after the timeout, retries a bounded number of times, and never holds up the caller', async () => {
    endpoint({ timeoutMs: 150, retry: { count: 1, intervalsSeconds: [1] } });
    receiver.answer('hang', 'hang');
    const before = performance.now();
    const [id] = dispatcher.deliverEvent('run.completed', { runId: 'run_3' });
    expect(performance.now() - before).toBeLessThan(50);
    await dispatcher.idle();
    expect(repo.deliveryInfo(id)).toMatchObject({ status: 'pending', attempts: 1 });
    timers.advance(1_000);
    await receiver.waitFor(2);
    await dispatcher.idle();
    const delivery = repo.deliveryInfo(id)!;
    expect(delivery.status).toBe('failed');
    expect(delivery.attemptLog.map((a) => a.outcome)).toEqual(['timeout', 'timeout']);
    expect(delivery.attemptLog[0].error).toBe('No answer within 150 ms; the attempt was abandoned.');
    for (const a of delivery.attemptLog) expect(a.durationMs).toBeGreaterThanOrEqual(140);
    // Bounded: no third request, no timer left.
    timers.advance(3_600_000);
    await dispatcher.idle();
    expect(receiver.received).toHaveLength(2);
    expect(repo.nextDueAt()).toBeNull();
  });

  it('says why an attempt failed: connection refused, a missing secret', async () => {
    const closed = await freePort();
    const refused = endpoint({ url: `http://127.0.0.1:${closed}/nothing`, retry: { count: 0, intervalsSeconds: [1] } });
    const unsigned = endpoint({ retry: { count: 0, intervalsSeconds: [1] } });
    secrets.delete(unsigned.id);
    dispatcher.deliverEvent('run.completed', {});
    await dispatcher.idle();
    expect(repo.deliveries({ endpointId: refused.id, limit: 1 })[0]).toMatchObject({ status: 'failed', lastError: 'The receiver refused the connection (nothing listens at that address and port).' });
    expect(repo.deliveries({ endpointId: unsigned.id, limit: 1 })[0]).toMatchObject({ status: 'failed', lastError: 'The signing secret could not be read: no secret stored' });
    // A delivery whose secret cannot be read is never sent unsigned.
    expect(receiver.received).toHaveLength(0);
  });

  it.each<[WebhookContentType, string, (body: string) => void]>([
    [
      'xml',
      'application/xml; charset=utf-8',
      (b) =>
        expect(b.replace(/ id="[0-9a-f-]{36}"/, ' id="ID"')).toBe(
          '<?xml version="1.0" encoding="UTF-8"?>\n<webhook id="ID" event="run.completed" occurredAt="2026-12-07T10:00:00.000Z"><data><runId>run_4</runId><counts><created>3</created></counts><entry key="odd key">&lt;a&amp;b&gt;</entry><tags><item>x</item></tags><gone nil="true"/></data></webhook>\n',
        ),
    ],
    ['form-data', 'multipart/form-data; boundary=academia-', (b) => expect(b).toMatch(/Content-Disposition: form-data; name="data"\r\nContent-Type: application\/json; charset=utf-8\r\n\r\n\{"runId":"run_4"/)],
  ])('writes %s bodies, signed over the raw bytes, sent with PUT when asked', async (contentType, mediaType, check) => {
    endpoint({ contentType, method: 'PUT' });
    dispatcher.deliverEvent('run.completed', { runId: 'run_4', counts: { created: 3 }, 'odd key': '<a&b>', tags: ['x'], gone: null });
    await dispatcher.idle();
    const [got] = await receiver.waitFor(1);
    expect(got.method).toBe('PUT');
    expect(String(got.headers['content-type'])).toContain(mediaType);
    expect(verify(got).valid).toBe(true);
    check(got.body.toString());
  });

  it('redelivers the same bytes as a new delivery, and test-sends once without retries', async () => {
    const e = endpoint();
    const [first] = dispatcher.deliverEvent('run.completed', { runId: 'run_5' });
    await dispatcher.idle();
    await receiver.waitFor(1);
    const again = dispatcher.redeliver(first);
    expect(again).toMatchObject({ endpointId: e.id, event: 'run.completed', redeliveryOf: first, status: 'pending' });
    await dispatcher.idle();
    await receiver.waitFor(2);
    expect(receiver.received[1].body.equals(receiver.received[0].body)).toBe(true);
    expect(receiver.received[1].headers['academia-delivery']).toBe(again.id);
    expect(repo.deliveryInfo(again.id)).toMatchObject({ status: 'delivered' });
    expect(() => dispatcher.redeliver('dlv_nope')).toThrowError(expect.objectContaining({ code: 'WEBHOOK_DELIVERY_NOT_FOUND' }));

    receiver.answer(500);
    const test = await dispatcher.testSend(e.id);
    expect(test).toMatchObject({ attempt: 1, outcome: 'http', httpStatus: 500 });
    await dispatcher.idle();
    expect(repo.deliveryInfo(test.deliveryId)).toMatchObject({ event: 'test', status: 'failed', attempts: 1 });
    expect(receiver.received).toHaveLength(3);
    expect(JSON.parse(receiver.received[2].body.toString())).toMatchObject({ event: 'test' });
    await expect(dispatcher.testSend('whk_nope')).rejects.toMatchObject({ code: 'WEBHOOK_NOT_FOUND' });
  });

  it('sends what is due before it closes (a CLI run ends after its webhook went out); a retry waits for the next open', async () => {
    endpoint({ retry: { count: 1, intervalsSeconds: [30] } });
    endpoint({ retry: { count: 1, intervalsSeconds: [30] } });
    receiver.answer(500);
    const ids = dispatcher.deliverEvent('run.completed', { runId: 'run_6' });
    await dispatcher.close();
    expect(receiver.received).toHaveLength(2);
    const states = ids.map((id) => repo.deliveryInfo(id)!.status).sort();
    expect(states).toEqual(['delivered', 'pending']);

    // Opened again: the waiting delivery goes out once it falls due.
    const reopened = new WebhookDispatcher({ repo, timers, withSecret: async (_id, fn) => fn(SECRET), log: () => {} });
    reopened.resume();
    await reopened.idle();
    expect(receiver.received).toHaveLength(2);
    timers.advance(30_000);
    await receiver.waitFor(3);
    await reopened.close();
    expect(ids.map((id) => repo.deliveryInfo(id)!.status)).toEqual(['delivered', 'delivered']);
  });

  it('refuses an address that is not http(s), with a typed error', () => {
    for (const bad of ['ftp://example.org/hook', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url', 'https://user:pw@example.org/x']) {
      let error: unknown;
      try {
        checkWebhookUrl(bad);
      } catch (err) {
        error = err;
      }
      expect(error, bad).toBeInstanceOf(StudioError);
      expect((error as StudioError).code).toBe('WEBHOOK_URL_INVALID');
      expect((error as StudioError).hint).toMatch(/https:\/\//);
    }
    expect(checkWebhookUrl(' https://hooks.example.org/academia ')).toBe('https://hooks.example.org/academia');
  });
});

/** A port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

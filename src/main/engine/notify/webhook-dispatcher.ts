import { randomUUID } from 'node:crypto';
import type { WebhookAttemptInfo, WebhookDeliveryInfo, WebhookEventKind } from '../../../shared/model/notify';
import { StudioError } from '../../../shared/errors';
import type { StoredDelivery, StoredEndpoint, WebhooksRepo } from '../project/webhooks-repo';
import { realTimers, type NotifyTimers } from './notify-timers';
import { encodeWebhookBody } from './webhook-body';
import { sendWebhook, type WebhookAttemptResult } from './webhook-sender';

export interface WebhookDispatcherOptions {
  repo: WebhooksRepo;
  /** Hands an endpoint's signing secret to `fn` (the vault's `use`); throws when it cannot. */
  withSecret<T>(endpointId: string, fn: (secret: string) => T | Promise<T>): Promise<T>;
  timers?: NotifyTimers;
  fetch?: typeof fetch;
  /** Attempts in flight at once, across endpoints. Default 4. */
  concurrency?: number;
  /** Where a fault of the queue itself is reported (never thrown into a run). */
  log?: (message: string) => void;
}

/**
 * The outgoing webhook queue of one open project. `deliverEvent` only writes one delivery row
 * per subscribed endpoint and returns: the sending happens apart, on timers, so a slow or dead
 * receiver never holds up a run or a sync. Each delivery is tried, then retried by its
 * endpoint's policy (`count` retries, waiting `intervalsSeconds[i]`, the last repeating), every
 * attempt logged; then it is `delivered` or `failed`. The queue lives in the project file, so a
 * delivery waiting for a retry when the studio closes is sent after the project is opened again.
 */
export class WebhookDispatcher {
  private readonly timers: NotifyTimers;
  private readonly concurrency: number;
  private readonly log: (message: string) => void;
  private inFlight = 0;
  private wake: { at: number; cancel: () => void } | null = null;
  private pumpQueued = false;
  private closed = false;
  private readonly settled = new Set<() => void>();

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.timers = options.timers ?? realTimers;
    this.concurrency = options.concurrency ?? 4;
    this.log = options.log ?? ((m) => console.warn(m));
  }

  /** Picks up deliveries left waiting (or left `sending` by a process that died) and starts sending. */
  resume(): void {
    this.options.repo.requeueAbandoned(this.timers.now());
    this.kick();
  }

  /**
   * Queues `kind` for every enabled endpoint subscribed to it, and returns the delivery ids.
   * Never throws: a failure to queue is logged, since the event's own work must carry on.
   */
  deliverEvent(kind: WebhookEventKind, payload: unknown, subject: string | null = null): string[] {
    try {
      const endpoints = this.options.repo.endpoints().filter((e) => e.enabled && e.events.includes(kind));
      if (endpoints.length === 0) return [];
      const envelope = { id: randomUUID(), event: kind, occurredAt: new Date(this.timers.now()).toISOString(), data: payload };
      const ids = endpoints.map((e) => this.queue(e, kind, subject, encodeWebhookBody(e.contentType, envelope), null));
      this.kick();
      return ids;
    } catch (err) {
      this.log(`Webhook deliveries for ${kind} could not be queued: ${(err as Error).message}`);
      return [];
    }
  }

  /** Sends a delivery's bytes again as a new delivery, with its endpoint's retries. */
  redeliver(deliveryId: string): WebhookDeliveryInfo {
    const original = this.options.repo.delivery(deliveryId);
    if (!original) throw deliveryNotFound(deliveryId);
    const endpoint = this.endpointOrThrow(original.endpointId);
    const id = this.queue(endpoint, original.event, original.subject, { body: original.body, contentType: original.contentType }, original.id);
    this.kick();
    return this.options.repo.deliveryInfo(id) as WebhookDeliveryInfo;
  }

  /** One `test` event sent now, once, without retries; the attempt is logged like any other. */
  async testSend(endpointId: string): Promise<WebhookAttemptInfo & { deliveryId: string }> {
    const endpoint = this.endpointOrThrow(endpointId);
    const now = this.timers.now();
    const envelope = { id: randomUUID(), event: 'test', occurredAt: new Date(now).toISOString(), data: { message: 'A test delivery from Academia Studio: if you can read this, the endpoint and its secret work.', endpoint: endpoint.name } };
    const encoded = encodeWebhookBody(endpoint.contentType, envelope);
    const delivery: StoredDelivery = { ...this.newDelivery(endpoint, 'test', null, encoded, null, now), status: 'sending' };
    this.options.repo.addDelivery(delivery);
    const attempt = await this.attempt(delivery, endpoint);
    return { ...attempt, deliveryId: delivery.id };
  }

  /** Resolves when no attempt is in flight and none is due now (tests; closing). */
  async idle(): Promise<void> {
    while (this.inFlight > 0 || this.pumpQueued) await new Promise<void>((resolve) => this.settled.add(resolve));
  }

  /**
   * Sends what is due now (a CLI run's webhook goes out before the command ends; each attempt is
   * bounded by its endpoint's timeout), then stops waking up. Deliveries waiting for a retry stay
   * in the project file and are sent after it is next opened.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.idle();
    this.closed = true;
    this.wake?.cancel();
    this.wake = null;
    await this.idle();
  }

  /** Starts sending what is due, soon but never inside the caller's own work (a run's transaction). */
  kick(): void {
    if (this.closed || this.pumpQueued) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.closed) return this.notifySettled();
    const { repo } = this.options;
    const now = this.timers.now();
    const free = this.concurrency - this.inFlight;
    if (free > 0) {
      for (const d of repo.due(now, free)) {
        if (!repo.claim(d.id)) continue;
        const endpoint = repo.endpoint(d.endpointId);
        if (!endpoint) continue;
        this.inFlight++;
        void this.attempt(d, endpoint)
          .catch((err: unknown) => this.log(`A webhook delivery failed unexpectedly: ${(err as Error).message}`))
          .finally(() => {
            this.inFlight--;
            this.pump();
          });
      }
    }
    this.scheduleWake();
    this.notifySettled();
  }

  /** Sleeps until the next pending delivery falls due (one timer, moved earlier when needed). */
  private scheduleWake(): void {
    const next = this.options.repo.nextDueAt();
    if (next === null) return;
    if (this.wake && this.wake.at <= next) return;
    this.wake?.cancel();
    const at = next;
    const cancel = this.timers.after(Math.max(0, at - this.timers.now()), () => {
      if (this.wake?.at === at) this.wake = null;
      this.pump();
    });
    this.wake = { at, cancel };
  }

  private async attempt(delivery: StoredDelivery, endpoint: StoredEndpoint): Promise<WebhookAttemptInfo> {
    const { repo } = this.options;
    const number = delivery.attempts + 1;
    const startedAt = new Date(this.timers.now()).toISOString();
    let result: WebhookAttemptResult;
    try {
      result = await this.options.withSecret(endpoint.id, (secret) =>
        sendWebhook(
          { url: endpoint.url, method: endpoint.method, contentType: delivery.contentType, body: delivery.body, event: delivery.event, deliveryId: delivery.id, secret, timeoutMs: endpoint.timeoutMs, nowSeconds: Math.floor(this.timers.now() / 1000) },
          this.options.fetch,
        ),
      );
    } catch (err) {
      result = { outcome: 'secret', httpStatus: null, durationMs: 0, error: `The signing secret could not be read: ${(err as Error).message}` };
    }
    const attempt: WebhookAttemptInfo = { attempt: number, startedAt, durationMs: result.durationMs, outcome: result.outcome, httpStatus: result.httpStatus, error: result.error };
    const now = this.timers.now();
    const retries = delivery.event === 'test' ? 0 : endpoint.retry.count;
    if (result.outcome === 'delivered') repo.recordAttempt(delivery.id, attempt, { status: 'delivered', nextAttemptAt: null, completedAt: new Date(now).toISOString() });
    else if (number <= retries) {
      const intervals = endpoint.retry.intervalsSeconds;
      const wait = intervals[Math.min(number - 1, intervals.length - 1)] * 1000;
      repo.recordAttempt(delivery.id, attempt, { status: 'pending', nextAttemptAt: now + wait, completedAt: null });
    } else repo.recordAttempt(delivery.id, attempt, { status: 'failed', nextAttemptAt: null, completedAt: new Date(now).toISOString() });
    return attempt;
  }

  private queue(endpoint: StoredEndpoint, event: StoredDelivery['event'], subject: string | null, encoded: { body: Buffer; contentType: string }, redeliveryOf: string | null): string {
    const delivery = this.newDelivery(endpoint, event, subject, encoded, redeliveryOf, this.timers.now());
    this.options.repo.addDelivery(delivery);
    return delivery.id;
  }

  private newDelivery(endpoint: StoredEndpoint, event: StoredDelivery['event'], subject: string | null, encoded: { body: Buffer; contentType: string }, redeliveryOf: string | null, now: number): StoredDelivery {
    return {
      id: `dlv_${randomUUID()}`,
      endpointId: endpoint.id,
      event,
      subject,
      body: encoded.body,
      contentType: encoded.contentType,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      createdAt: new Date(now).toISOString(),
      completedAt: null,
      redeliveryOf,
      lastError: null,
    };
  }

  private endpointOrThrow(id: string): StoredEndpoint {
    const endpoint = this.options.repo.endpoint(id);
    if (!endpoint) throw new StudioError('WEBHOOK_NOT_FOUND', `There is no webhook endpoint "${id}".`, 'List the endpoints (notifications.listEndpoints) and pick one of them.', { details: { id } });
    return endpoint;
  }

  private notifySettled(): void {
    if (this.inFlight > 0 || this.pumpQueued) return;
    for (const resolve of [...this.settled]) {
      this.settled.delete(resolve);
      resolve();
    }
  }
}

function deliveryNotFound(id: string): StudioError {
  return new StudioError('WEBHOOK_DELIVERY_NOT_FOUND', `There is no webhook delivery "${id}".`, 'List the deliveries (notifications.listDeliveries) and pick one of them.', { details: { id } });
}

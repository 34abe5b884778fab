import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { signPayload, SIGNATURE_HEADER } from '../academia-api/webhook-signature';
import { toApiEvent, type EventLog, type SandboxEvent } from './event-log';
import type { SandboxScheduler } from './scheduler';
import type { DeliveryAttempt, RetryPolicy, StoredDelivery, StoredWebhook, WebhookStore } from './webhook-store';

/** The wait before attempt `next` (2, 3, …): initial × multiplier^(next−2), capped. */
export function retryDelaySeconds(policy: RetryPolicy, next: number): number {
  return Math.min(policy.maxDelaySeconds, policy.initialDelaySeconds * policy.multiplier ** Math.max(0, next - 2));
}

/**
 * Sends events to the webhooks subscribed to them: one delivery per (event, webhook), signed
 * with the webhook's secret (Academia-Signature), every attempt logged, failures retried per the
 * webhook's retry policy on the injected scheduler. Deliveries left unfinished by a restart are
 * picked up again.
 */
export class WebhookDispatcher {
  private readonly active = new Map<string, StoredWebhook>();
  private readonly closing = new AbortController();
  private closed = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly store: WebhookStore,
    private readonly events: EventLog,
    private readonly scheduler: SandboxScheduler,
    private readonly clock: () => number,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    for (const w of store.list()) if (w.active) this.active.set(w.id, w);
    events.onAppend((event) => this.onEvent(event));
  }

  /** Picks up deliveries a previous run left pending or retrying. */
  resume(): void {
    const now = this.clock();
    for (const d of this.store.unfinished()) this.scheduleAttempt(d.id, Math.max(0, (d.nextAttemptAt ?? now) - now));
  }

  registered(webhook: StoredWebhook): void {
    if (webhook.active) this.active.set(webhook.id, webhook);
  }

  removed(id: string): void {
    this.active.delete(id);
  }

  /** Queues one event for one webhook only (the test button). */
  deliverTo(webhook: StoredWebhook, event: SandboxEvent): StoredDelivery {
    return this.enqueue(webhook, event);
  }

  /** Stops: in-flight deliveries are aborted and nothing more is written. */
  async close(): Promise<void> {
    this.closed = true;
    this.closing.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  private onEvent(event: SandboxEvent): void {
    if (event.type === 'webhook.test') return;
    for (const webhook of this.active.values()) {
      if (webhook.events.includes('*') || webhook.events.includes(event.type)) this.enqueue(webhook, event);
    }
  }

  private enqueue(webhook: StoredWebhook, event: SandboxEvent): StoredDelivery {
    const now = this.clock();
    const delivery = this.store.createDelivery({ id: `dlv_${randomBytes(10).toString('hex')}`, webhookId: webhook.id, eventSeq: event.seq, status: 'pending', attempts: [], nextAttemptAt: now, createdAt: now });
    this.scheduleAttempt(delivery.id, 0);
    return delivery;
  }

  private scheduleAttempt(deliveryId: string, delayMs: number): void {
    this.scheduler.schedule(delayMs, () => {
      const run = this.attempt(deliveryId);
      this.inFlight.add(run);
      return run.finally(() => this.inFlight.delete(run));
    });
  }

  private async attempt(deliveryId: string): Promise<void> {
    if (this.closed) return;
    const delivery = this.store.delivery(deliveryId);
    if (!delivery || delivery.status === 'succeeded' || delivery.status === 'failed') return;
    const webhook = this.store.get(delivery.webhookId);
    const event = this.events.bySeq(delivery.eventSeq);
    if (!webhook || !webhook.active || !event) {
      this.store.updateDelivery(deliveryId, { status: 'failed', attempts: delivery.attempts, nextAttemptAt: null });
      return;
    }
    const number = delivery.attempts.length + 1;
    const attemptedAt = this.clock();
    const outcome = await this.send(webhook, delivery, event, attemptedAt);
    if (this.closed) return;
    const attempt: DeliveryAttempt = { attempt: number, attemptedAt, ...outcome };
    const attempts = [...delivery.attempts, attempt];
    const delivered = outcome.responseStatus !== null && outcome.responseStatus >= 200 && outcome.responseStatus < 300;
    if (delivered) {
      this.store.updateDelivery(deliveryId, { status: 'succeeded', attempts, nextAttemptAt: null });
    } else if (number >= webhook.retryPolicy.maxAttempts) {
      this.store.updateDelivery(deliveryId, { status: 'failed', attempts, nextAttemptAt: null });
    } else {
      const delayMs = retryDelaySeconds(webhook.retryPolicy, number + 1) * 1000;
      this.store.updateDelivery(deliveryId, { status: 'retrying', attempts, nextAttemptAt: this.clock() + delayMs });
      this.scheduleAttempt(deliveryId, delayMs);
    }
  }

  private async send(webhook: StoredWebhook, delivery: StoredDelivery, event: SandboxEvent, at: number): Promise<Pick<DeliveryAttempt, 'responseStatus' | 'error' | 'durationMs'>> {
    const body = JSON.stringify(toApiEvent(event));
    const started = performance.now();
    const duration = () => Math.round(performance.now() - started);
    try {
      const res = await this.fetchImpl(webhook.url, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'AcademiaPro-Webhooks/1.0 (sandbox)',
          [SIGNATURE_HEADER]: signPayload(body, webhook.secret, at / 1000),
          'Academia-Event': event.type,
          'Academia-Event-Id': event.id,
          'Academia-Delivery-Id': delivery.id,
        },
        body,
        signal: AbortSignal.any([AbortSignal.timeout(webhook.retryPolicy.timeoutSeconds * 1000), this.closing.signal]),
      });
      await res.arrayBuffer().catch(() => undefined);
      const ok = res.status >= 200 && res.status < 300;
      return { responseStatus: res.status, error: ok ? null : `The endpoint answered HTTP ${res.status}.`, durationMs: duration() };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const why = e.name === 'TimeoutError' ? `No answer within ${webhook.retryPolicy.timeoutSeconds} s.` : e.name === 'AbortError' ? 'The sandbox stopped during the delivery.' : `The endpoint could not be reached (${e.cause?.code ?? e.message}).`;
      return { responseStatus: null, error: why, durationMs: duration() };
    }
  }
}

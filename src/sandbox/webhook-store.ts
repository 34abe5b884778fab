import type { SqliteDatabase } from '../platform/open-sqlite';

/** How failed deliveries are retried (the RetryPolicy schema, every member filled in). */
export interface RetryPolicy {
  maxAttempts: number;
  initialDelaySeconds: number;
  multiplier: number;
  maxDelaySeconds: number;
  timeoutSeconds: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, initialDelaySeconds: 30, multiplier: 2, maxDelaySeconds: 3600, timeoutSeconds: 10 };

/** A registered endpoint. */
export interface StoredWebhook {
  id: string;
  clientId: string;
  url: string;
  /** Event types, or ['*'] for all. */
  events: string[];
  secret: string;
  description: string | null;
  active: boolean;
  retryPolicy: RetryPolicy;
  createdAt: number;
}

/** One attempt to deliver an event. */
export interface DeliveryAttempt {
  attempt: number;
  attemptedAt: number;
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
}

export type DeliveryStatus = 'pending' | 'retrying' | 'succeeded' | 'failed';

/** One event on its way to one webhook, with every attempt so far. */
export interface StoredDelivery {
  seq: number;
  id: string;
  webhookId: string;
  eventSeq: number;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  nextAttemptAt: number | null;
  createdAt: number;
}

/** Webhooks and their delivery log. */
export class WebhookStore {
  constructor(private readonly db: SqliteDatabase) {}

  create(w: StoredWebhook): void {
    this.db
      .prepare('INSERT INTO webhooks (id, client_id, url, events, secret, description, active, retry_policy, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(w.id, w.clientId, w.url, JSON.stringify(w.events), w.secret, w.description, w.active ? 1 : 0, JSON.stringify(w.retryPolicy), w.createdAt);
  }

  /** A webhook that was not removed. */
  get(id: string): StoredWebhook | undefined {
    const row = this.db.prepare('SELECT * FROM webhooks WHERE id = ? AND deleted_at IS NULL').get(id) as WebhookRow | undefined;
    return row && toWebhook(row);
  }

  /** Every webhook not removed (of one client, when given), oldest first. */
  list(clientId?: string): StoredWebhook[] {
    const rows = clientId
      ? (this.db.prepare('SELECT * FROM webhooks WHERE client_id = ? AND deleted_at IS NULL ORDER BY created_at, id').all(clientId) as WebhookRow[])
      : (this.db.prepare('SELECT * FROM webhooks WHERE deleted_at IS NULL ORDER BY created_at, id').all() as WebhookRow[]);
    return rows.map(toWebhook);
  }

  remove(id: string, now: number): void {
    this.db.prepare('UPDATE webhooks SET deleted_at = ? WHERE id = ?').run(now, id);
  }

  createDelivery(d: Omit<StoredDelivery, 'seq'>): StoredDelivery {
    const info = this.db
      .prepare('INSERT INTO webhook_deliveries (id, webhook_id, event_seq, status, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(d.id, d.webhookId, d.eventSeq, d.status, JSON.stringify(d.attempts), d.nextAttemptAt, d.createdAt);
    return { ...d, seq: Number(info.lastInsertRowid) };
  }

  delivery(id: string): StoredDelivery | undefined {
    const row = this.db.prepare('SELECT * FROM webhook_deliveries WHERE id = ?').get(id) as DeliveryRow | undefined;
    return row && toDelivery(row);
  }

  updateDelivery(id: string, change: { status: DeliveryStatus; attempts: DeliveryAttempt[]; nextAttemptAt: number | null }): void {
    this.db.prepare('UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ? WHERE id = ?').run(change.status, JSON.stringify(change.attempts), change.nextAttemptAt, id);
  }

  /** Deliveries of a webhook, newest first, before a sequence number (a cursor). */
  deliveries(webhookId: string, beforeSeq: number | null, limit: number): { rows: StoredDelivery[]; more: boolean; total: number } {
    const total = (this.db.prepare('SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id = ?').get(webhookId) as { n: number }).n;
    const rows = this.db
      .prepare('SELECT * FROM webhook_deliveries WHERE webhook_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?')
      .all(webhookId, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit + 1) as DeliveryRow[];
    return { rows: rows.slice(0, limit).map(toDelivery), more: rows.length > limit, total };
  }

  /** Deliveries still to be attempted (after a restart). */
  unfinished(): StoredDelivery[] {
    return (this.db.prepare("SELECT * FROM webhook_deliveries WHERE status IN ('pending', 'retrying') ORDER BY seq").all() as DeliveryRow[]).map(toDelivery);
  }
}

interface WebhookRow {
  id: string;
  client_id: string;
  url: string;
  events: string;
  secret: string;
  description: string | null;
  active: number;
  retry_policy: string;
  created_at: number;
}

interface DeliveryRow {
  seq: number;
  id: string;
  webhook_id: string;
  event_seq: number;
  status: DeliveryStatus;
  attempts: string;
  next_attempt_at: number | null;
  created_at: number;
}

function toWebhook(row: WebhookRow): StoredWebhook {
  return {
    id: row.id,
    clientId: row.client_id,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    secret: row.secret,
    description: row.description,
    active: row.active === 1,
    retryPolicy: JSON.parse(row.retry_policy) as RetryPolicy,
    createdAt: row.created_at,
  };
}

function toDelivery(row: DeliveryRow): StoredDelivery {
  return {
    seq: row.seq,
    id: row.id,
    webhookId: row.webhook_id,
    eventSeq: row.event_seq,
    status: row.status,
    attempts: JSON.parse(row.attempts) as DeliveryAttempt[],
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
  };
}

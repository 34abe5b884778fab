import type {
  SmtpSettings,
  WebhookAttemptInfo,
  WebhookAttemptOutcome,
  WebhookContentType,
  WebhookDeliveryInfo,
  WebhookDeliveryStatus,
  WebhookEventKind,
  WebhookRetryPolicy,
} from '../../../shared/model/notify';
import type { SqliteDatabase } from '../../../platform/open-sqlite';

/** An endpoint as stored (its secret is in the vault). */
export interface StoredEndpoint {
  id: string;
  name: string;
  url: string;
  method: 'POST' | 'PUT';
  contentType: WebhookContentType;
  events: WebhookEventKind[];
  retry: WebhookRetryPolicy;
  timeoutMs: number;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A delivery as the queue needs it: the exact bytes to send. */
export interface StoredDelivery {
  id: string;
  endpointId: string;
  event: WebhookEventKind | 'test';
  subject: string | null;
  body: Buffer;
  contentType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: number | null;
  createdAt: string;
  completedAt: string | null;
  redeliveryOf: string | null;
  lastError: string | null;
}

type EndpointRow = { id: string; name: string; url: string; method: string; content_type: string; events_json: string; retry_json: string; timeout_ms: number; enabled: number; created_at: string; updated_at: string };
type DeliveryRow = {
  id: string;
  endpoint_id: string;
  event: string;
  subject: string | null;
  body: Buffer;
  content_type: string;
  status: string;
  attempts: number;
  next_attempt_at: number | null;
  created_at: string;
  completed_at: string | null;
  redelivery_of: string | null;
  last_error: string | null;
};
type AttemptRow = { delivery_id: string; attempt: number; started_at: string; duration_ms: number; outcome: string; http_status: number | null; error: string | null };

/** Webhook endpoints, their delivery queue and attempt log, and the SMTP settings (migration 12). */
export class WebhooksRepo {
  constructor(private readonly db: SqliteDatabase) {}

  endpoints(): StoredEndpoint[] {
    return (this.db.prepare('SELECT * FROM webhook_endpoints ORDER BY created_at, id').all() as EndpointRow[]).map(endpointOf);
  }

  endpoint(id: string): StoredEndpoint | null {
    const row = this.db.prepare('SELECT * FROM webhook_endpoints WHERE id = ?').get(id) as EndpointRow | undefined;
    return row ? endpointOf(row) : null;
  }

  saveEndpoint(e: StoredEndpoint): void {
    this.db
      .prepare(
        `INSERT INTO webhook_endpoints (id, name, url, method, content_type, events_json, retry_json, timeout_ms, enabled, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, url = excluded.url, method = excluded.method, content_type = excluded.content_type,
           events_json = excluded.events_json, retry_json = excluded.retry_json, timeout_ms = excluded.timeout_ms, enabled = excluded.enabled, updated_at = excluded.updated_at`,
      )
      .run(e.id, e.name, e.url, e.method, e.contentType, JSON.stringify(e.events), JSON.stringify(e.retry), e.timeoutMs, e.enabled ? 1 : 0, e.createdAt, e.updatedAt);
  }

  /** Removes the endpoint with its deliveries and attempts (foreign keys cascade). */
  removeEndpoint(id: string): boolean {
    return this.db.prepare('DELETE FROM webhook_endpoints WHERE id = ?').run(id).changes > 0;
  }

  addDelivery(d: StoredDelivery): void {
    this.db
      .prepare(
        `INSERT INTO webhook_deliveries (id, endpoint_id, event, subject, body, content_type, status, attempts, next_attempt_at, created_at, completed_at, redelivery_of, last_error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(d.id, d.endpointId, d.event, d.subject, d.body, d.contentType, d.status, d.attempts, d.nextAttemptAt, d.createdAt, d.completedAt, d.redeliveryOf, d.lastError);
  }

  delivery(id: string): StoredDelivery | null {
    const row = this.db.prepare('SELECT * FROM webhook_deliveries WHERE id = ?').get(id) as DeliveryRow | undefined;
    return row ? deliveryOf(row) : null;
  }

  /** Pending deliveries due at `now`, oldest first. */
  due(now: number, limit: number): StoredDelivery[] {
    return (this.db.prepare("SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT ?").all(now, limit) as DeliveryRow[]).map(deliveryOf);
  }

  /** When the next pending delivery falls due (ms), or null when none waits. */
  nextDueAt(): number | null {
    return (this.db.prepare("SELECT MIN(next_attempt_at) FROM webhook_deliveries WHERE status = 'pending'").pluck().get() as number | null) ?? null;
  }

  /** Takes a pending delivery for sending; false when another pass took it first. */
  claim(id: string): boolean {
    return this.db.prepare("UPDATE webhook_deliveries SET status = 'sending' WHERE id = ? AND status = 'pending'").run(id).changes > 0;
  }

  /** Deliveries a process that died left `sending`: due again now. */
  requeueAbandoned(now: number): number {
    return this.db.prepare("UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ? WHERE status = 'sending'").run(now).changes;
  }

  /** Records one attempt and the delivery's state after it, in one transaction. */
  recordAttempt(deliveryId: string, attempt: WebhookAttemptInfo, next: { status: WebhookDeliveryStatus; nextAttemptAt: number | null; completedAt: string | null }): void {
    this.db
      .transaction(() => {
        this.db
          .prepare('INSERT INTO webhook_attempts (delivery_id, attempt, started_at, duration_ms, outcome, http_status, error) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(deliveryId, attempt.attempt, attempt.startedAt, attempt.durationMs, attempt.outcome, attempt.httpStatus, attempt.error);
        this.db
          .prepare('UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, completed_at = ?, last_error = ? WHERE id = ?')
          .run(next.status, attempt.attempt, next.nextAttemptAt, next.completedAt, attempt.outcome === 'delivered' ? null : describeAttempt(attempt), deliveryId);
      })
      .immediate();
  }

  /** Newest first, with every attempt. */
  deliveries(filter: { endpointId?: string; limit: number }): WebhookDeliveryInfo[] {
    const rows = (
      filter.endpointId
        ? this.db.prepare('SELECT * FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?').all(filter.endpointId, filter.limit)
        : this.db.prepare('SELECT * FROM webhook_deliveries ORDER BY created_at DESC, rowid DESC LIMIT ?').all(filter.limit)
    ) as DeliveryRow[];
    const attempts = this.db.prepare('SELECT * FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt');
    return rows.map((row) => infoOf(deliveryOf(row), (attempts.all(row.id) as AttemptRow[]).map(attemptOf)));
  }

  deliveryInfo(id: string): WebhookDeliveryInfo | null {
    const d = this.delivery(id);
    if (!d) return null;
    const attempts = (this.db.prepare('SELECT * FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt').all(id) as AttemptRow[]).map(attemptOf);
    return infoOf(d, attempts);
  }

  smtpSettings(): SmtpSettings | null {
    const json = this.db.prepare('SELECT settings_json FROM smtp_settings WHERE one = 1').pluck().get() as string | undefined;
    return json ? (JSON.parse(json) as SmtpSettings) : null;
  }

  saveSmtpSettings(settings: SmtpSettings, at: string): void {
    this.db.prepare('INSERT INTO smtp_settings (one, settings_json, updated_at) VALUES (1, ?, ?) ON CONFLICT(one) DO UPDATE SET settings_json = excluded.settings_json, updated_at = excluded.updated_at').run(JSON.stringify(settings), at);
  }
}

/** An attempt's failure in words, for the delivery list. */
export function describeAttempt(a: Pick<WebhookAttemptInfo, 'outcome' | 'httpStatus' | 'error'>): string {
  if (a.outcome === 'http') return `HTTP ${a.httpStatus}${a.error ? `: ${a.error}` : ''}`;
  return a.error ?? a.outcome;
}

function endpointOf(r: EndpointRow): StoredEndpoint {
  return {
    id: r.id,
    name: r.name,
    url: r.url,
    method: r.method as StoredEndpoint['method'],
    contentType: r.content_type as WebhookContentType,
    events: JSON.parse(r.events_json) as WebhookEventKind[],
    retry: JSON.parse(r.retry_json) as WebhookRetryPolicy,
    timeoutMs: r.timeout_ms,
    enabled: r.enabled === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function deliveryOf(r: DeliveryRow): StoredDelivery {
  return {
    id: r.id,
    endpointId: r.endpoint_id,
    event: r.event as StoredDelivery['event'],
    subject: r.subject,
    body: r.body,
    contentType: r.content_type,
    status: r.status as WebhookDeliveryStatus,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    createdAt: r.created_at,
    completedAt: r.completed_at,
    redeliveryOf: r.redelivery_of,
    lastError: r.last_error,
  };
}

function attemptOf(r: AttemptRow): WebhookAttemptInfo {
  return { attempt: r.attempt, startedAt: r.started_at, durationMs: r.duration_ms, outcome: r.outcome as WebhookAttemptOutcome, httpStatus: r.http_status, error: r.error };
}

function infoOf(d: StoredDelivery, attemptLog: WebhookAttemptInfo[]): WebhookDeliveryInfo {
  return {
    id: d.id,
    endpointId: d.endpointId,
    event: d.event,
    subject: d.subject,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' && d.nextAttemptAt !== null ? new Date(d.nextAttemptAt).toISOString() : null,
    createdAt: d.createdAt,
    completedAt: d.completedAt,
    redeliveryOf: d.redeliveryOf,
    lastError: d.lastError,
    attemptLog,
  };
}

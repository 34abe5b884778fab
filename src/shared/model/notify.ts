/**
 * Outgoing webhooks and alert email (issue 20, seed WEBHOOK_MANAGEMENT): what the `notifications`
 * service shows. Secrets (a webhook's signing secret, the SMTP password) live in the vault and are
 * never part of these shapes; only whether one is set.
 */

/** The studio's own events an endpoint can subscribe to, plus `test` for a test send. */
export const WEBHOOK_EVENT_KINDS = ['run.completed', 'run.failed', 'sync.completed', 'sync.held', 'sync.failed', 'alert.fired', 'alert.resolved'] as const;
export type WebhookEventKind = (typeof WEBHOOK_EVENT_KINDS)[number];

export const WEBHOOK_CONTENT_TYPES = ['json', 'xml', 'form-data'] as const;
/** How the body is written: `application/json`, `application/xml`, or `multipart/form-data`. */
export type WebhookContentType = (typeof WEBHOOK_CONTENT_TYPES)[number];

/** How often and when a failed delivery is tried again: `count` retries after the first attempt, waiting `intervalsSeconds[i]` before retry i+1 (the last interval repeats). */
export interface WebhookRetryPolicy {
  count: number;
  intervalsSeconds: number[];
}

export interface WebhookEndpointInfo {
  id: string;
  name: string;
  url: string;
  method: 'POST' | 'PUT';
  contentType: WebhookContentType;
  events: WebhookEventKind[];
  retry: WebhookRetryPolicy;
  /** One attempt is abandoned after this long (a receiver that never answers). */
  timeoutMs: number;
  enabled: boolean;
  secretStatus: 'set' | 'missing' | 'needs-reentry';
  createdAt: string;
  updatedAt: string;
}

/** `pending`: waiting for its next attempt; `delivered`: a 2xx answer; `failed`: every attempt failed. */
export type WebhookDeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed';

export interface WebhookDeliveryInfo {
  id: string;
  endpointId: string;
  event: WebhookEventKind | 'test';
  /** What happened, e.g. the run's id (the same event delivered again keeps it). */
  subject: string | null;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
  completedAt: string | null;
  /** Set on a manual redelivery: the delivery it repeats. */
  redeliveryOf: string | null;
  /** The last attempt's error or HTTP status, in words. */
  lastError: string | null;
  attemptLog: WebhookAttemptInfo[];
}

/** `timeout`: no answer within the endpoint's timeout; `network`: refused, reset, DNS…; `http`: a non-2xx answer. */
export type WebhookAttemptOutcome = 'delivered' | 'http' | 'timeout' | 'network' | 'secret';

export interface WebhookAttemptInfo {
  attempt: number;
  startedAt: string;
  durationMs: number;
  outcome: WebhookAttemptOutcome;
  httpStatus: number | null;
  error: string | null;
}

/** `none`: plain SMTP; `starttls`: upgrade required; `tls`: TLS from the first byte (usually port 465). */
export type SmtpTlsMode = 'none' | 'starttls' | 'tls';

export interface SmtpSettings {
  host: string;
  port: number;
  tls: SmtpTlsMode;
  /** Null: the server takes mail without signing in. */
  user: string | null;
  from: string;
  /** Who alert email goes to. */
  to: string[];
  /** Accept a self-signed certificate (a school's own relay). */
  allowSelfSigned: boolean;
}

export interface SmtpSettingsInfo {
  settings: SmtpSettings | null;
  passwordStatus: 'set' | 'missing' | 'needs-reentry';
}

export interface SmtpSendResult {
  messageId: string;
  accepted: string[];
  durationMs: number;
}

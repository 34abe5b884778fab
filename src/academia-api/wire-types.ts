/**
 * Shapes on the Academia Pro wire (see the OpenAPI document), shared by the client and the
 * sandbox so the two cannot drift apart.
 */
import type { Counters } from '../shared/model/counters';

/** RFC 7807 problem details, with the members Academia Pro adds (pointer, field, code). */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** JSON Pointer into the request body, e.g. /records/3/birthDate. */
  pointer?: string;
  field?: string;
  code?: string;
  errors?: ProblemDetails[];
  [member: string]: unknown;
}

/** One record's outcome in a batch answer, in request order, as it travels on the wire. */
export interface WireBatchResult {
  /** Null only when the record had no usable externalId. */
  externalId: string | null;
  id: string | null;
  status: 'created' | 'updated' | 'unchanged' | 'rejected';
  version: number | null;
  errors: ProblemDetails[];
}

/**
 * One record's outcome as the client hands it on: the wire result with the externalId of the
 * record it answers always filled in ('' for a record sent without one).
 */
export interface BatchResult extends Omit<WireBatchResult, 'externalId'> {
  externalId: string;
}

/** One record's outcome in a batch delete, in request order. */
export interface BatchDeleteResult {
  externalId: string;
  id: string | null;
  /** not-found: nothing live to delete (already deleted, or never written), which is not an error for a delete. */
  status: 'deleted' | 'not-found' | 'rejected';
  /** After the delete (deleted), or as stored (rejected). */
  version: number | null;
  /** Why it was rejected: still referenced (status 409) or changed since (412). */
  errors: ProblemDetails[];
}

/** A record as Academia Pro returns it: its fields plus the server's. */
export type TargetRecord = Record<string, unknown> & {
  externalId: string;
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  deleted: boolean;
};

/** A page of a list answer; `total` counts every record matching the filters. */
export interface ListPage<T = TargetRecord> {
  data: T[];
  nextCursor: string | null;
  total: number;
}

/** GET /api/v1. */
export interface ApiInfo {
  name: string;
  apiVersion: string;
  version: string;
  status: 'Development' | 'Testing' | 'Production' | 'Deprecated' | 'Retired';
  limits: { perMinute: number; perHour: number; maxBatchRecords: number; maxPageSize: number; maxBodyBytes?: number };
  docsUrl: string;
  /** When the version was deprecated (ISO 8601), when it may stop answering, and what replaces it. */
  deprecatedAt?: string | null;
  sunsetAt?: string | null;
  successorVersion?: string | null;
}

/** An attachment's metadata (the AttachmentInfo schema). */
export interface AttachmentInfo {
  entity: string;
  externalId: string;
  name: string;
  contentType: string;
  size: number;
  /** Hex SHA-256 of the content. */
  sha256: string;
  createdAt: string;
  updatedAt: string;
}

/** The studio's row counters (the one `Counters` type), as a bulk operation reports them. */
export type BulkCounts = Counters;

export type BulkStatus = 'Open' | 'Queued' | 'Processing' | 'Completed' | 'Failed' | 'Cancelled';

/** A bulk Import or Export (the BulkOperation schema). */
export interface BulkOperation {
  id: string;
  type: 'Import' | 'Export';
  entity: string;
  schoolId: string | null;
  status: BulkStatus;
  mode: 'upsert' | 'create-only' | 'update-only';
  maxErrors: number | null;
  chunks: number;
  receivedRecords: number;
  counts: BulkCounts;
  /** success = created + updated + unchanged (Export: read), error = rejected + failed, skipped. */
  summary: { success: number; error: number; skipped: number };
  createdAt: string;
  committedAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  failureReason: string | null;
  errorsUrl: string;
  outputUrl: string | null;
}

/** A rejected line of a bulk Import. */
export interface BulkError {
  line: number;
  chunk: number;
  lineInChunk: number;
  externalId: string | null;
  status: 'rejected';
  errors: ProblemDetails[];
}

/** How a webhook's failed deliveries are retried. */
export interface WebhookRetryPolicy {
  maxAttempts: number;
  initialDelaySeconds: number;
  multiplier: number;
  maxDelaySeconds: number;
  timeoutSeconds: number;
}

/** A registered webhook (without its secret). */
export interface Webhook {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  active: boolean;
  retryPolicy: WebhookRetryPolicy;
  createdAt: string;
}

/** One attempt to deliver an event to a webhook. */
export interface WebhookDeliveryAttempt {
  attempt: number;
  attemptedAt: string;
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
}

/** One event on its way to one webhook. */
export interface WebhookDelivery {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'retrying' | 'succeeded' | 'failed';
  attempts: WebhookDeliveryAttempt[];
  nextAttemptAt: string | null;
  createdAt: string;
}

/** Something that happened in Academia Pro (the Event schema; also a webhook delivery's body). */
export interface TargetEvent {
  id: string;
  type: string;
  occurredAt: string;
  schoolId: string | null;
  data: Record<string, unknown>;
}

/** A page of the events feed. */
export interface EventPage {
  data: TargetEvent[];
  /** Pass as `after` next time; always present. */
  nextCursor: string;
  hasMore: boolean;
}

/** GET /health. */
export interface HealthInfo {
  status: 'ok' | 'degraded';
  time: string;
}

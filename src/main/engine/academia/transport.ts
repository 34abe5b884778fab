import type { TargetContract } from '../../../academia-api/contract';

/** One request the client sends (paths are absolute: /api/v1/…). */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: { contentType: string; data: string | Uint8Array };
  headers?: Record<string, string>;
  /** Whether the operation needs credentials. */
  auth: boolean;
  /** Keep the answer's bytes as they are (an attachment, NDJSON) instead of parsing JSON. */
  raw?: boolean;
}

/** An answer with a 2xx status. */
export interface TargetAnswer {
  status: number;
  headers: Headers;
  /** The parsed JSON body (undefined for an empty or raw answer). */
  body: unknown;
  /** The bytes, when the request asked for them raw. */
  bytes?: Buffer;
}

/**
 * What the client's feature groups (attachments, bulk operations, webhooks, events) use of it:
 * the contract, the school, and the request loop with credentials, pacing, retries and the
 * circuit breaker.
 */
export interface TargetTransport {
  readonly contract: TargetContract;
  readonly schoolId: string;
  send(spec: RequestSpec): Promise<TargetAnswer>;
  /** /api/<version><suffix>. */
  apiPath(suffix: string): string;
  /** The collection path of an entity (/api/v1/schools/{schoolId}/students, /api/v1/schools). */
  collectionPath(entity: string): string;
  /** Waits (on the client's injectable clock), honouring cancellation. */
  sleep(ms: number): Promise<void>;
  now(): number;
}

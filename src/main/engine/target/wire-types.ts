/**
 * Shapes on the Academia Pro wire (see the OpenAPI document), shared by the client and the
 * sandbox so the two cannot drift apart.
 */

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
  status: 'Testing' | 'Production' | 'Deprecated' | 'Retired';
  limits: { perMinute: number; perHour: number; maxBatchRecords: number; maxPageSize: number; maxBodyBytes?: number };
  docsUrl: string;
}

/** GET /health. */
export interface HealthInfo {
  status: 'ok' | 'degraded';
  time: string;
}

import type { StudioErrorShape } from '../errors';
import type { TargetProfile } from './settings';

/** What the user edits on the target profile screen. The secret is set separately, never echoed. */
export type TargetProfileInput = Omit<TargetProfile, 'hasSecret'>;

/** The API versions' lifecycle (seed API_MANAGEMENT). */
export type ApiVersionStatus = 'Development' | 'Testing' | 'Production' | 'Deprecated' | 'Retired';

/** What `GET /api/<version>` said, as the profile screen shows it. */
export interface TargetApiInfo {
  name: string;
  apiVersion: string;
  /** The document's version, e.g. 1.4.0. */
  version: string;
  status: ApiVersionStatus;
  limits: { perMinute: number; perHour: number; maxBatchRecords: number; maxPageSize: number };
  docsUrl: string;
  deprecatedAt: string | null;
  sunsetAt: string | null;
  successorVersion: string | null;
}

/** A version's deprecation as the answers' Deprecation / Sunset / Link headers announced it. */
export interface TargetDeprecation {
  /** The API version the answer came from, e.g. v1. */
  apiVersion: string;
  /** When the version was (or will be) deprecated, ISO 8601; null when the server only said that it is. */
  deprecatedAt: string | null;
  /** When the version may stop answering (Sunset, RFC 8594), ISO 8601, or null. */
  sunsetAt: string | null;
  /** The successor version's URL (Link rel="successor-version"), or null. */
  successorUrl: string | null;
  /** Where the deprecation is explained (Link rel="deprecation"), or null. */
  docsUrl: string | null;
  /** One sentence for the user. */
  message: string;
}

/**
 * One "test connection" (by the user, or before a run), kept in the project file as the
 * target's health history. Each stage is tried in order and the first failure stops the rest.
 */
export interface TargetCheck {
  id: number;
  at: string;
  ok: boolean;
  /** Who asked: the user on the profile screen, a run before its first push, or the studio's scheduled health check. */
  trigger: 'user' | 'run' | 'schedule';
  /** `GET /health`: status and round trip. */
  health: { status: 'ok' | 'degraded'; latencyMs: number } | null;
  info: TargetApiInfo | null;
  /** Credentials accepted (a token was issued, or the API key / JWT was accepted). */
  auth: { ok: boolean; latencyMs: number | null; scopes: string[] | null } | null;
  deprecation: TargetDeprecation | null;
  error: StudioErrorShape | null;
}

/** Every request a run made to the target, summarised per run for the monitoring views. */
export interface TargetRequestStats {
  runId: string;
  requests: number;
  /** Answers by status code; `network` for timeouts, resets and refusals. */
  byStatus: Record<string, number>;
  retries: number;
  latencyMs: { p50: number; p95: number; max: number };
}

/** The sandbox's admin side (seed API_MANAGEMENT), when the target is a sandbox the studio can administer. */
export interface SandboxAdminOverview {
  /** False when the target is not a sandbox with a reachable admin API (with the reason). */
  available: boolean;
  reason: string | null;
  baseUrl: string | null;
  info: { name: string; startedAt: string; apiVersions: string[]; productionVersion: string | null; faults: string; clients: number } | null;
  versions: SandboxApiVersion[];
  endpoints: SandboxEndpoint[];
  clients: SandboxApiClient[];
  throttleRules: SandboxThrottleRule[];
  throttleExceptions: SandboxThrottleException[];
  monitoring: { since: string; totals: { calls: number; errors: number; rateLimited: number }; endpoints: SandboxEndpointStats[] } | null;
  /** The faults the sandbox injects now (absent from engines before issue 20, null when unreadable). */
  faults?: SandboxFaultProfile | null;
}

/**
 * The faults a sandbox injects (admin API `/admin/v1/faults`): probabilities per request from 0
 * to 1, an added latency, and `down` (every API request answers 503). `spec` is the `--faults` form.
 */
export interface SandboxFaultProfile {
  serverError: number;
  timeout: number;
  reset: number;
  burst429: number;
  latencyMs: number;
  down: boolean;
  spec: string;
}

export interface SandboxApiVersion {
  version: string;
  status: ApiVersionStatus;
  documentVersion: string;
  basePath: string;
  deprecatedAt: string | null;
  sunsetAt: string | null;
  successorVersion: string | null;
  /** Breaking changes from the previous version, as the document lists them. */
  changes: Record<string, unknown>[];
}

export interface SandboxEndpoint {
  operationId: string;
  method: string;
  path: string;
  apiVersion: string;
  tags: string[];
  scopes: string[] | null;
  summary: string | null;
}

/** An API client: its secret is never shown again after creation; the API key only as a hint. */
export interface SandboxApiClient {
  clientId: string;
  name: string | null;
  scopes: string[];
  allScopes: boolean;
  apiKeyHint: string;
  status: 'active' | 'revoked';
  createdAt: string;
  revokedAt: string | null;
  activeTokens: { tokenHint: string; scopes: string[]; issuedAt: string; expiresAt: string }[];
}

export interface SandboxThrottleRule {
  id: string;
  /** Null for the default rule (every client without its own). */
  clientId: string | null;
  perMinute: number;
  perHour: number;
  description: string | null;
}

/** A temporary higher (or lower) limit for one client, e.g. during a migration window. */
export interface SandboxThrottleException {
  id: string;
  clientId: string;
  perMinute: number;
  perHour: number;
  startsAt: string;
  endsAt: string;
  reason: string | null;
  active: boolean;
}

export interface SandboxEndpointStats {
  operationId: string;
  method: string;
  path: string;
  apiVersion: string;
  calls: number;
  errors: number;
  clientErrors: number;
  serverErrors: number;
  rateLimited: number;
  dropped: number;
  statusCounts: Record<string, number>;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  lastCalledAt: string | null;
}

import { fromErrorShape, toErrorShape, type StudioErrorShape } from '../../../shared/errors';
import type { TargetApiInfo, TargetCheck, TargetDeprecation } from '../../../shared/model/target';
import type { AcademiaClient, ApiInfoWithDeprecation, DeprecationNotice } from './academia-client';

/**
 * Whether the credentials stage can be tried: `ready` when the client holds them; `unavailable`
 * when the secret could not be read, so the stage fails with that reason after health and API
 * info (which need no credentials) were still tried.
 */
export type CheckCredentials = { auth: 'ready' } | { auth: 'unavailable'; error: StudioErrorShape };

export interface CheckTargetOptions {
  trigger: TargetCheck['trigger'];
  credentials: CheckCredentials;
  /** Milliseconds, for the stages' round trips. */
  clock?: () => number;
  now?: () => Date;
}

/**
 * Tests the connection to Academia Pro in three stages, in order, stopping at the first failure:
 * `GET /health` (is anything there), `GET /api/<version>` (which API, its status and limits) and
 * the credentials (a token is issued for OAuth2; for an API key or a JWT an authenticated read
 * is accepted). Never throws: a failure is the check's `error`.
 */
export async function checkTarget(client: AcademiaClient, options: CheckTargetOptions): Promise<Omit<TargetCheck, 'id'>> {
  const clock = options.clock ?? Date.now;
  const at = (options.now?.() ?? new Date()).toISOString();
  const check: Omit<TargetCheck, 'id'> = { at, ok: false, trigger: options.trigger, health: null, info: null, auth: null, deprecation: null, error: null };
  const timed = async <T>(work: () => Promise<T>): Promise<{ value: T; latencyMs: number }> => {
    const started = clock();
    const value = await work();
    return { value, latencyMs: Math.max(0, clock() - started) };
  };
  try {
    const health = await timed(() => client.health());
    check.health = { status: health.value.status === 'degraded' ? 'degraded' : 'ok', latencyMs: health.latencyMs };
    const info = await timed(() => client.info());
    check.info = apiInfoOf(info.value);
    const auth = await timed(() => verifyCredentials(client, options.credentials));
    check.auth = { ok: true, latencyMs: auth.latencyMs, scopes: auth.value };
    check.ok = true;
  } catch (err) {
    if (check.info && !check.auth) check.auth = { ok: false, latencyMs: null, scopes: null };
    check.error = toErrorShape(err);
  }
  check.deprecation = deprecationOf(client.deprecation);
  return check;
}

/** The scopes granted, when the answer says (OAuth2), else null. */
async function verifyCredentials(client: AcademiaClient, credentials: CheckCredentials): Promise<string[] | null> {
  if (credentials.auth === 'unavailable') throw fromErrorShape(credentials.error);
  return (await client.verifyCredentials()).scopes;
}

function apiInfoOf(info: ApiInfoWithDeprecation): TargetApiInfo {
  return {
    name: info.name,
    apiVersion: info.apiVersion,
    version: info.version,
    status: info.status,
    limits: { perMinute: info.limits.perMinute, perHour: info.limits.perHour, maxBatchRecords: info.limits.maxBatchRecords, maxPageSize: info.limits.maxPageSize },
    docsUrl: info.docsUrl,
    deprecatedAt: info.deprecatedAt ?? null,
    sunsetAt: info.sunsetAt ?? null,
    successorVersion: info.successorVersion ?? null,
  };
}

/** The client's latest notice in the shape the profile screen shows. */
export function deprecationOf(notice: DeprecationNotice | null): TargetDeprecation | null {
  return notice ? { ...notice } : null;
}

import { StudioError, fromErrorShape, toErrorShape, type StudioErrorShape } from '../../../shared/errors';
import type { TargetApiInfo, TargetCheck, TargetDeprecation } from '../../../shared/model/target';
import type { AcademiaClient, ApiInfoWithDeprecation, DeprecationNotice } from './academia-client';

/**
 * The credentials stage needs to know how the client signs in (and, for OAuth2, with what);
 * `unavailable` when the secret could not be read, so the stage fails with that reason after
 * health and API info (which need no credentials) were still tried.
 */
export type CheckCredentials = { auth: 'oauth2'; clientId: string; clientSecret: string } | { auth: 'api-key' | 'jwt' } | { auth: 'unavailable'; error: StudioErrorShape };

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
  if (credentials.auth === 'oauth2') {
    const form = new URLSearchParams({ grant_type: 'client_credentials' }).toString();
    const basic = Buffer.from(`${formEncode(credentials.clientId)}:${formEncode(credentials.clientSecret)}`).toString('base64');
    try {
      const answer = await client.send({ method: 'POST', path: '/oauth/token', body: { contentType: 'application/x-www-form-urlencoded', data: form }, headers: { Authorization: `Basic ${basic}` }, auth: false });
      const body = answer.body as { access_token?: unknown; scope?: unknown };
      if (typeof body?.access_token !== 'string') {
        throw new StudioError('TARGET_AUTH_FAILED', 'Academia Pro answered the token request without an access token.', 'Check that the target address points at the Academia Pro API.');
      }
      return typeof body.scope === 'string' ? body.scope.split(/\s+/).filter(Boolean) : null;
    } catch (err) {
      if (err instanceof StudioError && (err.code === 'TARGET_AUTH_FAILED' || err.code === 'TARGET_REJECTED') && err.details?.status !== undefined) {
        const problem = err.details?.problem as { error_description?: string } | null;
        throw new StudioError(
          'TARGET_AUTH_FAILED',
          `Academia Pro refused to issue a token for client "${credentials.clientId}": ${problem?.error_description ?? err.message}`,
          'Check the client id and secret on the Target screen (or enter the secret again with `academia-studio target <project> set --secret-stdin`).',
          { details: err.details, cause: err },
        );
      }
      throw err;
    }
  }
  try {
    await client.list('schools', { limit: 1 });
  } catch (err) {
    // 403: the credentials were accepted, only this read is outside the client's scopes.
    if (err instanceof StudioError && err.code === 'TARGET_AUTH_FAILED' && err.details?.status === 403) return null;
    if (err instanceof StudioError && err.code === 'TARGET_AUTH_FAILED') {
      throw new StudioError('TARGET_AUTH_FAILED', `Academia Pro did not accept the ${credentials.auth === 'jwt' ? 'signed token (JWT)' : 'API key'}: ${err.message}`, `Check the ${credentials.auth === 'jwt' ? 'client id and signing secret' : 'API key'} on the Target screen.`, {
        details: err.details,
        cause: err,
      });
    }
    throw err;
  }
  return null;
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

function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

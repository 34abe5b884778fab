import type { Handler } from './handler-context';
import { isJsonMediaType, mediaType } from './http-body';
import { problemAnswer } from './problem';

/** The operations that are not about records: health, API info, the document, tokens. */
export const serviceHandlers: Record<string, Handler> = {
  health: (services) => ({ status: 200, body: { status: 'ok', time: new Date(services.clock()).toISOString() } }),

  info: (services, request) => {
    const contract = request.contract;
    const state = services.versions.get(contract.version);
    const limits = services.throttle.limitsFor(request.principal?.clientId ?? null, services.clock());
    const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
    return {
      status: 200,
      body: {
        name: contract.document.info.title,
        apiVersion: contract.version,
        version: contract.documentVersion,
        status: state?.status ?? contract.status,
        limits: {
          perMinute: limits.perMinute,
          perHour: limits.perHour,
          maxBatchRecords: contract.limits.maxBatchRecords,
          maxPageSize: contract.limits.maxPageSize,
          maxBodyBytes: contract.limits.maxBodyBytes,
        },
        docsUrl: `${services.baseUrl()}/api/${contract.version}/openapi.json`,
        deprecatedAt: iso(state?.deprecatedAt),
        sunsetAt: iso(state?.sunsetAt),
        successorVersion: state?.successorVersion ?? null,
      },
    };
  },

  document: (_services, request) => ({ status: 200, body: request.contract.document }),

  token: (services, request) => {
    const type = mediaType(request.headers['content-type'] as string | undefined);
    const text = (request.body ?? Buffer.alloc(0)).toString('utf8');
    let form: Record<string, string>;
    if (type === 'application/x-www-form-urlencoded') {
      form = Object.fromEntries(new URLSearchParams(text));
    } else if (isJsonMediaType(type)) {
      try {
        const parsed = JSON.parse(text) as unknown;
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        form = Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      } catch {
        return oauthError(services, request.path, 400, 'invalid_request', 'The body is not a JSON object.');
      }
    } else {
      return problemAnswer(services.problems.make(415, 'unsupported-media-type', 'Send the token request form-encoded (application/x-www-form-urlencoded) or as JSON.', { instance: request.path }));
    }
    const outcome = services.auth.issueToken(form, request.headers);
    if (!outcome.ok) return oauthError(services, request.path, outcome.status, outcome.error, outcome.description);
    return { status: 200, body: outcome.body, headers: { 'Cache-Control': 'no-store' } };
  },
};

/** RFC 6749 §5.2 error members, with the problem-details members beside them. */
function oauthError(services: Parameters<Handler>[0], instance: string, status: 400 | 401, error: string, description: string) {
  const problem = services.problems.make(status, `oauth-${error.replace(/_/g, '-')}`, description, { instance });
  const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
  if (status === 401) headers['WWW-Authenticate'] = 'Basic realm="academia-pro"';
  return { status, body: { error, error_description: description, ...problem }, headers, contentType: 'application/json; charset=utf-8' };
}

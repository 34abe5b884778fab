import { StudioError } from '../../../shared/errors';
import type { ProblemDetails } from '../../../academia-api/wire-types';

/** Where a failed request went, for messages and error details. */
export interface RequestPlace {
  method: string;
  path: string;
  baseUrl: string;
  attempts: number;
}

/** Why a request never got an answer. */
export type NetworkFailure = 'timeout' | 'reset' | 'refused' | 'other';

/** Classifies what fetch threw; resets and timeouts are worth a retry, a refused connection is not. */
export function classifyNetworkError(err: unknown, timedOut: boolean): NetworkFailure {
  if (timedOut) return 'timeout';
  const code = errorCode(err);
  if (code && ['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'].includes(code)) return 'reset';
  if (code && ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'].includes(code)) return 'refused';
  const text = String((err as Error)?.message ?? err) + ' ' + String(((err as Error)?.cause as Error | undefined)?.message ?? '');
  if (/other side closed|socket hang up|reset/i.test(text)) return 'reset';
  return 'other';
}

function errorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const FAILURE_WORDS: Record<NetworkFailure, string> = {
  timeout: 'no answer in time',
  reset: 'the connection was dropped',
  refused: 'nothing answered at that address',
  other: 'the network request failed',
};

export function unreachableError(place: RequestPlace, failure: NetworkFailure, cause: unknown): StudioError {
  const tries = place.attempts > 1 ? ` after ${place.attempts} attempts` : '';
  return new StudioError(
    'TARGET_UNREACHABLE',
    `The studio could not reach Academia Pro at ${place.baseUrl} (${place.method} ${place.path}): ${FAILURE_WORDS[failure]}${tries}.`,
    failure === 'refused'
      ? 'Check the target address in the settings and that the service (or the local sandbox) is running.'
      : 'Check the network connection and try again; a resumed run repeats nothing already pushed.',
    { details: { method: place.method, path: place.path, failure, attempts: place.attempts }, cause },
  );
}

/** The circuit breaker refused to send: the service failed too often in a row. */
export function circuitOpenError(place: RequestPlace, failures: number, retryInMs: number): StudioError {
  return new StudioError(
    'TARGET_UNAVAILABLE',
    `Academia Pro at ${place.baseUrl} failed ${failures} times in a row, so the studio stopped sending for now (${place.method} ${place.path} was not sent).`,
    `The studio tries again by itself in ${Math.max(1, Math.ceil(retryInMs / 1000))} s; check the service's status. A resumed run repeats nothing already pushed.`,
    { details: { method: place.method, path: place.path, circuit: 'open', consecutiveFailures: failures, retryInMs } },
  );
}

/**
 * The attempt that just failed tripped the circuit breaker: the service failed `failures` times
 * in a row, so the request (and a run's push) stops now rather than waiting out its retries.
 */
export function circuitTrippedError(place: RequestPlace, failures: number, last: string, status?: number): StudioError {
  return new StudioError(
    'TARGET_UNAVAILABLE',
    `Academia Pro at ${place.baseUrl} failed ${failures} requests in a row (the last: ${place.method} ${place.path}, ${last}), so the studio stopped sending to it.`,
    'Check that the service is up (ask its administrator; for a sandbox, see the faults on the Sandbox admin screen), then start again: a resumed run repeats nothing already pushed.',
    { details: { method: place.method, path: place.path, circuit: 'open', consecutiveFailures: failures, attempts: place.attempts, ...(status !== undefined ? { status } : {}) } },
  );
}

/** Hints for the problem types Academia Pro answers with (the slug after x-problem-base). */
const HINTS: Record<string, string> = {
  'malformed-json': 'The body could not be read as JSON. If the studio sent it, send the log to support; if a file was uploaded, check it is valid JSON.',
  'unsupported-media-type': 'The content type was refused; check the file type (attachments: JPEG, PNG, WebP or PDF; bulk chunks: NDJSON).',
  'content-mismatch': "The file's content does not match its type; check the file is not damaged or renamed.",
  'too-many-records': 'Lower the batch size in the settings and run again.',
  'body-too-large': 'Send less at a time: lower the batch size, or split the file.',
  'attachment-too-large': 'The file is larger than Academia Pro accepts; shrink or compress it (a photo of a few hundred KB is plenty).',
  'chunk-too-large': 'Upload smaller chunks (fewer records per chunk).',
  'invalid-body': 'The request does not match the API document; check the fields named above.',
  'invalid-parameter': 'A parameter was refused; check the value named above.',
  'idempotency-key-reused': 'A new request needs a new Idempotency-Key; the studio derives keys from the run, so start a new run rather than reusing an old one.',
  'unknown-entity': 'Use one of the entities the API document lists.',
  'operation-not-open': 'The bulk operation was already committed; create a new operation for more records.',
  'output-not-ready': 'Wait until the export is Completed, then download it.',
  'empty-chunk': 'Every chunk needs at least one record (one JSON object per line).',
  'empty-operation': 'Upload at least one chunk before committing the import.',
};

/** Turns a final error answer into a StudioError a school IT person can act on. `details.reason` holds the problem's slug. */
export function answerError(place: RequestPlace, status: number, problem: ProblemDetails | null, context: { schoolId: string }): StudioError {
  const detail = problem?.detail ?? problem?.title ?? `HTTP ${status}`;
  const where = `${place.method} ${place.path}`;
  const slug = problem?.type?.split('/').pop() ?? '';
  const details = { status, method: place.method, path: place.path, attempts: place.attempts, problem, reason: slug || null };
  if (status === 401) {
    const expired = slug === 'token-expired';
    return new StudioError(
      'TARGET_AUTH_FAILED',
      `Academia Pro did not accept the studio's credentials (${where}): ${detail}`,
      expired ? "The token expired and a fresh one was refused too; check this computer's clock and the client's credentials." : 'Check the client id and secret in the target settings, and ask the Academia Pro administrator whether the client is still active.',
      { details },
    );
  }
  if (status === 403) {
    return new StudioError('TARGET_AUTH_FAILED', `The Academia Pro client may not do ${where}: ${detail}`, 'Ask the Academia Pro administrator to grant the client the scope named above.', { details });
  }
  if (status === 404) {
    if (slug === 'school-not-found') {
      return new StudioError('TARGET_NOT_FOUND', `Academia Pro has no school "${context.schoolId}".`, 'Check the school id in the target settings, or push the schools entity first.', { details });
    }
    if (slug === 'no-such-version') {
      return new StudioError('TARGET_NOT_FOUND', `Academia Pro does not serve this API version (${where}): ${detail}`, 'Pick a version the service offers in the target settings.', { details });
    }
    return new StudioError('TARGET_NOT_FOUND', `Academia Pro found nothing at ${where}: ${detail}`, 'Check the record id; if the path itself is unknown, the target may run another API version.', { details });
  }
  if (status === 409 || status === 412) {
    const hint = status === 412 ? 'Someone changed the record since it was read; read it again and decide.' : (HINTS[slug] ?? 'Deal with the records that still refer to this one first.');
    return new StudioError('TARGET_CONFLICT', `Academia Pro refused ${where} because of a conflict: ${detail}`, hint, { details });
  }
  if (status === 413) {
    return new StudioError('TARGET_REJECTED', `Academia Pro refused ${where} as too large: ${detail}`, HINTS[slug] ?? 'Lower the batch size in the settings and run again.', { details });
  }
  if (status === 415) {
    return new StudioError('TARGET_REJECTED', `Academia Pro refused the content type of ${where}: ${detail}`, HINTS[slug] ?? HINTS['unsupported-media-type'], { details });
  }
  if (status === 429) {
    return new StudioError('TARGET_RATE_LIMITED', `Academia Pro kept refusing ${where} for too many requests (${place.attempts} attempts).`, 'Run again later, or ask the Academia Pro administrator for a higher rate limit.', { details });
  }
  if (status >= 500 || status === 408) {
    return new StudioError('TARGET_UNAVAILABLE', `Academia Pro could not serve ${where} (HTTP ${status}, ${place.attempts} attempts): ${detail}`, 'The service may be down or overloaded; try again later. A resumed run repeats nothing already pushed.', { details });
  }
  const fields = Array.isArray(problem?.errors) && problem.errors.length ? ` (${problem.errors.map((e) => e.detail ?? e.title).join(' ')})` : '';
  return new StudioError(
    'TARGET_REJECTED',
    `Academia Pro rejected ${where} (HTTP ${status}): ${detail}${fields && !detail.includes(fields.slice(2, 30)) ? fields : ''}`,
    HINTS[slug] ?? 'This usually means the studio and the target disagree about the API; check the API version in the target settings and send the log to support if it persists.',
    { details },
  );
}

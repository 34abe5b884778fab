import { StudioError } from '../../../shared/errors';
import type { ProblemDetails } from './wire-types';

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

/** Turns a final error answer into a StudioError a school IT person can act on. */
export function answerError(place: RequestPlace, status: number, problem: ProblemDetails | null, context: { schoolId: string }): StudioError {
  const detail = problem?.detail ?? problem?.title ?? `HTTP ${status}`;
  const where = `${place.method} ${place.path}`;
  const details = { status, method: place.method, path: place.path, attempts: place.attempts, problem };
  const slug = problem?.type?.split('/').pop() ?? '';
  if (status === 401) {
    return new StudioError('TARGET_AUTH_FAILED', `Academia Pro did not accept the studio's credentials (${where}): ${detail}`, 'Check the client id and secret in the target settings, and ask the Academia Pro administrator whether the client is still active.', { details });
  }
  if (status === 403) {
    return new StudioError('TARGET_AUTH_FAILED', `The Academia Pro client may not do ${where}: ${detail}`, 'Ask the Academia Pro administrator to grant the client the scope named above.', { details });
  }
  if (status === 404) {
    if (slug === 'school-not-found') {
      return new StudioError('TARGET_NOT_FOUND', `Academia Pro has no school "${context.schoolId}".`, 'Check the school id in the target settings, or push the schools entity first.', { details });
    }
    return new StudioError('TARGET_NOT_FOUND', `Academia Pro found nothing at ${where}: ${detail}`, 'Check the record id; if the path itself is unknown, the target may run another API version.', { details });
  }
  if (status === 409 || status === 412) {
    return new StudioError('TARGET_CONFLICT', `Academia Pro refused ${where} because of a conflict: ${detail}`, status === 412 ? 'Someone changed the record since it was read; read it again and decide.' : 'Deal with the records that still refer to this one first.', { details });
  }
  if (status === 413) {
    return new StudioError('TARGET_REJECTED', `Academia Pro refused ${where} as too large: ${detail}`, 'Lower the batch size in the settings and run again.', { details });
  }
  if (status === 429) {
    return new StudioError('TARGET_RATE_LIMITED', `Academia Pro kept refusing ${where} for too many requests (${place.attempts} attempts).`, 'Run again later, or ask the Academia Pro administrator for a higher rate limit.', { details });
  }
  if (status >= 500 || status === 408) {
    return new StudioError('TARGET_UNAVAILABLE', `Academia Pro could not serve ${where} (HTTP ${status}, ${place.attempts} attempts): ${detail}`, 'The service may be down or overloaded; try again later. A resumed run repeats nothing already pushed.', { details });
  }
  return new StudioError('TARGET_REJECTED', `Academia Pro rejected ${where} (HTTP ${status}): ${detail}`, 'This usually means the studio and the target disagree about the API; check the API version in the target settings and send the log to support if it persists.', { details });
}

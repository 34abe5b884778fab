import { StudioError, type ErrorLocation } from '../../../../shared/errors';
import { CERTIFICATE_CODES } from '../sql/network-errors';

/**
 * The typed errors of a REST source, each saying which address and what to do. `shown` is the
 * address as it may be printed: an API key sent as a query parameter is already masked in it.
 */
export function networkFailure(err: unknown, shown: string, where: ErrorLocation, timeoutMs: number): StudioError {
  const name = (err as { name?: string })?.name;
  if (name === 'TimeoutError') {
    return new StudioError('SOURCE_TIMEOUT', `${shown} did not answer within ${Math.round(timeoutMs / 100) / 10} s.`, 'The API may be busy or the address wrong; try again later, or raise timeoutMs in the connection.', { where, cause: err });
  }
  const cause = (err as { cause?: { code?: string } })?.cause;
  const code = String(cause?.code ?? (err as { code?: string })?.code ?? '');
  const host = hostOf(shown);
  if (code === 'ECONNREFUSED') {
    return new StudioError('CONNECTION_FAILED', `Nothing accepted a connection at ${host}: the API is not running there, or the port is wrong.`, 'Check the base URL (scheme, host and port) and that the service is up.', { where, cause: err });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new StudioError('CONNECTION_FAILED', `The server name in ${shown} could not be found.`, 'Check the spelling of the host name in the base URL.', { where, cause: err });
  }
  if (CERTIFICATE_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) {
    return new StudioError('SOURCE_TLS_FAILED', `The encrypted connection to ${host} was refused: the server's certificate could not be verified (${code}).`, 'Check that the base URL names the server its certificate is issued for; ask the vendor for a certificate your computer trusts.', { where, cause: err });
  }
  const detail = cause && typeof (cause as { message?: unknown }).message === 'string' ? (cause as { message: string }).message : err instanceof Error ? err.message : String(err);
  return new StudioError('CONNECTION_FAILED', `${shown} could not be reached: ${code || detail}.`, 'Check the base URL, the network, VPN and firewall between this computer and the API.', { where, cause: err });
}

/** An HTTP status that is not a page. */
export function statusFailure(status: number, shown: string, where: ErrorLocation, detail: string): StudioError {
  const said = detail ? ` It said: ${detail}` : '';
  if (status === 401) {
    return new StudioError('SOURCE_AUTH_FAILED', `${shown} refused the credentials (401).${said}`, 'Check the client id and secret (or the API key) and enter the secret again (connections.setSecret, or --password-stdin / APSTUDIO_SOURCE_PASSWORD on the command line).', { where, details: { status } });
  }
  if (status === 403) {
    return new StudioError('SOURCE_PERMISSION_DENIED', `${shown} answered 403: these credentials may not read it.${said}`, 'Ask the vendor to grant this client the scope for this endpoint (OneRoster: roster-core.readonly, roster-demographics.readonly), or leave the stream out.', { where, details: { status } });
  }
  if (status === 404) {
    return new StudioError('STREAM_NOT_FOUND', `${shown} does not exist (404).`, 'Check the base URL (for OneRoster it ends in …/ims/oneroster/rosters/v1p2) and the stream paths.', { where, details: { status } });
  }
  if (status >= 500) {
    return new StudioError('CONNECTION_FAILED', `${shown} failed on the server's side (${status}).${said}`, 'Try again later; if it keeps happening, tell the vendor, with the time of the failure.', { where, details: { status } });
  }
  return new StudioError('SOURCE_QUERY_FAILED', `${shown} refused the request (${status}).${said}`, 'Check the connection\'s settings (paging parameters, updatedSinceParam) against the API\'s documentation.', { where, details: { status } });
}

export function tooLarge(shown: string, where: ErrorLocation, limit: number, size: number | null): StudioError {
  return new StudioError(
    'SOURCE_UNSAFE',
    `A page of ${shown} is ${size === null ? 'larger than' : `${size} bytes, more than`} ${limit} bytes (maxPageBytes); the studio does not hold it in memory.`,
    'Ask for smaller pages (pageSize), or, if the API really sends pages that large, raise maxPageBytes in the connection.',
    { where, details: { limit, ...(size === null ? {} : { size }) } },
  );
}

export function notJson(shown: string, where: ErrorLocation, contentType: string | null, text: string): StudioError {
  const start = text.slice(0, 80).replace(/[\u0000-\u001f]+/g, ' ').trim();
  return new StudioError(
    'SOURCE_CORRUPT',
    `${shown} did not answer JSON${contentType ? ` (${contentType})` : ''}${start ? `; it starts "${start}"` : ''}.`,
    'Check the base URL: an HTML page usually means a login page, a proxy or the wrong path. A REST source reads JSON APIs only.',
    { where },
  );
}

export function unexpectedShape(shown: string, where: ErrorLocation, what: string, recordPath: string | null): StudioError {
  return new StudioError(
    'SOURCE_UNEXPECTED_SHAPE',
    `${shown} answered JSON, but ${what}.`,
    recordPath ? `Set recordPath to where the list of records is in the answer (it is "${recordPath}" now), e.g. $.data or items.` : 'Set recordPath to where the list of records is in the answer, e.g. $.data or items.',
    { where, details: { recordPath } },
  );
}

function hostOf(shown: string): string {
  try {
    return new URL(shown).host;
  } catch {
    return shown;
  }
}

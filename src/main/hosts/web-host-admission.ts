import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { LaunchCodes } from './launch-codes';

/** Either the HTTP status line to refuse an upgrade with, or how the socket was let in. */
export type Admission = { refuse: string } | { viaCode: boolean };

/**
 * Decides whether a WebSocket upgrade may reach the engine. Only `/rpc` exists; the socket must
 * carry the session token (or a one-time launch code, see LaunchCodes), name 127.0.0.1 or
 * localhost as its host (against DNS rebinding) and, when a browser sends an Origin, come from
 * the page's own origin (so another site open in the same browser cannot drive the studio).
 * Never throws: whatever a peer sends, the answer is a status line.
 */
export function admitUpgrade(req: IncomingMessage, token: string, codes: LaunchCodes): Admission {
  const url = parseRequestTarget(req.url);
  if (!url) return { refuse: '400 Bad Request' };
  if (url.pathname !== '/rpc') return { refuse: '404 Not Found' };
  const givenToken = url.searchParams.get('token');
  const givenCode = url.searchParams.get('code');
  if (givenToken === null && givenCode === null) return { refuse: '401 Unauthorized' };
  if (givenToken !== null && !sameSecret(givenToken, token)) return { refuse: '401 Unauthorized' };
  const host = typeof req.headers.host === 'string' ? req.headers.host : '';
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return { refuse: '403 Forbidden' };
  if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host)) return { refuse: '403 Forbidden' };
  if (givenToken !== null) return { viaCode: false };
  // Spent only once everything else passed, so a refused attempt does not burn the person's link.
  return codes.redeem(givenCode!) ? { viaCode: true } : { refuse: '401 Unauthorized' };
}

/** The request target as a URL, or null when it is not one (`//`, `http://[`, …). */
export function parseRequestTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

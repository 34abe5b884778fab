import { createHmac, timingSafeEqual } from 'node:crypto';
import { StudioError } from '../shared/errors';

/** The header that carries a webhook's signature (docs/conventions.md: Academia Pro, the studio's receiver, the studio's own webhooks). */
export const SIGNATURE_HEADER = 'Academia-Signature';

/** A receiver refuses a signature whose timestamp is further than this from its own clock. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** Why a signature was refused. */
export type SignatureFailure = 'missing' | 'malformed' | 'expired' | 'mismatch';

/** The outcome of checking a signature. */
export type SignatureCheck = { valid: true; timestamp: number } | { valid: false; reason: SignatureFailure; message: string };

/**
 * The header value for a body sent at `nowSeconds`:
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`.
 */
export function signPayload(rawBody: string | Uint8Array, secret: string, nowSeconds: number): string {
  const t = Math.floor(nowSeconds);
  return `t=${t},v1=${hmacHex(secret, t, rawBody)}`;
}

/**
 * Checks an Academia-Signature header against the raw body as received (before any JSON
 * parsing: re-serialized JSON would not match). Several v1 values are allowed (a sender rotating
 * its secret signs with both); one match is enough. Timestamps more than `toleranceSeconds` away
 * from `nowSeconds`, in either direction, are refused so a captured delivery cannot be replayed
 * later. Comparison is constant-time.
 */
export function verifySignature(header: string | null | undefined, rawBody: string | Uint8Array, secret: string, nowSeconds: number, toleranceSeconds: number = SIGNATURE_TOLERANCE_SECONDS): SignatureCheck {
  if (!header || !header.trim()) return { valid: false, reason: 'missing', message: `The request has no ${SIGNATURE_HEADER} header.` };
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  if (timestamp === null || signatures.length === 0) {
    return { valid: false, reason: 'malformed', message: `The ${SIGNATURE_HEADER} header is not of the form t=<unix seconds>,v1=<hex HMAC-SHA256>.` };
  }
  const skew = Math.abs(nowSeconds - timestamp);
  if (skew > toleranceSeconds) {
    return { valid: false, reason: 'expired', message: `The signature's timestamp is ${Math.round(skew)} s away from now (at most ${toleranceSeconds} s are accepted); it may be a replayed delivery, or one of the two clocks is wrong.` };
  }
  const expected = Buffer.from(hmacHex(secret, timestamp, rawBody), 'hex');
  const matches = signatures.some((s) => {
    const given = Buffer.from(s, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { valid: true, timestamp } : { valid: false, reason: 'mismatch', message: 'The signature does not match the body: it was signed with another secret, or the body was changed on the way.' };
}

/** verifySignature, throwing SIGNATURE_INVALID (with the reason in details) when the signature is refused. */
export function assertSignature(header: string | null | undefined, rawBody: string | Uint8Array, secret: string, nowSeconds: number, toleranceSeconds: number = SIGNATURE_TOLERANCE_SECONDS): number {
  const check = verifySignature(header, rawBody, secret, nowSeconds, toleranceSeconds);
  if (check.valid) return check.timestamp;
  throw new StudioError(
    'SIGNATURE_INVALID',
    `A webhook delivery was refused: ${check.message}`,
    check.reason === 'expired' ? "Check that this computer's clock is right; a genuine sender retries with a fresh signature." : 'Check that the webhook secret in the settings is the one the sender was given.',
    { details: { reason: check.reason } },
  );
}

function hmacHex(secret: string, timestamp: number, rawBody: string | Uint8Array): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

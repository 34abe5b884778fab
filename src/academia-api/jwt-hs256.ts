import { createHmac, timingSafeEqual } from 'node:crypto';

/** Claims of the JWTs Academia Pro accepts as bearer credentials (security scheme `jwt`). */
export interface AcademiaJwtClaims {
  /** The client id. */
  iss: string;
  /** Expiry, unix seconds. */
  exp: number;
  iat?: number;
  nbf?: number;
  /** Space-separated scopes; every scope of the client when omitted. */
  scope?: string;
  [claim: string]: unknown;
}

/** Signs claims as a compact JWT with HMAC-SHA256 and the client secret. */
export function signJwtHs256(claims: AcademiaJwtClaims, secret: string): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify(claims));
  return `${header}.${payload}.${signature(`${header}.${payload}`, secret)}`;
}

/** The claims of a compact JWT, unverified (to find out whose secret checks it), or null if it is not a JWT. */
export function peekJwtClaims(token: string): AcademiaJwtClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as { alg?: string };
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as AcademiaJwtClaims;
    if (header.alg !== 'HS256' || typeof claims !== 'object' || claims === null) return null;
    return claims;
  } catch {
    return null;
  }
}

/** Whether the token's signature was made with this secret (constant-time comparison). */
export function verifyJwtHs256Signature(token: string, secret: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  const expected = Buffer.from(signature(`${parts[0]}.${parts[1]}`, secret));
  const given = Buffer.from(parts[2]);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function signature(input: string, secret: string): string {
  return createHmac('sha256', secret).update(input).digest('base64url');
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

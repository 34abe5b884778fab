import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { peekJwtClaims, verifyJwtHs256Signature } from '../academia-api/jwt-hs256';
import type { SandboxStore, StoredClient } from './sandbox-store';

/** Who is calling, and with which scopes. */
export interface Principal {
  clientId: string;
  scopes: Set<string>;
  via: 'oauth2' | 'jwt' | 'api-key';
}

export type Authentication =
  | { kind: 'none' }
  | { kind: 'ok'; principal: Principal }
  | { kind: 'invalid'; expired: boolean; detail: string };

/** The answer of the token endpoint, in RFC 6749 terms. */
export type TokenOutcome =
  | { ok: true; body: { access_token: string; token_type: 'Bearer'; expires_in: number; scope: string } }
  | { ok: false; status: 400 | 401; error: string; description: string };

interface IssuedToken {
  clientId: string;
  scopes: Set<string>;
  issuedAt: number;
  expiresAt: number;
}

/** A token that still works, as the admin API lists it (never the whole token). */
export interface ActiveToken {
  tokenHint: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
}

const REVOKED = 'The client was revoked by the Academia Pro administrator.';

/**
 * Credentials of the sandbox: OAuth2 client credentials (opaque bearer tokens kept in memory;
 * a restarted sandbox forgets them, and clients simply ask again), HS256 JWTs signed with the
 * client secret, and per-client API keys.
 */
export class SandboxAuth {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly store: SandboxStore,
    /** Every scope of the served documents (what a client with '*' holds). */
    readonly allScopes: string[],
    private readonly clock: () => number,
    private readonly tokenTtlSeconds: number,
  ) {}

  /** The scopes a stored client holds. */
  scopesOf(client: StoredClient): Set<string> {
    return new Set(client.scopes === '*' ? this.allScopes : client.scopes);
  }

  /** POST /oauth/token with grant_type=client_credentials. */
  issueToken(form: Record<string, string>, headers: IncomingHttpHeaders): TokenOutcome {
    if (!form.grant_type) return { ok: false, status: 400, error: 'invalid_request', description: 'grant_type is missing; send grant_type=client_credentials.' };
    if (form.grant_type !== 'client_credentials') return { ok: false, status: 400, error: 'unsupported_grant_type', description: `The grant type "${form.grant_type}" is not supported; use client_credentials.` };
    const basic = parseBasic(headers.authorization);
    const clientId = basic?.id ?? form.client_id;
    const secret = basic?.secret ?? form.client_secret;
    if (!clientId || !secret) return { ok: false, status: 401, error: 'invalid_client', description: 'No client credentials: send them in a Basic Authorization header or as client_id and client_secret.' };
    const client = this.store.client(clientId);
    if (!client || !sameSecret(client.clientSecret, secret)) return { ok: false, status: 401, error: 'invalid_client', description: 'The client id or secret is wrong.' };
    if (client.revokedAt) return { ok: false, status: 401, error: 'invalid_client', description: REVOKED };
    const held = this.scopesOf(client);
    let scopes = held;
    if (form.scope?.trim()) {
      const asked = form.scope.trim().split(/\s+/);
      const missing = asked.filter((s) => !held.has(s));
      if (missing.length) return { ok: false, status: 400, error: 'invalid_scope', description: `The client does not hold the scope(s): ${missing.join(', ')}.` };
      scopes = new Set(asked);
    }
    this.forgetExpired();
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { clientId, scopes, issuedAt: this.clock(), expiresAt: this.clock() + this.tokenTtlSeconds * 1000 });
    return { ok: true, body: { access_token: token, token_type: 'Bearer', expires_in: this.tokenTtlSeconds, scope: [...scopes].join(' ') } };
  }

  /** Reads the credentials of a request (bearer token, JWT or X-Api-Key). */
  authenticate(headers: IncomingHttpHeaders): Authentication {
    const apiKey = headerValue(headers['x-api-key']);
    if (apiKey) {
      const client = this.store.clientByApiKey(apiKey);
      if (!client) return { kind: 'invalid', expired: false, detail: 'The API key is not known.' };
      if (client.revokedAt) return { kind: 'invalid', expired: false, detail: REVOKED };
      return { kind: 'ok', principal: { clientId: client.clientId, scopes: this.scopesOf(client), via: 'api-key' } };
    }
    const auth = headers.authorization;
    if (!auth) return { kind: 'none' };
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (!m) return { kind: 'invalid', expired: false, detail: 'The Authorization header must be "Bearer <token>".' };
    const token = m[1];
    const claims = peekJwtClaims(token);
    return claims ? this.fromJwt(token, claims) : this.fromOpaque(token);
  }

  private fromOpaque(token: string): Authentication {
    const issued = this.tokens.get(token);
    if (!issued) return { kind: 'invalid', expired: false, detail: 'The access token is not known (it may predate a restart); ask /oauth/token for a new one.' };
    if (issued.expiresAt <= this.clock()) {
      this.tokens.delete(token);
      return { kind: 'invalid', expired: true, detail: 'The access token expired; ask /oauth/token for a new one.' };
    }
    return { kind: 'ok', principal: { clientId: issued.clientId, scopes: issued.scopes, via: 'oauth2' } };
  }

  private fromJwt(token: string, claims: NonNullable<ReturnType<typeof peekJwtClaims>>): Authentication {
    const client = typeof claims.iss === 'string' ? this.store.client(claims.iss) : undefined;
    if (!client || !verifyJwtHs256Signature(token, client.clientSecret)) return { kind: 'invalid', expired: false, detail: 'The JWT is not signed by a known client (iss must be the client id; HS256 with its secret).' };
    if (client.revokedAt) return { kind: 'invalid', expired: false, detail: REVOKED };
    const nowSeconds = this.clock() / 1000;
    if (typeof claims.exp !== 'number') return { kind: 'invalid', expired: false, detail: 'The JWT has no exp claim.' };
    if (claims.exp <= nowSeconds) return { kind: 'invalid', expired: true, detail: 'The JWT expired.' };
    if (typeof claims.nbf === 'number' && claims.nbf > nowSeconds + 60) return { kind: 'invalid', expired: false, detail: 'The JWT is not valid yet (nbf).' };
    const held = this.scopesOf(client);
    const scopes = typeof claims.scope === 'string' && claims.scope.trim() ? new Set(claims.scope.trim().split(/\s+/).filter((s) => held.has(s))) : held;
    return { kind: 'ok', principal: { clientId: client.clientId, scopes, via: 'jwt' } };
  }

  /** Tokens of a client that have not expired. */
  activeTokens(clientId: string): ActiveToken[] {
    this.forgetExpired();
    return [...this.tokens.entries()]
      .filter(([, t]) => t.clientId === clientId)
      .map(([token, t]) => ({ tokenHint: `${token.slice(0, 6)}…`, scopes: [...t.scopes], issuedAt: t.issuedAt, expiresAt: t.expiresAt }));
  }

  /** Forgets every token of a revoked client (its key and JWTs are refused through the store). */
  revokeTokens(clientId: string): void {
    for (const [token, t] of this.tokens) if (t.clientId === clientId) this.tokens.delete(token);
  }

  private forgetExpired(): void {
    const now = this.clock();
    for (const [token, issued] of this.tokens) if (issued.expiresAt <= now) this.tokens.delete(token);
  }
}

function parseBasic(header: string | undefined): { id: string; secret: string } | null {
  const m = header ? /^Basic\s+(\S+)\s*$/i.exec(header) : null;
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
  const unform = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  return { id: unform(decoded.slice(0, colon)), secret: unform(decoded.slice(colon + 1)) };
}

function sameSecret(stored: string, given: string): boolean {
  const a = createHash('sha256').update(stored).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

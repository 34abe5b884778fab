import { StudioError, type ErrorLocation } from '../../../../shared/errors';
import { jsonDepthExceededAt, nestingTooDeep } from '../files/nesting-limit';
import { quotaWaitMs, retryAfterMs } from './rate-limit';
import type { ResolvedRestConfig } from './rest-config';
import { cancelled, type RestClock } from './rest-clock';
import { networkFailure, notJson, statusFailure, tooLarge, unexpectedShape } from './rest-errors';

/** One JSON answer. */
export interface RestAnswer {
  url: URL;
  status: number;
  headers: Headers;
  body: unknown;
}

/** What the transport did, for the read's report and the tests. */
export interface RestStats {
  requests: number;
  /** Requests sent again after a 429 / 502 / 503 / 504. */
  retries: number;
  /** Milliseconds waited because the server asked (Retry-After, an exhausted RateLimit quota). */
  waitedMs: number;
  /** OAuth2 tokens fetched (the first one included). */
  tokens: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Token bodies are small; a bigger one is not a token endpoint. */
const MAX_TOKEN_BYTES = 1024 * 1024;

/**
 * The HTTP side of a REST source: JSON GETs with the connection's credentials, its server's rate
 * limits respected and its pages bounded.
 *
 * - OAuth2 client credentials: a token is fetched when first needed and again when the clock says
 *   it expired; a 401 on a page refreshes it once and sends the page again (a token revoked or
 *   expired mid-paging), a second 401 is SOURCE_AUTH_FAILED. An API key goes in a header or the
 *   query, masked in every message.
 * - Rate limits: a 429 (or 503) waits what `Retry-After` says, else what the RateLimit fields say,
 *   else a doubling back-off, then tries again, at most `maxRetries` times; a wait longer than
 *   `maxWaitSeconds` gives up at once (SOURCE_RATE_LIMITED) rather than hanging a run for hours.
 *   An answer saying the quota is spent (`RateLimit-Remaining: 0`) holds the next request until
 *   the reset. Waits use the injected clock's sleep and stop on the read's AbortSignal.
 * - Bounds: a page over `maxPageBytes` (by Content-Length, or while it streams in) or nested past
 *   the JSON depth limit is refused (SOURCE_UNSAFE), as the file readers refuse theirs.
 */
export class RestHttp {
  readonly stats: RestStats = { requests: 0, retries: 0, waitedMs: 0, tokens: 0 };
  private token: { value: string; expiresAt: number } | null = null;
  private notBefore = 0;

  constructor(
    private readonly config: ResolvedRestConfig,
    private readonly secret: string | null,
    private readonly clock: RestClock,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** The address as it may be shown: an API key in the query masked. */
  shown(url: URL | string): string {
    const u = new URL(url);
    if (this.config.auth === 'api-key' && this.config.apiKeyIn === 'query' && u.searchParams.has(this.config.apiKeyName)) u.searchParams.set(this.config.apiKeyName, '****');
    return decodeURI(u.toString());
  }

  async getJson(first: URL, signal: AbortSignal | undefined, where: ErrorLocation): Promise<RestAnswer> {
    let url = first;
    let refreshed = false;
    let attempt = 0;
    let redirects = 0;
    for (;;) {
      if (signal?.aborted) throw cancelled();
      const hold = this.notBefore - this.clock.now();
      if (hold > 0) await this.wait(hold, signal, url, where);
      const target = new URL(url);
      const headers: Record<string, string> = { accept: 'application/json' };
      await this.authorize(headers, target, signal, where);
      const res = await this.send(target, { method: 'GET', headers }, signal, where);
      this.noteQuota(res.headers);
      if (REDIRECTS.has(res.status)) {
        await res.body?.cancel().catch(() => undefined);
        url = this.redirectTarget(url, res, ++redirects, where);
        continue;
      }
      if (res.status === 401 && this.config.auth === 'oauth2' && !refreshed) {
        // The token expired or was revoked mid-paging: one new token, the same page again.
        await res.body?.cancel().catch(() => undefined);
        this.token = null;
        refreshed = true;
        continue;
      }
      if (res.status === 429 || res.status === 502 || res.status === 503 || res.status === 504) {
        await res.body?.cancel().catch(() => undefined);
        const now = this.clock.now();
        const asked = retryAfterMs(res.headers, now) ?? quotaWaitMs(res.headers, now);
        if (attempt >= this.config.maxRetries) {
          if (res.status === 429) throw this.rateLimited(url, where, `it still answered 429 (too many requests) after ${attempt} ${attempt === 1 ? 'retry' : 'retries'}`);
          throw statusFailure(res.status, this.shown(url), where, `still failing after ${attempt} ${attempt === 1 ? 'retry' : 'retries'}`);
        }
        const ms = asked ?? Math.min(30_000, 500 * 2 ** attempt);
        attempt++;
        this.stats.retries++;
        await this.wait(ms, signal, url, where);
        continue;
      }
      if (!res.ok) throw statusFailure(res.status, this.shown(url), where, await this.errorDetail(res));
      const text = await this.readBounded(res, this.config.maxPageBytes, url, where);
      return { url: target, status: res.status, headers: res.headers, body: this.parse(text, res.headers.get('content-type'), url, where) };
    }
  }

  /**
   * Redirects are followed by hand, and only within the same origin: fetch would carry a custom
   * API-key header (and an API key in the query) along to whatever host a redirect names.
   */
  private redirectTarget(from: URL, res: Response, hops: number, where: ErrorLocation): URL {
    const location = res.headers.get('location');
    let to: URL | null = null;
    try {
      to = location ? new URL(location, from) : null;
    } catch {
      to = null;
    }
    if (!to) throw statusFailure(res.status, this.shown(from), where, 'a redirect without a usable Location');
    if (to.origin !== from.origin) {
      throw new StudioError('CONNECTION_FAILED', `${this.shown(from)} redirects to another server (${to.origin}); the studio does not send the credentials there.`, `If the API has moved, change the base URL to ${to.origin}.`, { where, details: { status: res.status } });
    }
    if (hops > 5) throw statusFailure(res.status, this.shown(from), where, 'more than 5 redirects in a row');
    return to;
  }

  private async send(url: URL, init: RequestInit, signal: AbortSignal | undefined, where: ErrorLocation): Promise<Response> {
    const timeout = AbortSignal.timeout(this.config.timeoutMs);
    this.stats.requests++;
    try {
      return await this.fetchImpl(url, { ...init, redirect: 'manual', signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (err) {
      if (signal?.aborted) throw cancelled();
      throw networkFailure(err, this.shown(url), where, this.config.timeoutMs);
    }
  }

  /** Waits what the server asked, unless that is more than the connection allows. */
  private async wait(ms: number, signal: AbortSignal | undefined, url: URL, where: ErrorLocation): Promise<void> {
    if (ms > this.config.maxWaitSeconds * 1000) throw this.rateLimited(url, where, `it asks to wait ${Math.ceil(ms / 1000)} s, more than maxWaitSeconds (${this.config.maxWaitSeconds} s)`);
    this.stats.waitedMs += ms;
    await this.clock.sleep(ms, signal);
    if (signal?.aborted) throw cancelled();
  }

  private rateLimited(url: URL, where: ErrorLocation, why: string): StudioError {
    return new StudioError('SOURCE_RATE_LIMITED', `${this.shown(url)} limits how often it may be asked, and the read gave up: ${why}.`, 'Run the read again later (outside the vendor\'s busy hours), or raise maxRetries / maxWaitSeconds in the connection.', { where });
  }

  private noteQuota(headers: Headers): void {
    const ms = quotaWaitMs(headers, this.clock.now());
    if (ms !== null && ms > 0) this.notBefore = Math.max(this.notBefore, this.clock.now() + ms);
  }

  private async authorize(headers: Record<string, string>, url: URL, signal: AbortSignal | undefined, where: ErrorLocation): Promise<void> {
    const { auth } = this.config;
    if (auth === 'none') return;
    if (this.secret === null || this.secret === '') {
      throw new StudioError(
        'SOURCE_AUTH_FAILED',
        auth === 'oauth2' ? `No client secret is stored for the client "${this.config.clientId}".` : 'No API key is stored for this REST source.',
        'Enter it (connections.setSecret; on the command line --password-stdin or APSTUDIO_SOURCE_PASSWORD, or as the location\'s password); it goes to the vault.',
        { where },
      );
    }
    if (auth === 'api-key') {
      if (this.config.apiKeyIn === 'query') url.searchParams.set(this.config.apiKeyName, this.secret);
      else headers[this.config.apiKeyName.toLowerCase()] = this.secret;
      return;
    }
    if (!this.token || this.clock.now() >= this.token.expiresAt) this.token = await this.fetchToken(signal, where);
    headers.authorization = `Bearer ${this.token.value}`;
  }

  private async fetchToken(signal: AbortSignal | undefined, where: ErrorLocation): Promise<{ value: string; expiresAt: number }> {
    const tokenUrl = new URL(this.config.tokenUrl!);
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (this.config.scope) form.set('scope', this.config.scope);
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' };
    const id = this.config.clientId!;
    if (this.config.tokenAuth === 'basic') headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(this.secret!)}`).toString('base64')}`;
    else {
      form.set('client_id', id);
      form.set('client_secret', this.secret!);
    }
    const res = await this.send(tokenUrl, { method: 'POST', headers, body: form.toString() }, signal, where);
    if (res.status === 400 || res.status === 401) {
      const detail = await this.errorDetail(res);
      throw new StudioError('SOURCE_AUTH_FAILED', `The token endpoint ${tokenUrl.toString()} refused the client "${id}" (${res.status}).${detail ? ` It said: ${detail}` : ''}`, 'Check the client id and secret the vendor gave you and enter the secret again; check tokenUrl and whether the endpoint wants them as form fields (tokenAuth=body).', { where });
    }
    if (!res.ok) throw statusFailure(res.status, tokenUrl.toString(), where, await this.errorDetail(res));
    const body = this.parse(await this.readBounded(res, MAX_TOKEN_BYTES, tokenUrl, where), res.headers.get('content-type'), tokenUrl, where) as Record<string, unknown> | null;
    const value = body && typeof body === 'object' ? body.access_token : undefined;
    if (typeof value !== 'string' || value === '') throw unexpectedShape(tokenUrl.toString(), where, 'it holds no access_token', null);
    const seconds = typeof body!.expires_in === 'number' ? body!.expires_in : Number(body!.expires_in ?? 3600) || 3600;
    // Renewed a little early (a tenth of its life, at most 30 s) so it does not expire in flight.
    const early = Math.min(30_000, (seconds * 1000) / 10);
    this.stats.tokens++;
    return { value, expiresAt: this.clock.now() + seconds * 1000 - early };
  }

  private async readBounded(res: Response, limit: number, url: URL, where: ErrorLocation): Promise<string> {
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limit) {
      await res.body?.cancel().catch(() => undefined);
      throw tooLarge(this.shown(url), where, limit, declared);
    }
    if (!res.body) return '';
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(this.shown(url), where, limit, null);
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private parse(text: string, contentType: string | null, url: URL, where: ErrorLocation): unknown {
    if (jsonDepthExceededAt(text) >= 0) throw nestingTooDeep('JSON', { ...where, file: this.shown(url) });
    try {
      return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch {
      throw notJson(this.shown(url), where, contentType, text);
    }
  }

  /** A short reason from an error body (OAuth2 `error_description`, a problem's `detail`), never the whole page. */
  private async errorDetail(res: Response): Promise<string> {
    try {
      const text = (await this.readBounded(res, 64 * 1024, new URL(res.url || 'http://x/'), {})).trim();
      try {
        const j = JSON.parse(text) as Record<string, unknown>;
        const said = j.error_description ?? j.detail ?? j.message ?? j.title ?? j.error ?? j.imsx_description;
        if (typeof said === 'string') return said.slice(0, 200);
      } catch {
        // not JSON: the first words of the text
      }
      return text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);
    } catch {
      return '';
    }
  }
}

import { deprecationNotice } from '../../../shared/model/deprecation';
import { createHash } from 'node:crypto';
import { StudioError } from '../../../shared/errors';
import { canonicalJson } from '../../../shared/canonical-json';
import { CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from './circuit-breaker';
import { loadTargetContract, type TargetApiVersion, type TargetContract } from '../../../academia-api/contract';
import { readDeprecation, type DeprecationNotice } from './deprecation';
import { signJwtHs256 } from '../../../academia-api/jwt-hs256';
import { RatePacer, retryAfterMs } from './rate-pacer';
import { TargetAttachments } from './target-attachments';
import { TargetBulk } from './target-bulk';
import { answerError, circuitOpenError, circuitTrippedError, classifyNetworkError, unreachableError, type NetworkFailure, type RequestPlace } from './target-errors';
import { TargetEvents, TargetWebhooks } from './target-webhooks';
import type { RequestSpec, TargetAnswer, TargetTransport } from './transport';
import type { ApiInfo, BatchDeleteResult, BatchResult, HealthInfo, ListPage, ProblemDetails, TargetRecord, WireBatchResult } from '../../../academia-api/wire-types';

export type { ApiInfo, BatchDeleteResult, BatchResult, HealthInfo, ListPage, ProblemDetails, TargetRecord, WireBatchResult } from '../../../academia-api/wire-types';
export type { DeprecationNotice } from './deprecation';
export type { CircuitState } from './circuit-breaker';

/** One HTTP attempt, reported as it finishes (for logs and the monitor's latency figures). */
export interface TargetRequestLog {
  method: string;
  path: string;
  /** Null when no answer came (timeout, reset, refused). */
  status: number | null;
  latencyMs: number;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
  error?: string;
}

/** How to reach Academia Pro. Everything after schoolId is optional and mostly for tests. */
export interface AcademiaClientOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** The externalId of the school every school-scoped call goes to. */
  schoolId: string;
  apiVersion?: TargetApiVersion;
  /** oauth2 (default): client credentials at /oauth/token; jwt: self-signed HS256; api-key: X-Api-Key. */
  auth?: 'oauth2' | 'jwt' | 'api-key';
  /** Required with auth 'api-key'. */
  apiKey?: string;
  /** Scopes to ask for; every scope of the client when omitted. */
  scopes?: string[];
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** For the backoff jitter; a number in [0, 1). */
  random?: () => number;
  /** Milliseconds since the epoch (token expiry, pacing). */
  now?: () => number;
  /** Per attempt, answer body included. Default 30 s. */
  requestTimeoutMs?: number;
  /** Retries after the first attempt, for 5xx, 408, 429, timeouts and dropped connections. Default 5. */
  maxRetries?: number;
  /** First backoff step (doubled each retry, full jitter). Default 500 ms. */
  baseDelayMs?: number;
  /** Longest single wait between attempts. Default 30 s. */
  maxDelayMs?: number;
  /** Cancels whatever is in flight or waiting (StudioError CANCELLED). */
  signal?: AbortSignal;
  onRequest?: (entry: TargetRequestLog) => void;
  /**
   * Called when an answer first says its API version is deprecated (Deprecation / Sunset
   * headers), and again when what it says changes; the studio shows it to the user.
   */
  onDeprecation?: (notice: DeprecationNotice) => void;
  /** The circuit breaker's thresholds, or false for none. */
  circuitBreaker?: CircuitBreakerOptions | false;
  onCircuitChange?: (state: CircuitState) => void;
}

/** GET /api/<version>, with what the answer's headers said about deprecation. */
export interface ApiInfoWithDeprecation extends ApiInfo {
  deprecation: DeprecationNotice | null;
}

export interface ListOptions {
  cursor?: string;
  limit?: number;
  /** ISO 8601 with offset: only records changed at or after it. */
  updatedSince?: string;
  includeDeleted?: boolean;
}

/** How a failed attempt is named in the breaker's error. */
const FAILURE_LABEL: Record<NetworkFailure, string> = { timeout: 'no answer in time', reset: 'connection dropped', refused: 'connection refused', other: 'network error' };

/** Tokens are renewed this long before they expire, so none dies in flight. */
const TOKEN_MARGIN_MS = 30_000;
const JWT_LIFETIME_SECONDS = 300;

/**
 * The studio's client for the Academia Pro API (and its sandbox). It caches its token and
 * renews it once on a 401, paces itself from the RateLimit-* headers, retries only what is safe
 * to retry (5xx, 408, 429, timeouts, dropped connections; never other 4xx) with exponential
 * backoff and full jitter, and turns every failure into a StudioError.
 */
export class AcademiaClient implements TargetTransport {
  readonly contract: TargetContract;
  /** Binary attachments of people records (photos, documents). */
  readonly attachments: TargetAttachments;
  /** Bulk Import / Export operations (NDJSON chunks, asynchronous processing). */
  readonly bulk: TargetBulk;
  /** Webhook registrations and their delivery log. */
  readonly webhooks: TargetWebhooks;
  /** The events feed (the pull alternative to webhooks). */
  readonly events: TargetEvents;
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly sleepImpl: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly clock: () => number;
  private readonly pacer: RatePacer;
  private readonly breaker: CircuitBreaker | null;
  private token: { value: string; expiresAt: number } | null = null;
  private tokenRequest: Promise<string> | null = null;
  /** The scopes the last token was granted (the token answer's `scope`), when it said. */
  private grantedScopes: string[] | null = null;
  private lastDeprecation: DeprecationNotice | null = null;

  constructor(private readonly options: AcademiaClientOptions) {
    this.contract = loadTargetContract(options.apiVersion ?? 'v1');
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.sleepImpl = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.clock = options.now ?? Date.now;
    this.pacer = new RatePacer(this.clock);
    this.breaker = options.circuitBreaker === false ? null : new CircuitBreaker(this.clock, options.circuitBreaker ?? {}, options.onCircuitChange);
    if (options.auth === 'api-key' && !options.apiKey) {
      throw new StudioError('TARGET_AUTH_FAILED', 'The target is set to use an API key, but none is configured.', 'Enter the API key in the target settings, or switch the target to OAuth2 client credentials.');
    }
    this.attachments = new TargetAttachments(this);
    this.bulk = new TargetBulk(this);
    this.webhooks = new TargetWebhooks(this);
    this.events = new TargetEvents(this);
  }

  get schoolId(): string {
    return this.options.schoolId;
  }

  /** The latest deprecation notice any answer carried, or null while none did. */
  get deprecation(): DeprecationNotice | null {
    return this.lastDeprecation;
  }

  /** closed (normal), open (refusing: the service kept failing) or half-open (one probe). */
  get circuitState(): CircuitState {
    return this.breaker?.current ?? 'closed';
  }

  now(): number {
    return this.clock();
  }

  apiPath(suffix: string): string {
    return `/api/${this.contract.version}${suffix}`;
  }

  /** Sends one request through the client's loop (credentials, pacing, retries, breaker); for the feature groups. */
  send(spec: RequestSpec): Promise<TargetAnswer> {
    return this.request(spec);
  }

  /**
   * GET /api/<version>: version, status, limits and docs URL (no credentials needed), plus a
   * deprecation notice when the version is deprecated (from the headers, or from the body).
   */
  async info(): Promise<ApiInfoWithDeprecation> {
    const answer = await this.request({ method: 'GET', path: `/api/${this.contract.version}`, auth: false });
    const info = answer.body as ApiInfo & { deprecatedAt?: string | null; sunsetAt?: string | null; successorVersion?: string | null };
    let deprecation = readDeprecation(answer.headers, this.contract.version);
    if (!deprecation && info.status === 'Deprecated') {
      deprecation = deprecationNotice({
        apiVersion: this.contract.version,
        deprecatedAt: info.deprecatedAt ?? null,
        sunsetAt: info.sunsetAt ?? null,
        successorUrl: info.successorVersion ? `${this.baseUrl}/api/${info.successorVersion}` : null,
        successorVersion: info.successorVersion ?? null,
        docsUrl: null,
      });
      this.noteDeprecation(deprecation);
    }
    return { ...info, deprecation };
  }

  /** GET /health (no credentials needed). */
  async health(): Promise<HealthInfo> {
    return (await this.request({ method: 'GET', path: '/health', auth: false })).body as HealthInfo;
  }

  /** Writes schools (they are global: POST /api/v1/schools/batch). */
  upsertSchools(records: Record<string, unknown>[], idempotencyKey: string): Promise<BatchResult[]> {
    return this.pushBatch('schools', records, idempotencyKey);
  }

  /**
   * Creates or updates records of one entity by externalId. Batches above the API's limit are
   * split, each part with a key derived from `idempotencyKey`, so a retried or resumed push
   * replays instead of writing twice. Results come back in record order.
   */
  async pushBatch(entity: string, records: Record<string, unknown>[], idempotencyKey: string): Promise<BatchResult[]> {
    const path = `${this.collectionPath(entity)}/batch`;
    const max = this.contract.limits.maxBatchRecords;
    const results: BatchResult[] = [];
    for (let start = 0, part = 0; start < records.length; start += max, part++) {
      const chunk = records.slice(start, start + max);
      const key = records.length <= max ? idempotencyKey : `${idempotencyKey}.${part}`;
      const answer = await this.request({
        method: 'POST',
        path,
        body: { contentType: 'application/json', data: JSON.stringify({ records: chunk }) },
        headers: { 'Idempotency-Key': key },
        auth: true,
      });
      results.push(...alignResults(path, chunk, (answer.body as { results?: unknown }).results));
    }
    return results;
  }

  /**
   * Deletes records by externalId (soft deletes, as remove() does), up to the API's batch limit
   * per request (longer lists are split, each part with a key derived from `idempotencyKey`).
   * A record may name the version it must still be at (rollback sends the version it wrote).
   * Results come back in record order: deleted, not-found (nothing to delete) or rejected (still
   * referenced, or changed since; the problem says which).
   */
  async removeBatch(entity: string, records: { externalId: string; version?: number }[], idempotencyKey: string): Promise<BatchDeleteResult[]> {
    const path = `${this.collectionPath(entity)}/batch-delete`;
    const max = this.contract.limits.maxBatchRecords;
    const results: BatchDeleteResult[] = [];
    for (let start = 0, part = 0; start < records.length; start += max, part++) {
      const chunk = records.slice(start, start + max);
      const key = records.length <= max ? idempotencyKey : `${idempotencyKey}.${part}`;
      const answer = await this.request({ method: 'POST', path, body: { contentType: 'application/json', data: JSON.stringify({ records: chunk }) }, headers: { 'Idempotency-Key': key }, auth: true });
      const got = (answer.body as { results?: unknown }).results;
      if (!Array.isArray(got) || got.length !== chunk.length || got.some((r, i) => (r as BatchDeleteResult).externalId !== chunk[i].externalId)) {
        throw new StudioError('TARGET_REJECTED', `Academia Pro answered POST ${path} with results that do not match the records sent.`, 'The target does not follow the API document; send the log to support.', { details: { path, records: chunk.length } });
      }
      results.push(...(got as BatchDeleteResult[]));
    }
    return results;
  }

  /** One page of an entity's records, oldest first. */
  async list(entity: string, options: ListOptions = {}): Promise<ListPage> {
    const answer = await this.request({
      method: 'GET',
      path: this.collectionPath(entity),
      query: { cursor: options.cursor, limit: options.limit, updatedSince: options.updatedSince, includeDeleted: options.includeDeleted },
      auth: true,
    });
    return answer.body as ListPage;
  }

  /** Every record of an entity, page by page. */
  async *iterate(entity: string, options: Omit<ListOptions, 'cursor'> = {}): AsyncGenerator<TargetRecord[]> {
    let cursor: string | undefined;
    do {
      const page = await this.list(entity, { ...options, cursor });
      if (page.data.length) yield page.data;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** How many (live) records of an entity the target holds. */
  async count(entity: string): Promise<number> {
    return (await this.list(entity, { limit: 1 })).total;
  }

  /** One record by externalId, or null when the target has none (or it was deleted). */
  async get(entity: string, externalId: string): Promise<TargetRecord | null> {
    try {
      return (await this.request({ method: 'GET', path: this.itemPath(entity, externalId), auth: true })).body as TargetRecord;
    } catch (err) {
      if (err instanceof StudioError && err.code === 'TARGET_NOT_FOUND' && (err.details?.problem as ProblemDetails | null)?.type?.endsWith('/record-not-found')) return null;
      throw err;
    }
  }

  /**
   * Deletes one record (a soft delete on the target). With `ifMatchVersion`, only when the record
   * is still at that version (TARGET_CONFLICT otherwise).
   */
  async remove(entity: string, externalId: string, options: { ifMatchVersion?: number } = {}): Promise<TargetRecord> {
    const headers: Record<string, string> = options.ifMatchVersion === undefined ? {} : { 'If-Match': `"${options.ifMatchVersion}"` };
    return (await this.request({ method: 'DELETE', path: this.itemPath(entity, externalId), headers, auth: true })).body as TargetRecord;
  }

  collectionPath(entity: string): string {
    const e = this.contract.entity(entity);
    const v = this.contract.version;
    return e.scope === 'global' ? `/api/${v}/${e.name}` : `/api/${v}/schools/${encodeURIComponent(this.options.schoolId)}/${e.name}`;
  }

  private itemPath(entity: string, externalId: string): string {
    return `${this.collectionPath(entity)}/${encodeURIComponent(externalId)}`;
  }

  // The request loop: pacing, credentials, timeout, retries, circuit breaker.

  private async request(spec: RequestSpec): Promise<TargetAnswer> {
    const url = this.url(spec);
    let attempt = 0;
    let retries = 0;
    let renewed = false;
    let staleRetried = false;
    const maxRetries = this.options.maxRetries ?? 5;
    for (;;) {
      attempt++;
      this.throwIfCancelled();
      // The slot is taken before the wait, so requests in flight together are paced one after another.
      await this.sleep(this.pacer.reserve());
      const place: RequestPlace = { method: spec.method, path: spec.path, baseUrl: this.baseUrl, attempts: attempt };
      if (this.breaker && !this.breaker.allow()) throw circuitOpenError(place, this.breaker.consecutiveFailures, this.breaker.retryInMs());
      const headers: Record<string, string> = { Accept: spec.raw ? '*/*' : 'application/json', ...spec.headers };
      if (spec.body) headers['Content-Type'] = spec.body.contentType;
      try {
        if (spec.auth) Object.assign(headers, await this.credentials());
      } catch (err) {
        this.breaker?.neutral();
        throw err;
      }
      const outcome = await this.attempt(url, { method: spec.method, headers, body: spec.body?.data });
      const latencyMs = outcome.latencyMs;
      if (outcome.kind === 'failed') {
        this.options.onRequest?.({ method: spec.method, path: spec.path, status: null, latencyMs, attempt, error: outcome.failure });
        if (outcome.failure === 'reset' && !outcome.answerStarted && !staleRetried && isIdempotent(spec) && !this.options.signal?.aborted) {
          // A kept-alive connection the server had already closed: nothing of the answer came,
          // and the request is safe to send twice, so it goes again at once on a fresh
          // connection — no backoff, no retry spent, not a failure of the service.
          staleRetried = true;
          this.breaker?.neutral();
          continue;
        }
        if (this.options.signal?.aborted) this.breaker?.neutral();
        else this.breaker?.failure();
        this.throwIfCancelled();
        // This failure tripped the breaker: waiting to retry would only meet a refusal.
        if (this.breaker?.current === 'open') throw circuitTrippedError(place, this.breaker.consecutiveFailures, FAILURE_LABEL[outcome.failure]);
        if ((outcome.failure === 'timeout' || outcome.failure === 'reset') && retries < maxRetries) {
          retries++;
          await this.sleep(this.backoff(retries));
          continue;
        }
        throw unreachableError(place, outcome.failure, outcome.error);
      }
      const { status, headers: answerHeaders, bytes } = outcome;
      this.pacer.observe(answerHeaders);
      this.noteDeprecation(readDeprecation(answerHeaders, versionOf(spec.path) ?? this.contract.version));
      if (status === 429) this.breaker?.neutral();
      else if (status >= 500 || status === 408) this.breaker?.failure();
      else this.breaker?.success();
      const isRaw = spec.raw === true && status >= 200 && status < 300;
      const text = isRaw ? '' : bytes.toString('utf8');
      const body = isRaw ? undefined : parseJson(text);
      const problem = status >= 400 && body && typeof body === 'object' ? (body as ProblemDetails) : null;
      this.options.onRequest?.({ method: spec.method, path: spec.path, status, latencyMs, attempt, ...(status >= 400 ? { error: problem?.detail ?? `HTTP ${status}` } : {}) });
      if (status >= 200 && status < 300) {
        if (isRaw) return { status, headers: answerHeaders, body: undefined, bytes };
        if (body === undefined && text.length > 0) {
          throw new StudioError('TARGET_REJECTED', `Academia Pro answered ${spec.method} ${spec.path} with something that is not JSON.`, 'Check that the target address points at the Academia Pro API, not a web page or proxy.', { details: { status, path: spec.path } });
        }
        return { status, headers: answerHeaders, body };
      }
      if (status === 401 && spec.auth && this.options.auth !== 'api-key' && !renewed) {
        // A token can expire or be forgotten (a restarted server); one fresh token is worth a try.
        renewed = true;
        this.token = null;
        continue;
      }
      if ((status >= 500 || status === 408) && this.breaker?.current === 'open') throw circuitTrippedError(place, this.breaker.consecutiveFailures, `HTTP ${status}${problem?.detail ? `: ${problem.detail}` : ''}`, status);
      const retryable = status === 429 || status === 408 || status >= 500;
      if (retryable && retries < maxRetries) {
        retries++;
        const announced = retryAfterMs(answerHeaders, this.clock());
        if (status === 429) {
          // Everyone waits for the announced moment (plus a little jitter), never a storm.
          const wait = (announced ?? this.backoff(retries)) + Math.floor(this.random() * 250);
          this.pacer.pauseUntil(this.clock() + Math.min(wait, this.maxDelay()));
        } else {
          await this.sleep(Math.max(this.backoff(retries), Math.min(announced ?? 0, this.maxDelay())));
        }
        continue;
      }
      throw answerError(place, status, problem, { schoolId: this.options.schoolId });
    }
  }

  private noteDeprecation(notice: DeprecationNotice | null): void {
    if (!notice) return;
    const changed = !this.lastDeprecation || JSON.stringify(this.lastDeprecation) !== JSON.stringify(notice);
    this.lastDeprecation = notice;
    if (changed) this.options.onDeprecation?.(notice);
  }

  private async attempt(url: string, init: { method: string; headers: Record<string, string>; body?: string | Uint8Array }): Promise<
    | { kind: 'answered'; status: number; headers: Headers; bytes: Buffer; latencyMs: number }
    | { kind: 'failed'; failure: NetworkFailure; error: unknown; latencyMs: number; answerStarted: boolean }
  > {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.requestTimeoutMs ?? 30_000);
    const onCancel = () => controller.abort();
    this.options.signal?.addEventListener('abort', onCancel, { once: true });
    const started = this.clock();
    let answerStarted = false;
    try {
      const res = await this.fetchImpl(url, { ...init, signal: controller.signal });
      answerStarted = true;
      const bytes = Buffer.from(await res.arrayBuffer());
      return { kind: 'answered', status: res.status, headers: res.headers, bytes, latencyMs: this.clock() - started };
    } catch (error) {
      return { kind: 'failed', failure: classifyNetworkError(error, timedOut), error, latencyMs: this.clock() - started, answerStarted };
    } finally {
      clearTimeout(timer);
      this.options.signal?.removeEventListener('abort', onCancel);
    }
  }

  /**
   * Proves the credentials work, for the connection test. OAuth2 asks for a new token (kept for
   * the requests that follow) and says which scopes were granted; an API key or a JWT makes one
   * signed-in read, where a 403 still means the credentials were accepted (only that read is
   * outside the client's scopes).
   */
  async verifyCredentials(): Promise<{ scopes: string[] | null }> {
    const auth = this.options.auth ?? 'oauth2';
    if (auth === 'oauth2') {
      this.token = null;
      await this.accessToken();
      return { scopes: this.grantedScopes };
    }
    try {
      await this.list('schools', { limit: 1 });
    } catch (err) {
      if (!(err instanceof StudioError) || err.code !== 'TARGET_AUTH_FAILED') throw err;
      if (err.details?.status === 403) return { scopes: null };
      const what = auth === 'jwt' ? 'signed token (JWT)' : 'API key';
      throw new StudioError('TARGET_AUTH_FAILED', `Academia Pro did not accept the ${what}: ${err.message}`, `Check the ${auth === 'jwt' ? 'client id and signing secret' : 'API key'} on the Target screen.`, { details: err.details, cause: err });
    }
    return { scopes: null };
  }

  private async credentials(): Promise<Record<string, string>> {
    const auth = this.options.auth ?? 'oauth2';
    if (auth === 'api-key') return { 'X-Api-Key': this.options.apiKey as string };
    if (auth === 'jwt') return { Authorization: `Bearer ${this.jwt()}` };
    return { Authorization: `Bearer ${await this.accessToken()}` };
  }

  private jwt(): string {
    if (this.token && this.now() < this.token.expiresAt - TOKEN_MARGIN_MS) return this.token.value;
    const iat = Math.floor(this.now() / 1000);
    const value = signJwtHs256({ iss: this.options.clientId, iat, exp: iat + JWT_LIFETIME_SECONDS, ...(this.options.scopes ? { scope: this.options.scopes.join(' ') } : {}) }, this.options.clientSecret);
    this.token = { value, expiresAt: (iat + JWT_LIFETIME_SECONDS) * 1000 };
    return value;
  }

  /** The cached token, or a new one; parallel callers share a single token request. */
  private async accessToken(): Promise<string> {
    if (this.token && this.now() < this.token.expiresAt - TOKEN_MARGIN_MS) return this.token.value;
    this.tokenRequest ??= this.fetchToken().finally(() => (this.tokenRequest = null));
    return this.tokenRequest;
  }

  private async fetchToken(): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (this.options.scopes) form.set('scope', this.options.scopes.join(' '));
    const basic = Buffer.from(`${formEncode(this.options.clientId)}:${formEncode(this.options.clientSecret)}`).toString('base64');
    let answer: TargetAnswer;
    try {
      answer = await this.request({ method: 'POST', path: '/oauth/token', body: { contentType: 'application/x-www-form-urlencoded', data: form.toString() }, headers: { Authorization: `Basic ${basic}` }, auth: false });
    } catch (err) {
      if (err instanceof StudioError && (err.code === 'TARGET_AUTH_FAILED' || err.code === 'TARGET_REJECTED')) {
        const body = err.details?.problem as { error?: string; error_description?: string } | null;
        const reason = body?.error_description ?? err.message;
        throw new StudioError('TARGET_AUTH_FAILED', `Academia Pro refused to issue a token for client "${this.options.clientId}": ${reason}`, body?.error === 'invalid_scope' ? 'Ask the Academia Pro administrator to grant the client the scopes it needs.' : 'Check the client id and secret on the Target screen (or enter the secret again with `academia-studio target <project> set --secret-stdin`).', { details: err.details, cause: err });
      }
      throw err;
    }
    const body = answer.body as { access_token?: unknown; expires_in?: unknown; scope?: unknown };
    if (typeof body.access_token !== 'string') {
      throw new StudioError('TARGET_AUTH_FAILED', 'Academia Pro answered the token request without an access token.', 'Check that the target address points at the Academia Pro API.');
    }
    const ttl = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
    this.token = { value: body.access_token, expiresAt: this.clock() + ttl * 1000 };
    this.grantedScopes = typeof body.scope === 'string' ? body.scope.split(/\s+/).filter(Boolean) : null;
    return body.access_token;
  }

  private url(spec: RequestSpec): string {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(spec.query ?? {})) if (value !== undefined) query.set(name, String(value));
    const qs = query.toString();
    return `${this.baseUrl}${spec.path}${qs ? `?${qs}` : ''}`;
  }

  /** Exponential backoff with full jitter: a random wait up to base·2^(retry−1), capped. */
  private backoff(retry: number): number {
    const ceiling = Math.min(this.maxDelay(), (this.options.baseDelayMs ?? 500) * 2 ** (retry - 1));
    return Math.floor(this.random() * ceiling);
  }

  private maxDelay(): number {
    return this.options.maxDelayMs ?? 30_000;
  }

  /** Waits on the client's clock (the injected sleep), honouring cancellation. */
  async sleep(ms: number): Promise<void> {
    if (ms <= 0) return;
    this.throwIfCancelled();
    await this.sleepImpl(ms);
  }

  private throwIfCancelled(): void {
    if (this.options.signal?.aborted) throw new StudioError('CANCELLED', 'The request to Academia Pro was cancelled.', 'Start the run again when ready; a resumed run repeats nothing already pushed.');
  }
}

/**
 * A deterministic Idempotency-Key for one batch of one run: the SHA-256 of the run id, the
 * entity and the batch's canonical JSON. A resumed run that sends the same batch again sends
 * the same key, so Academia Pro replays its first answer instead of writing twice.
 */
export function idempotencyKeyFor(runId: string, entity: string, records: unknown[]): string {
  return createHash('sha256').update(`${runId}\n${entity}\n${canonicalJson(records)}`).digest('hex');
}

/**
 * Checks that a batch answer has one result per record, in order, and names each result by the
 * externalId of the record it answers (the wire leaves it null for a record without one).
 */
function alignResults(path: string, records: Record<string, unknown>[], results: unknown): BatchResult[] {
  const misaligned = (why: string) =>
    new StudioError('TARGET_REJECTED', `Academia Pro answered POST ${path} ${why}.`, 'The target does not follow the API document; send the log to support.', { details: { path, records: records.length } });
  if (!Array.isArray(results) || results.length !== records.length) throw misaligned(`with ${Array.isArray(results) ? results.length : 'no'} results for ${records.length} records`);
  return (results as WireBatchResult[]).map((result, i) => {
    const sent = records[i].externalId;
    const externalId = typeof sent === 'string' ? sent : sent === undefined || sent === null ? '' : String(sent);
    if (result.externalId !== null && result.externalId !== externalId) throw misaligned(`out of order (result ${i} is for "${result.externalId}", not "${externalId}")`);
    return { ...result, externalId, errors: result.errors ?? [] };
  });
}

/**
 * Whether sending a request twice does no harm: reads, PUT and DELETE by their nature, and any
 * write carrying an Idempotency-Key (the target replays its first answer).
 */
function isIdempotent(spec: RequestSpec): boolean {
  if (spec.method === 'GET' || spec.method === 'PUT' || spec.method === 'DELETE') return true;
  return Object.keys(spec.headers ?? {}).some((h) => h.toLowerCase() === 'idempotency-key');
}

/** The version segment of an /api/<version>/… path. */
function versionOf(path: string): string | null {
  return /^\/api\/(v\d+)(?:\/|$)/.exec(path)?.[1] ?? null;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { StudioError } from '../shared/errors';
import { loadAdminContract } from '../academia-api/admin-contract';
import { loadTargetContract, type ApiDocumentContract, type TargetApiVersion, type TargetContract } from '../academia-api/contract';
import { adminHandlers } from './admin-handlers';
import { attachmentHandlers } from './attachment-handlers';
import { AttachmentStore } from './attachment-store';
import { bulkHandlers } from './bulk-handlers';
import { BulkProcessor } from './bulk-processor';
import { BulkStore } from './bulk-store';
import { EndpointMonitor } from './endpoint-monitor';
import { EventLog } from './event-log';
import { FaultInjector, NO_FAULTS, parseFaults, seededRandom, type FaultPlan } from './faults';
import type { Handler, HandlerRequest, SandboxServices } from './handler-context';
import { readBody } from './http-body';
import { ProblemFactory, problemAnswer, type SandboxAnswer } from './problem';
import { SlidingWindowLimiter } from './rate-limiter';
import { recordHandlers } from './record-handlers';
import { SandboxAuth, type Authentication } from './sandbox-auth';
import { SandboxStore, type StoredClient } from './sandbox-store';
import { TimerScheduler, type SandboxScheduler } from './scheduler';
import { serviceHandlers } from './service-handlers';
import { ThrottlePolicy } from './throttle-policy';
import { VersionRegistry } from './version-registry';
import { WebhookDispatcher } from './webhook-dispatcher';
import { webhookHandlers } from './webhook-handlers';
import { WebhookStore } from './webhook-store';

/** How to start the sandbox. Everything is optional. */
export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Only the loopback interface: the sandbox is for rehearsals on this machine. */
  host?: '127.0.0.1';
  /** SQLite file that keeps clients and records across restarts; ':memory:' (default) forgets. */
  dataFile?: string;
  /** The API client to accept; taken from the data file, or generated, when missing. */
  clientId?: string;
  clientSecret?: string;
  /** The default throttle rule: sliding-window limits per client (anonymous callers per address). Defaults 600 and 20 000. */
  limitPerMinute?: number;
  limitPerHour?: number;
  /** Lifetime of issued tokens (default: the document's x-limits.tokenTtlSeconds, 3600). */
  tokenTtlSeconds?: number;
  /** Milliseconds since the epoch; inject to test expiry and rate windows without waiting. */
  clock?: () => number;
  /** Where asynchronous work runs (bulk operations, webhook deliveries); real timers by default. */
  scheduler?: SandboxScheduler;
  /** Faults to inject: the CLI form ("5xx=0.1,timeout=0.05,reset=0.02,latency=50ms,burst429=0.01") or a parsed plan. */
  faults?: string | FaultPlan;
  /** Seed of the fault PRNG (same seed, same faults). Default 1. */
  seed?: number;
  /** The one API version to serve (kept for callers that serve one); `apiVersions` serves several. */
  apiVersion?: TargetApiVersion;
  /** The API versions to serve (default ['v1']), each under /api/<version>. */
  apiVersions?: TargetApiVersion[];
  /**
   * The version to announce as Production (served even if not listed). When it is not the one
   * the documents call Production (v1), that one becomes Deprecated: its answers carry
   * Deprecation, Sunset and Link headers.
   */
  productionVersion?: TargetApiVersion;
  /** When a version deprecated at start may stop answering (ms since the epoch); default 180 days on. */
  sunsetAt?: number;
  /** The bearer token of the admin API (/admin/v1); generated when missing. */
  adminToken?: string;
  /** How webhook deliveries are sent (tests); global fetch by default. */
  webhookFetch?: typeof fetch;
  /** Called after every answer (for the CLI's request log). */
  onRequest?: (entry: SandboxRequestLog) => void;
}

/** One line of the sandbox's request log. */
export interface SandboxRequestLog {
  method: string;
  path: string;
  /** Null when the answer was withheld or the connection dropped (timeout / reset faults). */
  status: number | null;
  ms: number;
  fault: string | null;
}

/** A running sandbox. */
export interface RunningSandbox {
  /** http://127.0.0.1:<port>, without a trailing slash. */
  url: string;
  port: number;
  clientId: string;
  clientSecret: string;
  /** The same client's key for the X-Api-Key scheme. */
  apiKey: string;
  /** The bearer token of the admin API at <url>/admin/v1. */
  adminToken: string;
  /** The versions served, e.g. ['v1', 'v2']. */
  apiVersions: TargetApiVersion[];
  /**
   * Tells the sandbox the school a project will load into, as a real tenant knows its school
   * before anything is pushed: listing a school-scoped entity under it answers an empty page
   * instead of a 404 while the school record has not been written yet (a dry run's
   * reconciliation pushes nothing). Writes under it still need the school written first, so the
   * load order is checked as before; the schools list shows only written schools.
   */
  knowSchool(externalId: string): void;
  close(): Promise<void>;
}

const DEFAULT_LIMIT_PER_MINUTE = 600;
const DEFAULT_LIMIT_PER_HOUR = 20_000;
const ADMIN_MAX_BODY_BYTES = 1024 * 1024;
/** A withheld answer (timeout fault) is abandoned after this long, in case the client never gives up. */
const HOLD_TIMEOUT_MS = 120_000;

const HANDLERS: Record<string, Handler> = { ...serviceHandlers, ...recordHandlers, ...attachmentHandlers, ...bulkHandlers, ...webhookHandlers };

/**
 * Starts the Academia Pro sandbox on node:http. It implements the OpenAPI documents generically:
 * routes, required scopes and entity handling come from the documents, request bodies are
 * validated with the same contract the studio uses. It serves one or more API versions from one
 * store, the admin API (API_MANAGEMENT) at /admin/v1, webhooks and bulk operations.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const clock = options.clock ?? Date.now;
  const served = servedVersions(options);
  const contracts = new Map<TargetApiVersion, TargetContract>(served.map((v) => [v, loadTargetContract(v)]));
  const versions = new VersionRegistry(contracts, clock);
  if (options.productionVersion) versions.setStatus(options.productionVersion, 'Production', options.sunsetAt);
  const shared = contracts.get(versions.production() ?? served[0]) as TargetContract;
  const admin = loadAdminContract();
  const store = new SandboxStore(options.dataFile ?? ':memory:');
  let client: StoredClient;
  try {
    client = resolveClient(store, options, clock);
  } catch (err) {
    store.close();
    throw err;
  }
  const plan = typeof options.faults === 'string' ? parseFaults(options.faults) : (options.faults ?? NO_FAULTS);
  const faults = new FaultInjector(plan, seededRandom(options.seed ?? 1), typeof options.faults === 'string' ? options.faults : null);
  const problems = new ProblemFactory(shared.problemBase);
  const scheduler = options.scheduler ?? new TimerScheduler((err) => process.stderr.write(`sandbox: background work failed: ${(err as Error).message}\n`));
  const events = new EventLog(store.db, clock);
  const webhooks = new WebhookStore(store.db);
  const bulk = new BulkStore(store.db);
  const allScopes = [...new Set([...contracts.values()].flatMap((c) => c.scopes))];
  let baseUrl = '';
  const services: SandboxServices = {
    store,
    contract: shared,
    contracts,
    problems,
    auth: new SandboxAuth(store, allScopes, clock, options.tokenTtlSeconds ?? shared.limits.tokenTtlSeconds),
    clock,
    baseUrl: () => baseUrl,
    versions,
    throttle: new ThrottlePolicy(store.db, { perMinute: options.limitPerMinute ?? DEFAULT_LIMIT_PER_MINUTE, perHour: options.limitPerHour ?? DEFAULT_LIMIT_PER_HOUR }),
    events,
    attachments: new AttachmentStore(store.db),
    webhooks,
    dispatcher: new WebhookDispatcher(webhooks, events, scheduler, clock, options.webhookFetch),
    bulk,
    bulkProcessor: new BulkProcessor({ bulk, records: store, events, problems, scheduler, clock, sliceRecords: shared.limits.bulkRecordsPerSlice }),
    monitor: new EndpointMonitor(clock()),
    knownSchools: new Set<string>(),
    faults,
    startedAt: clock(),
  };
  const limiter = new SlidingWindowLimiter([{ limit: DEFAULT_LIMIT_PER_MINUTE, windowMs: 60_000 }], clock);
  const adminToken = options.adminToken ?? `adm_${randomBytes(24).toString('base64url')}`;
  const pipeline: Pipeline = { limiter, onRequest: options.onRequest, admin, adminToken };

  const server = createServer((req, res) => {
    void serve(services, pipeline, req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        writeAnswer(res, problemAnswer(services.problems.make(500, 'internal', `The sandbox failed: ${(err as Error).message}`, { title: 'Internal error' })));
      } else res.destroy();
    });
  });
  // Keep idle connections longer than any client waits between two requests of a run (staging
  // can take minutes between the target check and the first push): a connection the server
  // closes while the client still holds it kept-alive is the reset a first push used to meet.
  server.keepAliveTimeout = 10 * 60_000;
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      store.close();
      if (err.code === 'EADDRINUSE') {
        reject(new StudioError('PORT_IN_USE', `Port ${options.port} on 127.0.0.1 is already in use, so the sandbox cannot start there.`, 'Stop whatever uses that port, or start the sandbox with another --port (0 picks a free one).'));
      } else reject(err);
    };
    server.once('error', onError);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
  // Work a previous run left unfinished (a data file) carries on.
  services.dispatcher.resume();
  if (bulk.pending().length) services.bulkProcessor.kick();

  let closing: Promise<void> | null = null;
  return {
    url: baseUrl,
    port,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    apiKey: client.apiKey,
    adminToken,
    apiVersions: served,
    knowSchool(externalId) {
      const problems = shared.validate('schools', { externalId, name: externalId }).filter((p) => p.field === 'externalId');
      if (problems.length) {
        throw new StudioError('TARGET_PROFILE_INVALID', `The embedded sandbox cannot hold a school "${externalId}": ${problems.map((p) => p.message).join(' ')}`, 'Give the target a school id of 1 to 100 characters without leading or trailing spaces (Target screen, or `academia-studio target <project> set --school ID`).');
      }
      services.knownSchools.add(externalId);
    },
    close() {
      closing ??= (async () => {
        services.bulkProcessor.stop();
        scheduler.dispose();
        await services.dispatcher.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const socket of sockets) socket.destroy();
        });
        store.close();
      })();
      return closing;
    },
  };
}

/** The versions to serve: apiVersions, else apiVersion, else v1; plus the Production version when named. */
function servedVersions(options: SandboxOptions): TargetApiVersion[] {
  const list = options.apiVersions?.length ? [...options.apiVersions] : [options.apiVersion ?? 'v1'];
  if (options.productionVersion && !list.includes(options.productionVersion)) list.push(options.productionVersion);
  return [...new Set(list)].sort();
}

/** Credentials given in the options win; otherwise the data file's first client; otherwise new ones. */
function resolveClient(store: SandboxStore, options: SandboxOptions, clock: () => number): StoredClient {
  const known = options.clientId ? store.client(options.clientId) : store.firstClient();
  const clientId = options.clientId ?? known?.clientId ?? `sandbox-${randomBytes(4).toString('hex')}`;
  const clientSecret = options.clientSecret ?? known?.clientSecret ?? randomBytes(24).toString('base64url');
  const client: StoredClient = {
    clientId,
    clientSecret,
    apiKey: known?.apiKey ?? `ak_${randomBytes(18).toString('base64url')}`,
    scopes: known?.scopes ?? '*',
    createdAt: known?.createdAt ?? clock(),
    name: known?.name ?? null,
    revokedAt: known?.revokedAt ?? null,
  };
  store.saveClient(client);
  return client;
}

interface Pipeline {
  limiter: SlidingWindowLimiter;
  onRequest?: (entry: SandboxRequestLog) => void;
  admin: ApiDocumentContract;
  adminToken: string;
}

const VERSIONED = /^\/api\/(v\d+)(?:\/|$)/;

async function serve(services: SandboxServices, pipeline: Pipeline, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const rawUrl = req.url ?? '/';
  const queryAt = rawUrl.indexOf('?');
  const path = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? '' : rawUrl.slice(queryAt + 1));
  res.setHeader('X-Request-Id', randomUUID());
  if (path === '/admin/v1' || path.startsWith('/admin/')) {
    await serveAdmin(services, pipeline, { method, path, query }, req, res);
    return;
  }
  const { problems, auth } = services;
  const log = (status: number | null, fault: string | null) => pipeline.onRequest?.({ method, path, status, ms: Date.now() - started, fault });

  const versionInPath = VERSIONED.exec(path)?.[1] as TargetApiVersion | undefined;
  const contract = versionInPath ? services.contracts.get(versionInPath) : services.contract;
  const match = contract ? contract.matchOperation(method, path) : ({ kind: 'not-found' } as const);
  const operation = match.kind === 'match' ? match.operation : null;
  const monitored = (status: number | null) => {
    if (operation && contract) services.monitor.record({ operationId: operation.operationId, method, path: operation.pathTemplate, apiVersion: contract.version }, status, Date.now() - started, services.clock());
  };
  const finish = (answer: SandboxAnswer, fault: string | null = null) => {
    const status = writeAnswer(res, answer);
    monitored(status);
    log(status, fault);
  };

  const draw = operation && operation.handler !== 'document' && services.faults.active ? services.faults.draw() : null;
  if (draw?.latencyMs) await delay(draw.latencyMs);

  const authentication: Authentication = auth.authenticate(req.headers);
  const clientId = authentication.kind === 'ok' ? authentication.principal.clientId : null;
  const caller = clientId !== null ? `client:${clientId}` : `anon:${req.socket.remoteAddress ?? ''}`;
  const limits = services.throttle.limitsFor(clientId, services.clock());
  const decision = pipeline.limiter.check(caller, limits.windows);
  for (const [name, value] of Object.entries(decision.headers)) res.setHeader(name, value);
  if (versionInPath && contract) for (const [name, value] of Object.entries(services.versions.headersFor(contract.version, services.baseUrl()))) res.setHeader(name, value);
  if (!decision.allowed) {
    const seconds = decision.retryAfterSeconds ?? 1;
    finish(problemAnswer(problems.make(429, 'rate-limited', `Rate limit reached; retry in ${seconds} s.`, { instance: path }), { 'Retry-After': String(seconds) }));
    return;
  }
  if (draw?.before === 'down') {
    finish(problemAnswer(problems.make(503, 'unavailable', 'The service is down (the sandbox was told to fail); retry later.', { instance: path }), { 'Retry-After': '30' }), 'down');
    return;
  }
  if (draw?.before === 'burst429') {
    finish(problemAnswer(problems.make(429, 'rate-limited', 'Too many requests right now; wait a moment.', { instance: path }), { 'Retry-After': '1' }), 'burst429');
    return;
  }
  if (draw?.before === 'server-error') {
    finish(problemAnswer(problems.make(503, 'unavailable', 'The service is briefly unavailable; retry with backoff.', { instance: path }), { 'Retry-After': '1' }), '5xx');
    return;
  }

  if (!contract) {
    const servedList = [...services.contracts.keys()].join(', ');
    finish(problemAnswer(problems.make(404, 'no-such-version', `This service does not serve API version ${versionInPath}; it serves ${servedList}.`, { instance: path })));
    return;
  }
  if (match.kind === 'not-found') {
    finish(problemAnswer(problems.make(404, 'no-such-path', `There is no ${path} in this API.`, { instance: path })));
    return;
  }
  if (match.kind === 'method-not-allowed') {
    finish(problemAnswer(problems.make(405, 'method-not-allowed', `${path} does not accept ${method}; it accepts ${match.allowed.join(', ')}.`, { instance: path }), { Allow: match.allowed.join(', ') }));
    return;
  }
  const op = match.operation;

  let principal: HandlerRequest['principal'] = authentication.kind === 'ok' ? authentication.principal : null;
  if (op.scopes !== null) {
    if (authentication.kind !== 'ok') {
      const expired = authentication.kind === 'invalid' && authentication.expired;
      const detail = authentication.kind === 'invalid' ? authentication.detail : 'This operation needs credentials: a bearer token from /oauth/token, a JWT or an X-Api-Key.';
      const challenge = authentication.kind === 'invalid' ? `Bearer realm="academia-pro", error="invalid_token", error_description="${detail.replace(/"/g, "'")}"` : 'Bearer realm="academia-pro"';
      finish(problemAnswer(problems.make(401, expired ? 'token-expired' : 'unauthorized', detail, { instance: path }), { 'WWW-Authenticate': challenge }));
      return;
    }
    const granted = authentication.principal.scopes;
    if (op.scopes.length > 0 && !op.scopes.some((s) => granted.has(s))) {
      const needed = op.scopes.join(' or ');
      finish(
        problemAnswer(problems.make(403, 'insufficient-scope', `This operation needs the scope ${needed}, which the credentials do not carry.`, { instance: path, code: 'insufficient-scope' }), {
          'WWW-Authenticate': `Bearer realm="academia-pro", error="insufficient_scope", scope="${op.scopes.join(' ')}"`,
        }),
      );
      return;
    }
    principal = authentication.principal;
  }

  let body: Buffer | null = null;
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
    const maxBytes = op.maxBodyBytes ?? contract.limits.maxBodyBytes;
    const read = await readBody(req, maxBytes);
    if (read.tooLarge) {
      finish(problemAnswer(problems.make(413, 'body-too-large', `The body has ${read.size} bytes; at most ${maxBytes} are allowed here. Send less at a time.`, { instance: path })));
      return;
    }
    body = read.bytes;
  }

  const handler = HANDLERS[op.handler];
  const answer: SandboxAnswer = handler
    ? await handler(services, { operation: op, contract, path, params: match.params, query, headers: req.headers, body, principal })
    : problemAnswer(problems.make(501, 'not-implemented', `The sandbox has no handler "${op.handler}" for ${op.operationId}.`, { title: 'Not implemented', instance: path }));

  // These faults strike after the work is done: the change is stored, the answer is lost.
  if (draw?.after === 'reset') {
    req.socket.destroy();
    monitored(null);
    log(null, 'reset');
    return;
  }
  if (draw?.after === 'timeout') {
    const abandon = setTimeout(() => req.socket.destroy(), HOLD_TIMEOUT_MS);
    abandon.unref();
    req.socket.once('close', () => clearTimeout(abandon));
    monitored(null);
    log(null, 'timeout');
    return;
  }
  finish(answer);
}

/** The admin API: bearer admin token, no rate limit, no faults, not counted in monitoring. */
async function serveAdmin(services: SandboxServices, pipeline: Pipeline, url: { method: string; path: string; query: URLSearchParams }, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const { problems } = services;
  const { method, path } = url;
  const done = (answer: SandboxAnswer) => {
    const status = writeAnswer(res, answer);
    pipeline.onRequest?.({ method, path, status, ms: Date.now() - started, fault: null });
  };
  const given = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!given || !sameToken(given, pipeline.adminToken)) {
    done(problemAnswer(problems.make(401, 'unauthorized', given ? 'The admin token is wrong.' : 'The admin API needs the admin token the sandbox printed at start (Authorization: Bearer <token>).', { instance: path }), { 'WWW-Authenticate': 'Bearer realm="academia-pro-admin"' }));
    return;
  }
  const match = pipeline.admin.matchOperation(method, path);
  if (match.kind === 'not-found') {
    done(problemAnswer(problems.make(404, 'no-such-path', `There is no ${path} in the admin API.`, { instance: path })));
    return;
  }
  if (match.kind === 'method-not-allowed') {
    done(problemAnswer(problems.make(405, 'method-not-allowed', `${path} does not accept ${method}; it accepts ${match.allowed.join(', ')}.`, { instance: path }), { Allow: match.allowed.join(', ') }));
    return;
  }
  let body: Buffer | null = null;
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
    const read = await readBody(req, ADMIN_MAX_BODY_BYTES);
    if (read.tooLarge) {
      done(problemAnswer(problems.make(400, 'body-too-large', `The body has ${read.size} bytes; admin requests are small (at most ${ADMIN_MAX_BODY_BYTES}).`, { instance: path })));
      return;
    }
    body = read.bytes;
  }
  const handler = adminHandlers[match.operation.handler];
  done(
    handler
      ? handler(services, { operation: match.operation, document: pipeline.admin, path, params: match.params, query: url.query, headers: req.headers, body })
      : problemAnswer(problems.make(501, 'not-implemented', `The sandbox has no admin handler "${match.operation.handler}".`, { instance: path })),
  );
}

function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function writeAnswer(res: ServerResponse, answer: SandboxAnswer): number {
  const payload = answer.raw ?? (answer.body === undefined ? null : Buffer.from(JSON.stringify(answer.body)));
  res.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
  if (payload) {
    res.setHeader('Content-Type', answer.contentType ?? 'application/json; charset=utf-8');
    res.setHeader('Content-Length', payload.length);
    res.end(payload);
  } else res.end();
  return answer.status;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { StudioError } from '../shared/errors';
import { loadTargetContract, type TargetApiVersion } from '../main/engine/target/contract';
import { FaultInjector, NO_FAULTS, parseFaults, seededRandom, type FaultPlan } from './faults';
import type { Handler, HandlerRequest, SandboxServices } from './handler-context';
import { readBody } from './http-body';
import { ProblemFactory, problemAnswer, type SandboxAnswer } from './problem';
import { SlidingWindowLimiter } from './rate-limiter';
import { recordHandlers } from './record-handlers';
import { SandboxAuth, type Authentication } from './sandbox-auth';
import { SandboxStore, type StoredClient } from './sandbox-store';
import { serviceHandlers } from './service-handlers';

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
  /** Sliding-window limits per client (anonymous callers per address). Defaults 600 and 20 000. */
  limitPerMinute?: number;
  limitPerHour?: number;
  /** Lifetime of issued tokens (default: the document's x-limits.tokenTtlSeconds, 3600). */
  tokenTtlSeconds?: number;
  /** Milliseconds since the epoch; inject to test expiry and rate windows without waiting. */
  clock?: () => number;
  /** Faults to inject: the CLI form ("5xx=0.1,timeout=0.05,reset=0.02,latency=50ms,burst429=0.01") or a parsed plan. */
  faults?: string | FaultPlan;
  /** Seed of the fault PRNG (same seed, same faults). Default 1. */
  seed?: number;
  /** The API version the sandbox serves. */
  apiVersion?: TargetApiVersion;
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
  close(): Promise<void>;
}

const DEFAULT_LIMIT_PER_MINUTE = 600;
const DEFAULT_LIMIT_PER_HOUR = 20_000;
/** A withheld answer (timeout fault) is abandoned after this long, in case the client never gives up. */
const HOLD_TIMEOUT_MS = 120_000;

const HANDLERS: Record<string, Handler> = { ...serviceHandlers, ...recordHandlers };

/**
 * Starts the Academia Pro sandbox on node:http. It implements the OpenAPI document generically:
 * routes, required scopes and entity handling come from the document, request bodies are
 * validated with the same contract the studio uses.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const clock = options.clock ?? Date.now;
  const contract = loadTargetContract(options.apiVersion ?? 'v1');
  const store = new SandboxStore(options.dataFile ?? ':memory:');
  let client: StoredClient;
  try {
    client = resolveClient(store, options, clock);
  } catch (err) {
    store.close();
    throw err;
  }
  const limitPerMinute = options.limitPerMinute ?? DEFAULT_LIMIT_PER_MINUTE;
  const limitPerHour = options.limitPerHour ?? DEFAULT_LIMIT_PER_HOUR;
  const plan = typeof options.faults === 'string' ? parseFaults(options.faults) : (options.faults ?? NO_FAULTS);
  const faults = new FaultInjector(plan, seededRandom(options.seed ?? 1));
  const limiter = new SlidingWindowLimiter(
    [
      { limit: limitPerMinute, windowMs: 60_000 },
      { limit: limitPerHour, windowMs: 3_600_000 },
    ],
    clock,
  );
  let baseUrl = '';
  const services: SandboxServices = {
    store,
    contract,
    problems: new ProblemFactory(contract.problemBase),
    auth: new SandboxAuth(store, contract.scopes, clock, options.tokenTtlSeconds ?? contract.limits.tokenTtlSeconds),
    clock,
    baseUrl: () => baseUrl,
    limitPerMinute,
    limitPerHour,
  };

  const server = createServer((req, res) => {
    void serve(services, { limiter, faults, onRequest: options.onRequest }, req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        writeAnswer(res, problemAnswer(services.problems.make(500, 'internal', `The sandbox failed: ${(err as Error).message}`, { title: 'Internal error' })));
      } else res.destroy();
    });
  });
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

  let closing: Promise<void> | null = null;
  return {
    url: baseUrl,
    port,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    apiKey: client.apiKey,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          store.close();
          resolve();
        });
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

/** Credentials given in the options win; otherwise the data file's first client; otherwise new ones. */
function resolveClient(store: SandboxStore, options: SandboxOptions, clock: () => number): StoredClient {
  const known = options.clientId ? store.client(options.clientId) : store.firstClient();
  const clientId = options.clientId ?? known?.clientId ?? `sandbox-${randomBytes(4).toString('hex')}`;
  const clientSecret = options.clientSecret ?? known?.clientSecret ?? randomBytes(24).toString('base64url');
  const client: StoredClient = { clientId, clientSecret, apiKey: known?.apiKey ?? `ak_${randomBytes(18).toString('base64url')}`, scopes: known?.scopes ?? '*', createdAt: known?.createdAt ?? clock() };
  store.saveClient(client);
  return client;
}

interface Pipeline {
  limiter: SlidingWindowLimiter;
  faults: FaultInjector;
  onRequest?: (entry: SandboxRequestLog) => void;
}

async function serve(services: SandboxServices, pipeline: Pipeline, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const rawUrl = req.url ?? '/';
  const queryAt = rawUrl.indexOf('?');
  const path = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? '' : rawUrl.slice(queryAt + 1));
  const { problems, auth } = services;
  res.setHeader('X-Request-Id', randomUUID());
  const log = (status: number | null, fault: string | null) => pipeline.onRequest?.({ method, path, status, ms: Date.now() - started, fault });

  const match = services.contract.matchOperation(method, path);
  const operation = match.kind === 'match' ? match.operation : null;
  const draw = operation && operation.handler !== 'document' && pipeline.faults.active ? pipeline.faults.draw() : null;
  if (draw?.latencyMs) await delay(draw.latencyMs);

  const authentication: Authentication = auth.authenticate(req.headers);
  const caller = authentication.kind === 'ok' ? `client:${authentication.principal.clientId}` : `anon:${req.socket.remoteAddress ?? ''}`;

  const decision = pipeline.limiter.check(caller);
  for (const [name, value] of Object.entries(decision.headers)) res.setHeader(name, value);
  if (!decision.allowed) {
    const seconds = decision.retryAfterSeconds ?? 1;
    log(writeAnswer(res, problemAnswer(problems.make(429, 'rate-limited', `Rate limit reached; retry in ${seconds} s.`, { instance: path }), { 'Retry-After': String(seconds) })), null);
    return;
  }

  if (draw?.before === 'burst429') {
    const answer = problemAnswer(problems.make(429, 'rate-limited', 'Too many requests right now; wait a moment.', { instance: path }), { 'Retry-After': '1' });
    log(writeAnswer(res, answer), 'burst429');
    return;
  }
  if (draw?.before === 'server-error') {
    const answer = problemAnswer(problems.make(503, 'unavailable', 'The service is briefly unavailable; retry with backoff.', { instance: path }), { 'Retry-After': '1' });
    log(writeAnswer(res, answer), '5xx');
    return;
  }

  if (match.kind === 'not-found') {
    log(writeAnswer(res, problemAnswer(problems.make(404, 'no-such-path', `There is no ${path} in this API.`, { instance: path }))), null);
    return;
  }
  if (match.kind === 'method-not-allowed') {
    log(writeAnswer(res, problemAnswer(problems.make(405, 'method-not-allowed', `${path} does not accept ${method}; it accepts ${match.allowed.join(', ')}.`, { instance: path }), { Allow: match.allowed.join(', ') })), null);
    return;
  }
  const op = match.operation;

  let principal: HandlerRequest['principal'] = null;
  if (op.scopes !== null) {
    if (authentication.kind !== 'ok') {
      const expired = authentication.kind === 'invalid' && authentication.expired;
      const detail = authentication.kind === 'invalid' ? authentication.detail : 'This operation needs credentials: a bearer token from /oauth/token, a JWT or an X-Api-Key.';
      const challenge = authentication.kind === 'invalid' ? `Bearer realm="academia-pro", error="invalid_token", error_description="${detail.replace(/"/g, "'")}"` : 'Bearer realm="academia-pro"';
      log(writeAnswer(res, problemAnswer(problems.make(401, expired ? 'token-expired' : 'unauthorized', detail, { instance: path }), { 'WWW-Authenticate': challenge })), null);
      return;
    }
    const granted = authentication.principal.scopes;
    if (op.scopes.length > 0 && !op.scopes.some((s) => granted.has(s))) {
      const needed = op.scopes.join(' or ');
      const answer = problemAnswer(problems.make(403, 'insufficient-scope', `This operation needs the scope ${needed}, which the credentials do not carry.`, { instance: path, code: 'insufficient-scope' }), {
        'WWW-Authenticate': `Bearer realm="academia-pro", error="insufficient_scope", scope="${op.scopes.join(' ')}"`,
      });
      log(writeAnswer(res, answer), null);
      return;
    }
    principal = authentication.principal;
  }

  let body: Buffer | null = null;
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
    const read = await readBody(req, services.contract.limits.maxBodyBytes);
    if (read.tooLarge) {
      log(writeAnswer(res, problemAnswer(problems.make(413, 'body-too-large', `The body has ${read.size} bytes; at most ${services.contract.limits.maxBodyBytes} are allowed. Send smaller batches.`, { instance: path }))), null);
      return;
    }
    body = read.bytes;
  }

  const handler = HANDLERS[op.handler];
  const answer: SandboxAnswer = handler
    ? handler(services, { operation: op, path, params: match.params, query, headers: req.headers, body, principal })
    : problemAnswer(problems.make(501, 'not-implemented', `The sandbox has no handler "${op.handler}" for ${op.operationId}.`, { title: 'Not implemented', instance: path }));

  // These faults strike after the work is done: the change is stored, the answer is lost.
  if (draw?.after === 'reset') {
    req.socket.destroy();
    log(null, 'reset');
    return;
  }
  if (draw?.after === 'timeout') {
    const abandon = setTimeout(() => req.socket.destroy(), HOLD_TIMEOUT_MS);
    abandon.unref();
    req.socket.once('close', () => clearTimeout(abandon));
    log(null, 'timeout');
    return;
  }
  log(writeAnswer(res, answer), null);
}

function writeAnswer(res: ServerResponse, answer: SandboxAnswer): number {
  const payload = answer.body === undefined ? '' : JSON.stringify(answer.body);
  res.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
  if (payload) {
    res.setHeader('Content-Type', answer.contentType ?? 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(payload));
  }
  res.end(payload);
  return answer.status;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProblemDetails } from '../../../../academia-api/wire-types';
import { SIGNATURE_TOLERANCE_SECONDS } from '../../../../academia-api/webhook-signature';
import { StudioError } from '../../../../shared/errors';
import { checkWebhookDelivery } from '../../academia/webhook-receiver';
import { systemClock, type ScheduleClock } from '../schedule/schedule-clock';
import type { ScheduleLog } from '../schedule/schedule-log';
import type { EventRouter } from './event-router';

export interface SyncWebhookReceiverOptions {
  router: EventRouter;
  /** The secret Academia Pro signs deliveries with (from the vault); read on every delivery, so a new one applies at once. */
  secret: () => string | Promise<string>;
  /** The address to listen on: loopback unless the user chooses another (a reverse proxy, the school's LAN). */
  host?: string;
  /** 0 (default): a free port. */
  port?: number;
  /** The path deliveries are posted to (default /academia/events); anything else is 404. */
  path?: string;
  /** Bodies above this are refused with 413 unread (default 256 KiB; an event is a few hundred bytes). */
  maxBodyBytes?: number;
  /** Signatures further than this from the clock are refused as replays (default 300 s). */
  toleranceSeconds?: number;
  clock?: ScheduleClock;
  log?: ScheduleLog;
}

export interface RunningWebhookReceiver {
  /** Where to register the webhook in Academia Pro (http://host:port/path). */
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_WEBHOOK_PATH = '/academia/events';
export const DEFAULT_WEBHOOK_MAX_BODY = 256 * 1024;
const PROBLEM_BASE = 'https://academia-pro.example/problems/';

/**
 * The studio's webhook receiver for event-driven syncs (issue 19, item 7). Before trusting
 * anything in a delivery it checks the Academia-Signature over the raw body with a timestamp
 * tolerance against replays (academia/webhook-receiver.ts, the same check as the conformance
 * suite's), and bounds the body. Answers, each refusal as problem details so the sender's
 * delivery log says why: 202 accepted (the jobs it will run, debounced), 200 for an event already
 * seen, 401 a bad, missing or expired signature, 413 a body over the bound, 415/400 not a JSON
 * event, 422 an event for an unknown entity (reported in the sync log), 404/405 elsewhere.
 */
export async function startSyncWebhookReceiver(options: SyncWebhookReceiverOptions): Promise<RunningWebhookReceiver> {
  const host = options.host ?? '127.0.0.1';
  const path = options.path ?? DEFAULT_WEBHOOK_PATH;
  const maxBody = options.maxBodyBytes ?? DEFAULT_WEBHOOK_MAX_BODY;
  const clock = options.clock ?? systemClock;
  const log = options.log ?? (() => {});
  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) problem(res, 500, 'internal', 'Internal error', 'The delivery could not be handled; the sender should retry.');
      log({ at: new Date(clock.now()).toISOString(), job: null, kind: 'event-refused', level: 'error', message: `A webhook delivery could not be handled: ${err instanceof Error ? err.message : String(err)}` });
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://receiver');
    if (url.pathname !== path) return problem(res, 404, 'not-found', 'Not found', `Deliveries go to ${path}.`);
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return problem(res, 405, 'method-not-allowed', 'Method not allowed', 'Deliveries are POSTed.');
    }
    const body = await readBounded(req, maxBody);
    if (body === null) {
      res.setHeader('Connection', 'close');
      return problem(res, 413, 'payload-too-large', 'Payload too large', `A delivery is at most ${maxBody} bytes.`);
    }
    const nowSeconds = Math.floor(clock.now() / 1000);
    const check = checkWebhookDelivery(req.headers, body, await options.secret(), nowSeconds, { toleranceSeconds: options.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS, problemBase: PROBLEM_BASE, instance: path });
    if (!check.ok) {
      log({ at: new Date(clock.now()).toISOString(), job: null, kind: 'event-refused', level: 'warning', message: `A webhook delivery from ${req.socket.remoteAddress ?? 'an unknown address'} was refused (${check.status}): ${check.problem.detail ?? check.problem.title}` });
      return send(res, check.status, check.problem, 'application/problem+json');
    }
    const routed = options.router.route(check.delivery.event, 'webhook');
    switch (routed.outcome) {
      case 'queued':
        return send(res, 202, { accepted: true, jobs: routed.jobs });
      case 'ignored':
        return send(res, 202, { accepted: true, jobs: [], ignored: routed.reason });
      case 'duplicate':
        return send(res, 200, { accepted: true, duplicate: true, jobs: [] });
      case 'unknown-entity':
        return problem(res, 422, 'unknown-entity', 'Unknown entity', routed.error.message, { code: routed.error.code, field: 'data.entity' });
    }
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new StudioError('PORT_IN_USE', `The webhook receiver cannot listen on ${host}:${options.port ?? 0}: the port is in use.`, 'Choose another port for the webhook receiver, or stop the program using it.', { cause: err })
          : new StudioError('BAD_REQUEST', `The webhook receiver cannot listen on ${host}:${options.port ?? 0}: ${err.message}.`, 'Choose an address of this computer (127.0.0.1 keeps it to this computer).', { cause: err }),
      );
    };
    server.once('error', onError);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}${path}`,
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The raw body, or null as soon as it passes `max` bytes (declared or sent). What comes after is
 * read and dropped so the refusal can still be answered, up to a bound; a sender that goes on
 * past it loses the connection.
 */
function readBounded(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    let over = Number.isFinite(declared) && declared > max;
    if (over) resolve(null);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (over) {
        if (size > 16 * max) req.destroy();
        return;
      }
      if (size > max) {
        over = true;
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

function problem(res: ServerResponse, status: number, slug: string, title: string, detail: string, extra: Partial<ProblemDetails> = {}): void {
  send(res, status, { type: `${PROBLEM_BASE}${slug}`, title, status, detail, ...extra }, 'application/problem+json');
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

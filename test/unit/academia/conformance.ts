import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { loadAdminContract } from '../../../src/academia-api/admin-contract';
import { loadTargetContract, type ApiDocumentContract, type TargetApiVersion } from '../../../src/academia-api/contract';

/** An answer, with the JSON body parsed (or the bytes, for binary and NDJSON answers). */
export interface Reply {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers are checked against the document
  bytes: Buffer;
}

export interface CallOptions {
  token?: string;
  apiKey?: string;
  adminToken?: string;
  /** An object (sent as JSON), a string or bytes (sent as they are). */
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Sends requests to a sandbox and checks every answer to a documented operation against the
 * document it belongs to (API version by path, the admin document under /admin): the status must
 * be documented, the content type declared, a JSON body valid. It remembers which operations
 * answered with a success, so a test can prove every operation of a document was exercised.
 */
export class ConformanceRecorder {
  private readonly succeeded = new Map<string, Set<number>>();
  private readonly admin = loadAdminContract();

  async call(base: string, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.adminToken) headers.Authorization = `Bearer ${options.adminToken}`;
    if (options.apiKey) headers['X-Api-Key'] = options.apiKey;
    let payload: string | Buffer | undefined;
    if (options.body !== undefined) {
      if (typeof options.body === 'string' || Buffer.isBuffer(options.body)) payload = options.body as string | Buffer;
      else payload = JSON.stringify(options.body);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    }
    const res = await fetch(base + path, { method, headers, body: payload });
    const bytes = Buffer.from(await res.arrayBuffer());
    const contentType = res.headers.get('content-type') ?? undefined;
    const isJson = !!contentType && /json/.test(contentType) && !/ndjson/.test(contentType);
    const body = isJson && bytes.length ? JSON.parse(bytes.toString('utf8')) : bytes.length ? bytes : undefined;
    const document = this.documentFor(path);
    const match = document?.matchOperation(method, path.split('?')[0]);
    if (document && match?.kind === 'match') {
      const id = match.operation.operationId;
      expect(document.validateResponse(id, res.status, body, bytes.length ? contentType : undefined), `${method} ${path} → ${res.status} (${contentType}) matches the document`).toEqual([]);
      if (res.status >= 200 && res.status < 300) {
        const key = `${document.document.info.title} ${id}`;
        if (!this.succeeded.has(key)) this.succeeded.set(key, new Set());
        this.succeeded.get(key)?.add(res.status);
      }
    }
    if (res.status >= 400) expect(contentType, `${method} ${path} → ${res.status} is problem details`).toMatch(path === '/oauth/token' ? /json/ : /^application\/problem\+json/);
    if (!path.startsWith('/admin')) for (const name of ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']) expect(res.headers.get(name), `${name} on ${method} ${path}`).toMatch(/^\d+$/);
    return { status: res.status, headers: res.headers, body, bytes };
  }

  /** Operations of a document no call has answered with a 2xx yet. */
  missing(document: ApiDocumentContract): string[] {
    return document.operations.map((op) => op.operationId).filter((id) => !this.succeeded.has(`${document.document.info.title} ${id}`));
  }

  private documentFor(path: string): ApiDocumentContract | null {
    if (path.startsWith('/admin')) return this.admin;
    const version = /^\/api\/(v\d+)(?:[/?]|$)/.exec(path)?.[1];
    try {
      return loadTargetContract((version ?? 'v1') as TargetApiVersion);
    } catch {
      return null;
    }
  }
}

/** A token for a sandbox client (client credentials, form-encoded). */
export async function tokenFor(base: string, clientId: string, secret: string, scope?: string): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, ...(scope ? { scope } : {}) });
  const res = await fetch(`${base}/oauth/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** The smallest valid files of each allowed attachment type. */
export const SAMPLE_FILES = {
  png: Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a3b6c0e60000000049454e44ae426082', 'hex'),
  jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1), Buffer.from([0xff, 0xd9])]),
  pdf: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1'),
};

/** Polls a sandbox answer until `done` says so (real time; the sandbox's timers run meanwhile). */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`still not done after ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A webhook receiver on 127.0.0.1 that keeps what it got and answers with the next scripted status (200 once the script runs out). */
export async function receiver(script: number[] = []): Promise<{ url: string; got: { headers: IncomingHttpHeaders; body: string }[]; close: () => Promise<void> }> {
  const got: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = script.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/academia`, got,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}


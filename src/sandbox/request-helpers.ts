import { createHash } from 'node:crypto';
import { canonicalJson } from '../shared/canonical-json';
import type { ApiDocumentContract } from '../academia-api/contract';
import type { HandlerRequest, SandboxServices } from './handler-context';
import { isJsonMediaType, mediaType } from './http-body';
import { problemAnswer, type ProblemFactory, type SandboxAnswer } from './problem';

/** A parsed JSON body, or the problem answer that explains why there is none. */
export type JsonBody = { ok: true; value: unknown } | { ok: false; answer: SandboxAnswer };

/**
 * Reads a request's JSON body: 415 unless the content type is JSON, 400 when it does not parse,
 * 422 (one problem per field in `errors`) when it breaks the operation's request schema.
 */
export function readJsonBody(problems: ProblemFactory, document: ApiDocumentContract, request: Pick<HandlerRequest, 'operation' | 'path' | 'headers' | 'body'>): JsonBody {
  const instance = request.path;
  if (!isJsonMediaType(mediaType(request.headers['content-type'] as string | undefined))) {
    return { ok: false, answer: problemAnswer(problems.make(415, 'unsupported-media-type', 'Send the body as JSON (Content-Type: application/json).', { instance })) };
  }
  let value: unknown;
  try {
    value = JSON.parse((request.body ?? Buffer.alloc(0)).toString('utf8'));
  } catch (err) {
    return { ok: false, answer: problemAnswer(problems.make(400, 'malformed-json', `The body is not valid JSON: ${(err as Error).message}`, { instance })) };
  }
  const fieldProblems = document.validateRequestBody(request.operation.operationId, value);
  if (fieldProblems.length > 0) {
    const errors = fieldProblems.map((p) => problems.make(422, 'validation', p.message, { title: 'Invalid field', pointer: p.pointer, field: p.field, code: p.code }));
    return { ok: false, answer: problemAnswer(problems.make(422, 'invalid-body', `The body does not match the request schema: ${fieldProblems.map((p) => p.message).join(' ')}`, { instance, errors })) };
  }
  return { ok: true, value };
}

/**
 * Runs a write under an Idempotency-Key (when the request carries one): the same key with the
 * same request replays the stored answer (Idempotent-Replayed: true), the same key with another
 * request is refused with 422, and a new key runs `run` in one transaction with its 2xx answer
 * stored. Keys are per client and kept for idempotencyRetentionHours.
 */
export function withIdempotency(services: SandboxServices, request: HandlerRequest, body: unknown, run: () => SandboxAnswer): SandboxAnswer {
  const { store, problems, contract, clock } = services;
  const key = request.headers['idempotency-key'];
  const principal = request.principal;
  if (typeof key !== 'string' || !principal) return store.transaction(run);
  if (key.length === 0 || key.length > 255) {
    return problemAnswer(problems.make(400, 'invalid-parameter', 'The Idempotency-Key header must have 1 to 255 characters.', { instance: request.path, field: 'Idempotency-Key', code: 'invalid-parameter' }));
  }
  const now = clock();
  const retention = contract.limits.idempotencyRetentionHours * 3_600_000;
  const fingerprint = createHash('sha256').update(`${request.operation.method.toUpperCase()} ${request.path}\n${canonicalJson(body)}`).digest('hex');
  const earlier = store.idempotentAnswer(principal.clientId, key, now - retention);
  if (earlier) {
    if (earlier.fingerprint !== fingerprint) {
      return problemAnswer(problems.make(422, 'idempotency-key-reused', `The Idempotency-Key "${key}" was already used with a different request; use a new key for a new request.`, { instance: request.path, code: 'idempotency-key-reused' }));
    }
    return { status: earlier.status, body: JSON.parse(earlier.body), headers: { ...earlier.headers, 'Idempotent-Replayed': 'true' } };
  }
  return store.transaction(() => {
    const answer = run();
    if (answer.status >= 200 && answer.status < 300) {
      store.saveIdempotentAnswer(principal.clientId, key, { fingerprint, status: answer.status, body: JSON.stringify(answer.body ?? null), createdAt: now, ...(answer.headers ? { headers: answer.headers } : {}) });
    }
    // Answers past retention go with each write rather than on a timer, so an injected clock rules.
    store.forgetIdempotentAnswersBefore(now - retention);
    return answer;
  });
}

/** 400 invalid-parameter naming the parameter. */
export function badParameter(services: SandboxServices, request: HandlerRequest, param: string, detail: string): SandboxAnswer {
  return problemAnswer(services.problems.make(400, 'invalid-parameter', detail, { instance: request.path, field: param, code: 'invalid-parameter' }));
}

/** 404 with a slug (…/operation-not-found, …). */
export function notFound(services: SandboxServices, request: HandlerRequest, slug: string, detail: string): SandboxAnswer {
  return problemAnswer(services.problems.make(404, slug, detail, { instance: request.path }));
}

/** The `limit` query parameter (1 to max, default `fallback`), or the 400 that refuses it. */
export function readLimit(services: SandboxServices, request: HandlerRequest, fallback: number, max: number): number | SandboxAnswer {
  const text = request.query.get('limit');
  if (text === null) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > max) return badParameter(services, request, 'limit', `limit must be a whole number from 1 to ${max}.`);
  return n;
}

/** An opaque cursor carrying one number. */
export function encodeCursor(n: number): string {
  return Buffer.from(JSON.stringify({ after: n })).toString('base64url');
}

export function decodeCursor(cursor: string): number | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    return typeof parsed.after === 'number' && Number.isInteger(parsed.after) && parsed.after >= 0 ? parsed.after : null;
  } catch {
    return null;
  }
}

/** The `cursor` query parameter (0 when absent), or the 400 that refuses it. */
export function readCursor(services: SandboxServices, request: HandlerRequest, param = 'cursor'): number | SandboxAnswer {
  const text = request.query.get(param);
  if (!text) return 0;
  const n = decodeCursor(text);
  return n === null ? badParameter(services, request, param, `The ${param} is not one this API handed out; start again without it.`) : n;
}

/** Whether the caller holds a scope. */
export function holds(request: HandlerRequest, scope: string): boolean {
  return request.principal?.scopes.has(scope) ?? false;
}

/** 403 naming the scope that is missing. */
export function missingScope(services: SandboxServices, request: HandlerRequest, scope: string): SandboxAnswer {
  return problemAnswer(services.problems.make(403, 'insufficient-scope', `This operation needs the scope ${scope}, which the credentials do not carry.`, { instance: request.path, code: 'insufficient-scope' }), {
    'WWW-Authenticate': `Bearer realm="academia-pro", error="insufficient_scope", scope="${scope}"`,
  });
}

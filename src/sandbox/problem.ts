import type { ProblemDetails } from '../academia-api/wire-types';

export type { ProblemDetails };

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal error',
  501: 'Not implemented',
  503: 'Service unavailable',
};

/** Builds problem details whose `type` is `<base><slug>` (x-problem-base of the document). */
export class ProblemFactory {
  constructor(private readonly base: string) {}

  make(status: number, slug: string, detail: string, extra: Partial<ProblemDetails> = {}): ProblemDetails {
    return { type: `${this.base}${slug}`, title: extra.title ?? TITLES[status] ?? 'Error', status, detail, ...extra };
  }
}

/** An answer the router writes out: status, JSON body (or raw bytes), extra headers. */
export interface SandboxAnswer {
  status: number;
  body?: unknown;
  /** Bytes sent as they are (an attachment, NDJSON) instead of a JSON body. */
  raw?: Buffer;
  headers?: Record<string, string>;
  /** application/json unless said otherwise (problem answers use application/problem+json). */
  contentType?: string;
}

export function problemAnswer(problem: ProblemDetails, headers: Record<string, string> = {}): SandboxAnswer {
  return { status: problem.status, body: problem, headers, contentType: 'application/problem+json; charset=utf-8' };
}

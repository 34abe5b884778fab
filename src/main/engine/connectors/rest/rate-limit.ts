/**
 * What a server says about its rate limit, read from one answer's headers:
 * - `Retry-After` (RFC 9110): seconds, or an HTTP date (compared with the injected clock);
 * - `RateLimit-Remaining` / `RateLimit-Reset` (the IETF draft's separate fields; reset in seconds),
 *   the draft's combined `RateLimit: limit=100, remaining=0, reset=30`, and the common
 *   `X-RateLimit-Remaining` / `X-RateLimit-Reset` (reset in seconds, or an epoch time in seconds).
 * Returns how long to wait before the next request, in milliseconds, or null for no wait.
 */
export function retryAfterMs(headers: Headers, now: number): number | null {
  const value = headers.get('retry-after');
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The wait before the next request when the server says the window's quota is spent; null when it is not. */
export function quotaWaitMs(headers: Headers, now: number): number | null {
  let remaining = numberOf(headers.get('ratelimit-remaining') ?? headers.get('x-ratelimit-remaining'));
  let reset = numberOf(headers.get('ratelimit-reset') ?? headers.get('x-ratelimit-reset'));
  const combined = headers.get('ratelimit');
  if (combined) {
    for (const part of combined.split(/[,;]/)) {
      const [k, v] = part.split('=').map((s) => s.trim().toLowerCase());
      if (k === 'remaining' || k === 'r') remaining = numberOf(v);
      if (k === 'reset' || k === 't') reset = numberOf(v);
    }
  }
  if (remaining === null || remaining > 0 || reset === null) return null;
  // A reset past a billion is an epoch time in seconds (GitHub's style), else a delay in seconds.
  return reset > 1e9 ? Math.max(0, reset * 1000 - now) : reset * 1000;
}

function numberOf(v: string | null | undefined): number | null {
  if (v === null || v === undefined || v.trim() === '') return null;
  const n = Number(v.trim());
  return Number.isFinite(n) && n >= 0 ? n : null;
}

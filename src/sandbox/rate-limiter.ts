/** One limit: at most `limit` requests in any `windowMs` long stretch of time. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

export interface RateDecision {
  allowed: boolean;
  /** RateLimit-Limit / -Remaining / -Reset / -Policy for the tightest window. */
  headers: Record<string, string>;
  /** Whole seconds to wait, when not allowed. */
  retryAfterSeconds?: number;
}

/**
 * Sliding-window rate limits (per minute, per hour, …) per caller. Each caller's request times
 * are kept for the longest window, so every window is exact rather than reset at the top of the
 * minute. Refused requests are not counted: a client that keeps knocking does not lock itself
 * out for longer.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly longest: number;
  private readonly policy: string;

  constructor(
    private readonly windows: RateWindow[],
    private readonly clock: () => number,
  ) {
    this.longest = Math.max(...windows.map((w) => w.windowMs));
    this.policy = windows.map((w) => `${w.limit};w=${Math.round(w.windowMs / 1000)}`).join(', ');
  }

  check(caller: string): RateDecision {
    const now = this.clock();
    const times = this.trimmed(caller, now);
    let retryAfterMs = 0;
    for (const w of this.windows) {
      const first = firstAfter(times, now - w.windowMs);
      const used = times.length - first;
      // Enough of the oldest requests in the window must age out to leave one free slot.
      if (used >= w.limit) retryAfterMs = Math.max(retryAfterMs, times[first + (used - w.limit)] + w.windowMs - now);
    }
    if (retryAfterMs > 0) {
      return { allowed: false, headers: this.headers(times, now), retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
    }
    times.push(now);
    return { allowed: true, headers: this.headers(times, now) };
  }

  private trimmed(caller: string, now: number): number[] {
    let times = this.hits.get(caller);
    if (!times) {
      times = [];
      this.hits.set(caller, times);
    }
    const keepFrom = firstAfter(times, now - this.longest);
    if (keepFrom > 0) times.splice(0, keepFrom);
    return times;
  }

  private headers(times: number[], now: number): Record<string, string> {
    let tightest: { limit: number; remaining: number; reset: number } | null = null;
    for (const w of this.windows) {
      const first = firstAfter(times, now - w.windowMs);
      const used = times.length - first;
      const remaining = Math.max(0, w.limit - used);
      const reset = used === 0 ? 0 : Math.max(0, Math.ceil((times[first] + w.windowMs - now) / 1000));
      if (!tightest || remaining < tightest.remaining) tightest = { limit: w.limit, remaining, reset };
    }
    const t = tightest as { limit: number; remaining: number; reset: number };
    return { 'RateLimit-Limit': String(t.limit), 'RateLimit-Remaining': String(t.remaining), 'RateLimit-Reset': String(t.reset), 'RateLimit-Policy': this.policy };
  }
}

/** Index of the first time strictly after `bound` (times are ascending). */
function firstAfter(times: number[], bound: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] > bound) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

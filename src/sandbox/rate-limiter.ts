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
 * out for longer. The windows may differ per call (a client's own rule, a throttle exception);
 * the request times kept are the same, so a new limit applies to the traffic already sent.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private longest: number;

  constructor(
    private readonly windows: RateWindow[],
    private readonly clock: () => number,
  ) {
    this.longest = Math.max(...windows.map((w) => w.windowMs));
  }

  check(caller: string, windows: RateWindow[] = this.windows): RateDecision {
    const now = this.clock();
    this.longest = Math.max(this.longest, ...windows.map((w) => w.windowMs));
    const times = this.trimmed(caller, now);
    let retryAfterMs = 0;
    for (const w of windows) {
      const first = firstAfter(times, now - w.windowMs);
      const used = times.length - first;
      // Enough of the oldest requests in the window must age out to leave one free slot.
      if (used >= w.limit) retryAfterMs = Math.max(retryAfterMs, times[first + (used - w.limit)] + w.windowMs - now);
    }
    if (retryAfterMs > 0) {
      return { allowed: false, headers: this.headers(windows, times, now), retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
    }
    times.push(now);
    return { allowed: true, headers: this.headers(windows, times, now) };
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

  private headers(windows: RateWindow[], times: number[], now: number): Record<string, string> {
    let tightest: { limit: number; remaining: number; reset: number } | null = null;
    for (const w of windows) {
      const first = firstAfter(times, now - w.windowMs);
      const used = times.length - first;
      const remaining = Math.max(0, w.limit - used);
      const reset = used === 0 ? 0 : Math.max(0, Math.ceil((times[first] + w.windowMs - now) / 1000));
      if (!tightest || remaining < tightest.remaining) tightest = { limit: w.limit, remaining, reset };
    }
    const t = tightest as { limit: number; remaining: number; reset: number };
    const policy = windows.map((w) => `${w.limit};w=${Math.round(w.windowMs / 1000)}`).join(', ');
    return { 'RateLimit-Limit': String(t.limit), 'RateLimit-Remaining': String(t.remaining), 'RateLimit-Reset': String(t.reset), 'RateLimit-Policy': policy };
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

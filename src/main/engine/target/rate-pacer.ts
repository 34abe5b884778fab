/**
 * Paces requests from the RateLimit-* headers Academia Pro sends, so the client slows down
 * before the quota runs out instead of hitting 429s: a token bucket refilled by what the server
 * says. While plenty is left it does not wait at all; in the last tenth it spreads the remaining
 * requests over the time until a slot frees; at zero it waits for that slot. After a 429 every
 * caller waits for the same moment, so parallel pushes do not stampede together.
 */
export class RatePacer {
  private limit: number | null = null;
  private remaining = 0;
  private resetAt = 0;
  private pausedUntil = 0;

  constructor(private readonly now: () => number) {}

  /** Learns the quota from an answer's headers (answers without them leave it as it was). */
  observe(headers: Headers): void {
    const limit = intHeader(headers, 'ratelimit-limit');
    const remaining = intHeader(headers, 'ratelimit-remaining');
    const reset = intHeader(headers, 'ratelimit-reset');
    if (limit === null || remaining === null) return;
    this.limit = limit;
    this.remaining = remaining;
    this.resetAt = this.now() + (reset ?? 0) * 1000;
  }

  /** Holds every request until `time` (after a 429's Retry-After). */
  pauseUntil(time: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, time);
  }

  /** How long the next request should wait, in milliseconds. */
  delayMs(): number {
    const now = this.now();
    let delay = Math.max(0, this.pausedUntil - now);
    if (this.limit !== null && this.resetAt > now) {
      const untilReset = this.resetAt - now;
      const reserve = Math.max(1, Math.ceil(this.limit * 0.1));
      if (this.remaining <= 0) delay = Math.max(delay, untilReset);
      else if (this.remaining <= reserve) delay = Math.max(delay, Math.ceil(untilReset / (this.remaining + 1)));
    }
    return delay;
  }

  /** Counts a request as sent, until the next answer tells the real figure. */
  noteSent(): void {
    if (this.limit !== null) this.remaining = Math.max(0, this.remaining - 1);
  }
}

function intHeader(headers: Headers, name: string): number | null {
  const value = headers.get(name);
  if (value === null) return null;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** Retry-After in milliseconds (seconds or an HTTP date), or null when absent or unreadable. */
export function retryAfterMs(headers: Headers, now: number): number | null {
  const value = headers.get('retry-after');
  if (value === null) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * Paces requests from the RateLimit-* headers Academia Pro sends, so the client slows down
 * before the quota runs out instead of hitting 429s: a token bucket refilled by what the server
 * says. While plenty is left it does not wait at all. In the last tenth it sends at the pace the
 * window sustains (window ÷ limit between sends, from RateLimit-Policy) — in a sliding window
 * slots keep freeing as old requests age out, so that pace uses the whole quota; without a policy
 * it spreads the remaining requests over the time until a slot frees. At zero it waits for that
 * slot. After a 429 every caller waits for the same moment, so parallel pushes do not stampede.
 */
export class RatePacer {
  private limit: number | null = null;
  private remaining = 0;
  private resetAt = 0;
  private pausedUntil = 0;
  /** Milliseconds between sends that the tightest window sustains, when the policy says. */
  private intervalMs: number | null = null;
  private lastSentAt: number | null = null;

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
    const windowSeconds = tightestWindowSeconds(headers.get('ratelimit-policy'), limit);
    this.intervalMs = windowSeconds === null ? null : (windowSeconds * 1000) / limit;
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
      else if (this.remaining <= reserve) {
        const paced = this.intervalMs !== null ? (this.lastSentAt === null ? 0 : Math.ceil(this.lastSentAt + this.intervalMs - now)) : Math.ceil(untilReset / (this.remaining + 1));
        delay = Math.max(delay, paced);
      }
    }
    return delay;
  }

  /** Counts a request as sent, until the next answer tells the real figure. */
  noteSent(): void {
    this.noteSentAt(this.now());
  }

  /**
   * The delay before the next request, with its slot taken at once (counted as sent at the end of
   * that delay). Requests in flight together (pipelined push batches) each get their own slot:
   * two callers asking before either sent would otherwise both be told the same moment.
   */
  reserve(): number {
    const delay = this.delayMs();
    this.noteSentAt(this.now() + delay);
    return delay;
  }

  private noteSentAt(time: number): void {
    this.lastSentAt = this.lastSentAt === null ? time : Math.max(this.lastSentAt, time);
    if (this.limit !== null) this.remaining = Math.max(0, this.remaining - 1);
  }
}

/**
 * The window (seconds) of the policy entry that has the announced limit, from a RateLimit-Policy
 * such as `120;w=60, 20000;w=3600`; null when there is none to read.
 */
function tightestWindowSeconds(policy: string | null, limit: number): number | null {
  if (!policy) return null;
  let best: number | null = null;
  for (const item of policy.split(',')) {
    const m = /^\s*(\d+)\s*;(?:.*;)?\s*w\s*=\s*(\d+)/.exec(item);
    if (!m || Number(m[1]) !== limit) continue;
    const w = Number(m[2]);
    if (w > 0 && (best === null || w < best)) best = w;
  }
  return best;
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

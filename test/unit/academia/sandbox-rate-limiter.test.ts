import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from '../../../src/sandbox/rate-limiter';

describe('SlidingWindowLimiter', () => {
  it('counts a sliding window, not a fixed minute, and names the wait', () => {
    let now = 1_000_000;
    const limiter = new SlidingWindowLimiter([{ limit: 3, windowMs: 60_000 }], () => now);
    expect(limiter.check('a').headers).toMatchObject({ 'RateLimit-Limit': '3', 'RateLimit-Remaining': '2', 'RateLimit-Reset': '60' });
    now += 20_000;
    limiter.check('a');
    now += 20_000;
    expect(limiter.check('a').headers['RateLimit-Remaining']).toBe('0');
    now += 5_000;
    const refused = limiter.check('a');
    expect(refused.allowed).toBe(false);
    // The first request (at 0 s) leaves the window at 60 s; it is now 45 s.
    expect(refused.retryAfterSeconds).toBe(15);
    now += 15_000;
    expect(limiter.check('a').allowed).toBe(true);
    expect(limiter.check('a').allowed).toBe(false);
  });

  it('keeps callers apart and does not count refused requests', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter([{ limit: 1, windowMs: 1000 }], () => now);
    expect(limiter.check('a').allowed).toBe(true);
    expect(limiter.check('b').allowed).toBe(true);
    for (let i = 0; i < 5; i++) expect(limiter.check('a').allowed).toBe(false);
    now = 1001;
    expect(limiter.check('a').allowed).toBe(true);
  });

  it('reports the tightest of several windows and refuses on any of them', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(
      [
        { limit: 10, windowMs: 60_000 },
        { limit: 3, windowMs: 3_600_000 },
      ],
      () => now,
    );
    const first = limiter.check('a');
    expect(first.headers).toMatchObject({ 'RateLimit-Limit': '3', 'RateLimit-Remaining': '2', 'RateLimit-Policy': '10;w=60, 3;w=3600' });
    limiter.check('a');
    limiter.check('a');
    now = 120_000; // the minute window is empty again, the hour one is not
    const refused = limiter.check('a');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBe(3600 - 120);
  });
});

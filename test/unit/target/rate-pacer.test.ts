import { describe, expect, it } from 'vitest';
import { RatePacer, retryAfterMs } from '../../../src/main/engine/target/rate-pacer';

const headers = (limit: number, remaining: number, reset: number) => new Headers({ 'RateLimit-Limit': String(limit), 'RateLimit-Remaining': String(remaining), 'RateLimit-Reset': String(reset) });

describe('RatePacer', () => {
  it('does not wait while the quota is ample or unknown', () => {
    const pacer = new RatePacer(() => 0);
    expect(pacer.delayMs()).toBe(0);
    pacer.observe(headers(100, 50, 60));
    expect(pacer.delayMs()).toBe(0);
  });

  it('spreads the last tenth of the quota over the time left, and waits out an empty one', () => {
    let now = 0;
    const pacer = new RatePacer(() => now);
    pacer.observe(headers(100, 9, 60));
    expect(pacer.delayMs()).toBe(6000); // 60 s over 9 + 1 gaps
    pacer.observe(headers(100, 0, 30));
    expect(pacer.delayMs()).toBe(30_000);
    now = 30_000;
    expect(pacer.delayMs()).toBe(0);
  });

  it('counts requests sent before their answers arrive', () => {
    const pacer = new RatePacer(() => 0);
    pacer.observe(headers(10, 2, 10));
    pacer.noteSent();
    pacer.noteSent();
    expect(pacer.delayMs()).toBe(10_000);
  });

  it('holds everyone until a pause ends', () => {
    let now = 0;
    const pacer = new RatePacer(() => now);
    pacer.pauseUntil(2500);
    expect(pacer.delayMs()).toBe(2500);
    now = 2000;
    expect(pacer.delayMs()).toBe(500);
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterMs(new Headers({ 'Retry-After': '3' }), 0)).toBe(3000);
    expect(retryAfterMs(new Headers({ 'Retry-After': new Date(10_000).toUTCString() }), 4000)).toBe(6000);
    expect(retryAfterMs(new Headers(), 0)).toBeNull();
  });
});

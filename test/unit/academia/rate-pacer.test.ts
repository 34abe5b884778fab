import { describe, expect, it } from 'vitest';
import { RatePacer, retryAfterMs } from '../../../src/main/engine/academia/rate-pacer';

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

  it('gives requests in flight together a slot each, not the same moment', () => {
    const pacer = new RatePacer(() => 0);
    pacer.observe(new Headers({ 'RateLimit-Limit': '100', 'RateLimit-Remaining': '5', 'RateLimit-Reset': '60', 'RateLimit-Policy': '100;w=60' }));
    // In the last tenth the window's pace is 600 ms a request: two pipelined batches go 600 ms apart.
    expect(pacer.reserve()).toBe(0);
    expect(pacer.reserve()).toBe(600);
    expect(pacer.reserve()).toBe(1200);
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

describe('RatePacer with a RateLimit-Policy', () => {
  const withPolicy = (limit: number, remaining: number, reset: number, policy: string) => new Headers({ 'RateLimit-Limit': String(limit), 'RateLimit-Remaining': String(remaining), 'RateLimit-Reset': String(reset), 'RateLimit-Policy': policy });

  it('sends at the pace the tightest window sustains once in the last tenth (sliding windows keep freeing slots)', () => {
    let now = 0;
    const pacer = new RatePacer(() => now);
    pacer.observe(withPolicy(120, 50, 58, '120;w=60, 1000000;w=3600'));
    expect(pacer.delayMs()).toBe(0);
    pacer.noteSent();
    pacer.observe(withPolicy(120, 5, 58, '120;w=60, 1000000;w=3600'));
    // 60 s / 120 requests: one every 500 ms, counted from the last send.
    expect(pacer.delayMs()).toBe(500);
    now = 200;
    expect(pacer.delayMs()).toBe(300);
    now = 600;
    expect(pacer.delayMs()).toBe(0);
  });

  it('still waits out an empty quota, and picks the window that has the announced limit', () => {
    let now = 0;
    const pacer = new RatePacer(() => now);
    pacer.observe(withPolicy(100, 0, 2, '600;w=60, 100;w=3600'));
    expect(pacer.delayMs()).toBe(2000);
    now = 2000;
    pacer.noteSent();
    pacer.observe(withPolicy(100, 3, 30, '600;w=60, 100;w=3600'));
    expect(pacer.delayMs()).toBe(36_000);
  });
});

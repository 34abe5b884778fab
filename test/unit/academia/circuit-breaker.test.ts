import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type CircuitState } from '../../../src/main/engine/academia/circuit-breaker';

function breaker(threshold = 3, cooldownMs = 10_000) {
  let now = 0;
  const changes: CircuitState[] = [];
  const b = new CircuitBreaker(() => now, { failureThreshold: threshold, cooldownMs }, (s) => changes.push(s));
  return { b, changes, advance: (ms: number) => (now += ms) };
}

describe('CircuitBreaker', () => {
  it('opens after the threshold of consecutive failures, and a success resets the count', () => {
    const { b, changes } = breaker(3);
    b.failure();
    b.failure();
    b.success();
    b.failure();
    b.failure();
    expect(b.current).toBe('closed');
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.current).toBe('open');
    expect(b.allow()).toBe(false);
    expect(changes).toEqual(['open']);
  });

  it('lets one probe through after the cool-down; its success closes the circuit', () => {
    const { b, changes, advance } = breaker(1, 10_000);
    b.failure();
    advance(9_999);
    expect(b.allow()).toBe(false);
    expect(b.retryInMs()).toBe(1);
    advance(1);
    expect(b.allow()).toBe(true);
    expect(b.current).toBe('half-open');
    expect(b.allow()).toBe(false);
    b.success();
    expect(b.current).toBe('closed');
    expect(b.allow()).toBe(true);
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('re-opens at once when the probe fails, and neutral answers free the probe slot', () => {
    const { b, advance } = breaker(5, 1000);
    for (let i = 0; i < 5; i++) b.failure();
    advance(1000);
    expect(b.allow()).toBe(true);
    b.neutral();
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.current).toBe('open');
    expect(b.retryInMs()).toBe(1000);
  });
});

import { describe, expect, it } from 'vitest';
import { FaultInjector, parseFaults, seededRandom } from '../../../src/sandbox/faults';

describe('sandbox faults', () => {
  it('parses the CLI form', () => {
    expect(parseFaults('5xx=0.1,timeout=0.05,reset=0.02,latency=50ms,burst429=0.01')).toEqual({ serverError: 0.1, timeout: 0.05, reset: 0.02, latencyMs: 50, burst429: 0.01 });
    expect(parseFaults(' latency = 1s ')).toMatchObject({ latencyMs: 1000, serverError: 0 });
    expect(parseFaults('')).toMatchObject({ serverError: 0, latencyMs: 0 });
  });

  it('refuses unknown faults and probabilities outside 0..1 with a usage error', () => {
    expect(() => parseFaults('flood=0.1')).toThrowError(expect.objectContaining({ code: 'USAGE' }));
    expect(() => parseFaults('5xx=2')).toThrowError(/from 0 to 1/);
    expect(() => parseFaults('latency=soon')).toThrowError(/not a duration/);
    expect(() => parseFaults('5xx')).toThrowError(/name=value/);
  });

  it('strikes with the given frequency, the same way for the same seed', () => {
    const run = (seed: number) => {
      const injector = new FaultInjector(parseFaults('5xx=0.2,reset=0.1'), seededRandom(seed));
      return Array.from({ length: 2000 }, () => injector.draw());
    };
    const a = run(7);
    expect(run(7)).toEqual(a);
    expect(run(8)).not.toEqual(a);
    const errors = a.filter((d) => d.before === 'server-error').length / a.length;
    const resets = a.filter((d) => d.after === 'reset').length / a.length;
    expect(errors).toBeGreaterThan(0.16);
    expect(errors).toBeLessThan(0.24);
    // Resets only strike requests that got past the 503s: about 0.8 × 0.1.
    expect(resets).toBeGreaterThan(0.05);
    expect(resets).toBeLessThan(0.11);
    expect(a.every((d) => d.latencyMs === 0 && !(d.before && d.after))).toBe(true);
  });
});

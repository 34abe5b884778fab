import { describe, expect, it } from 'vitest';
import { HLL_RELATIVE_ERROR, HyperLogLog } from '../../../../src/main/engine/assessment/profiling/hyperloglog';

/** Three standard errors: the documented bound a single estimate stays within 99.7 % of the time. */
const BOUND = 3 * HLL_RELATIVE_ERROR;

describe('HyperLogLog', () => {
  it('documents a relative standard error of about 0.81 %', () => {
    expect(HLL_RELATIVE_ERROR).toBeCloseTo(0.0081, 4);
  });

  it.each([100_000, 300_000, 1_000_000])('estimates %i distinct texts within the documented error', (n) => {
    const hll = new HyperLogLog();
    for (let i = 0; i < n; i++) hll.addString(`pupil-${i}-${(i * 7919) % 1000}`);
    const error = Math.abs(hll.estimate() - n) / n;
    expect(error).toBeLessThan(BOUND);
  });

  it('estimates distinct numbers within the documented error, on average close to 0', () => {
    const errors: number[] = [];
    for (let trial = 0; trial < 6; trial++) {
      const hll = new HyperLogLog();
      const n = 100_000;
      for (let i = 0; i < n; i++) hll.addNumber(trial * 1e7 + i / (trial + 1));
      errors.push((hll.estimate() - n) / n);
    }
    for (const e of errors) expect(Math.abs(e)).toBeLessThan(BOUND);
    const rms = Math.sqrt(errors.reduce((a, e) => a + e * e, 0) / errors.length);
    expect(rms).toBeLessThan(2 * HLL_RELATIVE_ERROR);
  });

  it('is exact enough for small sets and ignores repeats', () => {
    const hll = new HyperLogLog();
    for (let round = 0; round < 50; round++) for (let i = 0; i < 200; i++) hll.add(`v${i}`);
    expect(hll.estimate()).toBeGreaterThanOrEqual(198);
    expect(hll.estimate()).toBeLessThanOrEqual(202);
    expect(new HyperLogLog().estimate()).toBe(0);
  });

  it('merges two sketches into the sketch of the union', () => {
    const a = new HyperLogLog();
    const b = new HyperLogLog();
    const both = new HyperLogLog();
    for (let i = 0; i < 60_000; i++) {
      (i % 2 ? a : b).addString(`k${i}`);
      both.addString(`k${i}`);
    }
    a.merge(b);
    expect(a.estimate()).toBe(both.estimate());
  });
});

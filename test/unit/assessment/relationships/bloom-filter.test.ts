import { describe, expect, it } from 'vitest';
import { BloomFilter, murmur3 } from '../../../../src/main/engine/assessment/relationships/bloom-filter';
import { KeyValueSet } from '../../../../src/main/engine/assessment/relationships/key-set';

describe('BloomFilter', () => {
  it('is sized by the textbook formulas', () => {
    const b = new BloomFilter(1_000_000, 0.001);
    // m = −n ln p / (ln 2)² ≈ 14.38 bits per item; k = m/n · ln 2 ≈ 10.
    expect(b.bits).toBe(Math.ceil((-1_000_000 * Math.log(0.001)) / Math.LN2 ** 2));
    expect(b.hashes).toBe(10);
    expect(b.byteLength).toBeLessThan(1_900_000);
  });

  it('never forgets what was added', () => {
    const b = new BloomFilter(5000, 0.01);
    for (let i = 0; i < 5000; i++) b.add(`pupil-${i}`);
    for (let i = 0; i < 5000; i++) expect(b.has(`pupil-${i}`)).toBe(true);
  });

  it.each([0.01, 0.001])('keeps its false-positive rate within bound at capacity (p = %s)', (p) => {
    const n = 20_000;
    const b = new BloomFilter(n, p);
    for (let i = 0; i < n; i++) b.add(String(i).padStart(6, '0'));
    let falsePositives = 0;
    const probes = 200_000;
    for (let i = 0; i < probes; i++) if (b.has(`x${i}`)) falsePositives++;
    const observed = falsePositives / probes;
    // The expected rate at capacity equals the target; allow sampling noise of a few standard errors.
    expect(b.expectedFalsePositiveRate()).toBeCloseTo(p, p === 0.01 ? 3 : 4);
    expect(observed).toBeLessThan(p * 1.3 + 3 * Math.sqrt((p * (1 - p)) / probes));
  });

  it('hashes with MurmurHash3 x86-32 (reference values)', () => {
    expect(murmur3('', 0)).toBe(0);
    expect(murmur3('', 1)).toBe(0x514e28b7);
  });
});

describe('KeyValueSet', () => {
  it('is exact below its limit and becomes a Bloom filter above it, keeping every member', () => {
    const set = new KeyValueSet(1000, 100);
    for (let i = 0; i < 100; i++) set.add(`k${i}`);
    expect(set.exact).toBe(true);
    expect(set.has('k5')).toBe(true);
    expect(set.has('zzz')).toBe(false);
    for (let i = 100; i < 1000; i++) set.add(`k${i}`);
    expect(set.exact).toBe(false);
    for (let i = 0; i < 1000; i++) expect(set.has(`k${i}`)).toBe(true);
  });
});

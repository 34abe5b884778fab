import { describe, expect, it } from 'vitest';
import { SpaceSaving } from '../../../../src/main/engine/assessment/profiling/space-saving';

/** A deterministic Zipf-like stream: value k appears about n / k^1.1 times, shuffled. */
function zipfStream(distinct: number, scale: number): { stream: number[]; truth: Map<number, number> } {
  const truth = new Map<number, number>();
  const stream: number[] = [];
  for (let k = 1; k <= distinct; k++) {
    const count = Math.max(1, Math.floor(scale / k ** 1.1));
    truth.set(k, count);
    for (let i = 0; i < count; i++) stream.push(k);
  }
  let seed = 12345;
  for (let i = stream.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const j = seed % (i + 1);
    [stream[i], stream[j]] = [stream[j], stream[i]];
  }
  return { stream, truth };
}

describe('Space-Saving top values', () => {
  it('finds the true heavy hitters of a skewed stream with a bounded number of counters', () => {
    const { stream, truth } = zipfStream(50_000, 20_000);
    const sketch = new SpaceSaving(128);
    for (const v of stream) sketch.add(v);
    const top = sketch.top(10);
    const trueTop = [...truth.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k]) => k);
    expect(top.map((e) => e.value)).toEqual(trueTop);
    for (const e of top) {
      const real = truth.get(e.value as number) as number;
      // Never under the truth, and over it by at most the recorded error.
      expect(e.count).toBeGreaterThanOrEqual(real);
      expect(e.count - e.error).toBeLessThanOrEqual(real);
    }
    expect(sketch.top().length).toBe(128);
    expect(sketch.n).toBe(stream.length);
  });

  it('watches every value that occurs more than n / capacity times', () => {
    const sketch = new SpaceSaving(20);
    // Heavy values first, then a flood of one-off values that keeps evicting the smallest counter.
    const stream: string[] = [];
    for (let i = 0; i < 400; i++) stream.push('heavy-a', 'heavy-b');
    for (let i = 0; i < 5000; i++) stream.push(`noise-${i}`);
    for (const v of stream) sketch.add(v);
    expect(400 > stream.length / 20).toBe(true);
    const watched = sketch.top().map((e) => e.value);
    expect(watched).toContain('heavy-a');
    expect(watched).toContain('heavy-b');
  });
});

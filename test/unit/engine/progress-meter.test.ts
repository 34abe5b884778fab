import { describe, expect, it } from 'vitest';
import { ProgressMeter } from '../../../src/main/engine/pipeline/progress-meter';

describe('progress meter', () => {
  it('computes rate and time left from a sliding window with an injected clock', () => {
    let now = 0;
    const m = new ProgressMeter(() => now, 5_000);
    m.update(0);
    expect(m.rate()).toBe(0);
    expect(m.etaSeconds(1000)).toBeNull();
    now = 1_000;
    m.update(100);
    expect(m.rate()).toBe(100);
    expect(m.etaSeconds(1000)).toBe(9);
    // A long pause then a burst: old samples leave the window.
    now = 20_000;
    m.update(200);
    now = 21_000;
    m.update(700);
    expect(m.rate()).toBe(500);
    expect(m.etaSeconds(1000)).toBeCloseTo(0.6);
    expect(m.etaSeconds(null)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { formatCount, formatRate, percentDone } from '../../src/renderer/src/format/numbers';
import { formatDuration, formatRelative, formatTimeLeft } from '../../src/renderer/src/format/time';

describe('number formats', () => {
  it('separates thousands and rounds rates', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatRate(1250.4)).toBe('1,250 rows/s');
    expect(formatRate(2.25)).toBe('2.3 rows/s');
    expect(formatRate(0)).toBe('0 rows/s');
  });

  it('shows 100% only when the work is done, and nothing without an estimate', () => {
    expect(percentDone(1999, 2000)).toBe(99);
    expect(percentDone(2000, 2000)).toBe(100);
    expect(percentDone(2500, 2000)).toBe(100);
    expect(percentDone(5, null)).toBeNull();
    expect(percentDone(0, 0)).toBe(0);
  });
});

describe('time formats', () => {
  it('rounds time left up', () => {
    expect(formatTimeLeft(null)).toBe('time left unknown');
    expect(formatTimeLeft(0.4)).toBe('almost done');
    expect(formatTimeLeft(12.1)).toBe('13 s left');
    expect(formatTimeLeft(61)).toBe('2 min left');
    expect(formatTimeLeft(3 * 3600 + 5 * 60)).toBe('3 h 05 min left');
  });

  it('writes durations at a useful precision', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
  });

  it('says how long ago something happened', () => {
    const now = Date.parse('2025-01-10T12:00:00Z');
    expect(formatRelative('2025-01-10T11:59:55Z', now)).toBe('just now');
    // A moment in the page's future (its clock lags the engine's) is just now, not "in 18 seconds".
    expect(formatRelative('2025-01-10T12:00:18Z', now)).toBe('just now');
    expect(formatRelative('2025-01-11T12:00:00Z', now)).toBe('tomorrow');
    expect(formatRelative('2025-01-10T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatRelative('2025-01-09T12:00:00Z', now)).toBe('yesterday');
  });
});

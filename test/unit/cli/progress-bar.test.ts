import { describe, expect, it } from 'vitest';
import { emptyCounters } from '../../../src/shared/model/counters';
import type { RunProgress } from '../../../src/shared/model/run';
import { formatProgress } from '../../../src/main/hosts/cli/progress-bar';

const base: RunProgress = { runId: 'r', entity: 'students', phase: 'push', counters: { ...emptyCounters(), read: 2000, rejected: 54, skipped: 43 }, estimate: 2000, rate: 0, etaSeconds: null };

describe('CLI progress bar', () => {
  it('counts the records the target answered out of those staged while pushing', () => {
    const line = formatProgress({ ...base, counters: { ...base.counters, created: 500 }, done: 500, total: 1903 });
    expect(line).toContain('500/1,903');
    expect(line).toContain('26%');
    expect(formatProgress({ ...base, counters: { ...base.counters, created: 1903 }, done: 1903, total: 1903 })).toContain('100% 1,903/1,903');
  });

  it('counts rows read while reading and staging, and falls back to the counters for an event without done/total', () => {
    expect(formatProgress({ ...base, phase: 'stage', done: 1000, total: 2000 })).toContain('1,000/2,000');
    expect(formatProgress({ ...base, counters: { ...base.counters, created: 100 } })).toContain('154/2,000');
    expect(formatProgress({ ...base, phase: 'read', estimate: null, done: 10, total: null })).toContain('[working…] 10 ');
  });
});

import { describe, expect, it } from 'vitest';
import { runFaultyPush, runThroughput } from '../unit/academia/push-scenarios';

/**
 * Small versions of the push benchmark (bench/target-push.bench.ts): seconds, not minutes, and
 * no timing goals (the machine is shared), only that every record lands once.
 */
describe('push benchmark, smoke size', () => {
  it('(b) the client and a bare HTTP loop push the same prepared batches, every record created', async () => {
    const r = await runThroughput({ batches: 3, batchSize: 100, warmup: 1 });
    expect(r.records).toBe(600);
    expect(r.bareRecordsPerSecond).toBeGreaterThan(0);
    expect(r.clientRecordsPerSecond).toBeGreaterThan(0);
    expect(Number.isFinite(r.ratio)).toBe(true);
  });

  it('(c) through 10% 5xx, 5% timeouts and 2% resets, every record lands exactly once', async () => {
    const r = await runFaultyPush({ batches: 6, batchSize: 50, seed: 9, requestTimeoutMs: 250 });
    expect(r.receipts).toEqual({ students: 300, enrollments: 300 });
    expect(r.stored).toEqual({ students: 300, enrollments: 300 });
    expect(r.writtenTwice).toBe(0);
    expect(r.mismatchedIds).toBe(0);
    expect(r.exactlyOnce).toBe(true);
    expect(r.retries).toBeGreaterThan(0);
  });
});

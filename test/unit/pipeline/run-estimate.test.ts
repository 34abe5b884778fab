import { describe, expect, it } from 'vitest';
import { estimateRun, windowBound } from '../../../src/main/engine/pipeline/run-estimate';
import type { RunPlanBasis } from '../../../src/shared/api/contracts/run-plan';

const basis = (over: Partial<RunPlanBasis> = {}): RunPlanBasis => ({ perMinute: 600, perHour: 20_000, latencyMs: 50, latencySource: 'measured', batchSize: 500, inFlight: 2, localRowsPerSecond: 20_000, ...over });

describe('the time estimate before a run', () => {
  it('lets a window’s worth of requests through at once, then the limit per window', () => {
    expect(windowBound(600, 600, 60)).toBe(0);
    expect(windowBound(1200, 600, 60)).toBe(60);
    expect(windowBound(30_000, 20_000, 3600)).toBe(1800);
    expect(windowBound(10, null, 60)).toBe(0);
  });

  it('counts pushes in batches and reads in pages, and times them by the latency when the limits allow it', () => {
    const plan = estimateRun({ entities: [{ entity: 'students', stream: 'PUPILS', rows: 2000, estimated: false }], dryRun: false, basis: basis(), pageSize: 1000 });
    // 4 pushes, 2 reads for the pre-images and 2 for the read-back.
    expect(plan.entities[0].requests).toBe(8);
    // 0.1 s local + 4 × 0.05 ÷ 2 in flight + 4 × 0.05.
    expect(plan.entities[0].seconds).toBe(0.4);
    expect(plan).toMatchObject({ rows: 2000, requests: 8, seconds: 0.4, rateLimitedSeconds: 0 });
  });

  it('adds the wait for the rate limit when the run needs more requests than a window allows, spread by requests', () => {
    const entities = [
      { entity: 'students', stream: 'PUPILS', rows: 100_000, estimated: false },
      { entity: 'attendance', stream: 'ATT', rows: 300_000, estimated: true },
    ];
    const plan = estimateRun({ entities, dryRun: false, basis: basis({ perMinute: 100, latencyMs: 10 }), pageSize: 1000 });
    // 200 + 600 pushes, 200 + 600 reads = 1,600 requests: 15 minutes at 100 a minute after the first 100.
    expect(plan.requests).toBe(1600);
    expect(plan.rateLimitedSeconds).toBeCloseTo(900 - (800 * 0.01) / 2 - 800 * 0.01, 1);
    expect(plan.seconds).toBeCloseTo(400_000 / 20_000 + 900, 0);
    expect(plan.entities[1].seconds / plan.entities[0].seconds).toBeGreaterThan(2.9);
  });

  it('sends nothing in a dry run but the read-back, and counts an unknown row count as none', () => {
    const plan = estimateRun({ entities: [{ entity: 'staff', stream: 'STAFF', rows: null, estimated: false }], dryRun: true, basis: basis(), pageSize: 1000 });
    expect(plan.entities[0]).toMatchObject({ rows: null, requests: 1 });
    expect(plan.dryRun).toBe(true);
  });
});

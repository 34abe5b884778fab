import { describe, expect, it } from 'vitest';
import type { Finding, FindingFix, Relationship, Severity } from '../../../../src/shared/model/assessment';
import { ASSUMED_LATENCY_MS, duration, estimatePush } from '../../../../src/main/engine/assessment/readiness/push-estimate';
import { computeReadiness, findingPenalty } from '../../../../src/main/engine/assessment/readiness/readiness';

const finding = (table: string, severity: Severity, count: number, fix: FindingFix['kind'] | null, code = 'X'): Finding => ({
  code,
  severity,
  table,
  column: 'C',
  count,
  message: '',
  examples: [],
  fix: fix ? { kind: fix, description: '' } : null,
});

describe('readiness score', () => {
  it('weighs a finding by severity, by how its fix is made, and by the share of rows it touches', () => {
    expect(findingPenalty(finding('T', 'error', 50, 'review'), 100)).toBeCloseTo(0.5);
    expect(findingPenalty(finding('T', 'warning', 100, 'crosswalk'), 100)).toBeCloseTo(0.1);
    expect(findingPenalty(finding('T', 'warning', 10, 'rule'), 100)).toBeCloseTo(0.02);
    expect(findingPenalty(finding('T', 'error', 300, null), 100)).toBeCloseTo(1);
    expect(findingPenalty(finding('T', 'info', 100, null), 100)).toBe(0);
  });

  it('multiplies a table\'s factors and blends the log-weighted mean with the weakest table', () => {
    const r = computeReadiness({
      tables: [
        { table: 'PUPILS', rows: 1000, entity: 'students' },
        { table: 'LOG', rows: 999_990, entity: 'attendance' },
        { table: 'EMPTY', rows: 0, entity: null },
      ],
      findings: [finding('PUPILS', 'error', 100, 'review'), finding('PUPILS', 'warning', 1000, 'transform'), finding('LOG', 'info', 999_990, 'rule')],
      relationships: [],
      contractBatch: 500,
    });
    // PUPILS: 100 × (1 − 0.1) × (1 − 0.1) = 81; LOG: 100; EMPTY: 100 but not in the overall.
    expect(r.perTable).toEqual([
      { table: 'PUPILS', score: 81, rows: 1000 },
      { table: 'LOG', score: 100, rows: 999_990 },
      { table: 'EMPTY', score: 100, rows: 0 },
    ]);
    const w1 = Math.log10(1010);
    const w2 = Math.log10(1_000_000);
    const mean = (81 * w1 + 100 * w2) / (w1 + w2);
    expect(r.score).toBe(Math.round(0.7 * mean + 0.3 * 81));
    expect(r.explanation[0]).toContain(`Score ${r.score}`);
    expect(r.explanation.some((l) => l.startsWith('PUPILS: 81 = 100 × (1 − 0.100 X C) × (1 − 0.100 X C)'))).toBe(true);
  });

  it('rates complexity and effort from tables, fixes, problems, volume and inferred relationships', () => {
    const rel = (declared: boolean): Relationship => ({ fromTable: 'A', fromColumns: ['x'], toTable: 'B', toColumns: ['y'], declared, confidence: 1, orphans: 0, orphanExamples: [] });
    const small = computeReadiness({ tables: [{ table: 'A', rows: 10, entity: null }], findings: [finding('A', 'warning', 1, 'transform')], relationships: [], contractBatch: 500 });
    expect(small.complexity).toBe('Low');
    expect(small.effortDays).toBe(1.5); // 1 + 0.25 + 0.1 = 1.35 → 1.5
    const tables = Array.from({ length: 12 }, (_, i) => ({ table: `T${i}`, rows: 200_000, entity: null }));
    const findings = [...Array.from({ length: 10 }, () => finding('T0', 'warning', 1, 'crosswalk')), ...Array.from({ length: 10 }, () => finding('T1', 'error', 1, 'review'))];
    const big = computeReadiness({ tables, findings, relationships: [rel(false), rel(false), rel(true)], contractBatch: 500 });
    // points = 12 + 10 + 3 × 10 + 5 × 2 + 2 / 2 = 63 → Medium; effort = 1 + 3 + 1 + 5 + 1 + 0.1 = 11.1 → 11.5
    expect(big.complexity).toBe('Medium');
    expect(big.effortDays).toBe(11.5);
    expect(big.explanation.find((l) => l.startsWith('Complexity'))).toContain('= 63 points');
  });
});

describe('push estimate', () => {
  it('reproduces "1,200,000 attendance records at 600 requests/min in batches of 500 ≈ 4 min"', () => {
    const e = estimatePush([{ entity: 'attendance', records: 1_200_000 }], { perMinute: 600, latencyMs: 100 }, 500);
    expect('text' in e && e.text).toBe('1,200,000 attendance records at 600 requests/min in batches of 500 ≈ 4 min');
    expect('requests' in e && e.requests).toBe(2400);
  });

  it('lets the slowest of rate, hourly limit and round trips set the pace, and says which', () => {
    const latency = estimatePush([{ entity: 'attendance', records: 1_200_000 }], { perMinute: 600 }, 500);
    expect('minutes' in latency && latency.minutes).toBeCloseTo((2400 * ASSUMED_LATENCY_MS) / 60_000);
    expect('text' in latency && latency.text).toContain('assumed 250 ms per request');
    const hourly = estimatePush([{ entity: 'grades', records: 20_000_000 }], { perMinute: 600, perHour: 20_000, latencyMs: 50 }, 500);
    expect('minutes' in hourly && hourly.minutes).toBeCloseTo(120);
    expect('text' in hourly && hourly.text).toContain('≈ 2 h 00 min; the hourly limit of 20,000 requests sets the pace');
    const many = estimatePush(
      [
        { entity: 'students', records: 2000 },
        { entity: 'attendance', records: 37_480 },
        { entity: 'grades', records: 0 },
      ],
      { perMinute: 600, latencyMs: 10 },
      500,
    );
    expect('text' in many && many.text).toBe('39,480 records (37,480 attendance, 2,000 students) at 600 requests/min in batches of 500 ≈ 1 min');
  });

  it('counts a table that feeds several entities once per entity (a person table of two roles)', () => {
    const r = computeReadiness({
      tables: [{ table: 'dbo.Person', rows: 34, entity: 'students', entities: [{ entity: 'students', rows: 25 }, { entity: 'staff', rows: 9 }] }],
      findings: [],
      relationships: [],
      push: { perMinute: 600, latencyMs: 10 },
      contractBatch: 500,
    });
    expect(r.pushEstimate).toBe('34 records (25 students, 9 staff) at 600 requests/min in batches of 500 ≈ 1 min');
  });

  it('gives no estimate, with the reason, when the rate limit is unknown', () => {
    const e = estimatePush([{ entity: 'students', records: 10 }], undefined, 500);
    expect(e).toEqual({ reason: expect.stringContaining("the target's request rate is not known") });
    const r = computeReadiness({ tables: [{ table: 'P', rows: 10, entity: 'students' }], findings: [], relationships: [], contractBatch: 500 });
    expect(r.pushEstimate).toBeNull();
    expect(r.pushMinutes).toBeNull();
    expect(r.explanation.some((l) => l.includes('No push-time estimate'))).toBe(true);
  });

  it('writes durations rounded up', () => {
    expect(duration(0.2)).toBe('1 min');
    expect(duration(4)).toBe('4 min');
    expect(duration(4.01)).toBe('5 min');
    expect(duration(125)).toBe('2 h 05 min');
    expect(duration(5000)).toBe('3.5 days');
  });
});

describe('readiness: issue 16', () => {
  it('a crosswalk that places every code weighs 0.05, one with codes left to place 0.25', () => {
    const complete: Finding = { ...finding('T', 'warning', 100, 'crosswalk'), fix: { kind: 'crosswalk', description: '', payload: { unmapped: [] } } };
    const open: Finding = { ...finding('T', 'warning', 100, 'crosswalk'), fix: { kind: 'crosswalk', description: '', payload: { unmapped: ['X'] } } };
    expect(findingPenalty(complete, 100)).toBeCloseTo(0.02);
    expect(findingPenalty(open, 100)).toBeCloseTo(0.1);
  });

  it('leaves a one-row table that feeds no entity out of the score, but not a one-row entity', () => {
    const tables = [
      { table: 'PUPILS', rows: 5, entity: 'students' },
      { table: 'SETTINGS', rows: 1, entity: null },
    ];
    const bad = finding('SETTINGS', 'error', 1, 'review');
    const r = computeReadiness({ tables, findings: [bad], relationships: [], contractBatch: 500 });
    expect(r.score).toBe(100);
    expect(r.perTable.find((t) => t.table === 'SETTINGS')?.score).toBe(0);
    const school = computeReadiness({ tables: [tables[0], { table: 'SETTINGS', rows: 1, entity: 'schools' }], findings: [bad], relationships: [], contractBatch: 500 });
    expect(school.score).toBeLessThan(50);
  });

  it('counts effort over the tables that feed entities, and lists blocking findings', () => {
    const tables = [{ table: 'PUPILS', rows: 5, entity: 'students' }, ...Array.from({ length: 20 }, (_, i) => ({ table: `LOG${i}`, rows: 10, entity: null }))];
    const blocking: Finding = { ...finding('PUPILS', 'error', 5, 'review', 'EMPTY_COLUMN'), blocking: true, message: 'empty' };
    const r = computeReadiness({ tables, findings: [blocking, finding('LOG1', 'warning', 1, 'review')], relationships: [], contractBatch: 500 });
    // 1 + 0.25 × 1 table + 0.5 × 1 problem = 1.75 → 2
    expect(r.effortDays).toBe(2);
    expect(r.blockers).toEqual([{ code: 'EMPTY_COLUMN', table: 'PUPILS', column: 'C', message: 'empty' }]);
    expect(r.explanation[0]).toMatch(/^Blocked: one problem stops the migration/);
  });
});

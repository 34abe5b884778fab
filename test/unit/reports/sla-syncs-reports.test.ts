import { describe, expect, it } from 'vitest';
import type { Alert, MetricPoint } from '../../../src/shared/api/contracts/monitoring';
import type { SyncRunInfo } from '../../../src/shared/model/sync';
import { resolvePeriod, rollingStart } from '../../../src/main/engine/reports/report-period';
import { renderReportCsv, renderReportHtml } from '../../../src/main/engine/reports/render-report';
import { alertsInPeriod, slaReport } from '../../../src/main/engine/reports/sla-report';
import { syncRunsInPeriod, syncsReport } from '../../../src/main/engine/reports/syncs-report';

const counters = { read: 10, created: 2, updated: 3, unchanged: 5, rejected: 1, skipped: 0, failed: 1 };

function syncRun(over: Partial<SyncRunInfo>): SyncRunInfo {
  return { runId: 'r1', job: 'nightly', status: 'Completed', startedAt: '2025-01-06T01:00:00Z', endedAt: '2025-01-06T01:00:04Z', durationMs: 4_260, changes: [], held: null, warnings: [], decisions: [], counters, ...over };
}

function point(over: Partial<MetricPoint>): MetricPoint {
  return { start: '', end: '', calls: 0, successRate: null, errorRate: null, p50Ms: null, p95Ms: null, p99Ms: null, throughputPerMinute: 0, records: 0, runs: 0, runsFailed: 0, checks: 0, uptime: null, coverage: 0, ...over };
}

function alert(over: Partial<Alert>): Alert {
  return { id: '1', rule: 'error-rate', ruleKind: 'error-rate', subject: 'target', severity: 'warning', state: 'resolved', message: 'Errors above 5 %', value: 0.12, firedAt: '2025-01-05T10:00:00Z', acknowledgedAt: null, acknowledgedBy: null, resolvedAt: '2025-01-05T11:00:00Z', resolvedBy: 'auto', escalationLevel: 1, ...over };
}

const context = { projectName: 'Gymnasium', generatedAt: '2025-01-07T00:00:00.000Z', period: { since: '2025-01-06T00:00:00.000Z', until: '2025-01-07T00:00:00.000Z' } };

describe('syncs report', () => {
  it('sums each run\'s change set over its entities and says what was held and who approved it', () => {
    const held = syncRun({
      runId: 'r2',
      status: 'Completed',
      startedAt: '2025-01-06T02:00:00Z',
      changes: [
        { entity: 'students', inserts: 4, updates: 6, deletes: 42, conflicts: 1 },
        { entity: 'classes', inserts: 1, updates: 0, deletes: 0, conflicts: 0 },
      ],
      held: { reason: 'Too many deletes', summary: '', categories: [{ category: 'students.deletes', entity: 'students', kind: 'deletes', count: 42, of: 400, threshold: 0.05, sentence: '42 students would be withdrawn', approved: true }] },
      decisions: [{ category: 'students.deletes', decision: 'approved', by: 'anna', at: '2025-01-06T03:00:00Z' }],
    });
    const failed = syncRun({ runId: 'r3', status: 'Failed', startedAt: '2025-01-06T03:00:00Z', error: { code: 'TARGET_UNREACHABLE', message: 'No answer', hint: '' } });
    const outside = syncRun({ runId: 'r0', startedAt: '2025-01-05T23:59:59Z' });
    const runs = syncRunsInPeriod([failed, outside, held], context.period);
    expect(runs.map((r) => r.runId)).toEqual(['r2', 'r3']);
    const report = syncsReport(runs, context);
    expect(report.rows[0]).toMatchObject({ job: 'nightly', inserts: 5, updates: 6, deletes: 42, conflicts: 1, held: 'students.deletes (42)', approved: 'students.deletes by anna', durationS: 4.3, error: null });
    expect(report.rows[1]).toMatchObject({ status: 'Failed', held: null, approved: null, error: 'TARGET_UNREACHABLE: No answer' });
    expect(Object.fromEntries(report.summary.map((s) => [s.label, s.value]))).toEqual({ 'Sync runs': '2', Completed: '1', Held: '1', Failed: '1', Changes: '53', 'Records failed': '2' });
    expect(renderReportCsv(report).split('\r\n')[1]).toBe('nightly,r2,Completed,2025-01-06T02:00:00Z,4.3,5,6,42,1,2,3,1,1,students.deletes (42),students.deletes by anna,');
    expect(renderReportHtml(report)).toContain('<h2>Sync runs</h2>');
  });
});

describe('SLA report', () => {
  it('shows uptime and rates as percentages with two decimals, latencies in whole ms, and counts each integration\'s alerts', () => {
    const lines = [
      { id: 'target', name: 'Academia Pro', kind: 'target' as const, total: point({ calls: 2000, successRate: 0.9995, errorRate: 0.0005, p50Ms: 41.6, p95Ms: 180.2, p99Ms: 910.7, throughputPerMinute: 1.3888, records: 1500, runs: 3, runsFailed: 1, uptime: 0.99951, coverage: 0.5 }) },
      { id: 'source:1', name: 'Legacy SIS', kind: 'source' as const, total: point({}) },
    ];
    const alerts = alertsInPeriod([alert({ id: 'a', firedAt: '2025-01-06T10:00:00Z', resolvedAt: null }), alert({ id: 'old' }), alert({ id: 'spans', firedAt: '2025-01-05T23:00:00Z', resolvedAt: '2025-01-06T00:10:00Z' })], Date.parse(context.period.since), Date.parse(context.period.until));
    expect(alerts.map((a) => a.id)).toEqual(['spans', 'a']);
    const report = slaReport(lines, alerts, context);
    expect(report.rows[0]).toMatchObject({ uptimePct: 99.95, coveragePct: 50, successPct: 99.95, errorPct: 0.05, p50Ms: 42, p95Ms: 180, p99Ms: 911, callsPerMinute: 1.39, records: 1500, alerts: 2 });
    expect(report.rows[1]).toMatchObject({ uptimePct: null, successPct: null, p95Ms: null, calls: 0, alerts: 0 });
    expect(Object.fromEntries(report.summary.map((s) => [s.label, s.value]))).toMatchObject({ 'Target uptime': '99.95 %', 'Target p95': '180 ms', 'API calls': '2000', 'Error rate': '0.05 %', Alerts: '2' });
    expect(report.sections?.[0].rows.map((r) => r.id)).toEqual(['spans', 'a']);
    const html = renderReportHtml(report);
    expect(html).toContain('<h2>Alerts in the period</h2>');
    expect(html).toContain('@page { size: A4 landscape; }');
    // The CSV is the integrations table only; empty measures are empty cells, never "null".
    expect(renderReportCsv(report).split('\r\n')[2]).toBe('Legacy SIS,source:1,source,,0,0,,,,,,0,0,0,0,0');
  });
});

describe('report period', () => {
  const now = new Date('2025-03-31T08:00:00Z');
  it('rolls back a day, a week, or a calendar month (clamped to the month\'s last day)', () => {
    expect(rollingStart('day', now).toISOString()).toBe('2025-03-30T08:00:00.000Z');
    expect(rollingStart('week', now).toISOString()).toBe('2025-03-24T08:00:00.000Z');
    expect(rollingStart('month', now).toISOString()).toBe('2025-02-28T08:00:00.000Z');
    expect(rollingStart('month', new Date('2025-01-15T00:00:00Z')).toISOString()).toBe('2024-12-15T00:00:00.000Z');
  });
  it('takes a period or dates, never both; an SLA report without either covers the last week', () => {
    expect(resolvePeriod('runs', {}, now)).toEqual({ since: undefined, until: undefined });
    expect(resolvePeriod('runs', { period: 'day' }, now)).toEqual({ since: '2025-03-30T08:00:00.000Z', until: '2025-03-31T08:00:00.000Z' });
    expect(resolvePeriod('sla', {}, now)).toEqual({ since: '2025-03-24T08:00:00.000Z', until: '2025-03-31T08:00:00.000Z' });
    expect(resolvePeriod('sla', { until: '2025-03-10T00:00:00Z' }, now)).toEqual({ since: '2025-03-03T00:00:00.000Z', until: '2025-03-10T00:00:00Z' });
    expect(() => resolvePeriod('runs', { period: 'day', since: '2025-01-01T00:00:00Z' }, now)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => resolvePeriod('errors', { since: '2025-02-01T00:00:00Z', until: '2025-01-01T00:00:00Z' }, now)).toThrow(/starts .* after it ends/);
  });
});

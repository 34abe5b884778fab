import type { Alert, IntegrationKind, MetricPoint } from '../../../shared/api/contracts/monitoring';
import type { OperationsReport, ReportCell, ReportColumn, ReportPeriod } from './operations-report';

/** One integration with its measures over the whole report period. */
export interface SlaLine {
  id: string;
  name: string;
  kind: IntegrationKind;
  total: MetricPoint;
}

const SLA_COLUMNS: ReportColumn[] = [
  { key: 'integration', label: 'Integration' },
  { key: 'id', label: 'Id' },
  { key: 'kind', label: 'Kind' },
  { key: 'uptimePct', label: 'Uptime (%)', numeric: true },
  { key: 'coveragePct', label: 'Checked (%)', numeric: true },
  { key: 'calls', label: 'Calls', numeric: true },
  { key: 'successPct', label: 'Success (%)', numeric: true },
  { key: 'errorPct', label: 'Errors (%)', numeric: true },
  { key: 'p50Ms', label: 'p50 (ms)', numeric: true },
  { key: 'p95Ms', label: 'p95 (ms)', numeric: true },
  { key: 'p99Ms', label: 'p99 (ms)', numeric: true },
  { key: 'callsPerMinute', label: 'Calls/min', numeric: true },
  { key: 'records', label: 'Records', numeric: true },
  { key: 'runs', label: 'Runs', numeric: true },
  { key: 'runsFailed', label: 'Runs failed', numeric: true },
  { key: 'alerts', label: 'Alerts', numeric: true },
];

const ALERT_COLUMNS: ReportColumn[] = [
  { key: 'id', label: 'Alert' },
  { key: 'rule', label: 'Rule' },
  { key: 'subject', label: 'Integration' },
  { key: 'severity', label: 'Severity' },
  { key: 'state', label: 'State' },
  { key: 'firedAt', label: 'Fired' },
  { key: 'acknowledgedAt', label: 'Acknowledged' },
  { key: 'resolvedAt', label: 'Resolved' },
  { key: 'message', label: 'What happened' },
];

/** A fraction 0–1 as a percentage with two decimals (an SLA's 99.95 % needs them); null stays null. */
function pct(x: number | null): number | null {
  return x === null ? null : Math.round(x * 10_000) / 100;
}

function ms(x: number | null): number | null {
  return x === null ? null : Math.round(x);
}

/** The alerts that were open at some time in [since, until]: fired before it ended and not resolved before it began. */
export function alertsInPeriod(alerts: Alert[], since: number, until: number): Alert[] {
  return alerts
    .filter((a) => Date.parse(a.firedAt) <= until && (a.resolvedAt === null || Date.parse(a.resolvedAt) >= since))
    .sort((a, b) => a.firedAt.localeCompare(b.firedAt));
}

/**
 * The SLA/uptime report (issue 20, item 5): per integration over the period, uptime from the
 * health checks (with the share of the time they vouch for — unknown time is neither up nor down),
 * response time percentiles, success and error rate, throughput and data volume, and the alerts
 * open in the period. Percentages carry two decimals; latencies are whole milliseconds.
 */
export function slaReport(lines: SlaLine[], alerts: Alert[], context: { projectName: string; generatedAt: string; period: Required<ReportPeriod> }): OperationsReport {
  const calls = lines.reduce((n, l) => n + l.total.calls, 0);
  const failedCalls = lines.reduce((n, l) => n + Math.round(l.total.calls * (l.total.errorRate ?? 0)), 0);
  const target = lines.find((l) => l.id === 'target');
  const rows = lines.map((l): Record<string, ReportCell> => ({
    integration: l.name,
    id: l.id,
    kind: l.kind,
    uptimePct: pct(l.total.uptime),
    coveragePct: pct(l.total.coverage),
    calls: l.total.calls,
    successPct: pct(l.total.successRate),
    errorPct: pct(l.total.errorRate),
    p50Ms: ms(l.total.p50Ms),
    p95Ms: ms(l.total.p95Ms),
    p99Ms: ms(l.total.p99Ms),
    callsPerMinute: Math.round(l.total.throughputPerMinute * 100) / 100,
    records: l.total.records,
    runs: l.total.runs,
    runsFailed: l.total.runsFailed,
    alerts: alerts.filter((a) => a.subject === l.id).length,
  }));
  const shown = (x: number | null, unit: string) => (x === null ? 'n/a' : `${x} ${unit}`);
  return {
    kind: 'sla',
    title: `SLA and uptime — ${context.projectName}`,
    tableTitle: 'Integrations',
    projectName: context.projectName,
    generatedAt: context.generatedAt,
    period: { since: context.period.since, until: context.period.until },
    summary: [
      { label: 'Integrations', value: String(lines.length) },
      { label: 'Target uptime', value: shown(pct(target?.total.uptime ?? null), '%') },
      { label: 'Target p95', value: shown(ms(target?.total.p95Ms ?? null), 'ms') },
      { label: 'API calls', value: String(calls) },
      { label: 'Error rate', value: calls ? `${pct(failedCalls / calls)} %` : 'n/a' },
      { label: 'Alerts', value: String(alerts.length) },
    ],
    columns: SLA_COLUMNS,
    rows,
    sections: [
      {
        title: 'Alerts in the period',
        columns: ALERT_COLUMNS,
        rows: alerts.map((a) => ({ id: a.id, rule: a.rule, subject: a.subject, severity: a.severity, state: a.state, firedAt: a.firedAt, acknowledgedAt: a.acknowledgedAt, resolvedAt: a.resolvedAt, message: a.message })),
        empty: 'No alert was open in this period.',
      },
    ],
  };
}

import type { ReportKind } from '../../../shared/model/report-schedule';
import type { RunInfo } from '../../../shared/model/run';

/** One column of a report table; `numeric` columns align right and total in the summary. */
export interface ReportColumn {
  key: string;
  label: string;
  numeric?: boolean;
}

export type ReportCell = string | number | boolean | null;

/**
 * A report of the studio's operations (issue 20, seed MONITORING_REPORT) as one table plus a few
 * headline figures: the HTML, the PDF printed from it and the CSV all come from this, so they
 * cannot disagree.
 */
export interface OperationsReport {
  kind: ReportKind;
  title: string;
  /** The main table's heading (default: Runs / Errors). */
  tableTitle?: string;
  projectName: string;
  generatedAt: string;
  period: { since: string | null; until: string | null };
  summary: { label: string; value: string }[];
  columns: ReportColumn[];
  rows: Record<string, ReportCell>[];
  /** Further tables the HTML and PDF show after the main one (the CSV holds the main table only). */
  sections?: ReportSection[];
}

/** A table of its own under a heading (the SLA report's alerts of the period). */
export interface ReportSection {
  title: string;
  columns: ReportColumn[];
  rows: Record<string, ReportCell>[];
  /** Said instead of an empty table. */
  empty: string;
}

export interface ReportPeriod {
  since?: string;
  until?: string;
}

/** The runs that started within the period (both ends inclusive), oldest first. */
export function runsInPeriod(runs: RunInfo[], period: ReportPeriod): RunInfo[] {
  const since = period.since ? Date.parse(period.since) : -Infinity;
  const until = period.until ? Date.parse(period.until) : Infinity;
  return runs.filter((r) => Date.parse(r.startedAt) >= since && Date.parse(r.startedAt) <= until).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

const RUN_COLUMNS: ReportColumn[] = [
  { key: 'run', label: 'Run' },
  { key: 'runId', label: 'Run id' },
  { key: 'operation', label: 'Operation' },
  { key: 'dryRun', label: 'Dry run' },
  { key: 'status', label: 'Status' },
  { key: 'startedAt', label: 'Started' },
  { key: 'endedAt', label: 'Ended' },
  { key: 'durationS', label: 'Duration (s)', numeric: true },
  { key: 'read', label: 'Read', numeric: true },
  { key: 'created', label: 'Created', numeric: true },
  { key: 'updated', label: 'Updated', numeric: true },
  { key: 'unchanged', label: 'Unchanged', numeric: true },
  { key: 'rejected', label: 'Rejected', numeric: true },
  { key: 'skipped', label: 'Skipped', numeric: true },
  { key: 'failed', label: 'Failed', numeric: true },
  { key: 'error', label: 'Error' },
];

/** Every run of the period with its counters, and the share that completed. */
export function runsReport(runs: RunInfo[], context: { projectName: string; generatedAt: string; period: ReportPeriod }): OperationsReport {
  const finished = runs.filter((r) => r.status === 'Completed' || r.status === 'Failed');
  const completed = runs.filter((r) => r.status === 'Completed').length;
  const total = (k: keyof RunInfo['counters']) => runs.reduce((n, r) => n + (r.counters[k] ?? 0), 0);
  return {
    kind: 'runs',
    title: `Runs — ${context.projectName}`,
    projectName: context.projectName,
    generatedAt: context.generatedAt,
    period: { since: context.period.since ?? null, until: context.period.until ?? null },
    summary: [
      { label: 'Runs', value: String(runs.length) },
      { label: 'Completed', value: String(completed) },
      { label: 'Failed', value: String(runs.filter((r) => r.status === 'Failed').length) },
      { label: 'Success rate', value: finished.length ? `${((completed / finished.length) * 100).toFixed(1)} %` : 'n/a' },
      { label: 'Records created', value: String(total('created')) },
      { label: 'Records updated', value: String(total('updated')) },
      { label: 'Rows rejected', value: String(total('rejected')) },
    ],
    columns: RUN_COLUMNS,
    rows: runs.map((r) => ({
      run: r.label ?? (r.number !== undefined ? `Run ${r.number}` : r.runId),
      runId: r.runId,
      operation: r.operation,
      dryRun: r.dryRun,
      status: r.status,
      startedAt: r.startedAt,
      endedAt: r.endedAt,
      durationS: r.durationMs === null ? null : Math.round(r.durationMs / 100) / 10,
      ...r.counters,
      error: r.error ? `${r.error.code}: ${r.error.message}` : null,
    })),
  };
}

const ERROR_COLUMNS: ReportColumn[] = [
  { key: 'runId', label: 'Run id' },
  { key: 'startedAt', label: 'Started' },
  { key: 'kind', label: 'Kind' },
  { key: 'code', label: 'Code' },
  { key: 'count', label: 'Count', numeric: true },
  { key: 'message', label: 'What happened' },
];

/** What went wrong in the period: each failed run's error, and each run's rejected rows by reason code. */
export function errorsReport(
  runs: RunInfo[],
  rejectsByCode: (runId: string) => { code: string; count: number }[],
  context: { projectName: string; generatedAt: string; period: ReportPeriod },
): OperationsReport {
  const rows: Record<string, ReportCell>[] = [];
  const byCode = new Map<string, number>();
  for (const r of runs) {
    if (r.error) rows.push({ runId: r.runId, startedAt: r.startedAt, kind: 'run failed', code: r.error.code, count: 1, message: r.error.message });
    if (r.counters.rejected === 0) continue;
    for (const { code, count } of rejectsByCode(r.runId)) {
      rows.push({ runId: r.runId, startedAt: r.startedAt, kind: 'rows rejected', code, count, message: null });
      byCode.set(code, (byCode.get(code) ?? 0) + count);
    }
  }
  const top = [...byCode].sort((a, b) => b[1] - a[1])[0];
  return {
    kind: 'errors',
    title: `Errors — ${context.projectName}`,
    projectName: context.projectName,
    generatedAt: context.generatedAt,
    period: { since: context.period.since ?? null, until: context.period.until ?? null },
    summary: [
      { label: 'Runs', value: String(runs.length) },
      { label: 'Failed runs', value: String(runs.filter((r) => r.status === 'Failed').length) },
      { label: 'Rows rejected', value: String(runs.reduce((n, r) => n + r.counters.rejected, 0)) },
      { label: 'Most frequent reason', value: top ? `${top[0]} (${top[1]})` : 'none' },
    ],
    columns: ERROR_COLUMNS,
    rows,
  };
}

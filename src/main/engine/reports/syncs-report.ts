import type { SyncRunInfo } from '../../../shared/model/sync';
import type { OperationsReport, ReportColumn, ReportPeriod } from './operations-report';

const SYNC_COLUMNS: ReportColumn[] = [
  { key: 'job', label: 'Sync' },
  { key: 'runId', label: 'Run id' },
  { key: 'status', label: 'Status' },
  { key: 'startedAt', label: 'Started' },
  { key: 'durationS', label: 'Duration (s)', numeric: true },
  { key: 'inserts', label: 'Inserts', numeric: true },
  { key: 'updates', label: 'Updates', numeric: true },
  { key: 'deletes', label: 'Deletes', numeric: true },
  { key: 'conflicts', label: 'Conflicts', numeric: true },
  { key: 'created', label: 'Created', numeric: true },
  { key: 'updated', label: 'Updated', numeric: true },
  { key: 'rejected', label: 'Rejected', numeric: true },
  { key: 'failed', label: 'Failed', numeric: true },
  { key: 'held', label: 'Held' },
  { key: 'approved', label: 'Approved' },
  { key: 'error', label: 'Error' },
];

/** The sync runs that started within the period, oldest first. */
export function syncRunsInPeriod(runs: SyncRunInfo[], period: ReportPeriod): SyncRunInfo[] {
  const since = period.since ? Date.parse(period.since) : -Infinity;
  const until = period.until ? Date.parse(period.until) : Infinity;
  return runs.filter((r) => Date.parse(r.startedAt) >= since && Date.parse(r.startedAt) <= until).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/**
 * The syncs report (issue 20, item 5): each sync run of the period with its change set (inserts,
 * updates, deletes, conflicts over its entities), what the target did with it, the categories its
 * change gate held and who approved them, and its failure.
 */
export function syncsReport(runs: SyncRunInfo[], context: { projectName: string; generatedAt: string; period: ReportPeriod }): OperationsReport {
  const sum = (r: SyncRunInfo, k: 'inserts' | 'updates' | 'deletes' | 'conflicts') => r.changes.reduce((n, c) => n + c[k], 0);
  const rows = runs.map((r) => ({
    job: r.job,
    runId: r.runId,
    status: r.status,
    startedAt: r.startedAt,
    durationS: r.durationMs === null ? null : Math.round(r.durationMs / 100) / 10,
    inserts: sum(r, 'inserts'),
    updates: sum(r, 'updates'),
    deletes: sum(r, 'deletes'),
    conflicts: sum(r, 'conflicts'),
    created: r.counters.created,
    updated: r.counters.updated,
    rejected: r.counters.rejected,
    failed: r.counters.failed,
    held: r.held ? r.held.categories.map((c) => `${c.category} (${c.count})`).join('; ') || r.held.reason : null,
    approved: r.decisions.length ? r.decisions.map((d) => `${d.category} by ${d.by}`).join('; ') : null,
    error: r.error ? `${r.error.code}: ${r.error.message}` : null,
  }));
  const changes = rows.reduce((n, r) => n + r.inserts + r.updates + r.deletes, 0);
  return {
    kind: 'syncs',
    title: `Syncs — ${context.projectName}`,
    tableTitle: 'Sync runs',
    projectName: context.projectName,
    generatedAt: context.generatedAt,
    period: { since: context.period.since ?? null, until: context.period.until ?? null },
    summary: [
      { label: 'Sync runs', value: String(runs.length) },
      { label: 'Completed', value: String(runs.filter((r) => r.status === 'Completed').length) },
      { label: 'Held', value: String(runs.filter((r) => r.held !== null).length) },
      { label: 'Failed', value: String(runs.filter((r) => r.status === 'Failed').length) },
      { label: 'Changes', value: String(changes) },
      { label: 'Records failed', value: String(runs.reduce((n, r) => n + r.counters.failed, 0)) },
    ],
    columns: SYNC_COLUMNS,
    rows,
  };
}

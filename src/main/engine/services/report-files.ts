import { StudioError } from '../../../shared/errors';
import type { Alert } from '../../../shared/api/contracts/monitoring';
import type { AssessmentReportFile } from '../../../shared/model/assessment';
import type { ReportFormat, ReportKind } from '../../../shared/model/report-schedule';
import type { SyncRunInfo } from '../../../shared/model/sync';
import { printHtmlToPdfBuffer } from '../assessment/report/print-pdf';
import type { EngineState } from '../core/engine-state';
import type { ProjectSession } from '../core/project-session';
import { monitorOf } from '../core/session-monitor';
import { MAX_POINTS, queryMetrics } from '../monitoring/metrics-query';
import { RejectsRepo } from '../project/rejects-repo';
import { SyncRepo } from '../project/sync-repo';
import { errorsReport, runsInPeriod, runsReport, type OperationsReport } from '../reports/operations-report';
import { resolvePeriod, type PeriodRequest } from '../reports/report-period';
import { renderReportCsv, renderReportHtml } from '../reports/render-report';
import { alertsInPeriod, slaReport, type SlaLine } from '../reports/sla-report';
import { syncRunsInPeriod, syncsReport } from '../reports/syncs-report';

/** How many runs (and sync runs, and alerts) a report reads at most (a project keeps far fewer; the bound keeps one call small). */
const MAX_RUNS = 10_000;
const HOUR_MS = 3_600_000;

export interface ReportRequest extends PeriodRequest {
  report: ReportKind;
  format: ReportFormat;
  integration?: string | null;
}

/**
 * Makes one report of the open project as the file to save: the data of its kind over its period,
 * rendered as HTML, CSV, or a PDF printed from that HTML by Chromium. On demand
 * (`runReports.render`, `report` on the command line) and for the schedules alike.
 */
export async function makeReportFile(state: EngineState, s: ProjectSession, req: ReportRequest): Promise<AssessmentReportFile> {
  const now = state.now();
  const period = resolvePeriod(req.report, req, now);
  const context = { projectName: s.project.info().name, generatedAt: now.toISOString(), period };
  const data = await reportData(state, s, req, context);
  const base = `${req.report}-report-${context.generatedAt.slice(0, 10)}`;
  if (req.format === 'csv') return { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', content: renderReportCsv(data), encoding: 'utf8' };
  const html = renderReportHtml(data);
  if (req.format === 'html') return { filename: `${base}.html`, contentType: 'text/html; charset=utf-8', content: html, encoding: 'utf8' };
  const pdf = await printHtmlToPdfBuffer(html);
  return { filename: `${base}.pdf`, contentType: 'application/pdf', content: pdf.toString('base64'), encoding: 'base64' };
}

async function reportData(state: EngineState, s: ProjectSession, req: ReportRequest, context: { projectName: string; generatedAt: string; period: { since?: string; until?: string } }): Promise<OperationsReport> {
  switch (req.report) {
    case 'runs':
      return runsReport(runsInPeriod(s.runs.list(MAX_RUNS), context.period), context);
    case 'errors': {
      const rejects = new RejectsRepo(s.project.db);
      return errorsReport(runsInPeriod(s.runs.list(MAX_RUNS), context.period), (runId) => rejects.countByCode(runId, undefined), context);
    }
    case 'syncs':
      return syncsReport(syncRunsInPeriod(syncRuns(s), context.period), context);
    case 'sla':
      return slaData(state, s, req.integration ?? null, { ...context, period: { since: context.period.since as string, until: context.period.until as string } });
  }
}

/** Every sync run the project keeps, as `syncs.runs` answers them. */
function syncRuns(s: ProjectSession): SyncRunInfo[] {
  const repo = new SyncRepo(s.project);
  return repo.runIds(null, MAX_RUNS).flatMap((runId): SyncRunInfo[] => {
    const record = repo.findRun(runId);
    if (!record) return [];
    const run = s.runs.get(runId);
    return [{ runId, job: record.job, status: run.status, startedAt: run.startedAt, endedAt: run.endedAt, durationMs: run.durationMs, changes: record.changes, held: record.held, warnings: record.warnings, decisions: record.decisions, counters: run.counters, ...(run.error ? { error: run.error } : {}) }];
  });
}

/**
 * Each integration's measures over the whole period from the metric store (what was recorded
 * since the last refresh copied in first). Hours are the finest grain the store keeps for 90
 * days, so a period of up to MAX_POINTS hours is summed by the hour, a longer one by the day (by
 * the month past MAX_POINTS days).
 */
async function slaData(state: EngineState, s: ProjectSession, only: string | null, context: { projectName: string; generatedAt: string; period: { since: string; until: string } }): Promise<OperationsReport> {
  const monitor = monitorOf(state, s);
  monitor.store.ingest();
  const all = (await monitor.integrations()).filter((v) => v.kind !== 'webhook');
  const views = all.filter((v) => only === null || v.id === only);
  if (only !== null && views.length === 0) {
    throw new StudioError('BAD_REQUEST', `There is no integration "${only}" in this project.`, `Name one of: ${all.map((v) => v.id).join(', ') || 'none yet'} (the ids the status command and the monitoring show).`);
  }
  const from = Date.parse(context.period.since);
  const to = Date.parse(context.period.until);
  // Nothing is measured after now: the query stops there (a period wholly ahead measures nothing).
  const measuredTo = new Date(Math.max(from + 1, Math.min(to, state.now().getTime()))).toISOString();
  const span = Date.parse(measuredTo) - from;
  const grain = span <= MAX_POINTS * HOUR_MS ? 'hour' : span <= MAX_POINTS * 24 * HOUR_MS ? 'day' : 'month';
  const lines: SlaLine[] = views.map((v) => ({ id: v.id, name: v.name, kind: v.kind, total: queryMetrics(monitor.store, { period: grain, integration: v.id, from: context.period.since, to: measuredTo }, state.now()).total }));
  const alerts: Alert[] = alertsInPeriod(monitor.alerts.list('all', MAX_RUNS), from, to).filter((a) => only === null || a.subject === only);
  return slaReport(lines, alerts, context);
}

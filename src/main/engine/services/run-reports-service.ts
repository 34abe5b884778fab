import type { RunReportsService } from '../../../shared/api/services';
import { StudioError } from '../../../shared/errors';
import { requireSession, type EngineState } from '../core/engine-state';
import { printHtmlToPdfBuffer } from '../assessment/report/print-pdf';
import { RejectsRepo } from '../project/rejects-repo';
import { errorsReport, runsInPeriod, runsReport } from '../reports/operations-report';
import { renderReportCsv, renderReportHtml } from '../reports/render-report';

/** How many runs a report reads at most (a project keeps far fewer; the bound keeps one call small). */
const MAX_RUNS = 10_000;

/** Reports of runs and errors on demand (`runReports.render`). */
export function runReportsService(state: EngineState): RunReportsService {
  return {
    async render({ report, format, since, until }) {
      const s = requireSession(state);
      if (since && until && Date.parse(since) > Date.parse(until)) {
        throw new StudioError('BAD_REQUEST', `The report period starts (${since}) after it ends (${until}).`, 'Swap the two dates, or leave one out.');
      }
      const runs = runsInPeriod(s.runs.list(MAX_RUNS), { since, until });
      const context = { projectName: s.project.info().name, generatedAt: state.now().toISOString(), period: { since, until } };
      const rejects = new RejectsRepo(s.project.db);
      const data = report === 'runs' ? runsReport(runs, context) : errorsReport(runs, (runId) => rejects.countByCode(runId, undefined), context);
      const base = `${report}-report-${context.generatedAt.slice(0, 10)}`;
      if (format === 'csv') return { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', content: renderReportCsv(data), encoding: 'utf8' };
      const html = renderReportHtml(data);
      if (format === 'html') return { filename: `${base}.html`, contentType: 'text/html; charset=utf-8', content: html, encoding: 'utf8' };
      const pdf = await printHtmlToPdfBuffer(html);
      return { filename: `${base}.pdf`, contentType: 'application/pdf', content: pdf.toString('base64'), encoding: 'base64' };
    },
  };
}

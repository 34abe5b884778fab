import { html, raw } from '../assessment/report/html-escape';
import { reportPage } from '../assessment/report/report-page';
import type { OperationsReport, ReportCell, ReportColumn } from './operations-report';

/** The report as one self-contained HTML page (inline styles, no scripts, no external assets), as the assessment report is. */
export function renderReportHtml(report: OperationsReport): string {
  const period = report.period.since || report.period.until ? `${report.period.since ?? 'the first run'} to ${report.period.until ?? 'now'}` : 'all runs';
  const body = html`<main>
<header class="top"><h1>${report.title}</h1><div class="meta">Period: ${period} · generated ${report.generatedAt}</div></header>
<section class="facts">${report.summary.map((s) => html`<div class="fact"><div class="k">${s.label}</div><div class="v">${s.value}</div></div>`)}</section>
<h2>${report.tableTitle ?? (report.kind === 'runs' ? 'Runs' : 'Errors')}</h2>
${report.rows.length === 0 ? html`<p>Nothing to report in this period.</p>` : table(report.columns, report.rows)}
${(report.sections ?? []).map((s) => html`<h2>${s.title}</h2>
${s.rows.length === 0 ? html`<p>${s.empty}</p>` : table(s.columns, s.rows)}`)}
</main>`;
  return reportPage(report.title, body, WIDE_TABLES_CSS);
}

/** Operations tables are wide (up to 16 columns): printed on landscape pages, in a smaller type, so no column is cut off. */
const WIDE_TABLES_CSS = `@page { size: A4 landscape; }
@media print { main { max-width: none; padding: 0; } th, td { padding: 3px 4px; font-size: 9.5px; } td { overflow-wrap: anywhere; } }`;

/**
 * The report's table as RFC 4180 CSV (CRLF, quoted when needed, a UTF-8 BOM for Excel); text a
 * spreadsheet would run as a formula gets a leading apostrophe, as the findings CSV does.
 */
export function renderReportCsv(report: OperationsReport): string {
  const lines = [report.columns.map((c) => csvCell(c.key)).join(',')];
  for (const row of report.rows) lines.push(report.columns.map((c) => csvCell(row[c.key])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function table(columns: ReportColumn[], rows: Record<string, ReportCell>[]) {
  return html`<table><thead><tr>${columns.map((c) => html`<th${raw(c.numeric ? ' class="num"' : '')}>${c.label}</th>`)}</tr></thead>
<tbody>${rows.map((row) => html`<tr>${columns.map((c) => html`<td${raw(c.numeric ? ' class="num"' : '')}>${cellText(row[c.key])}</td>`)}</tr>`)}</tbody></table>`;
}

function cellText(value: ReportCell | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

function csvCell(value: ReportCell | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

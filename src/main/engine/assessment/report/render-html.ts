import type { AssessmentResult, ColumnProfile, Finding, Severity } from '../../../../shared/model/assessment';
import { findingTitle } from '../findings/finding-codes';
import { html, raw, type Html } from './html-escape';
import { reportPage } from './report-page';
import { barChart, COLORS, scoreColor, scoreRing, severityStrip, type Bar } from './svg-charts';

/** Options of the HTML report. */
export interface HtmlReportOptions {
  /** The report's heading (default "Data readiness assessment"). */
  title?: string;
  /** The school the data belongs to, shown under the title. */
  schoolName?: string;
  /** Duplicate pairs listed in the report (default 50; the findings still count them all). */
  maxDuplicates?: number;
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const SEVERITY_LABEL: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Notes' };

/**
 * The assessment as one self-contained HTML page: inline CSS and SVG, no scripts, no external
 * assets, so it opens anywhere, can be e-mailed, and prints to PDF as it looks. Every value from
 * the data is escaped and shown with `dir="auto"`, so Hebrew and Arabic names lay out right to
 * left inside left-to-right text. Personal data in examples is already masked by the findings.
 */
export function renderAssessmentHtml(result: AssessmentResult, opts: HtmlReportOptions = {}): string {
  const title = opts.title ?? 'Data readiness assessment';
  const body = html`
<main>
  <header class="top">
    <h1 dir="auto">${title}</h1>
    <div class="meta">${opts.schoolName ? html`<span dir="auto">${opts.schoolName}</span> · ` : ''}Source <span dir="auto">${result.source}</span> · assessed ${formatWhen(result.assessedAt)}</div>
  </header>
  ${summarySection(result)}
  ${findingsSection(result)}
  ${tablesSection(result)}
  ${duplicatesSection(result, opts.maxDuplicates ?? 50)}
  ${relationshipsSection(result)}
  ${notAssessedSection(result)}
  ${explanationSection(result)}
  <footer>Academia Pro Migration &amp; Sync Studio · readiness 0–100, 100 = ready · counts are rows affected (pairs, for duplicates) · personal data in examples is masked.</footer>
</main>`;
  return reportPage(title, body);
}

function summarySection(result: AssessmentResult): Html {
  const r = result.readiness;
  const counts = severityCounts(result.findings);
  const rows = r.perTable.reduce((a, t) => a + t.rows, 0);
  const tableBars: Bar[] = [...r.perTable]
    .filter((t) => t.rows > 0)
    .sort((a, b) => a.score - b.score)
    .map((t) => ({ label: t.table, value: t.score, color: scoreColor(t.score), note: `${t.score} · ${rowsText(t.rows)}` }));
  return html`
  <section id="summary">
    <h2>Summary</h2>
    <div class="summary">
      ${scoreRing(r.score)}
      <div class="facts">
        <div class="fact"><div class="k">Readiness</div><div class="v">${r.score} / 100</div></div>
        <div class="fact"><div class="k">Complexity</div><div class="v">${r.complexity}</div></div>
        <div class="fact"><div class="k">Effort estimate</div><div class="v">${formatDays(r.effortDays)}</div></div>
        <div class="fact"><div class="k">Data</div><div class="v">${r.perTable.length.toLocaleString('en')} tables · ${rows.toLocaleString('en')} rows</div></div>
        <div class="fact wide"><div class="k">Push to Academia Pro</div><div class="v">${r.pushEstimate ?? html`<span class="muted">not estimated: the target's limits are unknown</span>`}</div></div>
      </div>
    </div>
    <h3>Findings by severity</h3>
    <div class="counts">${SEVERITIES.map((s) => html`<span><span class="sev ${s}">${SEVERITY_LABEL[s]}</span> <b>${counts[s]}</b> findings, ${rowsAffected(result.findings, s).toLocaleString('en')} rows</span> `)}</div>
    ${severityStrip(counts)}
    ${tableBars.length ? html`<h3>Readiness by table</h3>${barChart(tableBars, { max: 100, label: 'Readiness by table' })}` : ''}
  </section>`;
}

function findingsSection(result: AssessmentResult): Html {
  if (result.findings.length === 0) return html`<section id="findings"><h2>Findings</h2><p>No problems were found.</p></section>`;
  // Notes are left out of the chart: they inform, they are not problems to size.
  const byCode = new Map<string, { rows: number; severity: Severity }>();
  for (const f of result.findings) {
    if (f.severity === 'info') continue;
    const entry = byCode.get(f.code) ?? { rows: 0, severity: f.severity };
    entry.rows += f.count;
    if (f.severity === 'error') entry.severity = 'error';
    byCode.set(f.code, entry);
  }
  const worst = [...byCode.entries()].sort((a, b) => b[1].rows - a[1].rows).slice(0, 10);
  const codeBars: Bar[] = worst.map(([code, e]) => ({ label: code, value: e.rows, color: COLORS[e.severity], note: rowsText(e.rows) }));
  return html`
  <section id="findings">
    <h2>Findings</h2>
    ${codeBars.length ? html`<h3>Rows affected, by problem</h3>${barChart(codeBars, { label: 'Rows affected by problem' })}` : ''}
    <table>
      <thead><tr><th>Severity</th><th>Problem</th><th>Where</th><th class="num">Rows</th><th>What was found · suggested fix</th></tr></thead>
      <tbody>${result.findings.map((f) => findingRow(f))}</tbody>
    </table>
  </section>`;
}

function findingRow(f: Finding): Html {
  return html`<tr>
    <td><span class="sev ${f.severity}">${f.severity}</span></td>
    <td><b>${findingTitle(f.code)}</b><br><code>${f.code}</code></td>
    <td dir="auto">${f.table}${f.column ? html`.<wbr>${f.column}` : ''}</td>
    <td class="num">${f.count.toLocaleString('en')}</td>
    <td><span dir="auto">${f.message}</span>${f.fix ? html`<div class="fix"><b>Fix (${f.fix.kind}):</b> <span dir="auto">${f.fix.description}</span>${f.fix.transforms?.length ? html` <code>${f.fix.transforms.map((t) => t.kind).join(' → ')}</code>` : ''}</div>` : ''}${examplesTable(f.examples)}</td>
  </tr>`;
}

function examplesTable(examples: Record<string, unknown>[]): Html | string {
  if (!examples.length) return '';
  const keys = [...new Set(examples.flatMap((e) => Object.keys(e)))];
  return html`<div class="examples"><table><thead><tr>${keys.map((k) => html`<th>${k}</th>`)}</tr></thead><tbody>${examples.map(
    (e) => html`<tr>${keys.map((k) => html`<td dir="auto">${showValue(e[k])}</td>`)}</tr>`,
  )}</tbody></table></div>`;
}

/** A value as the report shows it: text in quotes (so spaces at either end are visible), other values as they are. */
function showValue(value: unknown): Html {
  if (value === null || value === undefined) return html`<span class="muted">(empty)</span>`;
  if (typeof value === 'string') return html`<span class="val" dir="auto">“${value}”</span>`;
  if (typeof value === 'object') return html`<code>${JSON.stringify(value)}</code>`;
  return html`${String(value)}`;
}

function tablesSection(result: AssessmentResult): Html {
  const perTable = [...result.readiness.perTable].sort((a, b) => a.table.localeCompare(b.table));
  return html`
  <section id="tables">
    <h2>Tables</h2>
    ${perTable.map((t) => {
      const findings = result.findings.filter((f) => f.table === t.table);
      const columns = result.profiles.filter((p) => p.table === t.table);
      const counts = severityCounts(findings);
      return html`<details class="table" open>
        <summary><span dir="auto">${t.table}</span> <span class="muted">· ${rowsText(t.rows)} · ${counts.error} errors, ${counts.warning} warnings, ${counts.info} notes</span><span class="score" style="color:${raw(scoreColor(t.score))}">${t.score}</span></summary>
        ${columns.length ? columnsTable(columns, findings) : ''}
        ${findings.length ? html`<table><thead><tr><th>Severity</th><th>Problem</th><th>Column</th><th class="num">Rows</th><th>Details</th></tr></thead><tbody>${findings.map(
          (f) => html`<tr><td><span class="sev ${f.severity}">${f.severity}</span></td><td><code>${f.code}</code></td><td dir="auto">${f.column ?? '—'}</td><td class="num">${f.count.toLocaleString('en')}</td><td><span dir="auto">${f.message}</span>${examplesTable(f.examples)}</td></tr>`,
        )}</tbody></table>` : html`<p class="muted">No findings.</p>`}
      </details>`;
    })}
  </section>`;
}

function columnsTable(columns: readonly ColumnProfile[], findings: readonly Finding[]): Html {
  return html`<div class="scroll"><table>
    <thead><tr><th>Column</th><th>Type</th><th class="num">Filled</th><th class="num">Distinct</th><th>Most common values</th><th>Patterns</th><th>Problems</th></tr></thead>
    <tbody>${columns.map((c) => {
      const filled = c.rows ? Math.round(((c.rows - c.nulls - c.blanks - c.whitespaceOnly) / c.rows) * 100) : 0;
      const codes = findings.filter((f) => f.column === c.column).map((f) => f.code);
      return html`<tr>
        <td dir="auto"><b>${c.column}</b><br><span class="muted">${c.nativeType}</span></td>
        <td>${c.semanticType}${c.dateOrder ? html`<br><span class="muted">${c.dateOrder.decided}</span>` : ''}</td>
        <td class="num">${filled} %</td>
        <td class="num">${c.distinctExact ? '' : '≈ '}${c.distinct.toLocaleString('en')}</td>
        <td>${c.topValues.slice(0, 4).map((v) => html`<span class="pill"><span dir="auto">${v.value === '' ? '(blank)' : v.value}</span> <small>${v.count.toLocaleString('en')}</small></span>`)}</td>
        <td>${c.patterns.slice(0, 3).map((p) => html`<span class="pill"><code dir="ltr">${p.value}</code> <small>${p.count.toLocaleString('en')}</small></span>`)}</td>
        <td class="codes">${codes.length ? codes.map((code) => html`<code>${code}</code> `) : html`<span class="muted">—</span>`}</td>
      </tr>`;
    })}</tbody>
  </table></div>`;
}

function duplicatesSection(result: AssessmentResult, max: number): Html | string {
  if (!result.duplicates.length) return '';
  const shown = [...result.duplicates].sort((a, b) => b.score - a.score).slice(0, max);
  return html`
  <section id="duplicates">
    <h2>Possible duplicate people</h2>
    <p class="muted">${result.duplicates.length.toLocaleString('en')} pairs${result.duplicates.length > shown.length ? html`, the ${shown.length} most likely shown` : ''}. Confirm or reject them in the studio's review queue.</p>
    <table><thead><tr><th>Table</th><th>Row</th><th>Row</th><th class="num">Score</th><th>Why they match</th></tr></thead><tbody>${shown.map(
      (d) => html`<tr><td dir="auto">${d.table}</td><td dir="auto">${d.left}</td><td dir="auto">${d.right}</td><td class="num">${d.score.toFixed(2)}</td><td dir="auto">${d.reasons.join('; ')}</td></tr>`,
    )}</tbody></table>
  </section>`;
}

function relationshipsSection(result: AssessmentResult): Html | string {
  if (!result.relationships.length) return '';
  return html`
  <section id="relationships">
    <h2>Relationships</h2>
    <table><thead><tr><th>From</th><th>To</th><th>Kind</th><th class="num">Confidence</th><th class="num">Orphans</th><th>Orphan examples</th></tr></thead><tbody>${result.relationships.map(
      (r) => html`<tr><td dir="auto">${r.fromTable}.${r.fromColumns.join(', ')}</td><td dir="auto">${r.toTable}.${r.toColumns.join(', ')}</td><td>${r.declared ? 'declared' : 'inferred'}</td><td class="num">${Math.round(r.confidence * 100)} %</td><td class="num">${r.orphans.toLocaleString('en')}</td><td dir="auto">${r.orphanExamples.slice(0, 5).join(', ')}</td></tr>`,
    )}</tbody></table>
  </section>`;
}

function notAssessedSection(result: AssessmentResult): Html | string {
  if (!result.notAssessed.length) return '';
  return html`
  <section id="not-assessed">
    <h2>Not assessed</h2>
    <table><thead><tr><th>Table</th><th>Column</th><th>Why</th></tr></thead><tbody>${result.notAssessed.map(
      (n) => html`<tr><td dir="auto">${n.table}</td><td dir="auto">${n.column ?? '—'}</td><td dir="auto">${n.reason}</td></tr>`,
    )}</tbody></table>
  </section>`;
}

function explanationSection(result: AssessmentResult): Html {
  return html`
  <section id="explanation">
    <h2>How the figures were reached</h2>
    <ol class="explain">${result.readiness.explanation.map((line) => html`<li dir="auto">${line}</li>`)}</ol>
  </section>`;
}

function severityCounts(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

function rowsAffected(findings: readonly Finding[], severity: Severity): number {
  return findings.filter((f) => f.severity === severity).reduce((a, f) => a + f.count, 0);
}

function rowsText(rows: number): string {
  return rows === 1 ? '1 row' : `${rows.toLocaleString('en')} rows`;
}

function formatDays(days: number): string {
  return `${days.toLocaleString('en')} ${days === 1 ? 'day' : 'days'}`;
}

function formatWhen(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

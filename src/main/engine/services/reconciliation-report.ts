import type { ReconciliationMismatch } from '../../../shared/api/contracts/reconcile';
import type { ReconciliationLine, RunInfo } from '../../../shared/model/run';
import { html, type Html } from '../assessment/report/html-escape';
import { csvField } from '../assessment/report/render-csv';
import { reportPage } from '../assessment/report/report-page';

/** Mismatches an HTML (and so PDF) certificate lists; the CSV lists every one. */
export const HTML_MISMATCH_LIMIT = 2000;

/** The columns of the reconciliation CSV: one line per entity, then one per mismatch. */
export const RECONCILIATION_CSV_COLUMNS = ['section', 'entity', 'source', 'filtered', 'merged', 'staged', 'rejected', 'pushed', 'read_back', 'target', 'mismatches', 'checksum_mismatches', 'source_checksum', 'target_checksum', 'external_id', 'field', 'kind', 'source_value', 'target_value'] as const;

/** What a certificate says in one word: every line proves the data arrived, or not. */
export function certificateHolds(run: RunInfo): boolean {
  return run.status === 'Completed' && run.reconciliation.length > 0 && run.reconciliation.every((l) => l.mismatches === 0 && (l.checksumMismatches ?? 0) === 0 && (run.dryRun || l.sourceChecksum === l.targetChecksum));
}

/**
 * The certificate as RFC 4180 CSV (BOM, CRLF): a line per entity (section `entity`), then a line
 * per mismatch (section `mismatch`); every text cell neutralised against formula injection and
 * quoted as the assessment's CSV export does it — a value from the school's data or the target
 * is text a spreadsheet must never run.
 */
export function renderReconciliationCsv(run: RunInfo, mismatches: Iterable<ReconciliationMismatch>): string {
  const out = [RECONCILIATION_CSV_COLUMNS.join(',')];
  const cell = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : csvField(v));
  for (const l of run.reconciliation) {
    out.push(
      ['entity', l.entity, l.source, l.filtered, l.merged, l.staged, l.rejected, l.pushed, l.readBack, l.target, l.mismatches, l.checksumMismatches, l.sourceChecksum, l.targetChecksum, null, null, null, null, null].map(cell).join(','),
    );
  }
  for (const m of mismatches) {
    out.push(['mismatch', m.entity, null, null, null, null, null, null, null, null, null, null, null, null, m.externalId, m.field, m.kind, valueText(m.source), valueText(m.target)].map(cell).join(','));
  }
  return `\uFEFF${out.join('\r\n')}\r\n`;
}

/** A value as a cell or a table shows it: text as it is, anything else as JSON, nothing as empty. */
export function valueText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The certificate as one self-contained HTML page in the assessment report's style (inline CSS,
 * no scripts, no external assets), so Chromium prints it to PDF exactly as the assessment
 * report is printed. Every value is escaped and shown with `dir="auto"`.
 */
export function renderReconciliationHtml(input: { project: string; run: RunInfo; checkedAt: string | null; mismatches: Iterable<ReconciliationMismatch>; mismatchesTotal: number }): string {
  const { run } = input;
  const title = `Reconciliation certificate — ${input.project}`;
  const holds = certificateHolds(run);
  const listed: ReconciliationMismatch[] = [];
  for (const m of input.mismatches) {
    if (listed.length >= HTML_MISMATCH_LIMIT) break;
    listed.push(m);
  }
  const body = html`
<main>
  <header class="top">
    <h1 dir="auto">${title}</h1>
    <div class="meta">Run <code>${run.runId}</code>${run.label ? html` · <span dir="auto">${run.label}</span>` : ''} · ${run.status}${run.dryRun ? ' (dry run)' : ''} · target read back ${input.checkedAt ?? 'never'}</div>
  </header>
  <p class="${holds ? 'verdict ok' : 'verdict bad'}">${
    holds
      ? 'Every staged record is in the target, and its fields there match what was staged: source and target checksums are equal.'
      : `This run does not reconcile: ${input.mismatchesTotal.toLocaleString('en')} mismatch(es) are listed below.`
  }</p>
  <h2>Entities</h2>
  <table>
    <thead><tr><th>Entity</th><th class="num">Source</th><th class="num">Filtered</th><th class="num">Merged</th><th class="num">Staged</th><th class="num">Rejected</th><th class="num">Pushed</th><th class="num">Read back</th><th class="num">Target</th><th class="num">Mismatches</th><th class="num">Field mismatches</th><th>Checksums</th></tr></thead>
    <tbody>${run.reconciliation.map(entityRow)}</tbody>
  </table>
  <h2>Mismatches</h2>
  ${
    listed.length
      ? html`<table>
    <thead><tr><th>Entity</th><th>External id</th><th>Field</th><th>Kind</th><th>Source value</th><th>Target value</th></tr></thead>
    <tbody>${listed.map(mismatchRow)}</tbody>
  </table>${input.mismatchesTotal > listed.length ? html`<p class="fix">${(input.mismatchesTotal - listed.length).toLocaleString('en')} more mismatch(es) are in the CSV export of this certificate.</p>` : ''}`
      : html`<p>None.</p>`
  }
  <footer>Academia Pro Migration &amp; Sync Studio · checksums are SHA-256 over each record's compared fields in externalId order, the source side from the staged records, the target side from the target's list endpoints (docs/reconciliation.md).</footer>
</main>`;
  return reportPage(title, body, CERTIFICATE_CSS);
}

/** The certificate's own rules, on top of the shared report styles. */
const CERTIFICATE_CSS = `.verdict { padding: 10px 14px; border-radius: 8px; font-weight: 600; }
.verdict.ok { background: #e8f5e9; color: var(--good); }
.verdict.bad { background: #fdecea; color: var(--error); }
td.sum { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 11px; word-break: break-all; }`;

function entityRow(l: ReconciliationLine): Html {
  const n = (v: number | undefined) => (v === undefined ? '—' : v.toLocaleString('en'));
  const sums = l.sourceChecksum === undefined ? 'not computed' : l.targetChecksum === null || l.targetChecksum === undefined ? `source ${short(l.sourceChecksum)}` : l.sourceChecksum === l.targetChecksum ? `equal ${short(l.sourceChecksum)}` : `differ: source ${short(l.sourceChecksum)}, target ${short(l.targetChecksum)}`;
  return html`<tr><td><code>${l.entity}</code></td><td class="num">${n(l.source)}</td><td class="num">${n(l.filtered)}</td><td class="num">${n(l.merged)}</td><td class="num">${n(l.staged)}</td><td class="num">${n(l.rejected)}</td><td class="num">${n(l.pushed)}</td><td class="num">${n(l.readBack)}</td><td class="num">${n(l.target)}</td><td class="num">${n(l.mismatches)}</td><td class="num">${n(l.checksumMismatches)}</td><td class="sum">${sums}</td></tr>`;
}

function short(sum: string | null | undefined): string {
  return sum ? sum.slice(0, 16) : 'none';
}

function mismatchRow(m: ReconciliationMismatch): Html {
  const kind = m.kind === 'merged' ? `merged into ${m.survivor ?? '?'}, still in the target` : m.kind === 'missing' ? 'not in the target' : 'value differs';
  return html`<tr><td><code>${m.entity}</code></td><td><code dir="auto">${m.externalId}</code></td><td>${m.field ?? '(record)'}</td><td>${kind}</td><td><span class="val" dir="auto">${valueText(m.source) ?? '—'}</span></td><td><span class="val" dir="auto">${valueText(m.target) ?? '—'}</span></td></tr>`;
}

import type { MigrationProgress } from '../../../shared/model/migration-progress';
import { html, type Html } from '../assessment/report/html-escape';
import { reportPage } from '../assessment/report/report-page';

/** What the plan document is about, besides the progress. */
export interface PlanDocumentContext {
  projectName: string;
  generatedAt: Date;
}

const SCOPE_WORDS: Record<string, string> = { Full: 'Full', Partial: 'Partial', 'Module-specific': 'Module-specific' };
const APPROACH_WORDS: Record<string, string> = { 'big-bang': 'Big bang', 'phased-by-module': 'Phased by module', 'phased-by-school': 'Phased by school', 'parallel-run': 'Parallel run with ongoing sync' };

/**
 * The migration plan a school signs: the record and strategy with what it implies, the timeline,
 * the go/no-go checklist as it stands, the rehearsals so far, and lines for the signatures. It
 * uses the assessment report's styles so both documents look like one product; the PDF is
 * printed from this HTML by the same Chromium.
 */
export function renderPlanDocument(progress: MigrationProgress, ctx: PlanDocumentContext): string {
  const title = `Migration plan · ${ctx.projectName}`;
  const r = progress.record;
  const body = html`
<main>
  <header class="top">
    <h1 dir="auto">${title}</h1>
    <div class="meta">Status ${progress.status} · go/no-go ${progress.go ? 'GO' : 'NO-GO'} · prepared ${ctx.generatedAt.toISOString().slice(0, 10)}</div>
  </header>
  ${r ? recordSection(r) : ''}
  <section id="timeline">
    <h2>Timeline</h2>
    <table>
      <thead><tr><th>Milestone</th><th>Due</th><th>Owner</th><th>Status</th><th>Estimate · how it is decided</th></tr></thead>
      <tbody>${progress.milestones.map(
        (m) => html`<tr><td style="white-space:nowrap"><b>${m.name}</b></td><td style="white-space:nowrap">${m.due ?? html`<span class="muted">not set</span>`}</td><td dir="auto">${m.owner ?? html`<span class="muted">—</span>`}</td><td>${m.status}</td><td>${m.estimate ? html`${m.estimate}<br>` : ''}<span class="muted" dir="auto">${m.detail ?? ''}</span></td></tr>`,
      )}</tbody>
    </table>
  </section>
  <section id="go-no-go">
    <h2>Go / no-go</h2>
    <table>
      <thead><tr><th>Condition</th><th>Holds</th><th>Why</th></tr></thead>
      <tbody>${progress.checklist.map((c) => html`<tr><td>${c.item}</td><td>${c.ok ? 'yes' : html`<b>no</b>`}</td><td dir="auto">${c.detail}</td></tr>`)}</tbody>
    </table>
  </section>
  ${progress.rehearsals ? rehearsalsSection(progress.rehearsals) : ''}
  <section id="sign-off">
    <h2>Sign-off</h2>
    <table>
      <thead><tr><th>Role</th><th>Name</th><th>Date</th><th>Signature</th></tr></thead>
      <tbody>${['School', 'Migration lead'].map((role) => html`<tr><td>${role}</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td></tr>`)}</tbody>
    </table>
  </section>
  <footer>Academia Pro Migration &amp; Sync Studio · every status and estimate here is computed from the project file, not typed in.</footer>
</main>`;
  return reportPage(title, body);
}

function recordSection(r: NonNullable<MigrationProgress['record']>): Html {
  const fact = (k: string, v: unknown) => html`<div class="fact"><div class="k">${k}</div><div class="v" dir="auto">${v === null || v === undefined || v === '' ? html`<span class="muted">not set</span>` : v}</div></div>`;
  return html`
  <section id="record">
    <h2>Migration</h2>
    <div class="facts">
      ${fact('Legacy system', r.legacySystem ? `${r.legacySystem.name}${r.legacySystem.version ? ` ${r.legacySystem.version}` : ''}` : null)}
      ${fact('Scope', `${SCOPE_WORDS[r.scope]}${r.scope === 'Full' ? '' : ` (${r.modules.join(', ')})`}`)}
      ${fact('Approach', r.approach ? APPROACH_WORDS[r.approach] : null)}
      ${fact('Dates', r.startDate || r.endDate ? `${r.startDate ?? '?'} – ${r.endDate ?? '?'}` : null)}
      ${fact('Data volume', r.dataVolumeEstimate === null ? null : `${r.dataVolumeEstimate.toLocaleString('en')} records`)}
      ${fact('Complexity', r.complexity)}
      ${fact('Risk score', r.riskScore === null ? null : `${r.riskScore} / 100`)}
      ${fact('Rollback plan', r.rollbackPlanAvailable ? 'rehearsed' : 'not rehearsed yet')}
    </div>
    <h3>What the strategy implies</h3>
    <ul>${r.implications.map((line) => html`<li dir="auto">${line}</li>`)}</ul>
  </section>`;
}

function rehearsalsSection(c: NonNullable<MigrationProgress['rehearsals']>): Html {
  const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
  return html`
  <section id="rehearsals">
    <h2>Rehearsals</h2>
    <p dir="auto">${c.summary}</p>
    ${c.rehearsals.length
      ? html`<table>
      <thead><tr><th>Rehearsal</th><th class="num">Rows read</th><th class="num">Rejected</th><th class="num">Mismatches</th><th>Duration</th><th>Change from the one before</th></tr></thead>
      <tbody>${c.rehearsals.map(
        (r) => html`<tr><td>${r.label ?? r.runId}</td><td class="num">${r.read.toLocaleString('en')}</td><td class="num">${r.rejected.toLocaleString('en')}</td><td class="num">${r.mismatches}</td><td>${r.durationMs === null ? '—' : `${Math.round(r.durationMs / 1000)} s`}</td><td>${
          r.change ? `${signed(r.change.rejected)} rejected, ${signed(r.change.mismatches)} mismatches${r.change.reasons.length ? `; ${r.change.reasons.slice(0, 5).map((x) => `${x.code} ${x.before}→${x.after}`).join(', ')}` : ''}` : 'first'
        }</td></tr>`,
      )}</tbody>
    </table>`
      : ''}
  </section>`;
}

import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { StudioError } from '../../../../shared/errors';
import type { ReconciliationDocument } from '../../../../shared/api/contracts/reconcile';
import { writeOwnerOnlyFile } from '../../../../platform/owner-only';
import { createHostEngine } from '../../host-engine';
import { parseCommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';

/**
 * `reconcile <project> <runId> [--report FILE.html|FILE.pdf|FILE.csv] [--overwrite] [--json]`:
 * reads the run's records back from the target, compares their fields with what the run staged
 * (`runs.reconcile`) and prints the certificate — the docs/conventions.md `reconcile --json`
 * document, or tables for people. `--report` writes it as HTML, PDF (printed from the HTML by
 * Chromium, as `assess --report` does) or CSV, owner-only, never over a file without
 * `--overwrite` (checked before the target is read). Exit 0 when everything reconciles, 1 when
 * anything does not (or the run did not complete).
 */
export async function reconcileCommand(argv: string[], out: CliOutput): Promise<number> {
  const { positionals, values } = parseCommandArgs('reconcile', argv, { report: { type: 'string' }, overwrite: { type: 'boolean' } }, { min: 2, max: 2, names: 'a project path and a run id' });
  const reportFile = values.report ? resolve(values.report) : null;
  const ext = reportFile ? extname(reportFile).toLowerCase() : null;
  const format = ext === '.html' || ext === '.htm' ? 'html' : ext === '.pdf' ? 'pdf' : ext === '.csv' ? 'csv' : null;
  if (reportFile && !format) {
    throw new StudioError('USAGE', `academia-studio reconcile: --report must end in .html, .pdf or .csv, not "${ext || 'nothing'}".`, 'For example: --report certificate.pdf');
  }
  const overwrite = values.overwrite === true;
  const existsHint = 'Add --overwrite to replace it, or choose another file with --report.';
  if (reportFile && !overwrite && existsSync(reportFile)) {
    throw new StudioError('FILE_EXISTS', `There is already a file at ${reportFile}; the reconciliation report would replace it.`, existsHint, { where: { file: reportFile } });
  }
  const engine = createHostEngine({ host: 'cli' });
  try {
    await engine.api.projects.open({ path: resolve(positionals[0]) });
    const doc = await engine.api.runs.reconcile({ runId: positionals[1] });
    if (reportFile && format) {
      const report = await engine.api.runs.reconciliationReport({ runId: doc.runId, format });
      writeOwnerOnlyFile(reportFile, report.encoding === 'base64' ? Buffer.from(report.content, 'base64') : report.content, { overwrite, existsHint });
      out.log(`Report written to ${reportFile}`);
    }
    if (out.json) out.document(doc);
    else printCertificate(out, doc);
    return reconciles(doc) ? EXIT.ok : EXIT.failed;
  } finally {
    await engine.dispose();
  }
}

/** True when the run completed and every line reconciles: no mismatch, equal checksums (a dry run has no target checksum). */
function reconciles(doc: ReconciliationDocument): boolean {
  return doc.status === 'Completed' && doc.mismatchesTotal === 0 && doc.reconciliation.every((l) => l.mismatches === 0 && (doc.dryRun || l.sourceChecksum === undefined || l.sourceChecksum === l.targetChecksum));
}

function printCertificate(out: CliOutput, doc: ReconciliationDocument): void {
  out.print(`Reconciliation of ${doc.runId} (${doc.status}${doc.dryRun ? ', dry run' : ''}), target read back ${doc.checkedAt ?? 'never'}`);
  const n = (v: number | undefined) => (v === undefined ? '-' : v.toLocaleString('en'));
  const rows = doc.reconciliation.map((l) => [
    l.entity,
    n(l.source),
    n(l.filtered),
    n(l.merged),
    n(l.staged),
    n(l.rejected),
    n(l.pushed),
    n(l.readBack),
    n(l.target),
    n(l.mismatches),
    n(l.checksumMismatches),
    l.sourceChecksum === undefined ? '-' : l.targetChecksum === null || l.targetChecksum === undefined ? 'source only' : l.sourceChecksum === l.targetChecksum ? 'equal' : 'DIFFER',
  ]);
  out.print(table(['entity', 'source', 'filtered', 'merged', 'staged', 'rejected', 'pushed', 'read back', 'target', 'mismatches', 'field mismatches', 'checksums'], rows));
  if (!doc.mismatchesTotal) {
    out.print('\nNo mismatches.');
    return;
  }
  out.print(`\n${doc.mismatchesTotal.toLocaleString('en')} mismatch(es):`);
  for (const m of doc.mismatches) {
    const what = m.kind === 'field' ? `${m.field}: staged ${JSON.stringify(m.source)}, target ${JSON.stringify(m.target)}` : m.kind === 'missing' ? 'not in the target' : `merged into ${m.survivor ?? '?'} but still in the target`;
    out.print(`  ${m.entity} ${m.externalId}  ${what}`);
  }
}

function table(headers: string[], rows: string[][]): string {
  const cells = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { StudioError } from '../../../../shared/errors';
import { writeOwnerOnlyFile } from '../../../../platform/owner-only';
import { parseCommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';
import type { SourceAssessment, SourceProgress } from '../../../../shared/api/contracts/sources';
import { withCliEngine } from '../cli-engine';
import { SOURCE_PASSWORD_OPTIONS, withSource, type SecretIo } from '../source-password';
import { SOURCE_READ_OPTIONS } from '../source-options';

/**
 * `assess <source> [--json] [--report file.html|file.pdf|file.csv] [--overwrite] [--password-stdin]`
 * (docs/conventions.md `assess --json`). The report names pupils, so it is written owner-only, and an
 * existing file is replaced only with `--overwrite` (checked before the assessment starts, so nobody
 * waits for nothing).
 */
export async function assessCommand(argv: string[], out: CliOutput, io: SecretIo = {}): Promise<number> {
  const { positionals, values } = parseCommandArgs('assess', argv, { report: { type: 'string' }, overwrite: { type: 'boolean' }, 'school-year': { type: 'string' }, ...SOURCE_PASSWORD_OPTIONS, ...SOURCE_READ_OPTIONS }, { min: 1, max: 1, names: 'one source (connection string or path)' });
  const reportFile = values.report ? resolve(values.report) : null;
  const reportKind = reportFile ? extname(reportFile).toLowerCase() : null;
  if (reportKind && !['.html', '.htm', '.pdf', '.csv'].includes(reportKind)) {
    throw new StudioError('USAGE', `academia-studio assess: --report must end in .html, .pdf or .csv, not "${reportKind}".`, 'For example: --report readiness.html');
  }
  const overwrite = Boolean(values.overwrite);
  const existsHint = 'Add --overwrite to replace it, or choose another file with --report.';
  if (reportFile && !overwrite && existsSync(reportFile)) {
    throw new StudioError('FILE_EXISTS', `There is already a file at ${reportFile}; the assessment report would replace it.`, existsHint, { where: { file: reportFile } });
  }
  return withCliEngine((engine) =>
    withSource(engine.api.sources, 'assess', positionals[0], values['password-stdin'], io, async ({ sourceId }) => {
      let last = '';
      const stopListening = engine.onEvent((message) => {
        if (message.event !== 'sources.progress') return;
        const p = message.payload as SourceProgress;
        if (p.sourceId !== sourceId) return;
        const line = `assessing ${p.table}: ${p.rowsDone.toLocaleString('en')}${p.rowsTotal !== null ? ` / ${p.rowsTotal.toLocaleString('en')}` : ''} rows`;
        if (line !== last && (p.rowsTotal === null || p.rowsDone === p.rowsTotal || p.rowsDone % 100_000 === 0)) out.log(line);
        last = line;
      });
      let assessed: SourceAssessment;
      try {
        assessed = await engine.api.sources.assess({ sourceId, ...(typeof values['school-year'] === 'string' ? { schoolYearStart: values['school-year'] } : {}), ...(reportKind ? { report: reportKind === '.pdf' ? 'pdf' : reportKind === '.csv' ? 'csv' : 'html' } : {}) });
      } finally {
        stopListening();
      }
      const { result, report } = assessed;
      if (reportFile && report) {
        writeOwnerOnlyFile(reportFile, report.encoding === 'base64' ? Buffer.from(report.content, 'base64') : report.content, { overwrite, existsHint });
        out.log(`Report written to ${reportFile}`);
      }
      if (out.json) {
        out.document({ readiness: result.readiness, findings: result.findings, duplicates: result.duplicates, relationships: result.relationships, notAssessed: result.notAssessed });
      } else {
        const r = result.readiness;
        out.print(`Readiness ${r.score}/100 · complexity ${r.complexity} · effort ≈ ${r.effortDays} days${r.pushEstimate ? ` · push ${r.pushEstimate}` : ''}`);
        for (const line of r.explanation) out.print(`  ${line}`);
        out.print('');
        for (const f of result.findings) out.print(`${f.severity.padEnd(7)} ${f.code.padEnd(26)} ${`${f.table}${f.column ? `.${f.column}` : ''}`.padEnd(32)} ${String(f.count).padStart(7)}  ${f.message}`);
        if (result.notAssessed.length) {
          out.print('\nNot assessed:');
          for (const n of result.notAssessed) out.print(`  ${n.table}${n.column ? `.${n.column}` : ''}: ${n.reason}`);
        }
      }
      return EXIT.ok;
    }, values),
  );
}

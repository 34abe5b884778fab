import { writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { StudioError } from '../../../../shared/errors';
import { assessSource } from '../../../engine/assessment/assess-source';
import { renderAssessmentHtml } from '../../../engine/assessment/report/render-html';
import { renderFindingsCsv } from '../../../engine/assessment/report/render-csv';
import { printHtmlToPdfBuffer } from '../../../engine/assessment/report/print-pdf';
import { openConnector } from '../../../engine/connectors/open-connector';
import { parseSourceLocation } from '../../../engine/connectors/source-location';
import { commandLineSourceGuard } from './command-line-source';
import { parseCommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';

/** `assess <source> [--json] [--report file.html|file.pdf|file.csv]` (CONVENTIONS `assess --json`). */
export async function assessCommand(argv: string[], out: CliOutput): Promise<number> {
  const { positionals, values } = parseCommandArgs('assess', argv, { report: { type: 'string' } }, { min: 1, max: 1, names: 'one source (connection string or path)' });
  const reportFile = values.report ? resolve(values.report) : null;
  const reportKind = reportFile ? extname(reportFile).toLowerCase() : null;
  if (reportKind && !['.html', '.htm', '.pdf', '.csv'].includes(reportKind)) {
    throw new StudioError('USAGE', `academia-studio assess: --report must end in .html, .pdf or .csv, not "${reportKind}".`, 'For example: --report readiness.html');
  }
  const guard = commandLineSourceGuard(positionals[0]);
  const parsed = parseSourceLocation(positionals[0]);
  const connector = openConnector(parsed.kind, parsed.config, parsed.password, guard);
  try {
    let last = '';
    const result = await assessSource(connector, {
      sourceLabel: parsed.masked,
      onProgress: (p) => {
        const line = `assessing ${p.table}: ${p.rowsDone.toLocaleString('en')}${p.rowsTotal !== null ? ` / ${p.rowsTotal.toLocaleString('en')}` : ''} rows`;
        if (line !== last && (p.rowsTotal === null || p.rowsDone === p.rowsTotal || p.rowsDone % 100_000 === 0)) out.log(line);
        last = line;
      },
    });
    if (reportFile) {
      const html = renderAssessmentHtml(result, { title: `Data readiness — ${parsed.masked}` });
      if (reportKind === '.pdf') writeFileSync(reportFile, await printHtmlToPdfBuffer(html));
      else writeFileSync(reportFile, reportKind === '.csv' ? renderFindingsCsv(result) : html);
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
  } finally {
    await connector.close();
  }
}

import { resolve } from 'node:path';
import { StudioError } from '../../../../shared/errors';
import type { BundleReport } from '../../../../shared/model/oneroster';
import { createHostEngine } from '../../host-engine';
import { intOption, parseCommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';

/**
 * `oneroster export <project> --out DIR [--overwrite] [--json]` writes the school as Academia Pro
 * holds it as a OneRoster 1.2 CSV bundle and checks it; `oneroster validate DIR [--limit N]
 * [--json]` checks any bundle folder against the column rules (docs/oneroster.md). Exit 0 when
 * the bundle has no error (warnings allowed), 1 otherwise.
 */
export async function oneRosterCommand(argv: string[], out: CliOutput): Promise<number> {
  const [action, ...rest] = argv;
  if (action === 'export') {
    const { positionals, values } = parseCommandArgs('oneroster export', rest, { out: { type: 'string' }, overwrite: { type: 'boolean' } }, { min: 1, max: 1, names: 'one project path' });
    if (typeof values.out !== 'string') throw new StudioError('USAGE', 'academia-studio oneroster export needs --out DIR.', 'For example: academia-studio oneroster export school.apstudio --out oneroster-2025');
    const engine = createHostEngine({ host: 'cli' });
    try {
      await engine.api.projects.open({ path: resolve(positionals[0]) });
      const result = await engine.api.oneRoster.export({ out: resolve(values.out), overwrite: values.overwrite === true });
      if (out.json) out.document(result);
      else {
        out.print(`OneRoster 1.2 bundle written to ${result.dir}:`);
        for (const f of result.files) out.print(`  ${f.file}: ${f.rows} rows`);
        printReport(result.validation, out);
      }
      return result.validation.valid ? EXIT.ok : EXIT.failed;
    } finally {
      await engine.dispose();
    }
  }
  if (action === 'validate') {
    const { positionals, values } = parseCommandArgs('oneroster validate', rest, { limit: { type: 'string' } }, { min: 1, max: 1, names: 'one bundle folder' });
    const limit = intOption('oneroster validate', 'limit', values.limit, 1, 100_000);
    const engine = createHostEngine({ host: 'cli' });
    try {
      const report = await engine.api.oneRoster.validate({ dir: resolve(positionals[0]), ...(limit ? { limit } : {}) });
      if (out.json) out.document(report);
      else printReport(report, out);
      return report.valid ? EXIT.ok : EXIT.failed;
    } finally {
      await engine.dispose();
    }
  }
  throw new StudioError('USAGE', `academia-studio oneroster needs export or validate${action ? `, not "${action}"` : ''}.`, 'Run `academia-studio oneroster validate FOLDER` or `academia-studio oneroster export school.apstudio --out FOLDER`.');
}

function printReport(r: BundleReport, out: CliOutput): void {
  out.print(`${r.valid ? 'Valid' : 'NOT valid'} OneRoster ${r.version ?? '?'} bundle: ${r.errors} errors, ${r.warnings} warnings (${r.dir}).`);
  for (const f of r.findings) out.print(`  ${f.severity === 'error' ? 'ERROR  ' : 'warning'} ${f.code} ${f.file ?? ''}${f.line ? `:${f.line}` : ''}${f.column ? ` [${f.column}]` : ''}: ${f.message} Fix: ${f.fix}`);
  if (r.truncated) out.print(`  … ${r.errors + r.warnings - r.findings.length} more (--limit N lists more).`);
}

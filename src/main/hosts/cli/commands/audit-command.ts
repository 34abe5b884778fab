import { StudioError } from '../../../../shared/errors';
import { parseCommandArgs } from '../args';
import { withCliEngine } from '../cli-engine';
import type { CliOutput } from '../output';

/**
 * `audit verify <project>` checks the whole hash chain, each entry's MAC under your audit key (from
 * your vault key, when you hold it) and the checkpoint kept in your configuration folder, and names
 * the first entry that was changed or removed (exit 1 when not valid); `audit export <project>`
 * writes it as CSV/JSON. Both read the project without taking its lock and without writing into
 * its folder (the engine's `audit.verifyFile` / `audit.exportFile`), so they work while a studio
 * has it open and on a read-only copy.
 */
export async function auditCommand(argv: string[], out: CliOutput): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'verify') {
    const { positionals } = parseCommandArgs('audit verify', rest, {}, { min: 1, max: 1, names: 'one project path' });
    const verdict = await withCliEngine(({ api }) => api.audit.verifyFile({ path: positionals[0] }));
    if (out.json) out.document({ valid: verdict.valid, entries: verdict.entries, firstBadEntry: verdict.firstBadEntry, keyed: verdict.keyed });
    else for (const line of verdict.lines) out.print(line);
    // 0 when the chain is whole, 1 when it is not (docs/conventions.md).
    return verdict.valid ? 0 : 1;
  }
  if (sub === 'export') {
    const { positionals, values } = parseCommandArgs(
      'audit export',
      rest,
      { format: { type: 'string' }, out: { type: 'string' }, overwrite: { type: 'boolean' } },
      { min: 1, max: 1, names: 'one project path' },
    );
    const written = await withCliEngine(({ api }) => api.audit.exportFile({ path: positionals[0], format: values.format ?? 'csv', out: values.out, overwrite: Boolean(values.overwrite) }));
    if (out.json) out.document({ file: written.file, format: written.format, entries: written.entries, valid: written.valid, firstBadEntry: written.firstBadEntry });
    else for (const line of written.lines) out.print(line);
    // Written: a broken chain is reported in the document and the lines, and in the export itself.
    return 0;
  }
  throw new StudioError('USAGE', `academia-studio audit takes "verify" or "export"${sub ? `, not "${sub}"` : ''}.`, 'Run `academia-studio audit verify <project>` or `academia-studio audit export <project> --format csv|json`.');
}

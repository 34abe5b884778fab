import { StudioError } from '../../../../shared/errors';
import { auditExportCore, auditVerifyCore } from '../../../engine/security/audit-commands';
import { parseCommandArgs } from '../args';
import type { CliOutput } from '../output';

/**
 * `audit verify <project>` checks the whole hash chain and names the first entry that was
 * changed or removed (exit 1 when not valid); `audit export <project>` writes it as CSV/JSON.
 * Both read the project without taking its lock, so they work while a studio has it open.
 */
export async function auditCommand(argv: string[], out: CliOutput): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'verify') {
    const { positionals } = parseCommandArgs('audit verify', rest, {}, { min: 1, max: 1, names: 'one project path' });
    const outcome = auditVerifyCore(positionals[0]);
    if (out.json) out.document(outcome.document);
    else for (const line of outcome.lines) out.print(line);
    return outcome.exitCode;
  }
  if (sub === 'export') {
    const { positionals, values } = parseCommandArgs(
      'audit export',
      rest,
      { format: { type: 'string' }, out: { type: 'string' }, overwrite: { type: 'boolean' } },
      { min: 1, max: 1, names: 'one project path' },
    );
    const format = (values.format ?? 'csv') as 'csv' | 'json';
    const outcome = auditExportCore(positionals[0], { format, out: values.out, overwrite: Boolean(values.overwrite) });
    if (out.json) out.document(outcome.document);
    else for (const line of outcome.lines) out.print(line);
    return outcome.exitCode;
  }
  throw new StudioError('USAGE', `academia-studio audit takes "verify" or "export"${sub ? `, not "${sub}"` : ''}.`, 'Run `academia-studio audit verify <project>` or `academia-studio audit export <project> --format csv|json`.');
}

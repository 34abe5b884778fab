import { StudioError } from '../../../../shared/errors';
import { configDir } from '../../../engine/core/config-dir';
import { AuditCheckpoints } from '../../../engine/security/audit-checkpoint';
import { auditExportCore, auditVerifyCore, type AuditReadOptions } from '../../../engine/services/audit-commands';
import { readAuditKeys } from '../../../engine/security/audit-key';
import { KeyStore } from '../../../engine/security/key-store';
import { parseCommandArgs } from '../args';
import type { CliOutput } from '../output';

/**
 * `audit verify <project>` checks the whole hash chain, each entry's MAC under your audit key (from
 * your vault key, when you hold it) and the checkpoint kept in your configuration folder, and names
 * the first entry that was changed or removed (exit 1 when not valid); `audit export <project>`
 * writes it as CSV/JSON. Both read the project without taking its lock and without writing into
 * its folder, so they work while a studio has it open and on a read-only copy.
 */
export async function auditCommand(argv: string[], out: CliOutput): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'verify') {
    const { positionals } = parseCommandArgs('audit verify', rest, {}, { min: 1, max: 1, names: 'one project path' });
    const outcome = auditVerifyCore(positionals[0], await readOptions());
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
    const outcome = auditExportCore(positionals[0], { format, out: values.out, overwrite: Boolean(values.overwrite), ...(await readOptions()) });
    if (out.json) out.document(outcome.document);
    else for (const line of outcome.lines) out.print(line);
    return outcome.exitCode;
  }
  throw new StudioError('USAGE', `academia-studio audit takes "verify" or "export"${sub ? `, not "${sub}"` : ''}.`, 'Run `academia-studio audit verify <project>` or `academia-studio audit export <project> --format csv|json`.');
}

/** Your audit key (a passphrase-only key opens with APSTUDIO_VAULT_PASSPHRASE) and checkpoints. */
async function readOptions(): Promise<AuditReadOptions> {
  const dir = configDir();
  const { keys } = await readAuditKeys(new KeyStore({ configDir: dir }));
  return { keys, checkpoints: new AuditCheckpoints(dir) };
}

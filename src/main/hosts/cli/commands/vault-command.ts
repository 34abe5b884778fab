import { StudioError } from '../../../../shared/errors';
import { parseCommandArgs } from '../args';
import { withCliEngine } from '../cli-engine';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';

/** Where the passphrase of a job's key is read from: never a command-line argument (visible in process lists). */
const JOB_PASSPHRASE_ENV = 'APSTUDIO_JOB_PASSPHRASE';

/**
 * `vault key-for-job <folder>`: writes a passphrase-only copy of your vault key into an empty
 * configuration folder, for a scheduled job running under another account (docs/security.md).
 */
export async function vaultCommand(argv: string[], out: CliOutput): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'key-for-job') {
    throw new StudioError('USAGE', `academia-studio vault takes "key-for-job"${sub ? `, not "${sub}"` : ''}.`, 'Run `academia-studio vault key-for-job <empty folder>` with the passphrase in APSTUDIO_JOB_PASSPHRASE.');
  }
  const { positionals } = parseCommandArgs('vault key-for-job', rest, {}, { min: 1, max: 1, names: 'one folder' });
  const passphrase = process.env[JOB_PASSPHRASE_ENV];
  if (!passphrase) {
    throw new StudioError('USAGE', `Set the job's passphrase in the environment variable ${JOB_PASSPHRASE_ENV}.`, 'A passphrase on the command line would show in process lists and shell history; put it in the environment instead.');
  }
  const { keyFile: file } = await withCliEngine(({ api }) => api.vault.keyForJob({ folder: positionals[0], passphrase }));
  if (out.json) out.document({ keyFile: file });
  else {
    out.print(`Wrote a passphrase-protected copy of your vault key to ${file}.`);
    out.print('Give the job that folder as APSTUDIO_CONFIG_DIR and the passphrase as APSTUDIO_VAULT_PASSPHRASE.');
  }
  return EXIT.ok;
}

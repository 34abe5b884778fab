import { resolve } from 'node:path';
import { createHostEngine } from '../../host-engine';
import { parseCommandArgs } from '../args';
import { StudioError } from '../../../../shared/errors';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';
import { rejectsSubcommand } from './rejects-fix-command';

/**
 * `rejects <project> <runId> --out FILE.csv|FILE.xlsx [--entity E] [--overwrite]`: writes a run's
 * rejected rows (source row number, key, reasons, the columns the mapping reads; personal values
 * masked while the project masks them) through `runs.exportRejects`. Opens the project like `run`
 * does, so a project another studio holds answers exit code 5.
 */
export async function rejectsCommand(argv: string[], out: CliOutput): Promise<number> {
  // `rejects <project> <runId> list|fix …`: the quarantine's subcommands (rejects-fix-command.ts).
  if (argv[2] === 'list' || argv[2] === 'fix') return rejectsSubcommand(argv[2], argv, out);
  const { positionals, values } = parseCommandArgs('rejects', argv, { out: { type: 'string' }, entity: { type: 'string' }, overwrite: { type: 'boolean' } }, { min: 2, max: 2, names: 'a project path and a run id' });
  if (!values.out) {
    throw new StudioError('USAGE', 'academia-studio rejects needs --out FILE.csv or --out FILE.xlsx: where to write the rejected rows.', 'Run `academia-studio rejects school.apstudio RUN_ID --out rejects.csv`; the run ids are in `academia-studio run --json` and on the Runs screen.');
  }
  const engine = createHostEngine({ host: 'cli' });
  try {
    await engine.api.projects.open({ path: resolve(positionals[0]) });
    const result = await engine.api.runs.exportRejects({ runId: positionals[1], out: resolve(values.out), entity: values.entity, overwrite: values.overwrite === true });
    if (out.json) {
      out.document(result);
      return EXIT.ok;
    }
    out.print(`Wrote ${result.rows.toLocaleString('en')} rejected ${result.rows === 1 ? 'row' : 'rows'} of ${result.runId} to ${result.file} (${result.format}, ${result.bytes} bytes)${result.masked ? ', personal values masked' : ''}.`);
    return EXIT.ok;
  } finally {
    await engine.dispose();
  }
}

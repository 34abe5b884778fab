import { resolve } from 'node:path';
import { createHostEngine } from '../../host-engine';
import { parseCommandArgs } from '../args';
import { StudioError } from '../../../../shared/errors';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';

/**
 * `export <project> --out FILE`: writes a hand-over copy of the project without any secret and
 * lists the connections (and the target) whose secrets must be entered again where it is opened.
 * Opens the project like `run` does, so a project another studio holds answers exit code 5.
 */
export async function exportCommand(argv: string[], out: CliOutput): Promise<number> {
  const { positionals, values } = parseCommandArgs('export', argv, { out: { type: 'string' } }, { min: 1, max: 1, names: 'one project path' });
  if (!values.out) {
    throw new StudioError('USAGE', 'academia-studio export needs --out FILE: where to write the copy.', 'Run `academia-studio export school.apstudio --out school-handover.apstudio`. An existing file is never overwritten.');
  }
  const engine = createHostEngine({ host: 'cli' });
  try {
    await engine.api.projects.open({ path: resolve(positionals[0]) });
    const result = await engine.api.projects.export({ path: resolve(values.out) });
    if (out.json) {
      out.document(result);
      return EXIT.ok;
    }
    out.print(`Wrote ${result.path} (${result.bytes} bytes) without any secret.`);
    if (result.needsSecrets.length === 0) out.print('No secrets were stored, so nothing needs to be entered again.');
    else {
      out.print('Whoever opens the copy enters these secrets again:');
      for (const item of result.needsSecrets) out.print(`  - ${item.kind === 'target' ? 'Academia Pro target' : 'connection'} "${item.name}"`);
    }
    return EXIT.ok;
  } finally {
    await engine.dispose();
  }
}

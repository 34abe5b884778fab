import { StudioError, toErrorShape } from '../../../shared/errors';
import { STUDIO_VERSION } from '../../../platform/version';
import { assessCommand } from './commands/assess-command';
import { auditCommand } from './commands/audit-command';
import { exportCommand } from './commands/export-command';
import { mappingCommand } from './commands/mapping-command';
import { migrationCommand } from './commands/migration-command';
import { oneRosterCommand } from './commands/oneroster-command';
import { initCommand, demoCommand, runCommand } from './commands/project-commands';
import { personCommand } from './commands/person-command';
import { purgeCommand, supportBundleCommand } from './commands/privacy-commands';
import { rejectsCommand } from './commands/rejects-command';
import { reconcileCommand } from './commands/reconcile-command';
import { reportCommand } from './commands/report-command';
import { sandboxCommand } from './commands/sandbox-command';
import { serveCommand } from './commands/serve-command';
import { statusCommand } from './commands/status-command';
import { suggestCommand } from './commands/suggest-command';
import { syncCommand } from './commands/sync-command';
import { targetCommand } from './commands/target-command';
import { vaultCommand } from './commands/vault-command';
import { discoverCommand, previewCommand } from './commands/source-commands';
import { EXIT, exitCodeForError } from './exit-codes';
import { createOutput, type CliOutput } from './output';
import { USAGE } from './usage';

const COMMANDS: Record<string, (argv: string[], out: CliOutput) => Promise<number>> = {
  init: initCommand,
  open: (argv, out) => serveCommand(argv, out, { openPositional: true }),
  serve: (argv, out) => serveCommand(argv, out, { openPositional: false }),
  demo: demoCommand,
  run: runCommand,
  discover: discoverCommand,
  preview: previewCommand,
  assess: assessCommand,
  suggest: suggestCommand,
  sandbox: sandboxCommand,
  target: targetCommand,
  audit: auditCommand,
  export: exportCommand,
  rejects: rejectsCommand,
  reconcile: reconcileCommand,
  vault: vaultCommand,
  mapping: mappingCommand,
  migration: migrationCommand,
  sync: syncCommand,
  'support-bundle': supportBundleCommand,
  purge: purgeCommand,
  person: personCommand,
  status: statusCommand,
  oneroster: oneRosterCommand,
  report: reportCommand,
};

/** Runs the CLI on argv (without node and script) and returns the exit code; never throws. */
export async function runCli(argv: string[], out: CliOutput = createOutput(argv.includes('--json'))): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      if (out.json) out.document({ usage: USAGE });
      else process.stdout.write(`${USAGE}\n`);
      return command ? EXIT.ok : EXIT.usage;
    }
    if (command === '--version' || command === '-v') {
      if (out.json) out.document({ version: STUDIO_VERSION });
      else process.stdout.write(`${STUDIO_VERSION}\n`);
      return EXIT.ok;
    }
    const handler = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!handler) {
      throw new StudioError('USAGE', `"${command}" is not an academia-studio command.`, `Commands: ${Object.keys(COMMANDS).join(', ')}. Run \`academia-studio --help\` for details.`);
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    return await handler(rest, out);
  } catch (err) {
    const shape = toErrorShape(err);
    out.error(shape);
    return exitCodeForError(shape);
  }
}

import { runCli } from './cli';

// Entry of the `academia-studio` binary (bundled to out/main/cli.js). Plain Node: no electron.
// Exit explicitly once stdout has drained, so no stray handle keeps a finished command alive.
const code = await runCli(process.argv.slice(2));
process.stdout.write('', () => process.exit(code));

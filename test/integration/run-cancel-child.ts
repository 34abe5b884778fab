/**
 * Child process for the run-cancel test: sets the demo project up at argv[2] with small push
 * batches (many batch boundaries), prints "ready", then runs `academia-studio run <project> --json`
 * through the CLI's own code and exits with its code. The test sends it SIGINT or SIGTERM.
 */
import { setupDemoProject } from '../../src/main/engine/demo/demo-project';
import { runCli } from '../../src/main/hosts/cli/cli';

async function main(): Promise<void> {
  const [path] = process.argv.slice(2);
  const project = await setupDemoProject(path, { app: 'cancel-child', now: new Date('2026-03-01T08:00:00Z'), pupils: 400 });
  project.setMeta('settings', JSON.stringify({ ...project.settings(), batchSize: 10 }));
  project.close();
  process.stderr.write('ready\n');
  const code = await runCli(['run', path, '--json']);
  process.stdout.write('', () => process.exit(code));
}

void main();

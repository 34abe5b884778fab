/**
 * Child process for the demo-setup crash test: sets the demo project up at argv[2] and kills
 * itself (SIGKILL: no cleanup, no finally) the argv[4]-th time (default the first) it reaches the
 * setup step named in argv[3]. Without a step it finishes and prints "finished".
 */
import { setupDemoProject, type DemoSetupStep } from '../../../src/main/engine/demo/demo-project';

async function main(): Promise<void> {
  const [path, crashAt, nth] = process.argv.slice(2);
  let seen = 0;
  const project = await setupDemoProject(path, {
    app: 'crash-child',
    now: new Date('2026-03-01T08:00:00Z'),
    pupils: 40,
    onStep: (step: DemoSetupStep) => {
      if (step === crashAt && ++seen === Number(nth ?? '1')) process.kill(process.pid, 'SIGKILL');
    },
  });
  project.close();
  process.stdout.write('finished\n');
}

void main();

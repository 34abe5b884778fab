import { resolve } from 'node:path';
import { createHostEngine } from '../../host-engine';
import { openBrowser } from '../../open-browser';
import { startWebHost } from '../../web-host';
import { rendererDir } from '../../renderer-dir';
import { intOption, parseCommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';
import { waitForStop } from '../stop-signals';

/** `serve` and `open <project>`: the studio in the browser, until Ctrl+C. */
export async function serveCommand(argv: string[], out: CliOutput, opts: { openPositional: boolean }): Promise<number> {
  const name = opts.openPositional ? 'open' : 'serve';
  const { positionals, values } = parseCommandArgs(
    name,
    argv,
    { project: { type: 'string' }, demo: { type: 'boolean' }, port: { type: 'string' }, open: { type: 'boolean' } },
    opts.openPositional ? { min: 1, max: 1, names: 'one project path' } : { min: 0, max: 0, names: '' },
  );
  const port = intOption(name, 'port', values.port, 0, 65535);
  const engine = createHostEngine({ host: 'web' });
  const projectPath = opts.openPositional ? positionals[0] : values.project;
  // Listening before the address is printed: a stop that follows it at once is still graceful.
  const stop = waitForStop();
  try {
    if (projectPath) await engine.api.projects.open({ path: resolve(projectPath) });
    else if (values.demo) await engine.api.projects.openDemo({});
    const host = await startWebHost({ engine, rendererDir: rendererDir(), port });
    const project = await engine.api.projects.current();
    if (out.json) out.document({ url: host.url, port: host.port, project });
    out.log(`Studio running at ${host.url}`);
    if (project) out.log(`Project: ${project.name} (${project.path})`);
    out.log('Keep this window open while you use the studio; press Ctrl+C to stop.');
    // The browser gets a one-time code, not the token: its command line is visible in `ps`.
    if (values.open) openBrowser(host.launchUrl(), () => out.log('Could not open a browser here; open the address above yourself.'));
    const why = await stop.stopped;
    out.log(why === 'parent-exited' ? 'The command that started the studio has gone; stopping the studio…' : 'Stopping the studio…');
    await host.close();
    return EXIT.ok;
  } finally {
    // Listeners stay until here, so a second Ctrl+C during the close is absorbed, not fatal.
    stop.dispose();
    await engine.dispose();
  }
}

#!/usr/bin/env node
// The `academia-studio` command: a thin launcher for the bundled CLI in out/main/cli.js.
// `npm install` builds out/ (the `prepare` script); where that did not happen (e.g. `npm install
// --ignore-scripts`) the first call builds it, once, with the checkout's own electron-vite.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));

if (!existsSync(cli)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const electronVite = fileURLToPath(new URL('../node_modules/electron-vite/bin/electron-vite.js', import.meta.url));
  if (existsSync(electronVite)) {
    // stderr, so a --json caller still gets exactly one document on stdout.
    process.stderr.write(`academia-studio has not been built yet: building it once in ${root} ...\n`);
    const result = spawnSync(process.execPath, [electronVite, 'build', '--logLevel', 'error'], { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] });
    if (result.status !== 0 || !existsSync(cli)) {
      console.error(`The build failed (see above). Run \`npm run build\` in ${root} to see why, then try again.`);
      process.exit(1);
    }
  } else {
    console.error(`academia-studio has not been built yet (${cli} is missing) and its build tools are not installed. Run \`npm install\` in ${root} (it builds the CLI; \`npm run build\` builds it again), then try again.`);
    process.exit(1);
  }
}

await import(pathToFileURL(cli).href);

#!/usr/bin/env node
// The `academia-studio` command: a thin launcher for the bundled CLI in out/main/cli.js.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));

if (!existsSync(cli)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  console.error(`academia-studio has not been built yet (${cli} is missing). Run \`npm run build\` in ${root}, then try again.`);
  process.exit(1);
}

await import(pathToFileURL(cli).href);

#!/usr/bin/env node
// `npm run bench [name…]`: runs the benchmarks under bench/ one at a time (they measure speed and
// memory, so they must not share the 2 cores with each other). A benchmark is either a plain
// script (run with jiti, which compiles TypeScript on the fly) or a vitest file (it imports
// 'vitest'; run with vitest.bench.config.ts). Each prints markdown rows; docs/benchmarks.md
// records them with the machine and the date.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const wanted = process.argv.slice(2);
const files = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !wanted.length || wanted.some((w) => f.includes(w)))
  .sort();

console.log(`# Benchmarks — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`);
let failed = 0;
for (const file of files) {
  const path = join('bench', file);
  const usesVitest = /from ['"]vitest['"]/.test(readFileSync(join(root, path), 'utf8'));
  console.log(`\n## ${file}\n`);
  const [cmd, args] = usesVitest ? ['npx', ['vitest', 'run', '--config', 'vitest.bench.config.ts', path]] : ['npx', ['jiti', path]];
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --expose-gc`.trim() } });
  if (res.status !== 0) {
    failed++;
    console.error(`${file} failed (exit ${res.status}).`);
  }
}
process.exit(failed ? 1 : 0);

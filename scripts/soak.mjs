#!/usr/bin/env node
// `npm run soak [runs]`: the property-based fuzzing of the file readers (CSV, JSON/NDJSON, XML,
// xlsx; test/unit/connectors/files/readers-fuzz.test.ts) at soak strength: 10,000 cases a reader
// unless a number is given (npm test runs a few hundred). Every case must end in rows or a typed
// error within 5 s; a failure prints fast-check's seed and the shrunk counterexample, which
// `APSTUDIO_FUZZ_RUNS=1` plus the seed reproduces. Takes several minutes: run it alone.
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const runs = Number(process.argv[2] ?? 10_000);
if (!Number.isInteger(runs) || runs <= 0) {
  console.error(`Usage: npm run soak [cases per reader] (got "${process.argv[2]}")`);
  process.exit(2);
}
console.log(`# Soak — ${new Date().toISOString()} — ${runs} cases per reader, Node ${process.version}\n`);
const started = Date.now();
const res = spawnSync('npx', ['vitest', 'run', '--project', 'node', 'test/unit/connectors/files/readers-fuzz.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, APSTUDIO_FUZZ_RUNS: String(runs) },
});
console.log(`\nSoak finished in ${Math.round((Date.now() - started) / 1000)} s (exit ${res.status}).`);
process.exit(res.status ?? 1);

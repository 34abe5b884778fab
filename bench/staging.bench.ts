/**
 * Staging benchmark (issue 23): BENCH_STAGING_ROWS rows (default 1,000,000) of the demo school's
 * PUPILS (a school of BENCH_STAGING_SEED_PUPILS pupils, default 20,000, copied with new PUPIL_NOs)
 * staged through the demo's students mapping — read → map → merge-people → validate → stage, the
 * run's own stages — into a new project file, against the fastest raw loop of the same work in
 * the same run, best of BENCH_ROUNDS (default 2):
 *
 * - SQLite source vs a raw better-sqlite3 loop (`.raw()` read, one prepared INSERT per row, a
 *   transaction per 1,000 rows, WAL file); goal ≥ 0.5×;
 * - the same rows as CSV vs papaparse (streaming, header objects) on the same file; goal ≥ 0.6×.
 *
 * Prints one markdown table (machine, date, load average, peak RSS). The scenario lives in
 * test/support/staging-scenario.ts; its smoke version runs in `npm test`.
 *
 * Run alone: npx jiti bench/staging.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createCsvConnector } from '../src/main/engine/connectors/files/create-file-connectors';
import { SqliteConnector } from '../src/main/engine/connectors/sqlite/sqlite-connector';
import { papaparseLoop, prepareStagingSource, rawInsertLoop, stageThroughPlan } from '../test/support/staging-scenario';

const log = (line: string) => process.stderr.write(`${line}\n`);
const n = (v: number, digits = 0) => v.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const rows = Number(process.env.BENCH_STAGING_ROWS ?? 1_000_000);
  const seedPupils = Number(process.env.BENCH_STAGING_SEED_PUPILS ?? 20_000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
  const only = process.env.BENCH_STAGING_ONLY ?? '';
  const dir = mkdtempSync(join(tmpdir(), 'bench-staging-'));
  const load0 = loadavg()[0];
  try {
    log(`preparing ${n(rows)} PUPILS rows (seed school of ${n(seedPupils)})…`);
    const source = await prepareStagingSource(dir, rows, seedPupils);
    const lines: string[] = [];
    let k = 0;
    if (only !== 'csv') {
      let bestRaw = Infinity;
      let best = { ms: Infinity, staged: 0, rejected: 0, skipped: 0 };
      for (let r = 0; r < rounds; r++) {
        const raw = rawInsertLoop(source.dbFile, join(dir, `raw-${k++}.db`));
        if (raw.rows !== rows) throw new Error(`raw loop read ${raw.rows} rows, not ${rows}`);
        bestRaw = Math.min(bestRaw, raw.ms);
        log(`  raw insert ${s(raw.ms)}`);
        const got = await stageThroughPlan(join(dir, `db-${k++}.apstudio`), new SqliteConnector(source.dbFile), 'PUPILS');
        if (got.counters.read !== rows) throw new Error(`staging read ${got.counters.read} rows, not ${rows}`);
        log(`  staged ${s(got.ms)} (${n(got.staged)} staged, ${n(got.counters.rejected)} rejected, ${n(got.counters.skipped)} skipped)`);
        if (got.ms < best.ms) best = { ms: got.ms, staged: got.staged, rejected: got.counters.rejected, skipped: got.counters.skipped };
      }
      lines.push(`| SQLite (demo PUPILS) → staged vs raw read + prepared insert | ${n(rows)} | ${s(bestRaw)} (${n(rows / (bestRaw / 1000))} rows/s) | ${s(best.ms)} (${n(rows / (best.ms / 1000))} rows/s; ${n(best.staged)} staged, ${n(best.rejected)} rejected, ${n(best.skipped)} skipped) | ${(bestRaw / best.ms).toFixed(2)}× | ≥ 0.5× |`);
    }
    if (only !== 'db') {
      let bestRaw = Infinity;
      let best = { ms: Infinity, staged: 0 };
      for (let r = 0; r < rounds; r++) {
        const raw = await papaparseLoop(source.csvFile);
        if (raw.rows !== rows) throw new Error(`papaparse read ${raw.rows} rows, not ${rows}`);
        bestRaw = Math.min(bestRaw, raw.ms);
        log(`  papaparse ${s(raw.ms)}`);
        const csv = createCsvConnector({ path: source.csvFile }, null);
        const stream = (await csv.discover())[0].name;
        const got = await stageThroughPlan(join(dir, `csv-${k++}.apstudio`), csv, stream);
        if (got.counters.read !== rows) throw new Error(`staging read ${got.counters.read} rows, not ${rows}`);
        log(`  staged ${s(got.ms)}`);
        if (got.ms < best.ms) best = { ms: got.ms, staged: got.staged };
      }
      lines.push(`| CSV (${n(source.csvBytes / 2 ** 20)} MB, same rows) → staged vs papaparse | ${n(rows)} | ${s(bestRaw)} (${n(rows / (bestRaw / 1000))} rows/s) | ${s(best.ms)} (${n(rows / (best.ms / 1000))} rows/s; ${n(best.staged)} staged) | ${(bestRaw / best.ms).toFixed(2)}× | ≥ 0.6× |`);
    }
    const machine = `${cpus().length} × ${cpus()[0]?.model?.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
    console.log(`\n${machine}, ${new Date().toISOString().slice(0, 10)}, load average ${load0.toFixed(2)} → ${loadavg()[0].toFixed(2)}, peak RSS ${n(process.resourceUsage().maxRSS / 1024)} MB\n`);
    console.log('| source | rows | raw | studio | ratio (raw time / studio time) | goal |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const l of lines) console.log(l);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

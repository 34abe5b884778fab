/**
 * SQLite connector benchmark: a generated table of BENCH_SQLITE_ROWS rows (default 1,000,000;
 * 20 columns of mixed types) read through the studio's connector and through a raw
 * better-sqlite3 iterator in the same run, best of BENCH_ROUNDS (default 2). With
 * BENCH_SQLITE_BIG_ROWS (e.g. 10000000) it also reads that many rows through the connector to
 * show that peak RSS stays flat as the table grows. Prints one markdown table.
 *
 * Run alone: npx jiti bench/connectors-sqlite.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteConnector } from '../src/main/engine/connectors/sqlite/sqlite-connector';

const BATCH = 1_000;

function generate(file: string, rows: number): void {
  const db = new Database(file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  const cols = Array.from({ length: 18 }, (_, i) => `c${i} ${i % 3 === 0 ? 'INTEGER' : i % 3 === 1 ? 'TEXT' : 'REAL'}`).join(', ');
  db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT NOT NULL, ${cols})`);
  const exprs = Array.from({ length: 18 }, (_, i) => (i % 3 === 0 ? `n * ${i + 1}` : i % 3 === 1 ? `'text-' || (n % ${97 + i})` : `n / ${i + 1}.0`)).join(', ');
  db.exec(`WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${rows}) INSERT INTO t SELECT n, printf('%06d', n % 1000000), ${exprs} FROM s`);
  db.close();
}

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

async function viaConnector(file: string): Promise<number> {
  const c = new SqliteConnector(file);
  let n = 0;
  for await (const batch of c.read('t', { batchSize: BATCH })) n += batch.length;
  await c.close();
  return n;
}

function raw(file: string): number {
  const db = new Database(file, { readonly: true });
  let n = 0;
  for (const _row of db.prepare('SELECT * FROM t ORDER BY id').iterate()) n++;
  db.close();
  return n;
}

async function time(fn: () => number | Promise<number>): Promise<{ ms: number; rows: number }> {
  const t0 = performance.now();
  const rows = await fn();
  return { ms: performance.now() - t0, rows };
}

async function main(): Promise<void> {
  const rows = Number(process.env.BENCH_SQLITE_ROWS ?? 1_000_000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
  const big = Number(process.env.BENCH_SQLITE_BIG_ROWS ?? 0);
  const dir = mkdtempSync(join(tmpdir(), 'bench-sqlite-'));
  try {
    const file = join(dir, 't.db');
    process.stderr.write(`generating ${rows.toLocaleString('en')} rows…\n`);
    generate(file, rows);
    let bestRaw = Infinity;
    let bestConn = Infinity;
    for (let r = 0; r < rounds; r++) {
      const a = await time(() => raw(file));
      const b = await time(() => viaConnector(file));
      if (a.rows !== rows || b.rows !== rows) throw new Error(`row count mismatch: raw ${a.rows}, connector ${b.rows}, expected ${rows}`);
      bestRaw = Math.min(bestRaw, a.ms);
      bestConn = Math.min(bestConn, b.ms);
    }
    const rssAfterSmall = peakRssMb();
    console.log('| source | rows | raw | connector | ratio | peak RSS (process) |');
    console.log('|---|---:|---:|---:|---:|---:|');
    console.log(`| SQLite (better-sqlite3 iterate vs connector) | ${rows.toLocaleString('en')} | ${(bestRaw / 1000).toFixed(2)} s | ${(bestConn / 1000).toFixed(2)} s | ${(bestRaw / bestConn).toFixed(2)}× | ${rssAfterSmall.toFixed(0)} MB |`);
    if (big > 0) {
      const bigFile = join(dir, 'big.db');
      process.stderr.write(`generating ${big.toLocaleString('en')} rows…\n`);
      generate(bigFile, big);
      const b = await time(() => viaConnector(bigFile));
      console.log(`| SQLite, connector only | ${big.toLocaleString('en')} | — | ${(b.ms / 1000).toFixed(2)} s | — | ${peakRssMb().toFixed(0)} MB |`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

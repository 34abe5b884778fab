import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AssessmentResult } from '../../../src/shared/model/assessment';
import type { StreamInfo } from '../../../src/shared/model/connection';
import { assessSource } from '../../../src/main/engine/assessment/assess-source';
import { TableProfiler } from '../../../src/main/engine/assessment/profiling/table-profiler';
import { SqliteConnector } from '../../../src/main/engine/connectors/sqlite/sqlite-connector';
import { NAME_CULTURES, STREETS, TOWNS, POSTCODE_AREAS } from '../../../src/main/engine/demo/demo-names';
import { openSqlite } from '../../../src/platform/open-sqlite';

/**
 * The `assess` benchmark's workload and measurements, shared by bench/assess.bench.ts (1M and
 * 10M rows) and its smoke test (20k): one pupils table of 20 columns with the demo school's names
 * (five naming traditions, accents, Hebrew and Arabic script), dates of birth over 15 years,
 * e-mails, phones shared by a few families, addresses, amounts, notes and timestamps — and one
 * pupil in a hundred registered twice (same name and date of birth, the surname in capitals or
 * the date written day-first), so duplicate matching has real work and real finds.
 */
export const ASSESS_TABLE = 'PUPILS';
export const ASSESS_COLUMNS = 20;
/** One row in this many is a second registration of an earlier pupil. */
export const DUPLICATE_EVERY = 100;
const NOW = new Date('2025-03-21T12:00:00Z');

/** Writes the table with `rows` rows into a new SQLite file, inside SQLite (fast). */
export function createPupilsDatabase(file: string, rows: number): void {
  const db = openSqlite(file);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    const lookup = (name: string, values: readonly string[]) => {
      db.exec(`CREATE TEMP TABLE ${name} (i INTEGER PRIMARY KEY, v TEXT)`);
      const insert = db.prepare(`INSERT INTO ${name} (i, v) VALUES (?, ?)`);
      values.forEach((v, i) => insert.run(i, v));
      return values.length;
    };
    const nf = lookup('F', [...new Set(NAME_CULTURES.flatMap((c) => [...c.boys, ...c.girls].map((n) => n[0])))]);
    const nl = lookup('L', [...new Set(NAME_CULTURES.flatMap((c) => c.surnames.map((n) => n[0])))]);
    const ns = lookup('S', STREETS);
    const nt = lookup('T', TOWNS);
    const na = lookup('A', POSTCODE_AREAS);
    db.exec(`CREATE TABLE ${ASSESS_TABLE} (ID INTEGER PRIMARY KEY, PUPIL_NO TEXT, FORENAME TEXT, SURNAME TEXT, DOB TEXT, SEX TEXT, YEAR_GROUP TEXT, EMAIL TEXT, PHONE TEXT, POSTCODE TEXT,
      ADDRESS_1 TEXT, TOWN TEXT, AMOUNT TEXT, PAID_DATE TEXT, STATUS TEXT, NOTES TEXT, ALLERGIES TEXT, SCORE INTEGER, FLAG TEXT, LAST_UPDATED TEXT)`);
    // p: the person a row registers (every DUPLICATE_EVERY-th row registers the person 37 rows earlier);
    // h1, h2: two well-mixed hashes of p (64-bit arithmetic, masked to 31 bits).
    db.prepare(
      `WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ?),
       q AS (SELECT n, CASE WHEN n % ${DUPLICATE_EVERY} = 0 AND n > 37 THEN n - 37 ELSE n END AS p FROM s),
       h AS (SELECT n, p, ((p * 2654435761) % 2147483647) AS h1, ((p * 40503 + 2166136261) * 16777619 % 2147483647) AS h2 FROM q)
       INSERT INTO ${ASSESS_TABLE}
       SELECT n, printf('%07d', n),
         f.v,
         CASE WHEN n <> p AND n % 2 = 0 THEN upper(l.v) ELSE l.v END,
         CASE WHEN n <> p AND n % 3 = 0 THEN strftime('%d/%m/%Y', date('2008-09-01', '+' || (h2 % 5479) || ' days')) ELSE date('2008-09-01', '+' || (h2 % 5479) || ' days') END,
         substr('MF', h1 % 2 + 1, 1),
         'Y' || (h2 % 13 + 1),
         'pupil' || p || '@example.org',
         '07700 ' || printf('%06d', h1 % 300000),
         a.v || (h1 % 9 + 1) || ' ' || (h2 % 10) || char(65 + h1 % 26) || char(65 + h2 % 26),
         (h2 % 200 + 1) || ' ' || st.v,
         t.v,
         printf('%.2f', (n % 1000) * 4.85),
         date('2024-01-01', '+' || (n % 400) || ' days'),
         substr('CLP', n % 3 + 1, 1),
         'Note ' || n || ' on progress in term ' || (n % 3 + 1),
         CASE n % 10 WHEN 0 THEN 'Peanuts, Eggs' WHEN 1 THEN 'Milk' ELSE '' END,
         n % 101,
         CASE WHEN n % 3 = 0 THEN 'Y' ELSE 'N' END,
         datetime('2024-09-01 08:00:00', '+' || (n * 13) || ' seconds')
       FROM h
       JOIN temp.F f ON f.i = h1 % ${nf}
       JOIN temp.L l ON l.i = (h2 / 7) % ${nl}
       JOIN temp.S st ON st.i = h1 % ${ns}
       JOIN temp.T t ON t.i = h2 % ${nt}
       JOIN temp.A a ON a.i = (h1 / 3) % ${na}`,
    ).run(rows);
  } finally {
    db.close();
  }
}

/** The yardstick: better-sqlite3's `.raw()` iteration over every row, touching every value. */
export function rawScan(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    let rows = 0;
    let touched = 0;
    for (const row of db.prepare(`SELECT * FROM ${ASSESS_TABLE}`).raw().iterate() as IterableIterator<unknown[]>) {
      rows++;
      for (let i = 0; i < row.length; i++) if (row[i] !== null) touched++;
    }
    return touched >= 0 ? rows : -1;
  } finally {
    db.close();
  }
}

/** The profiler alone (no keys, references or matching): every row through the studio's connector and `TableProfiler`. */
export async function profileOnly(file: string): Promise<number> {
  const connector = new SqliteConnector(file);
  try {
    const stream = (await connector.discover()).find((s) => s.name === ASSESS_TABLE) as StreamInfo;
    const profiler = new TableProfiler(stream, { now: NOW });
    for await (const batch of connector.read(ASSESS_TABLE, { batchSize: 2000 })) profiler.addBatch(batch);
    return profiler.finish().rows;
  } finally {
    await connector.close();
  }
}

/** `assess` as a whole: profiling, keys and references, duplicate people, findings, readiness. */
export async function assessWhole(file: string, opts: { peopleInMemory?: number } = {}): Promise<AssessmentResult> {
  const connector = new SqliteConnector(file);
  try {
    return await assessSource(connector, { sourceLabel: 'assess benchmark', now: () => NOW, matching: opts.peopleInMemory === undefined ? undefined : { peopleInMemory: opts.peopleInMemory } });
  } finally {
    await connector.close();
  }
}

/** Wall time of `run`, with the CPU time of this process. */
export async function timed<T>(run: () => T | Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await run();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, value };
}

const HERE = fileURLToPath(new URL('.', import.meta.url));

/**
 * Peak RSS of `assess` over `file` in a fresh process (the kernel's high-water mark, so nothing
 * earlier in this process inflates it): the child prints {rows, ms, peakRssMb}.
 */
export function assessInChild(file: string, opts: { peopleInMemory?: number } = {}): { ms: number; peakRssMb: number; duplicates: number } {
  const jiti = join(HERE, '..', '..', '..', 'node_modules', 'jiti', 'lib', 'jiti-cli.mjs');
  const res = spawnSync(process.execPath, [jiti, join(HERE, 'assess-bench-child.ts'), file, String(opts.peopleInMemory ?? '')], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (res.status !== 0) throw new Error(`assess in a child process failed (exit ${res.status}): ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop() ?? '{}') as { ms: number; peakRssMb: number; duplicates: number };
}

export interface AssessBenchResult {
  rows: number;
  columns: number;
  rawMs: number;
  profileMs: number;
  assessMs: number;
  /** raw time ÷ assess time (goal ≥ 0.2). */
  assessRatio: number;
  /** raw time ÷ profiler time (goal ≥ 0.5). */
  profileRatio: number;
  /** The same three measured as this process's CPU time, which a busy shared machine distorts far less than wall time. */
  rawCpuMs: number;
  profileCpuMs: number;
  assessCpuMs: number;
  duplicates: number;
  memory: { rows: number; ms: number; peakRssMb: number }[];
  machine: string;
  load: string;
  date: string;
}

/**
 * Runs the benchmark: `rounds` interleaved rounds of raw scan, profiler alone and whole `assess`
 * over `rows` rows (best of each), then peak RSS of `assess` in a fresh process at each of
 * `memoryRows` (written to their own files).
 */
export async function runAssessBench(opts: { dir: string; rows: number; memoryRows: number[]; rounds?: number; log?: (line: string) => void }): Promise<AssessBenchResult> {
  const log = opts.log ?? (() => undefined);
  const loadBefore = loadavg()[0];
  const file = join(opts.dir, `pupils-${opts.rows}.sqlite`);
  log(`assess bench: writing ${opts.rows.toLocaleString('en')} rows × ${ASSESS_COLUMNS} columns…`);
  createPupilsDatabase(file, opts.rows);
  let raw = Infinity;
  let profile = Infinity;
  let assess = Infinity;
  let rawCpu = Infinity;
  let profileCpu = Infinity;
  let assessCpu = Infinity;
  let duplicates = 0;
  for (let round = 0; round < (opts.rounds ?? 1); round++) {
    const r = await timed(() => rawScan(file));
    const p = await timed(() => profileOnly(file));
    const a = await timed(() => assessWhole(file));
    if (r.value !== opts.rows || p.value !== opts.rows) throw new Error(`scanned ${r.value} / profiled ${p.value} rows, expected ${opts.rows}`);
    raw = Math.min(raw, r.ms);
    profile = Math.min(profile, p.ms);
    assess = Math.min(assess, a.ms);
    rawCpu = Math.min(rawCpu, r.cpuMs);
    profileCpu = Math.min(profileCpu, p.cpuMs);
    assessCpu = Math.min(assessCpu, a.cpuMs);
    duplicates = a.value.findings.filter((f) => f.code === 'DUPLICATE_PERSON').reduce((s, f) => s + f.count, 0);
    log(`round ${round + 1}: raw ${(r.ms / 1000).toFixed(2)} s (CPU ${(r.cpuMs / 1000).toFixed(2)} s), profiler ${(p.ms / 1000).toFixed(2)} s (CPU ${(p.cpuMs / 1000).toFixed(2)} s), assess ${(a.ms / 1000).toFixed(2)} s (CPU ${(a.cpuMs / 1000).toFixed(2)} s; ${duplicates} duplicate pairs), load ${loadavg()[0].toFixed(1)}`);
  }
  const memory: AssessBenchResult['memory'] = [];
  for (const rows of opts.memoryRows) {
    const f = rows === opts.rows ? file : join(opts.dir, `pupils-${rows}.sqlite`);
    if (rows !== opts.rows) {
      log(`assess bench: writing ${rows.toLocaleString('en')} rows for the memory comparison…`);
      createPupilsDatabase(f, rows);
    }
    const m = assessInChild(f);
    memory.push({ rows, ms: m.ms, peakRssMb: m.peakRssMb });
    log(`memory: ${rows.toLocaleString('en')} rows assessed in ${(m.ms / 1000).toFixed(1)} s, peak RSS ${m.peakRssMb.toFixed(0)} MB, load ${loadavg()[0].toFixed(1)}`);
  }
  return {
    rows: opts.rows,
    columns: ASSESS_COLUMNS,
    rawMs: raw,
    profileMs: profile,
    assessMs: assess,
    assessRatio: raw / assess,
    profileRatio: raw / profile,
    rawCpuMs: rawCpu,
    profileCpuMs: profileCpu,
    assessCpuMs: assessCpu,
    duplicates,
    memory,
    machine: `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.versions.node}`,
    load: `${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}`,
    date: new Date().toISOString().slice(0, 16).replace('T', ' '),
  };
}

/** The result as markdown rows for docs/benchmarks.md. */
export function assessBenchMarkdown(r: AssessBenchResult): string {
  const s = (ms: number, cpuMs: number) => `${(ms / 1000).toFixed(2)} s (CPU ${(cpuMs / 1000).toFixed(2)} s)`;
  const mem = r.memory.map((m) => `${(m.rows / 1e6).toLocaleString('en')}M: ${m.peakRssMb.toFixed(0)} MB`).join(' · ') || '—';
  return [
    '| date (UTC) | machine | load (1 min) | rows × columns | raw `.raw()` scan | profiler alone | `assess` | profiler ratio, wall / CPU (goal ≥ 0.5×) | assess ratio, wall / CPU (goal ≥ 0.2×) | duplicate pairs | peak RSS of `assess` |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|',
    `| ${r.date} | ${r.machine} | ${r.load} | ${r.rows.toLocaleString('en')} × ${r.columns} | ${s(r.rawMs, r.rawCpuMs)} | ${s(r.profileMs, r.profileCpuMs)} | ${s(r.assessMs, r.assessCpuMs)} | ${r.profileRatio.toFixed(2)}× / ${(r.rawCpuMs / r.profileCpuMs).toFixed(2)}× | ${r.assessRatio.toFixed(3)}× / ${(r.rawCpuMs / r.assessCpuMs).toFixed(3)}× | ${r.duplicates.toLocaleString('en')} | ${mem} |`,
  ].join('\n');
}

import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { StreamInfo } from '../../../../src/shared/model/connection';
import { TableProfiler } from '../../../../src/main/engine/assessment/profiling/table-profiler';
import type { Row } from '../../../../src/main/engine/connectors/connector';
import { SqliteConnector } from '../../../../src/main/engine/connectors/sqlite/sqlite-connector';
import { openSqlite } from '../../../../src/platform/open-sqlite';

/**
 * The profiling benchmark's workload and measurements, shared by bench/profiling.bench.ts (full
 * size) and the unit smoke test (tiny): a pupils-like table of 20 columns mixing ids, names,
 * dates in two formats, codes, e-mails, phones, postcodes, amounts, free text, packed lists and
 * timestamps — some columns with a handful of values, some with one per row.
 */
export const BENCH_TABLE = 'PUPILS';
export const BENCH_COLUMNS = 20;
const BATCH = 2000;

const FIRST = ['Oliver', 'Amelia', 'George', 'Isla', 'Harry', 'Ava', 'Noah', 'Mia', 'Jack', 'Ivy', 'Leo', 'Lily', 'Arthur', 'Grace', 'José', 'Zoë', 'Łukasz', 'שרה', 'محمد', 'Freya'];
const LAST = ['Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', "O'Brien", 'McDonald', 'García', 'Müller', 'Kowalski', 'כהן', 'حداد', 'Patel', 'Khan', 'Nguyen', 'Okafor', 'Singh'];
const STREETS = ['High Street', 'Station Road', 'Church Lane', 'Park Avenue', 'Mill Lane', 'Kingsway', 'The Crescent', 'Elm Close'];
const TOWNS = ['Northbridge', 'Ashford Vale', 'Kingsmere', 'Little Hadley', 'Westfield', 'Parkside'];
const AREAS = ['NB1', 'NB2', 'KM5', 'AV3'];

/** Writes the benchmark table with `rows` rows into a new SQLite file, inside SQLite (fast). */
export function createBenchDatabase(file: string, rows: number): void {
  const db = openSqlite(file);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    const lookup = (name: string, values: string[]) => {
      db.exec(`CREATE TEMP TABLE ${name} (i INTEGER PRIMARY KEY, v TEXT)`);
      const insert = db.prepare(`INSERT INTO ${name} (i, v) VALUES (?, ?)`);
      values.forEach((v, i) => insert.run(i, v));
    };
    lookup('F', FIRST);
    lookup('L', LAST);
    lookup('S', STREETS);
    lookup('T', TOWNS);
    lookup('A', AREAS);
    db.exec(`CREATE TABLE ${BENCH_TABLE} (ID INTEGER PRIMARY KEY, PUPIL_NO TEXT, FORENAME TEXT, SURNAME TEXT, DOB TEXT, SEX TEXT, YEAR_GROUP TEXT, EMAIL TEXT, PHONE TEXT, POSTCODE TEXT,
      ADDRESS_1 TEXT, TOWN TEXT, AMOUNT TEXT, PAID_DATE TEXT, STATUS TEXT, NOTES TEXT, ALLERGIES TEXT, SCORE INTEGER, FLAG TEXT, LAST_UPDATED TEXT)`);
    db.prepare(
      `WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ?)
       INSERT INTO ${BENCH_TABLE}
       SELECT n, printf('%07d', n),
         CASE WHEN n % 50 = 0 THEN f.v || ' ' ELSE f.v END,
         CASE WHEN n % 97 = 0 THEN upper(l.v) ELSE l.v END,
         CASE WHEN n % 20 = 0 THEN strftime('%d/%m/%Y', date('2005-01-01', '+' || (n * 37 % 6000) || ' days')) ELSE date('2005-01-01', '+' || (n * 37 % 6000) || ' days') END,
         substr('MF12', n % 4 + 1, 1),
         'Y' || (n % 13 + 1),
         'p' || n || '@example.org',
         '07700 9' || printf('%05d', n % 100000),
         a.v || (n % 9 + 1) || ' ' || (n % 10) || char(65 + n % 26) || char(65 + (n / 26) % 26),
         (n % 200 + 1) || ' ' || st.v,
         t.v,
         printf('%.2f', (n % 1000) * 4.85),
         date('2024-01-01', '+' || (n % 400) || ' days'),
         substr('CLP', n % 3 + 1, 1),
         'Note ' || n || ' on progress in term ' || (n % 3 + 1),
         CASE n % 10 WHEN 0 THEN 'Peanuts, Eggs' WHEN 1 THEN 'Milk' ELSE '' END,
         n % 101,
         CASE WHEN n % 3 = 0 THEN 'Y' ELSE 'N' END,
         datetime('2024-09-01 08:00:00', '+' || (n * 13) || ' seconds')
       FROM s
       JOIN temp.F f ON f.i = n % ${FIRST.length}
       JOIN temp.L l ON l.i = (n * 7) % ${LAST.length}
       JOIN temp.S st ON st.i = n % ${STREETS.length}
       JOIN temp.T t ON t.i = (n * 3) % ${TOWNS.length}
       JOIN temp.A a ON a.i = n % ${AREAS.length}`,
    ).run(rows);
  } finally {
    db.close();
  }
}

/** The same shapes generated in memory, batch by batch, for sizes too big to keep on disk twice. */
export function* syntheticBatches(rows: number, batch = BATCH): Generator<Row[]> {
  for (let start = 1; start <= rows; start += batch) {
    const out: Row[] = [];
    for (let n = start; n < Math.min(rows + 1, start + batch); n++) {
      const day = new Date(Date.UTC(2005, 0, 1 + ((n * 37) % 6000)));
      const iso = day.toISOString().slice(0, 10);
      out.push({
        ID: n,
        PUPIL_NO: String(n).padStart(7, '0'),
        FORENAME: FIRST[n % FIRST.length] + (n % 50 === 0 ? ' ' : ''),
        SURNAME: n % 97 === 0 ? LAST[(n * 7) % LAST.length].toUpperCase() : LAST[(n * 7) % LAST.length],
        DOB: n % 20 === 0 ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : iso,
        SEX: 'MF12'[n % 4],
        YEAR_GROUP: `Y${(n % 13) + 1}`,
        EMAIL: `p${n}@example.org`,
        PHONE: `07700 9${String(n % 100000).padStart(5, '0')}`,
        POSTCODE: `${AREAS[n % AREAS.length]}${(n % 9) + 1} ${n % 10}${String.fromCharCode(65 + (n % 26))}${String.fromCharCode(65 + (Math.floor(n / 26) % 26))}`,
        ADDRESS_1: `${(n % 200) + 1} ${STREETS[n % STREETS.length]}`,
        TOWN: TOWNS[(n * 3) % TOWNS.length],
        AMOUNT: ((n % 1000) * 4.85).toFixed(2),
        PAID_DATE: new Date(Date.UTC(2024, 0, 1 + (n % 400))).toISOString().slice(0, 10),
        STATUS: 'CLP'[n % 3],
        NOTES: `Note ${n} on progress in term ${(n % 3) + 1}`,
        ALLERGIES: n % 10 === 0 ? 'Peanuts, Eggs' : n % 10 === 1 ? 'Milk' : '',
        SCORE: n % 101,
        FLAG: n % 3 === 0 ? 'Y' : 'N',
        LAST_UPDATED: new Date(Date.UTC(2024, 8, 1, 8) + n * 13_000).toISOString().slice(0, 19).replace('T', ' '),
      });
    }
    yield out;
  }
}

/** A measured run: wall time, process CPU time, and the highest RSS seen while it ran. */
export interface Measured<T> {
  ms: number;
  cpuMs: number;
  peakRssMb: number;
  value: T;
}

export async function measure<T>(run: (sample: () => void) => Promise<T>): Promise<Measured<T>> {
  (globalThis as { gc?: () => void }).gc?.();
  let peak = process.memoryUsage().rss;
  const sample = () => {
    const rss = process.memoryUsage().rss;
    if (rss > peak) peak = rss;
  };
  const timer = setInterval(sample, 25);
  const cpu = process.cpuUsage();
  const started = performance.now();
  try {
    const value = await run(sample);
    const used = process.cpuUsage(cpu);
    sample();
    return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, peakRssMb: peak / 1024 / 1024, value };
  } finally {
    clearInterval(timer);
  }
}

/** Reads every row and touches every value: the baseline a profile is compared with. */
export async function rawRead(connector: SqliteConnector, sample: () => void): Promise<number> {
  let rows = 0;
  let touched = 0;
  for await (const batch of connector.read(BENCH_TABLE, { batchSize: BATCH })) {
    for (const row of batch) for (const key in row) if (row[key] !== null) touched++;
    rows += batch.length;
    sample();
  }
  return touched >= 0 ? rows : -1;
}

/** Reads every row through the profiler. */
export async function profiledRead(connector: SqliteConnector, stream: StreamInfo, sample: () => void): Promise<number> {
  const profiler = new TableProfiler(stream, { now: new Date('2025-03-21T12:00:00Z') });
  for await (const batch of connector.read(BENCH_TABLE, { batchSize: BATCH })) {
    profiler.addBatch(batch);
    sample();
  }
  return profiler.finish().rows;
}

/** Profiles `rows` generated rows (no disk), for the memory comparison. */
export async function profileSynthetic(rows: number, stream: StreamInfo, sample: () => void): Promise<number> {
  const profiler = new TableProfiler(stream, { now: new Date('2025-03-21T12:00:00Z') });
  let i = 0;
  for (const batch of syntheticBatches(rows)) {
    profiler.addBatch(batch);
    if (++i % 50 === 0) sample();
  }
  return profiler.finish().rows;
}

export interface ProfilingBenchResult {
  rows: number;
  columns: number;
  rawMs: number;
  profileMs: number;
  /** Profile throughput ÷ raw throughput (goal ≥ 0.5). */
  ratio: number;
  rawCpuMs: number;
  profileCpuMs: number;
  memory: { rows: number; ms: number; peakRssMb: number }[];
  machine: string;
  date: string;
}

/** Runs the benchmark: raw read vs profile of `rows` rows (best of `rounds`, interleaved), then peak RSS at each memory size. */
export async function runProfilingBench(opts: { dir: string; rows: number; memoryRows: number[]; rounds?: number; log?: (line: string) => void }): Promise<ProfilingBenchResult> {
  const log = opts.log ?? (() => undefined);
  const file = join(opts.dir, 'bench.sqlite');
  log(`profiling bench: writing ${opts.rows.toLocaleString('en')} rows × ${BENCH_COLUMNS} columns…`);
  createBenchDatabase(file, opts.rows);
  const connector = new SqliteConnector(file);
  let raw = Infinity;
  let profile = Infinity;
  let rawCpu = Infinity;
  let profileCpu = Infinity;
  try {
    const stream = (await connector.discover()).find((s) => s.name === BENCH_TABLE) as StreamInfo;
    for (let round = 0; round < (opts.rounds ?? 2); round++) {
      const r = await measure((sample) => rawRead(connector, sample));
      const p = await measure((sample) => profiledRead(connector, stream, sample));
      if (r.value !== opts.rows || p.value !== opts.rows) throw new Error(`read ${r.value} / profiled ${p.value} rows, expected ${opts.rows}`);
      raw = Math.min(raw, r.ms);
      profile = Math.min(profile, p.ms);
      rawCpu = Math.min(rawCpu, r.cpuMs);
      profileCpu = Math.min(profileCpu, p.cpuMs);
      log(`round ${round + 1}: raw ${(r.ms / 1000).toFixed(2)} s, profile ${(p.ms / 1000).toFixed(2)} s`);
    }
    const memory: ProfilingBenchResult['memory'] = [];
    for (const rows of opts.memoryRows) {
      const m = await measure((sample) => profileSynthetic(rows, stream, sample));
      if (m.value !== rows) throw new Error(`profiled ${m.value} rows, expected ${rows}`);
      memory.push({ rows, ms: m.ms, peakRssMb: m.peakRssMb });
      log(`memory: ${rows.toLocaleString('en')} rows profiled in ${(m.ms / 1000).toFixed(1)} s, peak RSS ${m.peakRssMb.toFixed(0)} MB`);
    }
    return {
      rows: opts.rows,
      columns: BENCH_COLUMNS,
      rawMs: raw,
      profileMs: profile,
      ratio: raw / profile,
      rawCpuMs: rawCpu,
      profileCpuMs: profileCpu,
      memory,
      machine: `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.versions.node}`,
      date: new Date().toISOString().slice(0, 10),
    };
  } finally {
    await connector.close();
  }
}

/** The result as markdown rows for docs/benchmarks.md and docs/assessment.md. */
export function profilingBenchMarkdown(r: ProfilingBenchResult): string {
  const rate = (ms: number) => `${Math.round(r.rows / (ms / 1000)).toLocaleString('en')} rows/s`;
  const mem = r.memory.map((m) => `${(m.rows / 1e6).toLocaleString('en')}M: ${m.peakRssMb.toFixed(0)} MB`).join(' · ');
  return [
    '| date | machine | rows × columns | raw read | profile | ratio (goal ≥ 0.5×) | peak RSS (flat) |',
    '|---|---|---:|---:|---:|---:|---|',
    `| ${r.date} | ${r.machine} | ${r.rows.toLocaleString('en')} × ${r.columns} | ${(r.rawMs / 1000).toFixed(2)} s (${rate(r.rawMs)}) | ${(r.profileMs / 1000).toFixed(2)} s (${rate(r.profileMs)}) | ${r.ratio.toFixed(2)}× | ${mem} |`,
  ].join('\n');
}

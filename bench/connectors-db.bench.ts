/**
 * Database connector benchmark: reads N rows (default 1,000,000; env BENCH_ROWS) from a private
 * MariaDB and a private PostgreSQL through the studio's connector and through the raw driver
 * (mysql2 streamed query; pg with pg-cursor), interleaved in the same run, best of `rounds`
 * (env BENCH_ROUNDS, default 2). Prints one markdown table; `runDbConnectorBench()` returns the
 * rows for a caller that assembles docs/benchmarks.md.
 *
 * Run alone: npx jiti bench/connectors-db.bench.ts
 */
import { pathToFileURL } from 'node:url';
import mysql from 'mysql2';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { SourceConnector } from '../src/main/engine/connectors/connector';
import { createMySqlConnector } from '../src/main/engine/connectors/mysql/mysql-connector';
import { createPostgresConnector } from '../src/main/engine/connectors/postgres/postgres-connector';
import { parseSourceLocation } from '../src/main/engine/connectors/source-location';
import { startMariaDb } from '../test/support/mariadb-server';
import { startPostgres } from '../test/support/postgres-server';

/** One measured source. Times in ms; RSS growth over the run's start in MB. */
export interface DbBenchRow {
  source: string;
  rows: number;
  rawMs: number;
  connectorMs: number;
  /** Connector throughput / raw driver throughput (goal ≥ 0.8). */
  ratio: number;
  /** Client CPU time (user + system) of this process per read: steadier than wall time on a busy machine. */
  rawCpuMs: number;
  connectorCpuMs: number;
  rawPeakRssMb: number;
  connectorPeakRssMb: number;
}

const BATCH = 1_000;
const COLUMNS = 'id, name, amount, born, updated, active';

export async function runDbConnectorBench(opts: { rows?: number; rounds?: number; log?: (line: string) => void } = {}): Promise<DbBenchRow[]> {
  const rows = opts.rows ?? Number(process.env.BENCH_ROWS ?? 1_000_000);
  const rounds = opts.rounds ?? Number(process.env.BENCH_ROUNDS ?? 2);
  const log = opts.log ?? ((line: string) => process.stderr.write(line + '\n'));
  return [await benchMariaDb(rows, rounds, log), await benchPostgres(rows, rounds, log)];
}

async function benchMariaDb(rows: number, rounds: number, log: (l: string) => void): Promise<DbBenchRow> {
  const server = await startMariaDb({ database: 'bench' });
  try {
    log(`MariaDB: generating ${rows.toLocaleString('en')} rows…`);
    const base = mysql.createConnection({ host: server.host, port: server.port, user: server.user, password: server.password, database: server.database, multipleStatements: true });
    base.on('error', () => undefined);
    const setup = base.promise();
    await setup.query(`
      SET SESSION max_recursive_iterations = ${rows + 1};
      CREATE TABLE bench_rows (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, amount DECIMAL(12,2), born DATE, updated DATETIME, active TINYINT(1)) ENGINE=InnoDB;
      INSERT INTO bench_rows WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${rows})
        SELECT n, CONCAT('Student ', n), n / 100, DATE_ADD('2000-01-01', INTERVAL n % 5000 DAY), DATE_ADD('2024-01-01', INTERVAL n SECOND), n % 2 FROM s;
      ANALYZE TABLE bench_rows;`);
    await setup.end();

    const raw = async () => {
      const conn = mysql.createConnection({ host: server.host, port: server.port, user: server.user, password: server.password, database: server.database, dateStrings: true, supportBigNumbers: true, decimalNumbers: false });
      let n = 0;
      await new Promise<void>((resolve, reject) => {
        conn
          .query(`SELECT ${COLUMNS} FROM bench_rows ORDER BY id`)
          .stream({ highWaterMark: BATCH })
          .on('data', () => n++)
          .on('end', resolve)
          .on('error', reject);
      });
      await conn.promise().end();
      return n;
    };
    const parsed = parseSourceLocation(server.url);
    const viaConnector = () => readThrough(createMySqlConnector(parsed.config, parsed.password), 'bench_rows');
    const version = await serverVersion(parsed, 'mysql');
    return await compare(`MariaDB ${version}`, rows, rounds, raw, viaConnector, log);
  } finally {
    await server.stop();
  }
}

async function benchPostgres(rows: number, rounds: number, log: (l: string) => void): Promise<DbBenchRow> {
  const server = await startPostgres({ database: 'bench' });
  try {
    log(`PostgreSQL: generating ${rows.toLocaleString('en')} rows…`);
    const setup = new pg.Client({ connectionString: server.url });
    setup.on('error', () => undefined);
    await setup.connect();
    try {
      await setup.query(`
        CREATE TABLE bench_rows (id int PRIMARY KEY, name varchar(40) NOT NULL, amount numeric(12,2), born date, updated timestamp, active boolean);
        INSERT INTO bench_rows SELECT g, 'Student ' || g, g / 100.0, date '2000-01-01' + (g % 5000), timestamp '2024-01-01' + g * interval '1 second', g % 2 = 1 FROM generate_series(1, ${rows}) g;`);
      await setup.query('VACUUM ANALYZE bench_rows');
    } finally {
      await setup.end();
    }

    const raw = async () => {
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const cursor = client.query(new Cursor(`SELECT ${COLUMNS} FROM bench_rows ORDER BY id`));
      let n = 0;
      for (;;) {
        const batch = await cursor.read(BATCH);
        if (!batch.length) break;
        n += batch.length;
      }
      await cursor.close();
      await client.end();
      return n;
    };
    const parsed = parseSourceLocation(server.url);
    const viaConnector = () => readThrough(createPostgresConnector(parsed.config, parsed.password), 'public.bench_rows');
    const version = await serverVersion(parsed, 'postgres');
    return await compare(`PostgreSQL ${version}`, rows, rounds, raw, viaConnector, log);
  } finally {
    await server.stop();
  }
}

async function readThrough(connector: SourceConnector, stream: string): Promise<number> {
  let n = 0;
  try {
    for await (const batch of connector.read(stream, { batchSize: BATCH })) n += batch.length;
  } finally {
    await connector.close();
  }
  return n;
}

async function serverVersion(parsed: ReturnType<typeof parseSourceLocation>, kind: 'mysql' | 'postgres'): Promise<string> {
  const connector = kind === 'mysql' ? createMySqlConnector(parsed.config, parsed.password) : createPostgresConnector(parsed.config, parsed.password);
  try {
    const check = await connector.check();
    return (check.serverInfo ?? '').replace(/^(MariaDB|MySQL|PostgreSQL) /, '');
  } finally {
    await connector.close();
  }
}

async function compare(source: string, rows: number, rounds: number, raw: () => Promise<number>, viaConnector: () => Promise<number>, log: (l: string) => void): Promise<DbBenchRow> {
  let rawMs = Infinity;
  let connectorMs = Infinity;
  let rawPeak = 0;
  let connectorPeak = 0;
  let rawCpu = Infinity;
  let connectorCpu = Infinity;
  for (let round = 1; round <= rounds; round++) {
    const r = await measure(raw, rows);
    const c = await measure(viaConnector, rows);
    log(`${source} round ${round}: raw ${fmtMs(r.ms)} (cpu ${fmtMs(r.cpuMs)}), connector ${fmtMs(c.ms)} (cpu ${fmtMs(c.cpuMs)})`);
    rawMs = Math.min(rawMs, r.ms);
    connectorMs = Math.min(connectorMs, c.ms);
    rawCpu = Math.min(rawCpu, r.cpuMs);
    connectorCpu = Math.min(connectorCpu, c.cpuMs);
    rawPeak = Math.max(rawPeak, r.peakRssMb);
    connectorPeak = Math.max(connectorPeak, c.peakRssMb);
  }
  return { source, rows, rawMs, connectorMs, ratio: rawMs / connectorMs, rawCpuMs: rawCpu, connectorCpuMs: connectorCpu, rawPeakRssMb: rawPeak, connectorPeakRssMb: connectorPeak };
}

/** Times one full read and samples RSS growth every 20 ms while it runs. */
async function measure(read: () => Promise<number>, expected: number): Promise<{ ms: number; cpuMs: number; peakRssMb: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    const n = await read();
    if (n !== expected) throw new Error(`read ${n} rows, expected ${expected}`);
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, peakRssMb: Math.max(0, peak - base) / 1024 / 1024 };
  } finally {
    clearInterval(sampler);
  }
}

function fmtMs(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** The markdown table for docs/benchmarks.md. */
export function dbBenchMarkdown(results: DbBenchRow[]): string {
  const lines = ['| source | rows | raw driver | connector | ratio (goal ≥ 0.8×) | client CPU raw / connector | peak RSS growth raw / connector |', '|---|---:|---:|---:|---:|---:|---:|'];
  for (const r of results) {
    const rate = (ms: number) => `${Math.round(r.rows / (ms / 1000)).toLocaleString('en')} rows/s`;
    lines.push(`| ${r.source} | ${r.rows.toLocaleString('en')} | ${fmtMs(r.rawMs)} (${rate(r.rawMs)}) | ${fmtMs(r.connectorMs)} (${rate(r.connectorMs)}) | ${r.ratio.toFixed(2)}× | ${fmtMs(r.rawCpuMs)} / ${fmtMs(r.connectorCpuMs)} | ${r.rawPeakRssMb.toFixed(0)} MB / ${r.connectorPeakRssMb.toFixed(0)} MB |`);
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runDbConnectorBench()
    .then((results) => process.stdout.write(dbBenchMarkdown(results) + '\n'))
    .catch((err) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    });
}

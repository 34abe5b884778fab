/**
 * SQL Server connector benchmark, memory only (issue 3: SQL Server cannot run here, so there is
 * no raw driver against a real server to compare speed with). Streams the generated
 * dbo.AttendanceLog table of the TDS test server through the connector at each size (default
 * 1,000,000 and 10,000,000 rows; env BENCH_MSSQL_ROWS=1000000,10000000) and reports the peak RSS
 * growth and the peak live heap growth, which must stay flat from 1M to 10M rows. Server and
 * client share this process, so the RSS includes both. Prints one markdown table;
 * `runMssqlMemoryBench()` returns the rows for a caller that assembles docs/benchmarks.md.
 *
 * Run alone: npx jiti bench/connectors-mssql.bench.ts
 */
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createMssqlConnector } from '../src/main/engine/connectors/mssql';
import { sampleDatabase } from '../test/support/tds/sample-tables';
import { startTdsServer } from '../test/support/tds/tds-server';

/** One measured size. */
export interface MssqlBenchRow {
  rows: number;
  ms: number;
  /** Highest RSS during the read minus the RSS before it (server and client together). */
  peakRssGrowthMb: number;
  /** Highest live heap (after a full GC) during the read minus the heap before it. */
  peakHeapGrowthMb: number;
}

const BATCH = 1_000;
const SAMPLE_EVERY = 100_000;

export async function runMssqlMemoryBench(opts: { sizes?: number[]; log?: (line: string) => void } = {}): Promise<MssqlBenchRow[]> {
  const sizes = opts.sizes ?? (process.env.BENCH_MSSQL_ROWS ?? '1000000,10000000').split(',').map(Number);
  const log = opts.log ?? ((line: string) => process.stderr.write(line + '\n'));
  setFlagsFromString('--expose_gc');
  const gc = runInNewContext('gc') as () => void;
  const results: MssqlBenchRow[] = [];
  for (const rows of sizes) {
    log(`SQL Server (TDS test server): reading ${rows.toLocaleString('en')} rows…`);
    results.push(await measure(rows, gc));
  }
  return results;
}

async function measure(rows: number, gc: () => void): Promise<MssqlBenchRow> {
  const server = await startTdsServer({ databases: [sampleDatabase(rows)], logins: [{ user: 'bench', password: 'bench' }] });
  const connector = createMssqlConnector({ host: '127.0.0.1', port: server.port, database: 'Legacy', user: 'bench', encrypt: 'false' }, 'bench');
  try {
    gc();
    const rssBefore = process.memoryUsage().rss;
    const heapBefore = process.memoryUsage().heapUsed;
    let peakRss = rssBefore;
    let peakHeap = heapBefore;
    let read = 0;
    const started = performance.now();
    for await (const batch of connector.read('dbo.AttendanceLog', { batchSize: BATCH })) {
      read += batch.length;
      if (read % SAMPLE_EVERY === 0) {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        gc();
        peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      }
    }
    if (read !== rows) throw new Error(`read ${read} rows of ${rows}`);
    const mb = (n: number) => n / 1048576;
    return { rows, ms: performance.now() - started, peakRssGrowthMb: mb(peakRss - rssBefore), peakHeapGrowthMb: mb(peakHeap - heapBefore) };
  } finally {
    await connector.close();
    await server.close();
  }
}

/** The markdown table for docs/benchmarks.md. */
export function mssqlBenchMarkdown(results: MssqlBenchRow[]): string {
  const lines = ['| source | rows | connector (wall) | peak RSS growth | peak live heap growth |', '|---|---:|---:|---:|---:|'];
  for (const r of results) {
    const rate = Math.round(r.rows / (r.ms / 1000)).toLocaleString('en');
    lines.push(`| SQL Server (TDS test server, same process) | ${r.rows.toLocaleString('en')} | ${(r.ms / 1000).toFixed(1)} s (${rate} rows/s) | ${r.peakRssGrowthMb.toFixed(0)} MB | ${r.peakHeapGrowthMb.toFixed(1)} MB |`);
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runMssqlMemoryBench()
    .then((results) => process.stdout.write(mssqlBenchMarkdown(results) + '\n'))
    .catch((err) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    });
}

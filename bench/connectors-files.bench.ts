/**
 * File connector benchmark: reads a generated CSV (default 1,000,000 rows; env BENCH_ROWS) and a
 * generated .xlsx (default 100,000 rows; env BENCH_XLSX_ROWS) through the studio's connector and
 * through the raw parser (papaparse streaming with header objects; exceljs's streaming
 * WorkbookReader), interleaved in the same run, best of `rounds` (env BENCH_ROUNDS, default 2).
 * With BENCH_CSV_BIG_ROWS (e.g. 10000000) it also reads that many CSV rows through the connector
 * to show that peak RSS stays flat as the file grows. Prints one markdown table;
 * `runFileConnectorBench()` returns the rows for a caller that assembles docs/benchmarks.md.
 *
 * Run alone: npx jiti bench/connectors-files.bench.ts
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { SourceConnector } from '../src/main/engine/connectors/connector';
import { createCsvConnector, createExcelConnector } from '../src/main/engine/connectors/files';

/** One measured source. Times in ms; RSS growth over the run's start in MB. */
export interface FileBenchRow {
  source: string;
  rows: number;
  /** null when only the connector was measured (the RSS-flatness run). */
  rawMs: number | null;
  connectorMs: number;
  /** Connector throughput / raw parser throughput (goal ≥ 0.8). */
  ratio: number | null;
  rawPeakRssMb: number | null;
  connectorPeakRssMb: number;
}

const BATCH = 1_000;

export async function runFileConnectorBench(opts: { rows?: number; xlsxRows?: number; bigRows?: number; rounds?: number; log?: (line: string) => void } = {}): Promise<FileBenchRow[]> {
  const rows = opts.rows ?? Number(process.env.BENCH_ROWS ?? 1_000_000);
  const xlsxRows = opts.xlsxRows ?? Number(process.env.BENCH_XLSX_ROWS ?? 100_000);
  const bigRows = opts.bigRows ?? Number(process.env.BENCH_CSV_BIG_ROWS ?? 0);
  const rounds = opts.rounds ?? Number(process.env.BENCH_ROUNDS ?? 2);
  const log = opts.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const dir = mkdtempSync(join(tmpdir(), 'apstudio-bench-files-'));
  try {
    const results = [await benchCsv(dir, rows, rounds, log), await benchXlsx(dir, xlsxRows, rounds, log)];
    if (bigRows > 0) results.push(await benchCsvConnectorOnly(dir, bigRows, log));
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('id,name,amount,born,updated,active,zip\n');
  let buf = '';
  for (let i = 1; i <= rows; i++) {
    buf += `${i},"Student ${i}",${(i / 100).toFixed(2)},2010-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')},2024-01-01T08:00:${String(i % 60).padStart(2, '0')},${i % 2},0${i % 10000}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

async function benchCsv(dir: string, rows: number, rounds: number, log: (l: string) => void): Promise<FileBenchRow> {
  const path = join(dir, 'students.csv');
  log(`CSV: generating ${rows.toLocaleString('en')} rows…`);
  await writeCsv(path, rows);
  log(`CSV: ${(statSync(path).size / 1024 / 1024).toFixed(0)} MB`);
  const raw = () =>
    new Promise<number>((resolve, reject) => {
      let n = 0;
      Papa.parse(createReadStream(path), {
        header: true,
        skipEmptyLines: true,
        chunk: (results: Papa.ParseResult<unknown>) => {
          n += results.data.length;
        },
        complete: () => resolve(n),
        error: reject,
      });
    });
  const viaConnector = () => readThrough(createCsvConnector({ path }, null), 'students');
  return compare('CSV (papaparse 5.7)', rows, rounds, raw, viaConnector, log);
}

async function benchCsvConnectorOnly(dir: string, rows: number, log: (l: string) => void): Promise<FileBenchRow> {
  const path = join(dir, 'big.csv');
  log(`CSV: generating ${rows.toLocaleString('en')} rows for the RSS run…`);
  await writeCsv(path, rows);
  const m = await measure(() => readThrough(createCsvConnector({ path }, null), 'big'), rows);
  log(`CSV ${rows.toLocaleString('en')} rows: connector ${fmtMs(m.ms)}, peak RSS growth ${m.peakRssMb.toFixed(0)} MB`);
  rmSync(path, { force: true });
  return { source: 'CSV (connector only)', rows, rawMs: null, connectorMs: m.ms, ratio: null, rawPeakRssMb: null, connectorPeakRssMb: m.peakRssMb };
}

async function benchXlsx(dir: string, rows: number, rounds: number, log: (l: string) => void): Promise<FileBenchRow> {
  const path = join(dir, 'students.xlsx');
  log(`xlsx: generating ${rows.toLocaleString('en')} rows…`);
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const sheet = writer.addWorksheet('Students');
  sheet.addRow(['id', 'name', 'amount', 'born', 'active', 'zip']).commit();
  for (let i = 1; i <= rows; i++) {
    const row = sheet.addRow([i, `Student ${i}`, i / 100, new Date(Date.UTC(2010, i % 12, (i % 28) + 1)), i % 2 === 1, `0${i % 10000}`]);
    row.getCell(4).numFmt = 'yyyy-mm-dd';
    row.commit();
  }
  sheet.commit();
  await writer.commit();
  const raw = async () => {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
    let n = 0;
    for await (const ws of reader) {
      for await (const row of ws) {
        // Touch every value, as any consumer of the rows must.
        if (row.number > 1 && Array.isArray(row.values)) n++;
      }
    }
    return n;
  };
  const viaConnector = () => readThrough(createExcelConnector({ path }, null), 'Students');
  return compare('xlsx (exceljs 4.4)', rows, rounds, raw, viaConnector, log);
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

async function compare(source: string, rows: number, rounds: number, raw: () => Promise<number>, viaConnector: () => Promise<number>, log: (l: string) => void): Promise<FileBenchRow> {
  let rawMs = Infinity;
  let connectorMs = Infinity;
  let rawPeak = 0;
  let connectorPeak = 0;
  for (let round = 1; round <= rounds; round++) {
    const r = await measure(raw, rows);
    const c = await measure(viaConnector, rows);
    log(`${source} round ${round}: raw ${fmtMs(r.ms)}, connector ${fmtMs(c.ms)}`);
    rawMs = Math.min(rawMs, r.ms);
    connectorMs = Math.min(connectorMs, c.ms);
    rawPeak = Math.max(rawPeak, r.peakRssMb);
    connectorPeak = Math.max(connectorPeak, c.peakRssMb);
  }
  return { source, rows, rawMs, connectorMs, ratio: rawMs / connectorMs, rawPeakRssMb: rawPeak, connectorPeakRssMb: connectorPeak };
}

/** Times one full read and samples RSS growth every 20 ms while it runs. */
async function measure(read: () => Promise<number>, expected: number): Promise<{ ms: number; peakRssMb: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  try {
    const n = await read();
    if (n !== expected) throw new Error(`read ${n} rows, expected ${expected}`);
    return { ms: performance.now() - started, peakRssMb: Math.max(0, peak - base) / 1024 / 1024 };
  } finally {
    clearInterval(sampler);
  }
}

function fmtMs(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** The markdown table for docs/benchmarks.md. */
export function fileBenchMarkdown(results: FileBenchRow[]): string {
  const lines = ['| source | rows | raw parser | connector | ratio (goal ≥ 0.8×) | peak RSS growth raw / connector |', '|---|---:|---:|---:|---:|---:|'];
  const rate = (rows: number, ms: number) => `${Math.round(rows / (ms / 1000)).toLocaleString('en')} rows/s`;
  for (const r of results) {
    const raw = r.rawMs === null ? '—' : `${fmtMs(r.rawMs)} (${rate(r.rows, r.rawMs)})`;
    const ratio = r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`;
    const rss = `${r.rawPeakRssMb === null ? '—' : `${r.rawPeakRssMb.toFixed(0)} MB`} / ${r.connectorPeakRssMb.toFixed(0)} MB`;
    lines.push(`| ${r.source} | ${r.rows.toLocaleString('en')} | ${raw} | ${fmtMs(r.connectorMs)} (${rate(r.rows, r.connectorMs)}) | ${ratio} | ${rss} |`);
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runFileConnectorBench()
    .then((results) => process.stdout.write(fileBenchMarkdown(results) + '\n'))
    .catch((err) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    });
}

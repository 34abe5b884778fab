/**
 * Whole-run benchmark (issue 23): the demo school at BENCH_RUN_PUPILS pupils (default 100,000),
 * extract → map → validate → stage → push → reconcile into the project's embedded sandbox with
 * its rate limits lifted (the admin API's default rule set to its maximum, 1M/min and 100M/h), in one process, against
 * raw yardsticks measured in the same run:
 *
 * - the raw insert rate: the same source tables (SCHOOL_INFO, PUPILS, CONTACTS) read with
 *   better-sqlite3 `.raw()` and inserted through one prepared INSERT per row, a transaction per
 *   1,000 rows, into a WAL file; the run's source rows/s over it (goal ≥ 0.25×);
 * - the push benchmark's bare HTTP loop (test/unit/target/push-scenarios.ts, 500-record batches
 *   to an in-memory sandbox); the run's push phase in records/s over it (goal ≥ 0.8×). The push
 *   phase is timed from each entity's "Staged …" log line to its push's last progress event;
 * - peak RSS of the process (the demo generation included).
 *
 * BENCH_SANDBOX=worker (the default, as the hosts run it) puts the sandbox in its worker thread
 * (bench/support/sandbox-worker-from-source.mjs); BENCH_SANDBOX=in-process on the engine's
 * thread, as before issue 23, for the comparison.
 *
 * Run alone: npx jiti bench/whole-run.bench.ts (profile: node --cpu-prof node_modules/jiti/lib/jiti-cli.mjs bench/whole-run.bench.ts)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { RunProgress } from '../src/shared/model/run';
import { createHostEngine, startEmbeddedSandbox } from '../src/main/hosts/host-engine';
import { workerSandboxStarter } from '../src/main/hosts/worker-sandbox-starter';
import { demoLegacyFileFor, setupDemoProject } from '../src/main/engine/demo/demo-project';
import { runThroughput } from '../test/unit/academia/push-scenarios';

const log = (line: string) => process.stderr.write(`${line}\n`);
const n = (v: number, digits = 0) => v.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The raw yardstick: read each table raw and insert every row through one prepared statement. */
function rawCopy(source: string, out: string, tables: string[]): { ms: number; rows: number } {
  const t0 = performance.now();
  const src = new Database(source, { readonly: true });
  const dst = new Database(out);
  dst.pragma('journal_mode = WAL');
  let rows = 0;
  for (const table of tables) {
    const cols = (src.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]).map((c) => `"${c}"`);
    dst.exec(`CREATE TABLE "${table}" (${cols.join(', ')})`);
    const insert = dst.prepare(`INSERT INTO "${table}" VALUES (${cols.map(() => '?').join(', ')})`);
    const commit = dst.transaction((batch: unknown[][]) => {
      for (const r of batch) insert.run(r);
    });
    let batch: unknown[][] = [];
    for (const row of src.prepare(`SELECT * FROM "${table}"`).raw().iterate() as Iterable<unknown[]>) {
      batch.push(row);
      if (batch.length === 1000) {
        commit(batch);
        rows += batch.length;
        batch = [];
      }
    }
    commit(batch);
    rows += batch.length;
  }
  src.close();
  dst.close();
  return { ms: performance.now() - t0, rows };
}

async function main(): Promise<void> {
  const pupils = Number(process.env.BENCH_RUN_PUPILS ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'bench-run-'));
  const load0 = loadavg()[0];
  try {
    const path = join(dir, 'demo.apstudio');
    log(`setting up the demo school at ${n(pupils)} pupils…`);
    const project = await setupDemoProject(path, { app: 'bench', pupils, now: new Date() });
    project.close();

    log('raw yardstick: read + prepared insert of the mapped tables…');
    const raw = rawCopy(demoLegacyFileFor(path), join(dir, 'raw.db'), ['SCHOOL_INFO', 'PUPILS', 'CONTACTS']);
    const rawRate = raw.rows / (raw.ms / 1000);
    log(`  ${n(raw.rows)} rows in ${(raw.ms / 1000).toFixed(2)} s (${n(rawRate)} rows/s)`);

    const placement = process.env.BENCH_SANDBOX === 'in-process' ? 'in-process' : 'worker';
    const embeddedTarget = placement === 'worker' ? workerSandboxStarter({ workerFile: new URL('./support/sandbox-worker-from-source.mjs', import.meta.url) }) : startEmbeddedSandbox;
    log(`embedded sandbox: ${placement === 'worker' ? 'in its worker thread' : "on the engine's thread"}`);
    const engine = createHostEngine({ host: 'cli', embeddedTarget });
    const staged = new Map<string, number>();
    const pushEnd = new Map<string, { at: number; done: number }>();
    try {
      await engine.api.projects.open({ path });
      await engine.api.sandboxAdmin.updateThrottleRule({ id: 'default', perMinute: 1_000_000, perHour: 100_000_000, description: 'benchmark: limits lifted' });
      engine.onEvent((m) => {
        if (m.kind !== 'event') return;
        if (m.event === 'run.event') {
          const e = m.payload as { entity: string | null; message: string };
          if (e.entity && e.message.startsWith('Staged ')) staged.set(e.entity, performance.now());
          if (!e.entity || e.message.startsWith('Staged ')) log(`  ${e.entity ?? ''} ${e.message}`);
        } else if (m.event === 'run.progress') {
          const p = m.payload as RunProgress;
          if (p.phase === 'push' && staged.has(p.entity) && p.total !== undefined && p.total !== null && p.done === p.total && !pushEnd.has(p.entity)) pushEnd.set(p.entity, { at: performance.now(), done: p.done });
        }
      });
      log('whole run…');
      const t0 = performance.now();
      // CPU of the whole process (every thread, the sandbox's worker included): steadier than wall time on a shared machine.
      const cpu0 = process.cpuUsage();
      const { runId } = await engine.api.runs.start({ dryRun: false });
      await engine.idle();
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      const run = await engine.api.runs.get({ runId });
      if (run.status !== 'Completed') throw new Error(`the run ended ${run.status}: ${run.error?.message ?? ''}`);
      const mismatches = run.reconciliation.reduce((k, l) => k + l.mismatches, 0);
      let pushMs = 0;
      let pushed = 0;
      for (const [entity, end] of pushEnd) {
        pushMs += end.at - (staged.get(entity) as number);
        pushed += end.done;
      }
      const runRate = run.counters.read / (ms / 1000);
      const pushRate = pushed / (pushMs / 1000);
      log('push benchmark bare HTTP loop…');
      const bare = await runThroughput({ batches: Number(process.env.BENCH_THROUGHPUT_BATCHES ?? 40) });
      const machine = `${cpus().length} × ${cpus()[0]?.model?.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
      console.log(`\n${machine}, ${new Date().toISOString().slice(0, 10)}, sandbox ${placement}, load average ${load0.toFixed(2)} → ${loadavg()[0].toFixed(2)}, peak RSS ${n(process.resourceUsage().maxRSS / 1024)} MB (process, demo generation included); the run used ${cpuSeconds.toFixed(1)} s of CPU (all threads) in ${(ms / 1000).toFixed(1)} s\n`);
      console.log('| measure | studio | yardstick | ratio | goal |');
      console.log('|---|---:|---:|---:|---:|');
      console.log(`| whole run, demo at ${n(pupils)} pupils (${n(run.counters.read)} source rows; created ${n(run.counters.created)}, rejected ${n(run.counters.rejected)}, skipped ${n(run.counters.skipped)}; mismatches ${mismatches}) vs raw read + prepared insert of the same tables | ${(ms / 1000).toFixed(1)} s, ${n(runRate)} source rows/s | ${n(rawRate)} rows/s | ${(runRate / rawRate).toFixed(3)}× | ≥ 0.25× |`);
      console.log(`| push phase (${n(pushed)} records, ${(pushMs / 1000).toFixed(1)} s) vs the push benchmark's bare HTTP loop | ${n(pushRate)} records/s | ${n(bare.bareRecordsPerSecond)} records/s (client alone ${n(bare.clientRecordsPerSecond)}) | ${(pushRate / bare.bareRecordsPerSecond).toFixed(2)}× | ≥ 0.8× |`);
    } finally {
      await engine.dispose();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

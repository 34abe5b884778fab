/**
 * Per-stage CPU benchmark (issue 23): a dry run of the demo school at BENCH_RUN_PUPILS pupils
 * (default 100,000) — read → join/filter/fan-out → map → merge-people → validate → stage →
 * predict → reconcile, every entity, the run's own code — with each stage's *self* CPU time
 * measured: the process's CPU time (`process.cpuUsage`) is charged to the stage whose code runs,
 * switching at every batch handed between stages (a stage pulling from the one before it charges
 * that one until the batch comes back). The machine is shared, so CPU time, not wall time, is the
 * figure to compare between commits; CPU per 1,000 source rows makes different school sizes
 * comparable.
 *
 * The dry run writes nothing to the target (the embedded sandbox runs on the engine's thread and
 * answers only the reconciliation's counts), so push and the sandbox's work are not in these
 * figures: bench/whole-run.bench.ts measures them.
 *
 * It also prints a digest of what the run staged and rejected (every staged record's canonical
 * JSON and hash, every reject's reasons and kept row) and its counters: two commits that claim
 * the same behaviour must print the same digest.
 *
 * Run alone: npx jiti bench/pipeline-stages.bench.ts
 * (profile: node --cpu-prof node_modules/jiti/lib/jiti-cli.mjs bench/pipeline-stages.bench.ts)
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createHostEngine, startEmbeddedSandbox } from '../src/main/hosts/host-engine';
import { setupDemoProject } from '../src/main/engine/demo/demo-project';
import type { Batch, StageDefinition } from '../src/main/engine/pipeline/stages/stage';
import { readStage } from '../src/main/engine/pipeline/stages/read/read-stage';
import { joinStage } from '../src/main/engine/pipeline/stages/join/join-stage';
import { filterStage } from '../src/main/engine/pipeline/stages/filter/filter-stage';
import { fanOutStage } from '../src/main/engine/pipeline/stages/fan-out/fan-out-stage';
import { mapStage } from '../src/main/engine/pipeline/stages/map/map-stage';
import { mergePeopleStage } from '../src/main/engine/pipeline/stages/merge-people/merge-people-stage';
import { validateStage } from '../src/main/engine/pipeline/stages/validate/validate-stage';
import { stageStage } from '../src/main/engine/pipeline/stages/stage/stage-stage';
import { predictStage } from '../src/main/engine/pipeline/stages/predict/predict-stage';
import { reconcileStage } from '../src/main/engine/pipeline/stages/reconcile/reconcile-stage';

const log = (line: string) => process.stderr.write(`${line}\n`);
const n = (v: number, digits = 0) => v.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** CPU microseconds charged per stage kind; `other` is the executor, events and the run's records between batches. */
const charged = new Map<string, number>();
const stack: string[] = ['other'];
let mark = 0;
const cpuNow = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
function charge(): void {
  const now = cpuNow();
  const top = stack[stack.length - 1];
  charged.set(top, (charged.get(top) ?? 0) + now - mark);
  mark = now;
}

/** Wraps a stage's `process` so the time inside its generator is charged to it. */
function instrument(stage: StageDefinition<unknown, unknown, unknown>): void {
  const original = stage.process.bind(stage);
  (stage as { process: typeof stage.process }).process = (input, settings, ctx) => {
    const inner = original(input, settings, ctx)[Symbol.asyncIterator]();
    const step = async (call: () => Promise<IteratorResult<Batch<unknown>>>) => {
      charge();
      stack.push(stage.kind);
      try {
        return await call();
      } finally {
        charge();
        stack.pop();
      }
    };
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      next: () => step(() => inner.next()),
      return: (v?: unknown) => step(() => (inner.return ? inner.return(v as never) : Promise.resolve({ done: true, value: undefined as never }))),
    } as AsyncIterableIterator<Batch<unknown>>;
  };
}

/** SHA-256 over what the run staged and rejected, in a fixed order. */
function digestOf(path: string, runId: string): { staged: string; rejects: string } {
  const db = new Database(path, { readonly: true });
  try {
    const staged = createHash('sha256');
    const rows = db
      .prepare(
        `SELECT e.name, s.external_id, s.payload_json, hex(s.row_hash) FROM staged_records s
         JOIN staging_names e ON e.no = s.entity_no AND e.kind = 'entity'
         JOIN staging_names r ON r.no = s.run_no AND r.kind = 'run' AND r.name = ?
         ORDER BY e.name, s.external_id`,
      )
      .raw()
      .iterate(runId) as Iterable<unknown[]>;
    for (const r of rows) staged.update(`${r.join('\u0001')}\n`);
    const rejects = createHash('sha256');
    for (const r of db.prepare('SELECT entity, stage, external_id, source_row, errors_json, row_json FROM rejects WHERE run_id = ? ORDER BY id').raw().iterate(runId) as Iterable<unknown[]>) rejects.update(`${r.join('\u0001')}\n`);
    return { staged: staged.digest('hex').slice(0, 16), rejects: rejects.digest('hex').slice(0, 16) };
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const pupils = Number(process.env.BENCH_RUN_PUPILS ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'bench-stages-'));
  const load0 = loadavg()[0];
  try {
    const path = join(dir, 'demo.apstudio');
    log(`setting up the demo school at ${n(pupils)} pupils…`);
    const project = await setupDemoProject(path, { app: 'bench', pupils, now: new Date() });
    project.close();
    for (const s of [readStage, joinStage, filterStage, fanOutStage, mapStage, mergePeopleStage, validateStage, stageStage, predictStage, reconcileStage]) instrument(s as StageDefinition<unknown, unknown, unknown>);
    const engine = createHostEngine({ host: 'cli', embeddedTarget: startEmbeddedSandbox });
    try {
      await engine.api.projects.open({ path });
      log('dry run…');
      const t0 = performance.now();
      mark = cpuNow();
      const cpu0 = mark;
      const { runId } = await engine.api.runs.start({ dryRun: true });
      await engine.idle();
      charge();
      const cpuMs = (cpuNow() - cpu0) / 1000;
      const ms = performance.now() - t0;
      const run = await engine.api.runs.get({ runId });
      if (run.status !== 'Completed') throw new Error(`the run ended ${run.status}: ${run.error?.message ?? ''}`);
      await engine.api.projects.close();
      const digest = digestOf(path, runId);
      const read = run.counters.read;
      const per1k = (us: number) => (us / 1000 / (read / 1000)).toFixed(2);
      const machine = `${cpus().length} × ${cpus()[0]?.model?.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
      console.log(`\n${machine}, ${new Date().toISOString()}, load average ${load0.toFixed(2)} → ${loadavg()[0].toFixed(2)}, peak RSS ${n(process.resourceUsage().maxRSS / 1024)} MB`);
      console.log(`dry run of the demo at ${n(pupils)} pupils: ${n(read)} source rows (created ${n(run.counters.created)}, updated ${n(run.counters.updated)}, unchanged ${n(run.counters.unchanged)}, rejected ${n(run.counters.rejected)}, skipped ${n(run.counters.skipped)}); ${(ms / 1000).toFixed(1)} s wall, ${(cpuMs / 1000).toFixed(2)} s CPU (${per1k(cpuMs * 1000)} ms per 1,000 source rows)`);
      console.log(`digest: staged ${digest.staged}, rejects ${digest.rejects}; steps ${run.steps.map((s) => `${s.entity} ${s.counters.read}/${s.counters.created}/${s.counters.rejected}/${s.counters.skipped}`).join(', ')}\n`);
      console.log('| stage | CPU s | ms per 1,000 source rows | share |');
      console.log('|---|---:|---:|---:|');
      const total = [...charged.values()].reduce((a, b) => a + b, 0);
      for (const [kind, us] of [...charged].sort((a, b) => b[1] - a[1])) console.log(`| ${kind} | ${(us / 1e6).toFixed(2)} | ${per1k(us)} | ${((100 * us) / total).toFixed(1)} % |`);
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

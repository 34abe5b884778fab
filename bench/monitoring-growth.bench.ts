/**
 * Monitoring's growth of the project file (issue 20, point 1): 10,000 API calls a day, a run a
 * day (16 entities), a target health check every 5 minutes, day after day on an injected clock,
 * each day copied into the metrics (`MetricStore.ingest`) and downsampled (`compact`). Prints, on
 * chosen days, the bytes the monitoring tables hold (dbstat) and the whole file, so the plateau
 * once raw (7 days), hourly (90 days) and daily (2 years) retention are all reached is visible.
 *
 * The run request log (`target_requests`, migration 4) is measured apart: the bench empties it
 * after each day's copy, and reports the bytes 10,000 of its rows take, since that table keeps
 * every call of every run and is not downsampled.
 *
 * Env: BENCH_DAYS (default 800), BENCH_CALLS (a day, default 10000).
 * Run: npm run bench -- monitoring-growth
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { statSync } from 'node:fs';
import { createProjectFile } from '../src/main/engine/project/project-file';
import { MetricStore } from '../src/main/engine/monitoring/metric-store';
import { tempDir } from '../test/support/temp-dir';

const DAY = 86_400_000;
const DAYS = Number(process.env.BENCH_DAYS ?? 800);
const CALLS = Number(process.env.BENCH_CALLS ?? 10_000);
const ENTITIES = ['schools', 'students', 'guardians', 'staff', 'classes', 'enrolments', 'subjects', 'courses', 'terms', 'grades', 'attendance', 'timetables', 'rooms', 'fees', 'payments', 'reports'];
const REPORT = new Set([1, 7, 8, 30, 90, 91, 180, 365, 730, 731, DAYS]);

const dir = tempDir('apstudio-bench-monitoring-');
const file = createProjectFile(join(dir.path, 'growth'), 'bench', { name: 'Growth' });
const db = file.db;
const store = new MetricStore(db);
const start = Date.parse('2026-01-01T00:00:00Z');
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

const insertCall = db.prepare('INSERT INTO target_requests (run_id, at, method, path, status, latency_ms, attempt, error) VALUES (?, ?, ?, ?, ?, ?, 1, NULL)');
const insertCheck = db.prepare("INSERT INTO target_checks (at, ok, trigger, api_version) VALUES (?, ?, 'run', 'v1')");
const insertRun = db.prepare("INSERT INTO runs (id, operation, status, dry_run, started_at, ended_at, duration_ms, counters_json) VALUES (?, 'Sync', 'Completed', 0, ?, ?, 60000, '{}')");
const insertStep = db.prepare("INSERT INTO run_steps (run_id, entity, ord, status, counters_json) VALUES (?, ?, ?, 'Completed', ?)");

const bytesOf = () => {
  const rows = db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all() as { name: string; bytes: number }[];
  const by = new Map(rows.map((r) => [r.name, r.bytes]));
  const monitoring = rows.filter((r) => r.name.startsWith('monitoring_') || r.name.startsWith('sqlite_autoindex_monitoring')).reduce((n, r) => n + r.bytes, 0);
  return { monitoring, samples: (by.get('monitoring_samples') ?? 0) + (by.get('monitoring_samples_by_time') ?? 0), rollups: by.get('monitoring_rollups') ?? 0 };
};
const mb = (n: number) => `${(n / 2 ** 20).toFixed(2)} MB`;

const lines: string[] = [];
const began = Date.now();
let requestLogBytesPer10k = 0;
for (let day = 1; day <= DAYS; day++) {
  const dayStart = start + (day - 1) * DAY;
  db.transaction(() => {
    const runId = `run-${day}`;
    for (let i = 0; i < CALLS; i++) {
      const at = dayStart + Math.floor((i / CALLS) * DAY);
      const entity = ENTITIES[i % ENTITIES.length];
      const latency = Math.round(30 + rnd() * 120 + (rnd() < 0.02 ? 2000 * rnd() : 0));
      insertCall.run(runId, new Date(at).toISOString(), 'POST', `/api/v1/schools/DEMO/${entity}/bulk`, rnd() < 0.01 ? 503 : 200, latency);
    }
    for (let m = 0; m < 24 * 60; m += 5) insertCheck.run(new Date(dayStart + m * 60_000).toISOString(), rnd() < 0.995 ? 1 : 0);
    insertRun.run(runId, new Date(dayStart + 2 * 3600_000).toISOString(), new Date(dayStart + 2 * 3600_000 + 60_000).toISOString());
    ENTITIES.forEach((e, i) => insertStep.run(runId, e, i, JSON.stringify({ read: 500, created: 10, updated: 40, unchanged: 450, rejected: 0, skipped: 0, failed: 0 })));
  })();
  if (day === 1) {
    const perRow = (db.prepare("SELECT sum(pgsize) FROM dbstat WHERE name IN ('target_requests', 'target_requests_by_run')").pluck().get() as number) / CALLS;
    requestLogBytesPer10k = perRow * 10_000;
  }
  store.ingest();
  db.prepare('DELETE FROM target_requests').run();
  store.compact(new Date(dayStart + DAY));
  if (REPORT.has(day)) {
    const b = bytesOf();
    const sizes = store.sizes();
    const fileBytes = statSync(file.path).size + (() => { try { return statSync(`${file.path}-wal`).size; } catch { return 0; } })();
    lines.push(`| ${day} | ${sizes.samples.toLocaleString('en')} | ${sizes.hourly.toLocaleString('en')} | ${sizes.daily.toLocaleString('en')} | ${mb(b.samples)} | ${mb(b.rollups)} | ${mb(b.monitoring)} | ${mb(fileBytes)} |`);
    process.stderr.write(`day ${day}: ${lines[lines.length - 1]} (${((Date.now() - began) / 1000).toFixed(0)} s)\n`);
  }
}
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
process.stdout.write(`\n${new Date().toISOString().slice(0, 16)}Z — ${machine} — load ${loadavg()[0].toFixed(1)} — ${CALLS.toLocaleString('en')} calls a day, ${DAYS} days, ${((Date.now() - began) / 1000).toFixed(0)} s\n\n`);
process.stdout.write('| day | raw samples | hourly rollups | daily rollups | raw bytes | rollup bytes | monitoring tables | whole file (with the checks and runs kept) |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n');
process.stdout.write(`${lines.join('\n')}\n\nRequest log (target_requests, not downsampled): ${mb(requestLogBytesPer10k)} per 10,000 calls.\n`);
file.close();
dir.cleanup();

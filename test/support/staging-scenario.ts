/**
 * The staging benchmark's scenario (issue 23), shared by `bench/staging.bench.ts` (1M rows,
 * timed) and its smoke test (a few thousand rows, no timing asserted): the demo school's PUPILS
 * table, scaled up, staged through the demo's students mapping (read → map → merge-people →
 * validate → stage, the run's own plan body and stage) into a fresh project file, against the
 * fastest raw loop of the same work in the same process:
 *
 * - database source: a raw better-sqlite3 loop that reads the same rows (`.raw()` iterate) and
 *   inserts each through one prepared INSERT, a transaction per 1,000 rows, into a WAL file;
 * - CSV source: papaparse (streaming, header objects) over the same file.
 */
import { createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Papa from 'papaparse';
import type { EntityMapping } from '../../src/shared/model/mapping';
import { emptyCounters, type Counters } from '../../src/shared/model/counters';
import type { SourceConnector } from '../../src/main/engine/connectors/connector';
import { generateLegacySchool, DEMO_SCHOOL_CODE } from '../../src/main/engine/demo/generate-legacy-school';
import { demoMappings } from '../../src/main/engine/demo/demo-mappings';
import { noPersonCrosswalk } from '../../src/main/engine/pipeline/person-crosswalk';
import { runPlan } from '../../src/main/engine/pipeline/plan-executor';
import { planEntity } from '../../src/main/engine/pipeline/run-plan';
import type { StageContext } from '../../src/main/engine/pipeline/stages/stage';
import { createProjectFile } from '../../src/main/engine/project/project-file';
import { Project } from '../../src/main/engine/project/project';
import { StagingRepo } from '../../src/main/engine/project/staging-repo';
import { loadTargetContract } from '../../src/academia-api/contract';

const PUPIL_COLUMNS = ['PUPIL_NO', 'SURNAME', 'FORENAME', 'MIDDLE_NAMES', 'PREF_NAME', 'SEX', 'DOB', 'YEAR_GROUP', 'REG_GROUP', 'STATUS', 'ADMISSION_DATE', 'LEAVING_DATE', 'FAMILY_ID', 'SIBLING_IDS', 'HOME_LANG', 'ALLERGIES', 'EMAIL', 'SEN_FLAG', 'FSM', 'LAST_UPDATED'];

/** The demo school's PUPILS (seed school of `seedPupils`) copied until it holds `rows` rows, each with its own PUPIL_NO; and the same rows as a CSV. */
export async function prepareStagingSource(dir: string, rows: number, seedPupils: number): Promise<{ dbFile: string; csvFile: string; csvBytes: number }> {
  const school = join(dir, 'school.db');
  await generateLegacySchool({ file: school, pupils: seedPupils });
  const dbFile = join(dir, 'pupils.db');
  const db = new Database(dbFile);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.exec(`ATTACH '${school.replace(/'/g, "''")}' AS school`);
  db.exec(`CREATE TABLE PUPILS (${PUPIL_COLUMNS.map((c) => `"${c}" TEXT`).join(', ')}, PRIMARY KEY ("PUPIL_NO"))`);
  const seed = db.prepare('SELECT count(*) FROM school.PUPILS').pluck().get() as number;
  const others = PUPIL_COLUMNS.slice(1).map((c) => `"${c}"`).join(', ');
  for (let copy = 0, left = rows; left > 0; copy++, left -= seed) {
    db.prepare(`INSERT INTO PUPILS SELECT ${copy === 0 ? '"PUPIL_NO"' : `'C${copy}X' || "PUPIL_NO"`}, ${others} FROM school.PUPILS ORDER BY rowid LIMIT ?`).run(Math.min(left, seed));
  }
  db.exec('DETACH school');
  const csvFile = join(dir, 'pupils.csv');
  const out = createWriteStream(csvFile);
  const quote = (v: unknown) => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  let buf = `${PUPIL_COLUMNS.join(',')}\n`;
  for (const row of db.prepare('SELECT * FROM PUPILS ORDER BY rowid').raw().iterate() as Iterable<unknown[]>) {
    buf += `${row.map(quote).join(',')}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  db.close();
  return { dbFile, csvFile, csvBytes: statSync(csvFile).size };
}

/** Rows read and inserted by the raw loop, and its time. */
export function rawInsertLoop(sourceFile: string, outFile: string): { ms: number; rows: number } {
  const t0 = performance.now();
  const src = new Database(sourceFile, { readonly: true });
  const out = new Database(outFile);
  out.pragma('journal_mode = WAL');
  out.exec(`CREATE TABLE t (${PUPIL_COLUMNS.map((c) => `"${c}" TEXT`).join(', ')})`);
  const insert = out.prepare(`INSERT INTO t VALUES (${PUPIL_COLUMNS.map(() => '?').join(', ')})`);
  const commit = out.transaction((rows: unknown[][]) => {
    for (const r of rows) insert.run(r);
  });
  let n = 0;
  let batch: unknown[][] = [];
  for (const row of src.prepare('SELECT * FROM PUPILS ORDER BY rowid').raw().iterate() as Iterable<unknown[]>) {
    batch.push(row);
    if (batch.length === 1000) {
      commit(batch);
      n += batch.length;
      batch = [];
    }
  }
  commit(batch);
  n += batch.length;
  src.close();
  out.close();
  return { ms: performance.now() - t0, rows: n };
}

/** Rows papaparse reads from the CSV (streaming, header objects), and its time. */
export function papaparseLoop(csvFile: string): Promise<{ ms: number; rows: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    let n = 0;
    Papa.parse(createReadStream(csvFile), {
      header: true,
      skipEmptyLines: true,
      chunk: (results: Papa.ParseResult<unknown>) => {
        n += results.data.length;
      },
      complete: () => resolve({ ms: performance.now() - t0, rows: n }),
      error: reject,
    });
  });
}

/** The demo's students mapping, reading `stream`. */
export function studentsMapping(stream: string): EntityMapping {
  const m = demoMappings('conn-bench', DEMO_SCHOOL_CODE).find((x) => x.entity === 'students') as EntityMapping;
  return { ...m, stream };
}

/**
 * Stages one source through the run's plan body and stage stage into a new project file (the
 * push and reconcile tail left out: this measures staging). Returns the step's counters, what
 * the project file holds, and the time from opening the source to the last staged batch.
 */
export async function stageThroughPlan(projectFile: string, source: SourceConnector, stream: string): Promise<{ ms: number; counters: Counters; staged: number }> {
  const file = createProjectFile(projectFile, 'bench', { name: 'Staging bench' });
  try {
    const project = new Project(file);
    const staging = new StagingRepo(project);
    const runId = 'run-bench';
    file.db.prepare("INSERT INTO runs (id, operation, status, dry_run, started_at, counters_json) VALUES (?, 'Migration', 'Processing', 0, ?, '{}')").run(runId, new Date().toISOString());
    const contract = loadTargetContract('v1');
    const plan = planEntity(studentsMapping(stream), { kind: 'dry-run' }, { readBatchSize: 1000, pushBatchSize: 500 });
    plan.stages = plan.stages.filter((s) => s.stage.kind !== 'predict' && s.stage.kind !== 'reconcile');
    const counters = emptyCounters();
    const ctx: StageContext = {
      runId,
      entity: 'students',
      signal: new AbortController().signal,
      counters,
      services: {
        openSource: async () => source,
        staging,
        target: { contract, baseUrl: 'http://127.0.0.1:1', schoolId: DEMO_SCHOOL_CODE, client: { pushBatch: async () => [], list: async () => ({ data: [], nextCursor: null, total: 0 }) } },
        crosswalk: noPersonCrosswalk(contract),
      },
      now: () => new Date(),
      log: () => undefined,
      progress: () => undefined,
      begin: () => undefined,
    };
    const t0 = performance.now();
    await runPlan(plan, ctx);
    const ms = performance.now() - t0;
    return { ms, counters, staged: staging.stagedCount(runId, 'students') };
  } finally {
    file.close();
  }
}

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTargetContract } from '../../../src/academia-api/contract';
import { AcademiaClient } from '../../../src/main/engine/academia/academia-client';
import { executeRollback } from '../../../src/main/engine/pipeline/rollback/rollback-executor';
import { canonicalRecord } from '../../../src/main/engine/pipeline/record-hash';
import { preimageStage } from '../../../src/main/engine/pipeline/stages/preimage/preimage-stage';
import type { StageContext } from '../../../src/main/engine/pipeline/stages/stage';
import { Project } from '../../../src/main/engine/project/project';
import { createProjectFile } from '../../../src/main/engine/project/project-file';
import { RollbackRepo } from '../../../src/main/engine/project/rollback-repo';
import { RunsRepo } from '../../../src/main/engine/project/runs-repo';
import { StagingRepo } from '../../../src/main/engine/project/staging-repo';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/sandbox-server';
import { emptyCounters } from '../../../src/shared/model/counters';
import { tempDir } from '../../support/temp-dir';

/**
 * Pre-image capture and the rollback executor against a real sandbox and project file, with a
 * crash at the worst point: the target answered a batch, the checkpoint was not written.
 */
describe('rollback executor: pre-images, and a rollback that dies between an answer and its checkpoint', () => {
  const dir = tempDir();
  const contract = loadTargetContract('v1');
  let sandbox: RunningSandbox;
  let client: AcademiaClient;
  let project: Project;
  const SOURCE = 'run-source';
  const ROLLBACK = 'run-rollback';
  const course = (i: number, name: string) => ({ externalId: `C${String(i).padStart(3, '0')}`, code: `K${i}`, name });

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    client = new AcademiaClient({ baseUrl: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, schoolId: 'S1' });
    await client.upsertSchools([{ externalId: 'S1', name: 'School' }], 'school-1');
    project = new Project(createProjectFile(join(dir.path, 'p.apstudio'), 'test', { name: 'p' }));
    const runs = new RunsRepo(project);
    runs.create({ runId: SOURCE, operation: 'Migration', dryRun: false, entities: [{ entity: 'courses', estimate: null }], now: new Date() });
    // Ten courses were entered by hand before the run.
    await client.pushBatch('courses', Array.from({ length: 10 }, (_, i) => course(i, `Hand ${i}`)), 'by-hand');
  });
  afterAll(async () => {
    project.close();
    await sandbox.close();
    dir.cleanup();
  });

  it('keeps pre-images of the records the run will change, not of those it leaves unchanged, then the push writes', async () => {
    const staging = new StagingRepo(project);
    const preimages = new RollbackRepo(project);
    // The run: courses 0–6 change name, 7–9 are as entered, 10–29 are new.
    const records = Array.from({ length: 30 }, (_, i) => course(i, i < 7 ? `Source ${i}` : i < 10 ? `Hand ${i}` : `New ${i}`));
    staging.stage(SOURCE, 'courses', records.map((r) => ({ externalId: r.externalId, payload: r, ...canonicalRecord(r) })));
    const ctx = {
      runId: SOURCE,
      entity: 'courses',
      signal: new AbortController().signal,
      counters: emptyCounters(),
      services: { staging, target: { contract, client, baseUrl: sandbox.url, schoolId: 'S1' }, preimages },
      now: () => new Date(),
      log: () => undefined,
      progress: () => undefined,
      begin: () => undefined,
    } as unknown as StageContext;
    for await (const _ of preimageStage.process((async function* () {})(), { entity: 'courses' }, ctx)) void _;
    const kept = project.db.prepare('SELECT external_id, version, record_json FROM run_preimages WHERE run_id = ? ORDER BY external_id').all(SOURCE) as { external_id: string; version: number; record_json: string }[];
    expect(kept.map((k) => k.external_id)).toEqual(['C000', 'C001', 'C002', 'C003', 'C004', 'C005', 'C006']);
    expect(JSON.parse(kept[0].record_json)).toEqual({ externalId: 'C000', code: 'K0', name: 'Hand 0' });
    expect(kept.every((k) => k.version === 1)).toBe(true);
    expect(preimages.scanned(SOURCE, 'courses')).toBe(true);

    const results = await client.pushBatch('courses', records, 'the-run');
    staging.recordReceipts(SOURCE, 'courses', 'the-run', results.map((r) => ({ externalId: r.externalId, status: r.status, targetId: r.id, version: r.version })), new Date());
    expect(results.filter((r) => r.status === 'updated')).toHaveLength(7);
    expect(results.filter((r) => r.status === 'created')).toHaveLength(20);
  });

  it('dies after the target answered a batch, resumes, and does nothing twice', async () => {
    const runs = new RunsRepo(project);
    const store = new RollbackRepo(project);
    runs.create({ runId: ROLLBACK, operation: 'Rollback', dryRun: false, entities: [{ entity: 'courses', estimate: 27 }], now: new Date() });
    store.createRollback(ROLLBACK, SOURCE, null);
    const ctx = { runs, store, target: async () => ({ contract, client }), emit: () => undefined, now: () => new Date(), batchSize: 4 };
    const killAt = { entity: 'courses', action: 'delete', batch: 2 };
    const first = await executeRollback(
      {
        ...ctx,
        beforeCheckpoint: (at) => {
          if (at.action === killAt.action && at.batch === killAt.batch) throw new Error('killed');
        },
      },
      ROLLBACK,
      { sourceRunId: SOURCE, entities: ['courses'], signal: new AbortController().signal },
    );
    expect(first).toBe('Failed');
    // One batch checkpointed; the second was answered (the target deleted it) but never recorded.
    expect(store.counts(ROLLBACK)).toEqual([{ entity: 'courses', restored: 0, deleted: 4, unchanged: 0, conflicts: 0 }]);
    expect(await client.count('courses')).toBe(30 - 8);

    expect(await executeRollback(ctx, ROLLBACK, { sourceRunId: SOURCE, entities: ['courses'], signal: new AbortController().signal })).toBe('Completed');
    // The resumed first batch was the one in flight, replayed by its key: counted as deleted once.
    expect(store.counts(ROLLBACK)).toEqual([{ entity: 'courses', restored: 7, deleted: 20, unchanged: 0, conflicts: 0 }]);
    const run = runs.get(ROLLBACK);
    expect(run.status).toBe('Completed');
    expect(run.counters).toMatchObject({ read: 27, updated: 7, deleted: 20, unchanged: 0, rejected: 0 });

    // The target holds what it held before the run, and each record was written exactly once more.
    const live = new Map<string, Record<string, unknown>>();
    for await (const page of client.iterate('courses', { includeDeleted: true, limit: 1000 })) for (const r of page) live.set(r.externalId, r);
    for (let i = 0; i < 30; i++) {
      const r = live.get(course(i, '').externalId)!;
      if (i < 7) expect(r).toMatchObject({ name: `Hand ${i}`, version: 3, deleted: false });
      else if (i < 10) expect(r).toMatchObject({ name: `Hand ${i}`, version: 1, deleted: false });
      else expect(r).toMatchObject({ version: 2, deleted: true });
    }
    expect(store.pendingCount(SOURCE, 'courses')).toBe(0);
  });
});

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine';
import { demoLegacyFileFor } from '../../src/main/engine/demo/demo-files';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import type { CutoverState } from '../../src/shared/model/cutover';
import { tempDir } from '../support/temp-dir';

const stepOf = (state: CutoverState, step: string) => state.steps.find((s) => s.step === step)!;

/**
 * The cutover runbook on the demo school, step by step against the embedded sandbox: it refuses
 * to start without a clean rehearsal, a source changed after the freeze blocks it, the final load
 * is reconciled, the syncs' schedules are stopped, and rolling it back undoes the final load.
 */
describe('the cutover runbook', () => {
  const dir = tempDir();
  const project = join(dir.path, 'demo.apstudio');
  let engine: Engine;

  beforeAll(async () => {
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    await engine.api.projects.openDemo({ path: project, pupils: 60 });
  }, 120_000);
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  it('does not start without a clean rehearsal, and says where to fix it', async () => {
    const state = await engine.api.migration.cutoverStep({});
    expect(stepOf(state, 'go-no-go')).toMatchObject({ status: 'blocked', outcome: expect.stringMatching(/^Not ready: No rehearsal yet.*\(fix on runs\)/) });
    expect(state.next).toBe('go-no-go');
    await expect(engine.api.migration.cutoverStep({ step: 'freeze' })).rejects.toMatchObject({ code: 'MIGRATION_PLAN_INVALID', message: expect.stringContaining('go-no-go comes first') });
  });

  it('passes go/no-go after a clean rehearsal with signed-off mappings, freezes the source, and is blocked when the source changes after the freeze', async () => {
    await engine.api.runs.start({ dryRun: false });
    await engine.idle();
    // The demo plants rows that are rejected on purpose: the school agrees to carry them over later.
    await engine.api.migration.setPlan({ rejectLimit: 1 });
    for (const m of await engine.api.mappings.list()) await engine.api.mappings.signOff({ id: m.id });
    expect(stepOf(await engine.api.migration.cutoverStep({}), 'go-no-go').status).toBe('done');
    const frozen = await engine.api.migration.cutoverStep({});
    expect(stepOf(frozen, 'freeze').status).toBe('done');
    expect(frozen.freeze?.fingerprints.map((f) => f.stream)).toContain('PUPILS');
    expect(frozen.rollbackPath).toMatch(/Nothing was written to Academia Pro yet/);

    const legacy = new Database(demoLegacyFileFor(project));
    legacy.prepare("UPDATE PUPILS SET SURNAME = 'Changed' WHERE rowid = 1").run();
    legacy.close();
    const blocked = await engine.api.migration.cutoverStep({});
    expect(stepOf(blocked, 'verify-freeze')).toMatchObject({ status: 'blocked', outcome: expect.stringContaining('PUPILS (rows changed)') });
    expect(blocked.next).toBe('verify-freeze');
  }, 120_000);

  it('after a new freeze: the final load, its reconciliation and the syncs stopped; rolling back undoes the load', async () => {
    await engine.api.migration.cutoverRollback();
    for (let i = 0; i < 3; i++) await engine.api.migration.cutoverStep({});
    await engine.api.syncs.define({ name: 'parallel', type: 'Delta', entities: [{ entity: 'students' }], schedule: { cron: '0 2 * * *', timezone: 'UTC' } });
    const loaded = await engine.api.migration.cutoverStep({});
    const load = stepOf(loaded, 'final-load');
    expect(load).toMatchObject({ status: 'done', runId: expect.any(String) });
    expect(stepOf(await engine.api.migration.cutoverStep({}), 'reconcile')).toMatchObject({ status: 'done', outcome: expect.stringContaining('reconciles') });
    const done = await engine.api.migration.cutoverStep({});
    expect(stepOf(done, 'syncs').outcome).toContain('parallel');
    expect(done.next).toBeNull();
    expect((await engine.api.syncs.get({ name: 'parallel' })).schedule.cron).toBeNull();
    expect(done.rollbackPath).toMatch(/^Roll back the final load/);

    const undone = await engine.api.migration.cutoverRollback();
    expect(undone.next).toBe('go-no-go');
    expect(stepOf(undone, 'final-load').outcome).toMatch(/^Rolled back by run /);
    const [rollback] = await engine.api.runs.list({ limit: 1 });
    expect(rollback).toMatchObject({ operation: 'Rollback', status: 'Completed' });
  }, 180_000);
});

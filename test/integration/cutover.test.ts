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
    // Each reason carries the screen that fixes it, so the Plan screen can link there.
    expect(stepOf(state, 'go-no-go').fixes).toEqual([
      { item: 'rehearsal-clean', detail: expect.stringMatching(/^No rehearsal yet/), where: 'runs' },
      { item: 'mappings-signed-off', detail: expect.stringMatching(/^Not signed off/), where: 'mapping' },
    ]);
    expect(state.next).toBe('go-no-go');
    await expect(engine.api.migration.cutoverStep({ step: 'freeze' })).rejects.toMatchObject({ code: 'MIGRATION_PLAN_INVALID', message: expect.stringContaining('go-no-go comes first') });
  });

  it('passes go/no-go after a clean rehearsal with signed-off mappings, freezes the source, and is blocked when the source changes after the freeze', async () => {
    await engine.api.runs.start({ dryRun: false });
    await engine.idle();
    // The demo plants rows that are rejected on purpose: the school agrees to carry them over later.
    await engine.api.migration.setPlan({ rejectLimit: 1 });
    for (const m of await engine.api.mappings.list()) await engine.api.mappings.signOff({ id: m.id });
    const passed = stepOf(await engine.api.migration.cutoverStep({}), 'go-no-go');
    expect(passed.status).toBe('done');
    expect(passed.fixes).toBeUndefined();
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

  it('a parallel run gets its sync in one action, spelled out in the strategy; other approaches are refused with where to change it', async () => {
    await expect(engine.api.migration.parallelSync()).rejects.toMatchObject({ code: 'MIGRATION_PLAN_INVALID', where: { field: 'approach' }, hint: expect.stringContaining('--approach parallel-run') });
    const chosen = await engine.api.migration.setRecord({ approach: 'parallel-run' });
    expect(chosen.record?.parallelSync).toBeNull();
    expect(chosen.record?.implications.join(' ')).toMatch(/No sync is defined yet: create "parallel-run" with one action/);
    const withSync = await engine.api.migration.parallelSync();
    const mapped = [...new Set((await engine.api.mappings.list()).map((m) => m.entity))].sort();
    expect(withSync.record?.parallelSync).toMatchObject({ name: 'parallel-run', cron: '0 2 * * *', timezone: 'UTC' });
    expect([...withSync.record!.parallelSync!.entities].sort()).toEqual(mapped);
    expect(withSync.record?.implications.join(' ')).toMatch(/The sync "parallel-run" keeps .*students.* on the schedule "0 2 \* \* \*" \(UTC\), one way.*cutover's last step stops it/);
    expect(await engine.api.syncs.get({ name: 'parallel-run' })).toMatchObject({ type: 'Delta', direction: 'one-way' });
    // Asked again, it keeps the definition (and whatever the school changed on the Syncs screen).
    await engine.api.migration.parallelSync();
    expect((await engine.api.syncs.list({})).filter((d) => d.name === 'parallel-run')).toHaveLength(1);
  });

  it('after a new freeze: the final load, its reconciliation and the parallel run stopped; rolling back undoes the load and puts the schedule back', async () => {
    await engine.api.migration.cutoverRollback();
    for (let i = 0; i < 3; i++) await engine.api.migration.cutoverStep({});
    const loaded = await engine.api.migration.cutoverStep({});
    const load = stepOf(loaded, 'final-load');
    expect(load).toMatchObject({ status: 'done', runId: expect.any(String) });
    expect(stepOf(await engine.api.migration.cutoverStep({}), 'reconcile')).toMatchObject({ status: 'done', outcome: expect.stringContaining('reconciles') });
    const done = await engine.api.migration.cutoverStep({});
    expect(stepOf(done, 'syncs').outcome).toMatch(/^Stopped "parallel-run" \(its schedule "0 2 \* \* \*" UTC cleared\)/);
    expect(done.stoppedSyncs).toEqual([{ name: 'parallel-run', cron: '0 2 * * *', timezone: 'UTC' }]);
    expect(done.next).toBeNull();
    expect((await engine.api.syncs.get({ name: 'parallel-run' })).schedule.cron).toBeNull();
    expect((await engine.api.migration.status()).record?.implications.join(' ')).toMatch(/only when run by hand/);
    expect(done.rollbackPath).toMatch(/^Roll back the final load .* put the stopped syncs' schedules back/);

    const undone = await engine.api.migration.cutoverRollback();
    expect(undone.next).toBe('go-no-go');
    expect(stepOf(undone, 'final-load').outcome).toMatch(/^Rolled back by run /);
    expect(stepOf(undone, 'syncs')).toMatchObject({ status: 'rolled-back', outcome: 'Schedules put back: "parallel-run" runs again on "0 2 * * *" (UTC).' });
    expect(undone.stoppedSyncs).toBeUndefined();
    expect((await engine.api.syncs.get({ name: 'parallel-run' })).schedule.cron).toBe('0 2 * * *');
    const [rollback] = await engine.api.runs.list({ limit: 1 });
    expect(rollback).toMatchObject({ operation: 'Rollback', status: 'Completed' });
  }, 180_000);
});

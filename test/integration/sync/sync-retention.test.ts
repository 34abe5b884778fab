import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import type { SyncOutcome } from '../../../src/shared/model/sync';
import { tempDir } from '../../support/temp-dir';
import { legacy, migratedProject, targetStudent } from './sync-support';

const DAY = 24 * 60 * 60 * 1000;
const loose = { default: { deletes: 0.5, updates: 0.5 } };
const studentsOf = (o: SyncOutcome) => o.changes.find((c) => c.entity === 'students')!;

/**
 * The retention purge and a delta sync (docs/sync.md, docs/conventions.md "Privacy"): the staged
 * rows of the migration that are the delta's baseline outlive the policy, so a delta after a
 * purge still finds nothing to resend and still sees a row disappear; the old sync run's change
 * set and the rows no sync covers are purged.
 */
describe('retention purge before a delta sync', () => {
  const dir = tempDir();
  const start = Date.parse('2026-03-02T08:00:00Z');
  let clock = new Date(start);
  let engine: Engine;
  let project: string;
  let legacyFile: string;

  beforeAll(async () => {
    ({ engine, project, legacyFile } = await migratedProject(dir.path, { now: () => clock }));
  }, 60_000);
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  it('keeps the baseline, purges the rest, and the next delta still detects a delete', async () => {
    await engine.api.syncs.define({ name: 'nightly', type: 'Delta', entities: [{ entity: 'students', deletes: { policy: 'delete' } }], gate: loose });
    clock = new Date(start + DAY);
    legacy(legacyFile, "UPDATE PUPILS SET LAST = 'Changed' WHERE PUPIL_NO = 2");
    const changed = await engine.api.syncs.run({ name: 'nightly' });
    expect(changed.status, JSON.stringify(changed.error)).toBe('Completed');
    expect(studentsOf(changed)).toMatchObject({ inserts: 0, updates: 1, deletes: 0 });
    expect((await engine.api.syncs.changeSet({ runId: changed.runId })).total).toBe(1);

    // Day 60 with 30 days of retention: the migration and the first sync are both expired.
    clock = new Date(start + 60 * DAY);
    await engine.api.settings.update({ retentionDays: 30 });
    const purged = await engine.api.projects.purge();
    // All ten students are acknowledged keys of a synced entity: kept. The school (no sync covers it) goes.
    expect(purged.baselineKept).toBe(10);
    expect(purged.stagedRows).toBe(1);
    expect(purged.syncChanges).toBe(1);
    expect((await engine.api.syncs.changeSet({ runId: changed.runId })).total).toBe(0);

    legacy(legacyFile, 'DELETE FROM PUPILS WHERE PUPIL_NO = 4');
    const after = await engine.api.syncs.run({ name: 'nightly' });
    expect(after.status, JSON.stringify(after.error)).toBe('Completed');
    // Nothing resent as an insert, and the missing row is seen.
    expect(studentsOf(after)).toEqual({ entity: 'students', inserts: 0, updates: 0, deletes: 1, conflicts: 0 });
    expect(after.counters).toMatchObject({ read: 9, created: 0, unchanged: 9 });
    const [gone] = (await engine.api.syncs.changeSet({ runId: after.runId })).changes;
    expect(gone).toMatchObject({ kind: 'delete' });
    expect(targetStudent(project, gone.externalId)?.deleted).toBe(true);
  });
});

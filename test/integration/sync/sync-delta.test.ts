import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import type { SyncOutcome } from '../../../src/shared/model/sync';
import { tempDir } from '../../support/temp-dir';
import { legacy, migratedProject, targetStudent } from './sync-support';

const loose = { default: { deletes: 0.5, updates: 0.5 } };
const studentsOf = (o: SyncOutcome) => o.changes.find((c) => c.entity === 'students')!;

/**
 * Delta syncs from a SQLite school into the embedded sandbox, after a migration: inserts, updates
 * and deletes are found by the hashes of the mapped fields, with no cursor; the first delta starts
 * from the migration's staged hashes; the delete policy decides between a withdrawal (an update
 * of the record's status, which the target sees as an update) and a delete; and the change gate
 * holds a mass change, says what it would do, and releases it per category.
 */
describe('delta sync', () => {
  const dir = tempDir();
  let engine: Engine;
  let project: string;
  let legacyFile: string;

  beforeAll(async () => {
    ({ engine, project, legacyFile } = await migratedProject(dir.path));
  }, 60_000);
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  it('starts from the migration’s staged hashes: nothing changed, nothing sent', async () => {
    await engine.api.syncs.define({ name: 'withdrawing', type: 'Delta', entities: [{ entity: 'students', deletes: { policy: 'withdraw' } }], gate: loose });
    const first = await engine.api.syncs.run({ name: 'withdrawing' });
    expect(first.status, JSON.stringify(first.error)).toBe('Completed');
    expect(studentsOf(first)).toEqual({ entity: 'students', inserts: 0, updates: 0, deletes: 0, conflicts: 0 });
    expect(first.counters).toMatchObject({ read: 10, unchanged: 10, created: 0, updated: 0 });
    expect(first.held).toBeNull();
  });

  it('finds inserts, updates and deletes without a cursor; withdraw sets the status from the model and counts as a delete', async () => {
    legacy(legacyFile, "UPDATE PUPILS SET LAST = 'Changed' WHERE PUPIL_NO IN (2, 3)");
    legacy(legacyFile, "INSERT INTO PUPILS VALUES (11, 'New', 'Pupil', '2012-02-01', '2026-03-02 09:00:00')");
    legacy(legacyFile, 'DELETE FROM PUPILS WHERE PUPIL_NO = 4');
    const run = await engine.api.syncs.run({ name: 'withdrawing' });
    expect(run.status, JSON.stringify(run.error)).toBe('Completed');
    expect(studentsOf(run)).toEqual({ entity: 'students', inserts: 1, updates: 2, deletes: 1, conflicts: 0 });
    // The withdrawal is an update for the target: 2 updates + 1 withdrawal, 1 created, the rest unchanged and not sent.
    expect(run.counters).toMatchObject({ read: 10, created: 1, updated: 3, unchanged: 7 });
    const page = await engine.api.syncs.changeSet({ runId: run.runId });
    expect(page.total).toBe(4);
    const withdrawn = page.changes.find((c) => c.kind === 'withdraw')!;
    expect(withdrawn.record).toMatchObject({ enrollmentStatus: 'withdrawn', lastName: 'Last4' });
    expect(targetStudent(project, withdrawn.externalId)).toMatchObject({ deleted: false, fields: { enrollmentStatus: 'withdrawn' } });
    const changed = page.changes.filter((c) => c.kind === 'update').map((c) => c.externalId);
    for (const id of changed) expect(targetStudent(project, id)?.fields.lastName).toBe('Changed');
  });

  it('counts a row that disappeared once: the next delta finds nothing to do', async () => {
    const again = await engine.api.syncs.run({ name: 'withdrawing' });
    expect(studentsOf(again)).toEqual({ entity: 'students', inserts: 0, updates: 0, deletes: 0, conflicts: 0 });
    expect(again.counters).toMatchObject({ created: 0, updated: 0, unchanged: 10 });
  });

  it('deletes in the target under the delete policy', async () => {
    await engine.api.syncs.define({ name: 'deleting', type: 'Delta', entities: [{ entity: 'students', deletes: { policy: 'delete' } }], gate: loose });
    legacy(legacyFile, 'DELETE FROM PUPILS WHERE PUPIL_NO = 5');
    const run = await engine.api.syncs.run({ name: 'deleting' });
    expect(run.status, JSON.stringify(run.error)).toBe('Completed');
    expect(studentsOf(run)).toMatchObject({ inserts: 0, updates: 0, deletes: 1 });
    const [gone] = (await engine.api.syncs.changeSet({ runId: run.runId })).changes;
    expect(gone).toMatchObject({ kind: 'delete', record: null });
    expect(targetStudent(project, gone.externalId)?.deleted).toBe(true);
    // A row that comes back is sent again, whatever its hash.
    legacy(legacyFile, "INSERT INTO PUPILS VALUES (5, 'First5', 'Last5', '2012-01-05', '2026-03-01 10:00:05')");
    const back = await engine.api.syncs.run({ name: 'deleting' });
    expect(studentsOf(back)).toMatchObject({ inserts: 1, updates: 0, deletes: 0 });
    expect(targetStudent(project, gone.externalId)?.deleted).toBe(false);
  });

  it('holds a mass change, says what it would do in plain words, and releases it per category', async () => {
    await engine.api.syncs.define({ name: 'guarded', type: 'Delta', entities: [{ entity: 'students', deletes: { policy: 'withdraw' } }] });
    legacy(legacyFile, 'DELETE FROM PUPILS WHERE PUPIL_NO IN (6, 7)');
    legacy(legacyFile, "UPDATE PUPILS SET FIRST = 'Renamed' WHERE PUPIL_NO IN (1, 2, 3)");
    const held = await engine.api.syncs.run({ name: 'guarded' });
    expect(held.status).toBe('Paused');
    expect(studentsOf(held)).toMatchObject({ updates: 3, deletes: 2 });
    expect(held.held!.categories.map((c) => c.category).sort()).toEqual(['students.deletes', 'students.updates']);
    expect(held.held!.summary).toContain('2 students would be withdrawn');
    expect(held.held!.summary).toContain('3 students would be changed');
    // Nothing reached the target while held.
    expect(targetStudent(project, '6')?.fields.enrollmentStatus).toBe('active');
    expect((await engine.api.syncs.get({ name: 'guarded' })).lastStatus).toBe('Paused');

    await expect(engine.api.syncs.approve({ runId: held.runId, category: 'students.inserts' })).rejects.toMatchObject({ code: 'SYNC_NOT_HELD' });
    const half = await engine.api.syncs.approve({ runId: held.runId, category: 'students.deletes' });
    expect(half.status).toBe('Paused');
    expect(half.held!.categories.find((c) => c.category === 'students.deletes')!.approved).toBe(true);
    expect(targetStudent(project, '6')?.fields.enrollmentStatus).toBe('active');

    const done = await engine.api.syncs.approve({ runId: held.runId, category: 'students.updates' });
    expect(done.status, JSON.stringify(done.error)).toBe('Completed');
    expect(targetStudent(project, '6')?.fields.enrollmentStatus).toBe('withdrawn');
    expect(targetStudent(project, '1')?.fields.firstName).toBe('Renamed');
    const [history] = await engine.api.syncs.runs({ name: 'guarded' });
    expect(history.decisions.map((d) => d.category)).toEqual(['students.deletes', 'students.updates']);
    await expect(engine.api.syncs.approve({ runId: held.runId })).rejects.toMatchObject({ code: 'SYNC_NOT_HELD' });
  });

  it('refuses two-way settings that cannot be carried out, saying where (two-way runs: sync-two-way.test.ts)', async () => {
    await expect(engine.api.syncs.define({ name: 'both-ways', type: 'Delta', direction: 'two-way', entities: [{ entity: 'students', twoWay: { writeBack: ['gender'] } }] })).rejects.toMatchObject({ code: 'SYNC_INVALID', where: { table: 'PUPILS' } });
    await expect(engine.api.syncs.define({ name: 'both-ways', type: 'Delta', direction: 'two-way', entities: [{ entity: 'students', twoWay: { owners: { nickname: 'target' } } }] })).rejects.toMatchObject({ code: 'SYNC_INVALID' });
    await expect(engine.api.syncs.define({ name: 'both-ways', type: 'Delta', direction: 'two-way', entities: [{ entity: 'students', twoWay: { policy: 'newest-wins' } }] })).rejects.toMatchObject({ code: 'SYNC_INVALID' });
  });

  it('refuses a definition that cannot run, saying where', async () => {
    await expect(engine.api.syncs.define({ name: 'no-cursor', type: 'Incremental', entities: [{ entity: 'students' }] })).rejects.toMatchObject({ code: 'SYNC_INVALID' });
    await expect(engine.api.syncs.define({ name: 'bad-column', type: 'Incremental', entities: [{ entity: 'students', cursor: { column: 'NOPE', kind: 'timestamp', lookBack: 0 } }] })).rejects.toMatchObject({ code: 'SYNC_INVALID', where: { table: 'PUPILS', column: 'NOPE' } });
    await expect(engine.api.syncs.define({ name: 'unmapped', type: 'Delta', entities: [{ entity: 'grades' }] })).rejects.toMatchObject({ code: 'SYNC_INVALID' });
    await expect(engine.api.syncs.define({ name: 'bad-cron', type: 'Delta', entities: [{ entity: 'students' }], schedule: { cron: 'every night' } })).rejects.toMatchObject({ code: 'SYNC_INVALID' });
    await expect(engine.api.syncs.define({ name: 'bad-withdraw', type: 'Delta', entities: [{ entity: 'students', deletes: { policy: 'withdraw', dateField: 'firstName' } }] })).rejects.toMatchObject({ code: 'SYNC_INVALID' });
  });
});

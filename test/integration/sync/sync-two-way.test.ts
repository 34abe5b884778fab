import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import type { SyncOutcome } from '../../../src/shared/model/sync';
import { tempDir } from '../../support/temp-dir';
import { legacy, migratedProject, targetStudent } from './sync-support';

const loose = { default: { deletes: 0.5, updates: 0.9 } };
const studentsOf = (o: SyncOutcome) => o.changes.find((c) => c.entity === 'students')!;

/** A person editing a student in Academia Pro (the embedded sandbox's own file), stamped now. */
function editInTarget(project: string, externalId: string, fields: Record<string, unknown>): void {
  const db = new Database(`${project.replace(/\.apstudio$/, '')}.sandbox.sqlite`);
  try {
    const row = db.prepare("SELECT fields FROM records WHERE entity = 'students' AND external_id = ?").get(externalId) as { fields: string };
    db.prepare("UPDATE records SET fields = ?, version = version + 1, updated_at = ? WHERE entity = 'students' AND external_id = ?").run(JSON.stringify({ ...(JSON.parse(row.fields) as object), ...fields }), Date.now(), externalId);
  } finally {
    db.close();
  }
}

function pupil(file: string, no: number): Record<string, unknown> {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT * FROM PUPILS WHERE PUPIL_NO = ?').get(no) as Record<string, unknown>;
  } finally {
    db.close();
  }
}

/**
 * Two-way sync between a SQLite school and the embedded sandbox: Academia Pro's changes are pulled
 * (`updatedSince`), settled field by field by ownership, a field both sides changed is parked in
 * the conflict queue until a person decides, a policy settles it without one, and what Academia
 * Pro owns is written back into the legacy database.
 */
describe('two-way sync', () => {
  const dir = tempDir();
  let engine: Engine;
  let project: string;
  let legacyFile: string;

  beforeAll(async () => {
    ({ engine, project, legacyFile } = await migratedProject(dir.path));
    await engine.api.syncs.define({
      name: 'both',
      type: 'Delta',
      direction: 'two-way',
      entities: [{ entity: 'students', twoWay: { owners: { birthDate: 'target', lastName: 'both' }, policy: 'manual', writeBack: ['lastName', 'birthDate'] } }],
      gate: loose,
    });
  }, 60_000);
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  it('starts from the migration: Academia Pro read back, nothing differs, nothing to do', async () => {
    const first = await engine.api.syncs.run({ name: 'both' });
    expect(first.status, JSON.stringify(first.error)).toBe('Completed');
    expect(studentsOf(first)).toEqual({ entity: 'students', inserts: 0, updates: 0, deletes: 0, conflicts: 0 });
    expect(await engine.api.syncs.writeBacks({ runId: first.runId })).toEqual([]);
  });

  it('parks a field both sides changed, sends the source’s own changes and writes back what Academia Pro owns', async () => {
    editInTarget(project, '2', { lastName: 'TargetLast' });
    editInTarget(project, '3', { birthDate: '2012-05-05' });
    legacy(legacyFile, "UPDATE PUPILS SET LAST = 'SourceLast' WHERE PUPIL_NO = 2");
    legacy(legacyFile, "UPDATE PUPILS SET FIRST = 'NewFirst' WHERE PUPIL_NO = 4");
    legacy(legacyFile, "UPDATE PUPILS SET DOB = '2013-01-01' WHERE PUPIL_NO = 5"); // Academia Pro owns birthDate: not sent, put back
    const run = await engine.api.syncs.run({ name: 'both' });
    expect(run.status, JSON.stringify(run.error)).toBe('Completed');
    expect(studentsOf(run).conflicts).toBe(1);
    expect(targetStudent(project, '4')?.fields.firstName).toBe('NewFirst');
    expect(targetStudent(project, '2')?.fields.lastName).toBe('TargetLast');
    expect(targetStudent(project, '5')?.fields.birthDate).toBe('2012-01-05');
    expect(pupil(legacyFile, 3).DOB).toBe('2012-05-05');
    expect(pupil(legacyFile, 5).DOB).toBe('2012-01-05');
    expect(pupil(legacyFile, 2).LAST).toBe('SourceLast');
    const written = await engine.api.syncs.writeBacks({ runId: run.runId });
    expect(written.map((w) => [w.externalId, w.column, w.before, w.value, w.status])).toEqual([
      ['3', 'DOB', '2012-01-03', '2012-05-05', 'written'],
      ['5', 'DOB', '2013-01-01', '2012-01-05', 'written'],
    ]);
    const [conflict] = await engine.api.syncs.conflicts({ name: 'both' });
    expect(conflict).toMatchObject({ entity: 'students', externalId: '2', field: 'lastName', base: 'Last2', source: 'SourceLast', target: 'TargetLast', status: 'open', decision: null });
  });

  it('keeps the conflict parked while open: another run touches neither side', async () => {
    const again = await engine.api.syncs.run({ name: 'both' });
    expect(again.status, JSON.stringify(again.error)).toBe('Completed');
    expect(studentsOf(again)).toMatchObject({ conflicts: 0 });
    expect(targetStudent(project, '2')?.fields.lastName).toBe('TargetLast');
    expect(pupil(legacyFile, 2).LAST).toBe('SourceLast');
    expect(await engine.api.syncs.conflicts({ name: 'both' })).toHaveLength(1);
  });

  it('a person’s decision reaches both sides with the next run, audited', async () => {
    const [conflict] = await engine.api.syncs.conflicts({ name: 'both' });
    const decided = await engine.api.syncs.resolve({ conflictId: conflict.id, keep: 'target' });
    expect(decided).toMatchObject({ status: 'decided', decision: { keep: 'target', value: 'TargetLast' } });
    const run = await engine.api.syncs.run({ name: 'both' });
    expect(run.status, JSON.stringify(run.error)).toBe('Completed');
    expect(pupil(legacyFile, 2).LAST).toBe('TargetLast');
    expect(targetStudent(project, '2')?.fields.lastName).toBe('TargetLast');
    expect(await engine.api.syncs.conflicts({ name: 'both' })).toEqual([]);
    const [applied] = await engine.api.syncs.conflicts({ name: 'both', status: 'applied' });
    expect(applied).toMatchObject({ id: conflict.id, appliedRunId: run.runId });
    await expect(engine.api.syncs.resolve({ conflictId: conflict.id, keep: 'source' })).rejects.toMatchObject({ code: 'SYNC_CONFLICT_CLOSED' });
    const audit = await engine.api.audit.list({ limit: 50 });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['sync.conflict.resolve', 'sync.write-back']));
    // Settled: the next run finds nothing to do on either side.
    const quiet = await engine.api.syncs.run({ name: 'both' });
    expect(studentsOf(quiet)).toEqual({ entity: 'students', inserts: 0, updates: 0, deletes: 0, conflicts: 0 });
    expect(await engine.api.syncs.writeBacks({ runId: quiet.runId })).toEqual([]);
  });

  it('a policy settles a conflict without a person: source wins', async () => {
    await engine.api.syncs.update({ name: 'both', type: 'Delta', direction: 'two-way', entities: [{ entity: 'students', twoWay: { owners: { birthDate: 'target', lastName: 'both' }, policy: 'source-wins', writeBack: ['lastName', 'birthDate'] } }], gate: loose });
    editInTarget(project, '6', { lastName: 'T6' });
    legacy(legacyFile, "UPDATE PUPILS SET LAST = 'S6' WHERE PUPIL_NO = 6");
    const run = await engine.api.syncs.run({ name: 'both' });
    expect(run.status, JSON.stringify(run.error)).toBe('Completed');
    expect(studentsOf(run).conflicts).toBe(1);
    expect(targetStudent(project, '6')?.fields.lastName).toBe('S6');
    expect(pupil(legacyFile, 6).LAST).toBe('S6');
    const [settled] = (await engine.api.syncs.conflicts({ name: 'both', status: 'applied' })).filter((c) => c.externalId === '6');
    expect(settled).toMatchObject({ field: 'lastName', source: 'S6', target: 'T6', decision: { keep: 'source', value: 'S6', by: 'policy source-wins' } });
  });
});

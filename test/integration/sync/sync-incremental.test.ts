import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import type { SyncOutcome } from '../../../src/shared/model/sync';
import { tempDir } from '../../support/temp-dir';
import { legacy, migratedProject, targetStudent } from './sync-support';

const studentsOf = (o: SyncOutcome) => o.changes.find((c) => c.entity === 'students')!;

/**
 * Incremental syncs by a timestamp cursor (`UPDATED`, wall-clock text in Europe/London) from
 * SQLite, which filters by the cursor in its own query: rows sharing the high-water mark's value
 * are neither lost nor sent twice (>= plus the hash per key), a late row inside the look-back
 * window is caught, and NULL or backwards cursors are reported, never applied silently.
 */
describe('incremental sync', () => {
  const dir = tempDir();
  let engine: Engine;
  let project: string;
  let legacyFile: string;

  beforeAll(async () => {
    ({ engine, project, legacyFile } = await migratedProject(dir.path));
    // One pupil an hour (the cursor is not a mapped field: the hashes stay the migration's).
    legacy(legacyFile, "UPDATE PUPILS SET UPDATED = printf('2026-03-01 %02d:00:00', PUPIL_NO)");
    await engine.api.syncs.define({
      name: 'hourly',
      type: 'Incremental',
      entities: [{ entity: 'students', cursor: { column: 'UPDATED', kind: 'timestamp', lookBack: 120 } }],
      sourceTimeZone: 'Europe/London',
      gate: { default: { updates: 0.9, deletes: 0.9 } },
    });
  }, 60_000);
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  it('reads everything the first time and finds it unchanged since the migration', async () => {
    const first = await engine.api.syncs.run({ name: 'hourly' });
    expect(first.status, JSON.stringify(first.error)).toBe('Completed');
    expect(studentsOf(first)).toMatchObject({ inserts: 0, updates: 0, deletes: 0 });
    expect(first.counters).toMatchObject({ read: 10, unchanged: 10 });
    expect(first.warnings).toEqual([]);
  });

  it('keeps a row stamped with the mark’s own value, and sends the one already synced at that value only once', async () => {
    legacy(legacyFile, "INSERT INTO PUPILS VALUES (11, 'Same', 'Second', '2012-02-01', '2026-03-01 10:00:00')");
    const run = await engine.api.syncs.run({ name: 'hourly' });
    expect(run.status, JSON.stringify(run.error)).toBe('Completed');
    expect(studentsOf(run)).toMatchObject({ inserts: 1, updates: 0 });
    expect(run.counters).toMatchObject({ created: 1, updated: 0, unchanged: 1 });
    // The source filtered in its query (UPDATED > the last value below the window, 09:00): only the mark's two rows came.
    expect(run.counters.read).toBe(2);
    expect(targetStudent(project, '11')?.fields.lastName).toBe('Second');
  });

  it('catches a late row inside the look-back window beside a newer change', async () => {
    legacy(legacyFile, "INSERT INTO PUPILS VALUES (12, 'Late', 'Arrival', '2012-02-02', '2026-03-01 09:59:00')");
    legacy(legacyFile, "UPDATE PUPILS SET LAST = 'Moved', UPDATED = '2026-03-01 10:05:00' WHERE PUPIL_NO = 10");
    const run = await engine.api.syncs.run({ name: 'hourly' });
    expect(studentsOf(run)).toMatchObject({ inserts: 1, updates: 1, deletes: 0 });
    expect(targetStudent(project, '12')?.fields.lastName).toBe('Arrival');
    expect(targetStudent(project, '10')?.fields.lastName).toBe('Moved');
    const again = await engine.api.syncs.run({ name: 'hourly' });
    expect(studentsOf(again)).toMatchObject({ inserts: 0, updates: 0 });
  });

  it('reports rows whose cursor is NULL, with table, column and count, and leaves them out', async () => {
    legacy(legacyFile, "UPDATE PUPILS SET UPDATED = NULL, LAST = 'Unstamped' WHERE PUPIL_NO = 3");
    const run = await engine.api.syncs.run({ name: 'hourly' });
    expect(run.warnings).toEqual([expect.objectContaining({ code: 'CURSOR_NULL', entity: 'students', table: 'PUPILS', column: 'UPDATED', count: 1 })]);
    expect(studentsOf(run)).toMatchObject({ updates: 0 });
    expect(targetStudent(project, '3')?.fields.lastName).toBe('Last3');
  });

  it('reports a cursor that went backwards and keeps the mark where it was', async () => {
    legacy(legacyFile, "UPDATE PUPILS SET UPDATED = '2001-01-01 00:00:00'");
    const back = await engine.api.syncs.run({ name: 'hourly' });
    expect(back.warnings.map((w) => w.code)).toContain('CURSOR_BACKWARDS');
    expect(back.warnings.find((w) => w.code === 'CURSOR_BACKWARDS')).toMatchObject({ table: 'PUPILS', column: 'UPDATED' });
    expect(studentsOf(back)).toMatchObject({ inserts: 0, updates: 0 });
    // A change stamped after the old mark is still found: the mark did not move back to 2001.
    legacy(legacyFile, "UPDATE PUPILS SET LAST = 'After', UPDATED = '2026-03-01 10:06:00' WHERE PUPIL_NO = 1");
    const next = await engine.api.syncs.run({ name: 'hourly' });
    expect(studentsOf(next)).toMatchObject({ updates: 1 });
    expect(next.counters.read).toBe(1);
  });
});

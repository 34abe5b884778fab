import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProjectFile } from '../../../src/main/engine/project/project-file';
import { LATEST_SCHEMA_VERSION } from '../../../src/main/engine/project/migrations';
import { QuarantineRepo } from '../../../src/main/engine/project/quarantine-repo';
import { RejectsRepo } from '../../../src/main/engine/project/rejects-repo';
import { quarantineMigration } from '../../../src/main/engine/project/quarantine-migration';
import { olderProjectFile } from '../../support/older-project-file';
import { tempDir } from '../../support/temp-dir';

/** The schema version the quarantine's migration follows. */
const BEFORE = quarantineMigration.version - 1;

/** A project file as the studio before migration 18 left it: a run with two rejects. */
function writeOldProject(file: string): void {
  const db = olderProjectFile(file, BEFORE);
  db.prepare("INSERT INTO meta (key, value) VALUES ('name', 'Old school')").run();
  db.prepare("INSERT INTO runs (id, operation, status, dry_run, started_at, counters_json) VALUES ('run-1', 'Migration', 'Completed', 0, '2026-01-01T00:00:00Z', '{}')").run();
  const reject = db.prepare("INSERT INTO rejects (run_id, entity, stage, external_id, source_row, errors_json, row_json) VALUES ('run-1', 'students', ?, ?, ?, ?, '{}')");
  reject.run('validate', '7', 7, JSON.stringify([{ field: 'birthDate', code: 'required', message: 'missing' }, { field: 'email', code: 'format', message: 'bad' }]));
  reject.run('transform', '9', 9, JSON.stringify([{ field: 'birthDate', message: 'not a date' }]));
  db.close();
}

describe('project file migration 18 (quarantine: corrections, re-runs, indexed reasons)', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it('upgrades an older file: its rejects keep their reasons, now indexed, and new rejects are indexed as written', () => {
    const file = join(dir.path, 'old.apstudio');
    writeOldProject(file);
    const opened = openProjectFile(file, 'test');
    try {
      expect(opened.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      const rejects = new RejectsRepo(opened.db);
      // A reason without a code counts as REJECTED; ties in code order (binary: upper case first).
      expect(rejects.countByCode('run-1', undefined)).toEqual([
        { code: 'REJECTED', count: 1 },
        { code: 'format', count: 1 },
        { code: 'required', count: 1 },
      ]);
      expect(rejects.count('run-1', { code: 'required', field: 'birthDate' })).toBe(1);
      expect(rejects.count('run-1', { code: 'required', field: 'email' })).toBe(0);
      expect(rejects.count('run-1', { field: 'birthDate' })).toBe(2);
      opened.db.prepare("INSERT INTO rejects (run_id, entity, stage, external_id, source_row, errors_json, row_json) VALUES ('run-1', 'guardians', 'validate', '3', 3, ?, '{}')").run(JSON.stringify([{ field: 'email', code: 'format', message: 'bad' }]));
      expect(rejects.count('run-1', { code: 'format' })).toBe(2);
      // Keyset paging returns what offset paging does.
      const [first] = rejects.page('run-1', {}, 1, 0);
      expect(rejects.page('run-1', {}, 2, 0, first.id).map((r) => r.id)).toEqual(rejects.page('run-1', {}, 2, 1).map((r) => r.id));

      const q = new QuarantineRepo(opened.db);
      q.setCorrection({ rejectId: first.id, field: 'birthDate', value: '2012-01-02', by: 'a@b', at: '2026-01-02T00:00:00Z' });
      q.setCorrection({ rejectId: first.id, field: 'birthDate', value: '2012-01-03', by: 'c@d', at: '2026-01-03T00:00:00Z' });
      expect(q.corrections([first.id]).get(first.id)).toEqual([{ rejectId: first.id, field: 'birthDate', value: '2012-01-03', by: 'c@d', at: '2026-01-03T00:00:00Z' }]);
      expect(q.pendingByEntity('run-1')).toEqual([
        { entity: 'guardians', pending: 1, corrected: 0 },
        { entity: 'students', pending: 2, corrected: 1 },
      ]);
      expect([...q.pending('run-1', 'students')].map((p) => [p.id, p.corrections])).toEqual([
        [first.id, [{ field: 'birthDate', value: '2012-01-03' }]],
        [first.id + 1, []],
      ]);
      // A run's purge takes its rejects' corrections and index rows with it.
      opened.db.prepare("DELETE FROM rejects WHERE run_id = 'run-1'").run();
      expect(opened.db.prepare('SELECT count(*) FROM reject_corrections').pluck().get()).toBe(0);
      expect(opened.db.prepare('SELECT count(*) FROM reject_reasons').pluck().get()).toBe(0);
    } finally {
      opened.close();
    }
  });
});

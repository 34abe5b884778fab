import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProjectFile } from '../../../src/main/engine/project/project-file';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src/main/engine/project/migrations';
import { Project } from '../../../src/main/engine/project/project';
import { SyncRepo } from '../../../src/main/engine/project/sync-repo';
import { TwoWayRepo } from '../../../src/main/engine/project/two-way-repo';
import { olderProjectFile } from '../../support/older-project-file';
import { tempDir } from '../../support/temp-dir';
import { twoWayMigration } from '../../../src/main/engine/project/two-way-migration';

/** A project file as the studio left it just before migration 16 (two-way sync), holding a one-way sync. */
function writeBefore(file: string): void {
  const before = MIGRATIONS.filter((m) => m.version < twoWayMigration.version);
  const db = olderProjectFile(file, before[before.length - 1].version);
  db.prepare("INSERT INTO meta (key, value) VALUES ('name', 'Old school')").run();
  db.prepare("INSERT INTO sync_definitions (name, definition_json, created_at, updated_at) VALUES ('nightly', ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')").run(
    JSON.stringify({ name: 'nightly', type: 'Delta', direction: 'one-way', entities: [{ entity: 'students', mode: 'Delta', deletes: { policy: 'delete' } }], sourceTimeZone: 'UTC', schedule: { cron: null, timezone: 'UTC', blackouts: [], missedPolicy: 'skip' }, gate: { default: {} } }),
  );
  db.close();
}

describe('project file migration 16 (two-way sync)', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it('upgrades the version before it in place, keeping its syncs, and adds the conflict queue, pull marks and write-backs', () => {
    const file = join(dir.path, 'old.apstudio');
    writeBefore(file);
    const opened = openProjectFile(file, 'test');
    try {
      expect(opened.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      const project = new Project(opened);
      expect(new SyncRepo(project).getDefinition('nightly')).toMatchObject({ direction: 'one-way', entities: [{ entity: 'students' }] });
      const repo = new TwoWayRepo(project);
      const id = repo.addConflict({ job: 'nightly', runId: 'r1', entity: 'students', externalId: '2', field: 'lastName', base: 'Lee', source: 'A', target: 'B', targetChangedAt: null, policy: 'manual', winner: null, now: new Date('2026-03-01T00:00:00Z') });
      expect(repo.listConflicts({ status: 'pending', limit: 10 })).toMatchObject([{ id, status: 'open', source: 'A', target: 'B', base: 'Lee' }]);
      repo.setPullMark('nightly', 'students', '2026-03-01T00:00:00.000Z');
      expect(repo.pullMark('nightly', 'students')).toBe('2026-03-01T00:00:00.000Z');
    } finally {
      opened.close();
    }
  });
});

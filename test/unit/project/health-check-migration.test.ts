import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { healthCheckMigration } from '../../../src/main/engine/project/health-check-migration';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src/main/engine/project/migrations';
import { openProjectFile } from '../../../src/main/engine/project/project-file';
import { Project } from '../../../src/main/engine/project/project';
import { TargetChecksRepo } from '../../../src/main/engine/project/target-checks-repo';
import { olderProjectFile } from '../../support/older-project-file';
import { tempDir } from '../../support/temp-dir';

const BEFORE = MIGRATIONS.filter((m) => m.version < healthCheckMigration.version).at(-1)!.version;

/** A project file as the studio before migration 16 left it: three checks, the newest of them deleted. */
function writeOlderProject(file: string): void {
  const db = olderProjectFile(file, BEFORE);
  db.prepare("INSERT INTO meta (key, value) VALUES ('name', 'Old school')").run();
  const insert = db.prepare("INSERT INTO target_checks (at, ok, trigger, run_id, base_url, api_version, error_json) VALUES (?, ?, ?, NULL, 'https://api.example.org', 'v1', ?)");
  insert.run('2026-01-01T00:00:00.000Z', 1, 'user', null);
  insert.run('2026-01-01T01:00:00.000Z', 0, 'run', JSON.stringify({ code: 'TARGET_UNREACHABLE', message: 'm', hint: 'h' }));
  insert.run('2026-01-01T02:00:00.000Z', 1, 'user', null);
  db.prepare('DELETE FROM target_checks WHERE id = 3').run();
  // The scheduled trigger did not exist yet.
  expect(() => insert.run('2026-01-01T03:00:00.000Z', 1, 'schedule', null)).toThrow(/CHECK constraint/);
  db.close();
}

describe('project file migration 14 (scheduled health checks)', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it('upgrades the file before it in place: the checks keep their ids, a deleted id is never reused, and "schedule" is a trigger', () => {
    const file = join(dir.path, 'old.apstudio');
    writeOlderProject(file);
    const opened = openProjectFile(file, 'test');
    try {
      expect(opened.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      const repo = new TargetChecksRepo(new Project(opened));
      expect(repo.history().map((c) => [c.id, c.trigger, c.ok, c.error?.code ?? null])).toEqual([
        [2, 'run', false, 'TARGET_UNREACHABLE'],
        [1, 'user', true, null],
      ]);
      const scheduled = repo.record({ at: '2026-01-01T03:00:00.000Z', ok: true, trigger: 'schedule', health: { status: 'ok', latencyMs: 4 }, info: null, auth: null, deprecation: null, error: null }, { runId: null, baseUrl: 'https://api.example.org', apiVersion: 'v1' });
      expect(scheduled.id).toBe(4);
      expect(repo.history(1)).toEqual([scheduled]);
      expect(() => opened.db.prepare("INSERT INTO target_checks (at, ok, trigger, api_version) VALUES ('x', 1, 'cron', 'v1')").run()).toThrow(/CHECK constraint/);
    } finally {
      opened.close();
    }
    const again = openProjectFile(file, 'test');
    expect(again.db.prepare('SELECT count(*) FROM target_checks').pluck().get()).toBe(3);
    again.close();
  });
});

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, openProjectFile } from '../../../src/main/engine/project/project-file';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src/main/engine/project/migrations';
import { Project } from '../../../src/main/engine/project/project';
import { TargetChecksRepo } from '../../../src/main/engine/project/target-checks-repo';
import { tempDir } from '../../support/temp-dir';

/** Writes a project file as a studio of schema version 3 left it, with some data in it. */
function writeVersion3Project(file: string): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`application_id = ${APPLICATION_ID}`);
  for (const m of MIGRATIONS.filter((m) => m.version <= 3)) m.up(db);
  db.pragma('user_version = 3');
  db.prepare("INSERT INTO meta (key, value) VALUES ('name', 'Old school'), ('target', ?)").run(JSON.stringify({ name: 'Prod', kind: 'remote', baseUrl: 'https://api.example.org', apiVersion: 'v1', auth: 'oauth2', clientId: 'sis', schoolId: 'GF' }));
  db.prepare("INSERT INTO runs (id, operation, status, dry_run, started_at, counters_json) VALUES ('run-1', 'Migration', 'Completed', 0, '2026-01-01T00:00:00Z', '{}')").run();
  db.close();
}

describe('project file migration 4 (target health history and request log)', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it('comes after the earlier ones, never replacing them', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions.slice(0, 4)).toEqual([1, 2, 3, 4]);
    // Strictly ascending; versions are handed out per branch, so one may land before the one below it.
    expect(versions.every((v, i) => i === 0 || v > versions[i - 1])).toBe(true);
    expect(MIGRATIONS[3].description).toMatch(/target/);
  });

  it('upgrades a version 3 file in place and keeps its data', () => {
    const file = join(dir.path, 'old.apstudio');
    writeVersion3Project(file);
    const opened = openProjectFile(file, 'test');
    try {
      expect(opened.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      const project = new Project(opened);
      expect(project.meta('name')).toBe('Old school');
      expect(project.target()).toMatchObject({ kind: 'remote', baseUrl: 'https://api.example.org', clientId: 'sis' });
      expect(opened.db.prepare("SELECT status FROM runs WHERE id = 'run-1'").pluck().get()).toBe('Completed');

      const repo = new TargetChecksRepo(project);
      expect(repo.history()).toEqual([]);
      repo.logRequest('run-1', new Date('2026-01-01T00:00:01Z'), { method: 'POST', path: '/api/v1/schools/batch', status: 200, latencyMs: 12.4, attempt: 1 });
      repo.logRequest('run-1', new Date('2026-01-01T00:00:02Z'), { method: 'POST', path: '/api/v1/schools/batch', status: null, latencyMs: 30_000, attempt: 2, error: 'timeout' });
      expect(repo.requestStats('run-1')).toEqual({ runId: 'run-1', requests: 2, byStatus: { '200': 1, network: 1 }, retries: 1, latencyMs: { p50: 12, p95: 30_000, max: 30_000 } });
      const check = repo.record(
        { at: '2026-01-01T00:00:00.000Z', ok: false, trigger: 'user', health: { status: 'ok', latencyMs: 3 }, info: null, auth: null, deprecation: null, error: { code: 'TARGET_UNREACHABLE', message: 'm', hint: 'h' } },
        { runId: null, baseUrl: 'https://api.example.org', apiVersion: 'v1' },
      );
      expect(repo.history()).toEqual([check]);
    } finally {
      opened.close();
    }
    // Opening again applies nothing twice.
    const again = openProjectFile(file, 'test');
    expect(again.db.prepare('SELECT count(*) FROM target_checks').pluck().get()).toBe(1);
    again.close();
  });
});

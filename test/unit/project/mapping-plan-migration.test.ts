import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntityMapping } from '../../../src/shared/model/mapping';
import { mappingHash } from '../../../src/main/engine/mapping/mapping-hash';
import { mappingPlanMigration } from '../../../src/main/engine/project/mapping-plan-migration';
import { MappingsRepo } from '../../../src/main/engine/project/mappings-repo';
import { MIGRATIONS } from '../../../src/main/engine/project/migrations';
import { APPLICATION_ID, openProjectFile } from '../../../src/main/engine/project/project-file';
import { Project } from '../../../src/main/engine/project/project';
import { tempDir } from '../../support/temp-dir';

const saved: EntityMapping = {
  id: 'students-PUPILS',
  entity: 'students',
  connectionId: 'conn-1',
  stream: 'PUPILS',
  keyColumns: ['PUPIL_NO'],
  fields: [{ field: 'firstName', column: 'FORENAME', transforms: [{ kind: 'trim' }] }],
  updatedAt: '2025-03-21T00:00:00.000Z',
};

/** A project file as a studio from before the mapping plan left it, with a saved mapping. */
function writeOldProject(file: string): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`application_id = ${APPLICATION_ID}`);
  const before = MIGRATIONS.filter((m) => m.version < mappingPlanMigration.version);
  for (const m of before) m.up(db);
  db.pragma(`user_version = ${before.at(-1)!.version}`);
  db.prepare("INSERT INTO connections (id, name, kind, location, config_json, created_at) VALUES ('conn-1', 'Legacy', 'sqlite', 'sqlite:/x', '{}', '2025-01-01')").run();
  db.prepare('INSERT INTO mappings (id, entity, connection_id, stream, spec_json, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(saved.id, saved.entity, saved.connectionId, saved.stream, JSON.stringify(saved), saved.updatedAt);
  db.close();
}

describe('project file migration: mapping plan (history, sign-offs, join index)', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it('starts the history of a mapping saved before it as version 1, which can be signed off and is voided by an edit', async () => {
    const file = join(dir.path, 'old.apstudio');
    writeOldProject(file);
    const opened = openProjectFile(file, 'test');
    try {
      const repo = new MappingsRepo(new Project(opened));
      expect(await repo.get(saved.id)).toEqual(saved);
      const [v1] = repo.versions(saved.id);
      expect(v1).toMatchObject({ version: 1, action: 'migrate', hash: mappingHash(saved), at: saved.updatedAt });
      expect(repo.signOff(saved.id, { account: 'jdoe@PC', displayName: null, at: '2026-01-01T00:00:00Z' })).toMatchObject({ version: 1, valid: true });
      // Saved again unchanged (only its time differs): no new version, the sign-off holds.
      expect(await repo.save({ ...saved, updatedAt: '2026-01-02T00:00:00Z' }, { actor: 'jdoe@PC' })).toBeNull();
      expect(repo.signOffOf(saved.id)?.valid).toBe(true);
      await repo.save({ ...saved, keyColumns: ['PUPIL_NO', 'FORENAME'], updatedAt: '2026-01-03T00:00:00Z' }, { actor: 'jdoe@PC' });
      expect(repo.signOffOf(saved.id)).toMatchObject({ version: 1, valid: false, currentVersion: 2 });
      expect(repo.versions(saved.id)[1]).toMatchObject({ action: 'update', actor: 'jdoe@PC', change: expect.stringContaining('key PUPIL_NO → PUPIL_NO+FORENAME') });
    } finally {
      opened.close();
    }
  });
});

import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProjectFile } from '../../../src/main/engine/project/project-file';
import { ErasedPeopleRepo } from '../../../src/main/engine/project/erased-people-repo';
import { privacyMigration } from '../../../src/main/engine/project/privacy-migration';
import { Project } from '../../../src/main/engine/project/project';
import { olderProjectFile } from '../../support/older-project-file';
import { tempDir } from '../../support/temp-dir';

/** The erased-people list (issue 21): added to a file of the version before it, and what it keeps. */
describe('project file migration: erased people', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it('upgrades a file of the version before it, keeping its data, and remembers only salted hashes', () => {
    const before = privacyMigration.version - 1;
    const file = join(dir.path, 'old.apstudio');
    const db = olderProjectFile(file, before);
    db.prepare("INSERT INTO meta (key, value) VALUES ('name', 'Old school')").run();
    db.close();

    const project = new Project(openProjectFile(file, 'test'));
    try {
      expect(project.meta('name')).toBe('Old school');
      const repo = new ErasedPeopleRepo(project);
      expect(repo.matcher()).toBeNull();
      repo.remember([{ entity: 'students', externalId: 'S-1042' }, { entity: 'enrollments', externalId: 'E-7' }], new Date('2026-12-07T10:00:00Z'));
      repo.remember([{ entity: 'students', externalId: 'S-1042' }], new Date('2026-12-08T10:00:00Z'));
      const isErased = repo.matcher();
      expect(isErased?.('students', 'S-1042')).toBe(true);
      expect(isErased?.('students', 'S-1043')).toBe(false);
      expect(isErased?.('guardians', 'S-1042')).toBe(false);
      expect(Object.fromEntries(repo.counts())).toEqual({ students: 1, enrollments: 1 });
      const stored = JSON.stringify(project.db.prepare('SELECT * FROM erased_people').all());
      expect(stored).not.toContain('S-1042');
      expect(stored).not.toContain('E-7');
    } finally {
      project.close();
    }
  });
});

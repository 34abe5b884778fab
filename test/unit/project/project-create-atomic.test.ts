import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../../src/shared/errors';
import { LATEST_SCHEMA_VERSION } from '../../../src/main/engine/project/migrations';
import { buildProjectFile, createProjectFile, draftPathFor, openProjectFile } from '../../../src/main/engine/project/project-file';
import { lockPathFor } from '../../../src/main/engine/project/project-lock';
import { tempDir } from '../../support/temp-dir';

async function codeOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StudioError);
    return (err as StudioError).code;
  }
  throw new Error('expected an error');
}

/** A project appears under its name only when complete, and no failure leaves a .lock or a draft. */
describe('creating a project is atomic', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it('is not visible under its name while it is being filled', async () => {
    const file = join(dir.path, 'school.apstudio');
    const project = await buildProjectFile(file, 'test', { name: 'School' }, (draft) => {
      expect(existsSync(file)).toBe(false);
      expect(existsSync(draftPathFor(file))).toBe(true);
      expect(existsSync(lockPathFor(file))).toBe(true);
      draft.db.prepare("INSERT INTO meta (key, value) VALUES ('filled', 'yes')").run();
    });
    expect(project.db.prepare("SELECT value FROM meta WHERE key = 'filled'").pluck().get()).toBe('yes');
    expect(project.db.pragma('journal_mode', { simple: true })).toBe('wal');
    project.close();
    expect(readdirSync(dir.path)).toEqual(['school.apstudio']);
  });

  it('leaves nothing behind when filling fails', async () => {
    const file = join(dir.path, 'school.apstudio');
    await expect(
      buildProjectFile(file, 'test', {}, () => {
        throw new StudioError('BAD_REQUEST', 'the mapping is wrong', 'fix it');
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it('never replaces a file that appears under the name meanwhile', async () => {
    const file = join(dir.path, 'school.apstudio');
    const code = await codeOf(() => buildProjectFile(file, 'test', {}, () => writeFileSync(file, 'somebody else’s')));
    expect(code).toBe('PROJECT_EXISTS');
    expect(readFileSync(file, 'utf8')).toBe('somebody else’s');
    expect(readdirSync(dir.path)).toEqual(['school.apstudio']);
  });

  it('starts again over the draft and lock of a creator that died', () => {
    const file = join(dir.path, 'school.apstudio');
    writeFileSync(draftPathFor(file), 'half a database');
    writeFileSync(`${draftPathFor(file)}-wal`, 'half a log');
    writeFileSync(lockPathFor(file), JSON.stringify({ pid: 2 ** 22 + 17, host: hostname(), user: 'u', app: 'dead studio', since: '2026-01-01T00:00:00Z' }));
    const project = createProjectFile(file, 'test', { name: 'Again' });
    expect(project.lock.tookOverStale).toBe(true);
    expect(project.db.prepare("SELECT value FROM meta WHERE key = 'name'").pluck().get()).toBe('Again');
    project.close();
    expect(readdirSync(dir.path)).toEqual(['school.apstudio']);
  });

  it('no refused open leaves a .lock behind', async () => {
    const foreign = join(dir.path, 'foreign.apstudio');
    new Database(foreign).exec('CREATE TABLE t (x)');
    const tooNew = join(dir.path, 'new.apstudio');
    createProjectFile(tooNew, 'test', {}).close();
    const db = new Database(tooNew);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    const damaged = join(dir.path, 'damaged.apstudio');
    createProjectFile(damaged, 'test', {}).close();
    const bytes = readFileSync(damaged);
    bytes.fill(0xab, 100, bytes.length);
    writeFileSync(damaged, bytes);
    for (const file of [foreign, tooNew, damaged]) {
      expect(['PROJECT_NOT_STUDIO_FILE', 'PROJECT_TOO_NEW', 'PROJECT_CORRUPT']).toContain(await codeOf(() => openProjectFile(file, 'test', { warn: () => undefined })));
      expect(existsSync(lockPathFor(file)), file).toBe(false);
    }
  });
});

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { StudioError } from '../../../src/shared/errors';
import { APPLICATION_ID, createProjectFile, openProjectFile } from '../../../src/main/engine/project/project-file';
import { LATEST_SCHEMA_VERSION } from '../../../src/main/engine/project/migrations';
import { acquireProjectLock, lockPathFor } from '../../../src/main/engine/project/project-lock';
import { tempDir } from '../../support/temp-dir';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StudioError);
    return (err as StudioError).code;
  }
  throw new Error('expected an error');
}

describe('project file', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it('creates a WAL SQLite file marked as a studio project at the latest schema version', () => {
    const p = createProjectFile(join(dir.path, 'school'), 'test', { name: 'School' });
    expect(p.path.endsWith('school.apstudio')).toBe(true);
    expect(p.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(p.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(p.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(p.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get('name')).toBe('School');
    p.close();
    expect(existsSync(lockPathFor(p.path))).toBe(false);
  });

  it('refuses to create over an existing file', () => {
    const file = join(dir.path, 'x.apstudio');
    writeFileSync(file, 'keep me');
    expect(codeOf(() => createProjectFile(file, 'test', {}))).toBe('PROJECT_EXISTS');
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('says the folder is missing (not "not writable") when creating in a folder that does not exist', () => {
    const file = join(dir.path, 'no-such-folder', 'x.apstudio');
    let error: StudioError | undefined;
    try {
      createProjectFile(file, 'test', {});
    } catch (err) {
      error = err as StudioError;
    }
    expect(error).toBeInstanceOf(StudioError);
    expect(error!.code).toBe('PROJECT_NOT_FOUND');
    expect(error!.message).toContain(`The folder ${join(dir.path, 'no-such-folder')} does not exist`);
    expect(error!.hint).toBe('Create the folder first, or choose a folder that exists.');
    expect(existsSync(join(dir.path, 'no-such-folder'))).toBe(false);
  });

  it('reopens a project and keeps its data', () => {
    const file = join(dir.path, 'a.apstudio');
    createProjectFile(file, 'test', { name: 'A' }).close();
    const p = openProjectFile(file, 'test');
    expect(p.db.prepare("SELECT value FROM meta WHERE key = 'name'").pluck().get()).toBe('A');
    p.close();
  });

  it('gives a clear error for a missing file, and never creates it', () => {
    const file = join(dir.path, 'missing.apstudio');
    expect(codeOf(() => openProjectFile(file, 'test'))).toBe('PROJECT_NOT_FOUND');
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a foreign file without changing a byte', () => {
    const text = join(dir.path, 'notes.apstudio');
    writeFileSync(text, 'this is not a database');
    const before = sha(text);
    expect(codeOf(() => openProjectFile(text, 'test'))).toBe('PROJECT_NOT_STUDIO_FILE');
    expect(sha(text)).toBe(before);

    const other = join(dir.path, 'other.apstudio');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    const beforeDb = sha(other);
    expect(codeOf(() => openProjectFile(other, 'test'))).toBe('PROJECT_NOT_STUDIO_FILE');
    expect(sha(other)).toBe(beforeDb);
  });

  it('refuses a file from a newer studio and leaves it unchanged', () => {
    const file = join(dir.path, 'new.apstudio');
    createProjectFile(file, 'test', {}).close();
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = sha(file);
    const err = (() => {
      try {
        openProjectFile(file, 'test');
      } catch (e) {
        return e as StudioError;
      }
    })();
    expect(err?.code).toBe('PROJECT_TOO_NEW');
    expect(err?.hint).toMatch(/Update the studio/);
    expect(sha(file)).toBe(before);
  });

  it('refuses a damaged file without overwriting it', () => {
    const file = join(dir.path, 'broken.apstudio');
    createProjectFile(file, 'test', { name: 'B' }).close();
    const bytes = readFileSync(file);
    bytes.fill(0xab, 100, bytes.length); // keep the SQLite header, ruin the pages
    writeFileSync(file, bytes);
    const before = sha(file);
    expect(['PROJECT_CORRUPT', 'PROJECT_NOT_STUDIO_FILE']).toContain(codeOf(() => openProjectFile(file, 'test')));
    expect(sha(file)).toBe(before);
  });

  it('says who holds a project that is in use, and takes over a lock left by a dead process', () => {
    const file = join(dir.path, 'shared.apstudio');
    const first = createProjectFile(file, 'first studio', {});
    // Same host, live other process: in use.
    writeFileSync(lockPathFor(file), JSON.stringify({ pid: process.ppid, host: first.lock.owner.host, user: 'u', app: 'the other studio', since: '2026-01-01T00:00:00Z' }));
    const err = (() => {
      try {
        acquireProjectLock(file, 'second', () => true);
      } catch (e) {
        return e as StudioError;
      }
    })();
    expect(err?.code).toBe('PROJECT_IN_USE');
    expect(err?.message).toMatch(/the other studio/);
    // The holder died: the lock is stale and taken over.
    const lock = acquireProjectLock(file, 'second', () => false);
    expect(lock.tookOverStale).toBe(true);
    expect(JSON.parse(readFileSync(lockPathFor(file), 'utf8')).app).toBe('second');
    lock.release();
    first.db.close();
  });
});

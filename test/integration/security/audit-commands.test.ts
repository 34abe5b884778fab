import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../src/platform/open-sqlite';
import { createProjectFile, openProjectFile } from '../../../src/main/engine/project/project-file';
import { auditExportCore, auditVerifyCore } from '../../../src/main/engine/services/audit-commands';
import { AuditLog } from '../../../src/main/engine/security/audit-log';
import { tempDir } from '../../support/temp-dir';
import { applySecurityMigration, failure } from '../../unit/security/security-helpers';

describe('audit verify / export (the CLI core)', () => {
  let dir: ReturnType<typeof tempDir>;
  let projectPath: string;

  beforeEach(() => {
    dir = tempDir();
    projectPath = join(dir.path, 'school.apstudio');
    const file = createProjectFile(projectPath, 'test', { name: 'School' });
    applySecurityMigration(file.db);
    const log = new AuditLog(file.db, { actor: 'it@pc' });
    for (let i = 1; i <= 5; i++) log.append({ action: 'connection.add', object: `connection:${i}`, summary: `Added connection ${i}` });
    file.close();
  });
  afterEach(() => dir.cleanup());

  const tamper = (sql: string) => {
    const db = openSqlite(projectPath);
    db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    db.exec(sql);
    db.close();
  };

  it('reports an intact trail with exit code 0 and the shape docs/conventions.md gives', () => {
    const outcome = auditVerifyCore(projectPath);
    expect(outcome.document).toEqual({ valid: true, entries: 5, firstBadEntry: null, keyed: false });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.lines[0]).toMatch(/intact: 5 entries checked/);
  });

  it.each([
    ['an edited row', "UPDATE audit_log SET summary = 'Added nothing' WHERE seq = 3", 3],
    ['a deleted row', 'DELETE FROM audit_log WHERE seq = 2', 2],
    ['reordered rows', 'UPDATE audit_log SET seq = -1 WHERE seq = 4; UPDATE audit_log SET seq = 4 WHERE seq = 1; UPDATE audit_log SET seq = 1 WHERE seq = -1;', 1],
  ])('names the first bad entry after %s, with exit code 1', (_what, sql, bad) => {
    tamper(sql);
    const outcome = auditVerifyCore(projectPath);
    expect(outcome.document).toMatchObject({ valid: false, firstBadEntry: bad });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.lines[0]).toContain(`first bad entry is ${bad}`);
  });

  it("names the entry whose bytes were edited directly in the file, triggers and SQLite bypassed", () => {
    const bytes = readFileSync(projectPath);
    const at = bytes.indexOf(Buffer.from('Added connection 4'));
    expect(at).toBeGreaterThan(0);
    bytes.write('Added connectiom 4', at, 'latin1');
    writeFileSync(projectPath, bytes);
    expect(auditVerifyCore(projectPath).document).toEqual({ valid: false, entries: 5, firstBadEntry: 4, keyed: false });
  });

  it('catches the whole trail being dropped from a project that had one', () => {
    const db = openSqlite(projectPath);
    db.exec('DROP TABLE audit_log; DROP TABLE audit_head;');
    db.pragma('user_version = 2');
    db.close();
    expect(auditVerifyCore(projectPath).document).toEqual({ valid: false, entries: 0, firstBadEntry: 1, keyed: false });
  });

  it('verifies while another studio holds the project open', () => {
    const holder = openProjectFile(projectPath, 'desktop');
    expect(auditVerifyCore(projectPath).document.valid).toBe(true);
    holder.close();
  });

  it('exports beside the project by default and never overwrites an earlier export', async () => {
    const first = auditExportCore(projectPath, { format: 'csv' });
    expect(first.result.file).toBe(join(dir.path, 'school-audit.csv'));
    expect(first.document).toEqual({ file: first.result.file, format: 'csv', entries: 5, valid: true, firstBadEntry: null });
    const before = readFileSync(first.result.file, 'utf8');
    expect(before.split('\r\n').filter(Boolean)).toHaveLength(6);
    const err = await failure(() => auditExportCore(projectPath, { format: 'csv' }));
    expect(err.code).toBe('AUDIT_EXPORT_FAILED');
    expect(readFileSync(first.result.file, 'utf8')).toBe(before);
    const replaced = auditExportCore(projectPath, { format: 'csv', overwrite: true });
    expect(replaced.document.entries).toBe(5);
    const json = auditExportCore(projectPath, { format: 'json', out: join(dir.path, 'trail.json') });
    expect(JSON.parse(readFileSync(json.result.file, 'utf8')).entries).toHaveLength(5);
  });

  it('exports a broken trail with a warning', () => {
    tamper("UPDATE audit_log SET actor = 'x' WHERE seq = 5");
    const outcome = auditExportCore(projectPath, { format: 'json', out: join(dir.path, 'broken.json') });
    expect(outcome.document).toMatchObject({ valid: false, firstBadEntry: 5 });
    expect(outcome.lines[1]).toMatch(/not intact/);
  });

  it('refuses what is not a studio project, clearly', async () => {
    expect((await failure(() => auditVerifyCore(join(dir.path, 'missing.apstudio')))).code).toBe('PROJECT_NOT_FOUND');
    writeFileSync(join(dir.path, 'notes.apstudio'), 'hello, I am not a database at all, but long enough to be read as one maybe'.repeat(3));
    expect((await failure(() => auditVerifyCore(join(dir.path, 'notes.apstudio')))).code).toBe('PROJECT_NOT_STUDIO_FILE');
    const plain = openSqlite(join(dir.path, 'legacy.db'));
    plain.exec('CREATE TABLE students (id INTEGER)');
    plain.close();
    expect((await failure(() => auditVerifyCore(join(dir.path, 'legacy.db')))).code).toBe('PROJECT_NOT_STUDIO_FILE');
    expect((await failure(() => auditExportCore(projectPath, { format: 'xml' as 'csv' }))).code).toBe('USAGE');
    expect(existsSync(join(dir.path, 'school-audit.xml'))).toBe(false);
  });

  it('a new project with no audit entries yet verifies as intact and empty', () => {
    const fresh = join(dir.path, 'fresh.apstudio');
    createProjectFile(fresh, 'test', {}).close();
    expect(auditVerifyCore(fresh).document).toEqual({ valid: true, entries: 0, firstBadEntry: null, keyed: false });
  });
});

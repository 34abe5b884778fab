import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHostEngine } from '../../../src/main/hosts/host-engine';
import { ProjectSession } from '../../../src/main/engine/core/project-session';
import { MIGRATIONS } from '../../../src/main/engine/project/migrations';
import { openSqlite, type SqliteDatabase } from '../../../src/platform/open-sqlite';
import { Project } from '../../../src/main/engine/project/project';
import { APPLICATION_ID, createProjectFile, openProjectFile } from '../../../src/main/engine/project/project-file';
import { auditEntryHash, verifyAuditChain, type AuditEntry } from '../../../src/main/engine/security/audit-chain';
import { AuditCheckpoints } from '../../../src/main/engine/security/audit-checkpoint';
import { auditExportCore, auditVerifyCore } from '../../../src/main/engine/services/audit-commands';
import { AuditKeys, readAuditKeys } from '../../../src/main/engine/security/audit-key';
import { AuditLog } from '../../../src/main/engine/security/audit-log';
import { KeyStore, PASSPHRASE_ENV } from '../../../src/main/engine/security/key-store';
import { tempDir } from '../../support/temp-dir';
import { TEST_SCRYPT } from '../../unit/security/security-helpers';

/**
 * The keyed audit trail (issue #10, point 4): someone who can rewrite the project file, but holds
 * neither the user's vault key nor their configuration folder, can no longer rewrite the trail
 * unnoticed: not by recomputing every hash and the head, not by cutting off the end and moving
 * the head back.
 */
describe('keyed audit trail', () => {
  let dir: ReturnType<typeof tempDir>;
  let userConfig: string;
  let projectPath: string;
  let keys: AuditKeys;
  let checkpoints: AuditCheckpoints;
  const PASS = 'correct horse battery staple';

  beforeEach(async () => {
    dir = tempDir();
    userConfig = join(dir.path, 'user-config');
    keys = AuditKeys.fromKeyring(await new KeyStore({ configDir: userConfig, env: {}, scryptCost: TEST_SCRYPT }).openOrCreate());
    checkpoints = new AuditCheckpoints(userConfig);
    projectPath = join(dir.path, 'school.apstudio');
    const file = createProjectFile(projectPath, 'test', { name: 'School' });
    const log = new AuditLog(file.db, { actor: 'it@pc', keys, checkpoints });
    for (let i = 1; i <= 6; i++) log.append({ action: 'connection.add', object: `connection:${i}`, summary: `Added connection ${i}` });
    file.close();
  });
  afterEach(() => {
    for (const d of [dir.path, join(dir.path, 'readonly')]) if (existsSync(d)) chmodSync(d, 0o700);
    dir.cleanup();
  });

  const verify = (path = projectPath, options: Parameters<typeof auditVerifyCore>[1] = { keys, checkpoints }) => auditVerifyCore(path, options);

  /** Changes the file the way a careful forger would: triggers dropped, the change made, the triggers put back. */
  function forge(change: (db: SqliteDatabase) => void, path = projectPath): void {
    const db = openSqlite(path);
    const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as { name: string; sql: string }[];
    for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
    change(db);
    for (const t of triggers) db.exec(t.sql);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }

  /** The project's id, read from the file (the checkpoint is filed under it). */
  function projectIdOf(path = projectPath): string {
    const db = openSqlite(path, { readonly: true });
    try {
      return db.prepare("SELECT value FROM meta WHERE key = 'projectId'").pluck().get() as string;
    } finally {
      db.close();
    }
  }

  /** The entries as stored, read without the studio. */
  function storedEntries(path = projectPath): AuditEntry[] {
    const db = openSqlite(path, { readonly: true });
    try {
      return db.prepare('SELECT seq, at, actor, action, object, summary, prev_hash AS prevHash, hash FROM audit_log ORDER BY seq').all() as AuditEntry[];
    } finally {
      db.close();
    }
  }

  type Row = { seq: number; at: string; actor: string; action: string; object: string; summary: string; prev_hash: string; hash: string };

  /** Edits one entry, then recomputes its hash, every later hash and link, and the head. */
  function recomputeChainAfterEditing(db: SqliteDatabase, seq: number, summary: string): void {
    const rows = db.prepare('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq').all(seq - 1) as Row[];
    let prev = rows[0].hash;
    for (const r of rows.slice(1)) {
      const e = { seq: r.seq, at: r.at, actor: r.actor, action: r.action, object: r.object, summary: r.seq === seq ? summary : r.summary, prevHash: prev };
      prev = auditEntryHash(e);
      db.prepare('UPDATE audit_log SET summary = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(e.summary, e.prevHash, prev, r.seq);
    }
    db.prepare('UPDATE audit_head SET hash = ? WHERE id = 1').run(prev);
  }

  it('MACs every entry, checkpoints the head owner-only outside the file, and verifies keyed', () => {
    expect(verify().document).toEqual({ valid: true, entries: 6, firstBadEntry: null, keyed: true });
    const projectId = projectIdOf();
    expect(projectId).toMatch(/^[0-9a-f]{32}$/);
    const cp = checkpoints.read(projectId);
    expect(cp).toMatchObject({ projectId, entries: 6, macKey: keys.current.id });
    const file = checkpoints.fileOf(projectId);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(checkpoints.dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(checkpoints.dir)).toEqual([`${projectId}.json`]);
  });

  it('catches the recompute-the-chain forgery (edit, recompute hashes and head, restore triggers) at the edited entry', () => {
    forge((db) => recomputeChainAfterEditing(db, 3, 'Added nothing at all'));
    // The hash chain alone is fooled: this is what `audit verify` accepted before the MAC.
    expect(verifyAuditChain(storedEntries(), null).valid).toBe(true);
    const outcome = verify();
    expect(outcome.document).toEqual({ valid: false, entries: 6, firstBadEntry: 3, keyed: true });
    expect(outcome.result.reason).toMatch(/MAC/);
    expect(outcome.exitCode).toBe(1);
    // Even without the checkpoint, the MAC names entry 3.
    expect(verify(projectPath, { keys, checkpoints: null }).document.firstBadEntry).toBe(3);
  });

  it('catches the MACs stripped from the forged entries, as if they were written before the audit was keyed', () => {
    forge((db) => {
      recomputeChainAfterEditing(db, 4, 'Added nothing at all');
      db.prepare('UPDATE audit_log SET mac = NULL, mac_key = NULL WHERE seq >= 4').run();
    });
    expect(verify(projectPath, { keys, checkpoints: null }).document).toMatchObject({ valid: false, firstBadEntry: 4 });
  });

  it('catches every MAC stripped (a keyed trail made to look unkeyed) through the checkpoint', () => {
    forge((db) => db.prepare('UPDATE audit_log SET mac = NULL, mac_key = NULL').run());
    expect(verify(projectPath, { keys, checkpoints: null }).document).toEqual({ valid: true, entries: 6, firstBadEntry: null, keyed: false });
    expect(verify().document).toEqual({ valid: false, entries: 6, firstBadEntry: 6, keyed: false });
  });

  it('catches the end cut off and the head moved back through the checkpoint, and a later append does not hide it', () => {
    forge((db) => {
      const four = db.prepare('SELECT hash FROM audit_log WHERE seq = 4').pluck().get() as string;
      db.prepare('DELETE FROM audit_log WHERE seq > 4').run();
      db.prepare('UPDATE audit_head SET seq = 4, hash = ? WHERE id = 1').run(four);
    });
    // Inside the file everything is consistent: only the checkpoint outside it knows better.
    expect(verify(projectPath, { keys, checkpoints: null }).document).toEqual({ valid: true, entries: 4, firstBadEntry: null, keyed: true });
    const outcome = verify();
    expect(outcome.document).toEqual({ valid: false, entries: 4, firstBadEntry: 5, keyed: true });
    expect(outcome.result.reason).toMatch(/checkpoint/);

    const file = openProjectFile(projectPath, 'test');
    new AuditLog(file.db, { keys, checkpoints }).append({ action: 'project.open', object: 'project' });
    file.close();
    // The new entry 5 links up to entry 4, so the first entry provably missing is the 6th.
    expect(verify().document).toMatchObject({ valid: false, entries: 5, firstBadEntry: 6 });
    expect(checkpoints.read(projectIdOf())?.entries).toBe(6);
  });

  it('a hand-over copy opened in a fresh configuration folder says keyed: false and still checks the chain', async () => {
    const otherConfig = join(dir.path, 'colleague-config');
    const copy = join(dir.path, 'handover.apstudio');
    copyFileSync(projectPath, copy);
    const colleague = new KeyStore({ configDir: otherConfig, env: {}, scryptCost: TEST_SCRYPT });
    const noKey = await readAuditKeys(colleague);
    expect(noKey.keys).toBeNull();
    const theirs = { keys: noKey.keys, checkpoints: new AuditCheckpoints(otherConfig) };
    expect(verify(copy, theirs).document).toEqual({ valid: true, entries: 6, firstBadEntry: null, keyed: false });
    expect(verify(copy, theirs).lines.join('\n')).toMatch(/MACs could not be checked: only the hash chain was checked/);
    // A colleague with a vault key of their own still cannot check MACs made with yours.
    const ownKeys = AuditKeys.fromKeyring(await colleague.openOrCreate());
    expect(verify(copy, { ...theirs, keys: ownKeys }).document).toMatchObject({ valid: true, keyed: false });
    forge((db) => db.prepare("UPDATE audit_log SET object = 'connection:9' WHERE seq = 2").run(), copy);
    expect(verify(copy, theirs).document).toEqual({ valid: false, entries: 6, firstBadEntry: 2, keyed: false });
  });

  it('an unattended job with a `vault key-for-job` copy appends keyed entries that both it and the user verify', async () => {
    const jobConfig = join(dir.path, 'job-config');
    await new KeyStore({ configDir: userConfig, env: {}, scryptCost: TEST_SCRYPT }).writeUnattendedKeyFile(jobConfig, PASS);
    const jobStore = new KeyStore({ configDir: jobConfig, env: { [PASSPHRASE_ENV]: PASS }, scryptCost: TEST_SCRYPT });
    const session = new ProjectSession(new Project(openProjectFile(projectPath, 'job')), jobStore, () => new Date());
    expect(await session.unlockAudit()).toBe(true);
    expect(session.audit.isKeyed).toBe(true);
    session.audit.append({ action: 'run.start', object: 'run:nightly', summary: 'Nightly run started' });
    session.audit.append({ action: 'run.finish', object: 'run:nightly', summary: 'Nightly run finished' });
    await session.close();

    const jobKeys = (await readAuditKeys(new KeyStore({ configDir: jobConfig, env: { [PASSPHRASE_ENV]: PASS }, scryptCost: TEST_SCRYPT }))).keys;
    expect(jobKeys?.current.id).toBe(keys.current.id);
    expect(verify(projectPath, { keys: jobKeys, checkpoints: new AuditCheckpoints(jobConfig) }).document).toEqual({ valid: true, entries: 8, firstBadEntry: null, keyed: true });
    expect(verify().document).toEqual({ valid: true, entries: 8, firstBadEntry: null, keyed: true });
    // Without the passphrase the job's copy of the key stays locked: verify still runs, unkeyed.
    expect((await readAuditKeys(new KeyStore({ configDir: jobConfig, env: {}, scryptCost: TEST_SCRYPT }))).keys).toBeNull();
  });

  it('the engine keys the trail of a project it opens (vault key created on first use)', async () => {
    const engineConfig = join(dir.path, 'engine-config');
    const saved = process.env[PASSPHRASE_ENV];
    delete process.env[PASSPHRASE_ENV];
    try {
      const engine = createHostEngine({ host: 'cli', configDir: engineConfig });
      const created = join(dir.path, 'new.apstudio');
      await engine.api.projects.create({ path: created });
      expect(await engine.api.audit.verify()).toEqual({ valid: true, entries: 1, firstBadEntry: null, keyed: true });
      await engine.dispose();
      const mine = await readAuditKeys(new KeyStore({ configDir: engineConfig, env: {} }));
      expect(verify(created, { keys: mine.keys, checkpoints: new AuditCheckpoints(engineConfig) }).document).toEqual({ valid: true, entries: 1, firstBadEntry: null, keyed: true });
    } finally {
      if (saved !== undefined) process.env[PASSPHRASE_ENV] = saved;
    }
  });

  it('a kept JSON export re-checks with the key, MACs included', () => {
    const out = join(dir.path, 'kept.json');
    expect(auditExportCore(projectPath, { format: 'json', out, keys, checkpoints }).document).toMatchObject({ valid: true, entries: 6 });
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { projectId: string; macAlgorithm: string; head: { seq: number; hash: string }; entries: AuditEntry[] };
    expect(doc.macAlgorithm).toBe('hmac-sha256');
    expect(verifyAuditChain(doc.entries, doc.head, { projectId: doc.projectId, keys })).toMatchObject({ valid: true, keyed: true, entries: 6 });
    // Re-hashed after export: the chain passes, the MAC does not.
    const e = doc.entries[4];
    e.summary = 'changed after export';
    e.hash = auditEntryHash(e);
    doc.entries[5].prevHash = e.hash;
    doc.entries[5].hash = auditEntryHash(doc.entries[5]);
    expect(verifyAuditChain(doc.entries, { seq: 6, hash: doc.entries[5].hash }, { projectId: doc.projectId, keys })).toMatchObject({ valid: false, firstBadEntry: 5 });
    // Bound to its project: the same entries under another project id do not check.
    expect(verifyAuditChain(JSON.parse(readFileSync(out, 'utf8')).entries, doc.head, { projectId: 'f'.repeat(32), keys }).firstBadEntry).toBe(1);
  });

  it('a project from before the keyed audit opens, migrates, and reports its old entries as unkeyed', () => {
    const old = join(dir.path, 'old.apstudio');
    const db = openSqlite(old);
    db.pragma('journal_mode = WAL');
    db.pragma(`application_id = ${APPLICATION_ID}`);
    for (const m of MIGRATIONS.filter((x) => x.version <= 4)) {
      db.transaction(() => {
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
      })();
    }
    const legacy = new AuditLog(db, { actor: 'old@pc', keys });
    for (let i = 1; i <= 3; i++) legacy.append({ action: 'run.start', object: `run:${i}` });
    expect(legacy.isKeyed).toBe(false);
    db.close();
    expect(verify(old).document).toEqual({ valid: true, entries: 3, firstBadEntry: null, keyed: false });

    const file = openProjectFile(old, 'test');
    const log = new AuditLog(file.db, { keys, checkpoints });
    log.append({ action: 'project.open', object: 'project' });
    log.append({ action: 'run.start', object: 'run:4' });
    file.close();
    const outcome = verify(old);
    expect(outcome.document).toEqual({ valid: true, entries: 5, firstBadEntry: null, keyed: true });
    expect(outcome.result.unkeyed).toBe(3);
    expect(outcome.lines.join('\n')).toMatch(/3 entries were written before the audit trail was keyed/);
  });

  /**
   * The tests run as root, whom file modes do not stop (and there is no mount here to make a
   * read-only file system). So the folder and file are made read-only with chmod, which binds
   * every other account, and the test asserts what matters for them: the verification never tries
   * to write into the folder, i.e. no -wal, -shm or .lock file appears. Before, `audit verify`
   * opened the WAL-mode file read-only in place, which makes SQLite create -wal and -shm files (as
   * root it succeeded, leaving them behind; as any other user it failed and called the file
   * corrupt).
   */
  it('verifies a good file in a read-only folder without writing anything there', () => {
    const ro = join(dir.path, 'readonly');
    mkdirSync(ro);
    const target = join(ro, 'school.apstudio');
    copyFileSync(projectPath, target);
    chmodSync(target, 0o444);
    chmodSync(ro, 0o555);
    const before = readdirSync(ro);
    expect(verify(target).document).toEqual({ valid: true, entries: 6, firstBadEntry: null, keyed: true });
    expect(readdirSync(ro)).toEqual(before);
    expect(readFileSync(target).equals(readFileSync(projectPath))).toBe(true);
  });

  it('reads the changes still in a -wal left beside a file in a read-only folder (a crash), through a private copy', () => {
    const writer = openProjectFile(projectPath, 'test');
    writer.db.pragma('wal_autocheckpoint = 0');
    new AuditLog(writer.db, { keys, checkpoints }).append({ action: 'run.start', object: 'run:in-wal' });
    // Snapshot the file and its -wal as a crash would leave them (no -shm), into a read-only folder.
    const ro = join(dir.path, 'readonly');
    mkdirSync(ro);
    copyFileSync(projectPath, join(ro, 'school.apstudio'));
    copyFileSync(`${projectPath}-wal`, join(ro, 'school.apstudio-wal'));
    writer.close();
    expect(statSync(join(ro, 'school.apstudio-wal')).size).toBeGreaterThan(0);
    chmodSync(ro, 0o555);
    const before = readdirSync(ro);
    expect(verify(join(ro, 'school.apstudio')).document).toEqual({ valid: true, entries: 7, firstBadEntry: null, keyed: true });
    expect(readdirSync(ro)).toEqual(before);
  });
});

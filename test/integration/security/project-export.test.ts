import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Engine } from '../../../src/main/engine';
import { createHostEngine } from '../../../src/main/hosts/host-engine';
import { openSqlite } from '../../../src/platform/open-sqlite';
import { auditVerifyCore } from '../../../src/main/engine/services/audit-commands';
import { KeyStore } from '../../../src/main/engine/security/key-store';
import { SECRET_PURPOSES, TARGET_CLIENT_SECRET_NAME } from '../../../src/main/engine/security/secret-names';
import { Vault } from '../../../src/main/engine/security/vault';
import { EXPORT_META_KEY, readExportMeta } from '../../../src/main/engine/services/project-export';
import { tempDir } from '../../support/temp-dir';
import { encodingsOf } from '../../unit/security/security-helpers';

const SIS_PASSWORD = 'Export-Planted-sis-Pa55';
const CLIENT_SECRET = 'Export-Planted-client-secret';

describe('projects.export: a hand-over copy without secrets', () => {
  let dir: ReturnType<typeof tempDir>;
  let config: string;
  let projectPath: string;
  let engine: Engine;
  let ids: { sis: string; files: string };

  beforeEach(async () => {
    dir = tempDir();
    config = join(dir.path, 'config');
    projectPath = join(dir.path, 'school.apstudio');
    engine = createHostEngine({ host: 'web', configDir: config, now: () => new Date('2025-03-01T10:00:00Z') });
    await engine.api.projects.create({ path: projectPath, name: 'School' });
    const sis = await engine.api.connections.add({ name: 'Old SIS', location: `mysql://sis:${SIS_PASSWORD}@127.0.0.1:1/school` });
    writeFileSync(join(dir.path, 'pupils.csv'), 'id,name\n1,Ada\n');
    // As the person picking the file in the web host's picker.
    await engine.api.files.grant({ path: join(dir.path, 'pupils.csv') });
    const files = await engine.api.connections.add({ name: 'Pupil list', location: join(dir.path, 'pupils.csv') });
    ids = { sis: sis.id, files: files.id };
    expect(sis.secretStatus).toBe('set');
  });

  afterEach(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  /** A second writer on the same file, as another process would be (WAL lets both work). */
  function otherWriter() {
    const db = openSqlite(projectPath);
    db.pragma('busy_timeout = 5000');
    return db;
  }

  it('writes a consistent copy whose secrets are gone and marked for re-entry, and audits it', async () => {
    // Meanwhile another writer stores the target's secret and has a run in progress.
    const writer = otherWriter();
    await new Vault(writer, new KeyStore({ configDir: config, env: {} })).set(TARGET_CLIENT_SECRET_NAME, SECRET_PURPOSES.targetClientSecret, CLIENT_SECRET);
    writer
      .prepare("INSERT INTO runs (id, operation, status, dry_run, started_at, counters_json, host_pid, host_name) VALUES ('r1', 'Migration', 'Processing', 0, '2025-03-01T09:59:00Z', '{}', ?, 'this-pc')")
      .run(process.pid);
    writer.close();

    const dest = join(dir.path, 'handover', 'school-copy.apstudio');
    const result = await engine.api.projects.export({ path: dest });

    expect(result.path).toBe(dest);
    expect(result.bytes).toBe(readFileSync(dest).length);
    expect(result.needsSecrets).toEqual([
      { kind: 'connection', id: ids.sis, name: 'Old SIS' },
      { kind: 'target', id: 'target', name: 'Local sandbox' },
    ]);
    // One file, nothing beside it (no journal, WAL or half-written temporary copy).
    expect(readdirSync(join(dir.path, 'handover'))).toEqual(['school-copy.apstudio']);
    const bytes = readFileSync(dest);
    for (const secret of [SIS_PASSWORD, CLIENT_SECRET]) for (const encoded of encodingsOf(secret)) expect(bytes.includes(encoded)).toBe(false);

    const copy = openSqlite(dest, { readonly: true });
    try {
      expect(copy.prepare('SELECT DISTINCT key_id FROM secrets').pluck().all()).toEqual(['exported']);
      expect(copy.prepare("SELECT status, host_pid, host_name FROM runs WHERE id = 'r1'").get()).toEqual({ status: 'Interrupted', host_pid: null, host_name: null });
      expect(readExportMeta(copy)).toEqual({ exportedAt: '2025-03-01T10:00:00.000Z', needsSecrets: result.needsSecrets });
      expect(copy.prepare("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1").pluck().get()).toBe('project.export');
    } finally {
      copy.close();
    }
    // Both trails still verify, and the original says where the copy went.
    expect(auditVerifyCore(dest).document.valid).toBe(true);
    expect(auditVerifyCore(projectPath).document.valid).toBe(true);
    const entries = await engine.api.audit.list({ action: 'project.export' });
    expect(entries).toHaveLength(1);
    expect(entries[0].summary).toContain('school-copy.apstudio');
    // The original keeps its secrets.
    expect((await engine.api.connections.list()).find((c) => c.id === ids.sis)?.secretStatus).toBe('set');
  });

  it('opens the copy, even for the same user, with exactly those secrets needing re-entry', async () => {
    const dest = join(dir.path, 'copy.apstudio');
    await engine.api.projects.export({ path: dest });
    await engine.api.projects.open({ path: dest });
    const list = await engine.api.connections.list();
    expect(list.map((c) => [c.name, c.secretStatus])).toEqual([
      ['Old SIS', 'needs-reentry'],
      ['Pupil list', 'missing'],
    ]);
    await expect(engine.api.connections.test({ id: ids.sis })).rejects.toMatchObject({ code: 'VAULT_NEEDS_REENTRY', message: expect.stringContaining('exported without its secrets') });
    const fixed = await engine.api.connections.setSecret({ id: ids.sis, secret: 'typed-again' });
    expect(fixed.secretStatus).toBe('set');
  });

  it('refuses to overwrite a file or to write onto the project itself, and changes nothing', async () => {
    const taken = join(dir.path, 'taken.apstudio');
    writeFileSync(taken, 'keep me');
    await expect(engine.api.projects.export({ path: taken })).rejects.toMatchObject({ code: 'FILE_EXISTS', hint: expect.stringContaining('another file name') });
    expect(readFileSync(taken, 'utf8')).toBe('keep me');
    await expect(engine.api.projects.export({ path: projectPath })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('onto the open project itself') });
    // SQLite would read a file by these names as part of the project.
    for (const own of [`${projectPath}-wal`, `${projectPath}-journal`, `${projectPath}.lock`]) {
      await expect(engine.api.projects.export({ path: own })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    expect(existsSync(`${projectPath}-journal`)).toBe(false);
    expect(readdirSync(dir.path).filter((n) => n.includes('exporting'))).toEqual([]);
    expect(await engine.api.audit.list({ action: 'project.export' })).toEqual([]);
  });

  it('adds the project extension when the path has none, and needs an open project', async () => {
    const result = await engine.api.projects.export({ path: join(dir.path, 'no-extension') });
    expect(result.path).toBe(join(dir.path, 'no-extension.apstudio'));
    const copy = openSqlite(result.path, { readonly: true });
    expect(copy.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(EXPORT_META_KEY)).toBeTypeOf('string');
    copy.close();
    await engine.api.projects.close();
    await expect(engine.api.projects.export({ path: join(dir.path, 'x.apstudio') })).rejects.toMatchObject({ code: 'NO_PROJECT_OPEN' });
  });
});

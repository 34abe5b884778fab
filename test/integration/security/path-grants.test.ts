import { copyFileSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, type Engine } from '../../../src/main/engine';
import { createHostEngine } from '../../../src/main/hosts/host-engine';
import type { ServerMessage } from '../../../src/shared/api/rpc';
import { tempDir } from '../../support/temp-dir';

/**
 * The API reads only what a person chose (issue 10, point 3). Calls go through the engine's edge
 * (`dispatch`), exactly as the web host's socket hands them over, so a refusal is checked as the
 * browser would receive it: a typed error with a hint, never INTERNAL.
 */
describe('the API reads only files a person picked', () => {
  const dir = tempDir();
  const config = join(dir.path, 'config');
  const projectPath = join(dir.path, 'school.apstudio');
  const data = join(dir.path, 'data');
  const keyFile = join(config, 'vault-key.json');
  let engine: Engine;
  let nextId = 1;

  const call = async (service: string, method: string, params?: unknown): Promise<ServerMessage | null> => dispatch(engine.api, { kind: 'call', id: nextId++, service, method, params });
  const ok = async <T>(service: string, method: string, params?: unknown): Promise<T> => {
    const answer = await call(service, method, params);
    if (answer?.kind !== 'result') throw new Error(`${service}.${method} failed: ${JSON.stringify(answer)}`);
    return answer.result as T;
  };
  const refusal = async (service: string, method: string, params?: unknown) => {
    const answer = await call(service, method, params);
    expect(answer?.kind).toBe('error');
    return (answer as Extract<ServerMessage, { kind: 'error' }>).error;
  };

  beforeAll(async () => {
    mkdirSync(data);
    writeFileSync(join(data, 'pupils.csv'), 'id,name\n1,Ada\n2,Grace\n');
    writeFileSync(join(dir.path, 'unpicked.csv'), 'id,name\n1,Secret\n');
    engine = createHostEngine({ host: 'web', configDir: config });
    await ok('projects', 'create', { path: projectPath, name: 'School' });
    // A stored password makes the vault write its key file, the prize of the attack.
    await ok('connections', 'add', { name: 'Old SIS', location: 'mysql://sis:Pa55word@127.0.0.1:1/school' });
    expect(existsSync(keyFile)).toBe(true);
    // Protected files a careless folder might hold: a copy of the key, a renamed copy, a link to it.
    copyFileSync(keyFile, join(data, 'vault-key.json'));
    copyFileSync(keyFile, join(data, 'backup.json'));
    symlinkSync(keyFile, join(data, 'settings.json'));
  });
  afterAll(async () => {
    await engine?.dispose();
    dir.cleanup();
  });

  it('refuses the vault key file, even after a pick, with the never-readable hint', async () => {
    const added = await refusal('connections', 'add', { name: 'key', location: keyFile });
    expect(added).toMatchObject({ code: 'SOURCE_PROTECTED', details: { protected: 'vault-key' } });
    expect(added.hint).toMatch(/never readable as a source/);
    const picked = await refusal('files', 'grant', { path: keyFile });
    expect(picked).toMatchObject({ code: 'SOURCE_PROTECTED' });
    // Named with `..` and through a symbolic link: the same file, the same answer.
    expect(await refusal('connections', 'add', { name: 'key', location: join(data, '..', 'config', 'vault-key.json') })).toMatchObject({ code: 'SOURCE_PROTECTED' });
    expect(await refusal('files', 'grant', { path: join(data, 'settings.json') })).toMatchObject({ code: 'SOURCE_PROTECTED' });
    expect(await refusal('files', 'grant', { path: join(data, 'backup.json') })).toMatchObject({ code: 'SOURCE_PROTECTED', details: { protected: 'vault-key' } });
  });

  it('refuses the project file and its sidecars as SQLite or as a file', async () => {
    for (const location of [`sqlite:${projectPath}`, projectPath, `${projectPath}-wal`, `sqlite:${projectPath}-wal`, `${projectPath}-shm`]) {
      const answer = await call('connections', 'add', { name: 'project', location });
      expect(answer, location).toMatchObject({ kind: 'error' });
      const error = (answer as Extract<ServerMessage, { kind: 'error' }>).error;
      expect(error.code, location).toBe('SOURCE_PROTECTED');
      expect(error.hint).toMatch(/project file/);
    }
  });

  it('refuses a path nobody picked, before looking at it', async () => {
    const unpicked = await refusal('connections', 'add', { name: 'x', location: join(dir.path, 'unpicked.csv') });
    expect(unpicked.code).toBe('SOURCE_NOT_GRANTED');
    expect(unpicked.hint).toMatch(/file picker/);
    // A missing file says the same, so the API cannot probe what exists.
    expect(await refusal('connections', 'add', { name: 'x', location: join(dir.path, 'nothing-here.csv') })).toMatchObject({ code: 'SOURCE_NOT_GRANTED' });
    // Database servers are not files and need no pick.
    await expect(ok('connections', 'add', { name: 'pg', location: 'postgres://sis@127.0.0.1:1/school' })).resolves.toMatchObject({ kind: 'postgres' });
  });

  it('reads a picked file, and audits the pick, the discovery and the first preview', async () => {
    await expect(ok('files', 'grant', { path: join(data, 'pupils.csv') })).resolves.toEqual({ path: join(data, 'pupils.csv'), kind: 'file' });
    const conn = await ok<{ id: string }>('connections', 'add', { name: 'Pupils', location: join(data, 'pupils.csv') });
    await ok('connections', 'discover', { id: conn.id });
    const preview = await ok<{ rows: unknown[] }>('connections', 'preview', { id: conn.id, stream: 'pupils' });
    expect(preview.rows).toHaveLength(2);
    await ok('connections', 'preview', { id: conn.id, stream: 'pupils' });
    const audit = await ok<{ action: string; object: string; summary: string }[]>('audit', 'list', {});
    const actions = audit.map((e) => e.action);
    expect(actions).toContain('source.grant');
    expect(actions).toContain('source.refuse');
    expect(audit.find((e) => e.action === 'connection.discover' && e.object === `connection:${conn.id}`)?.summary).toContain(join(data, 'pupils.csv'));
    expect(audit.filter((e) => e.action === 'connection.preview' && e.object === `connection:${conn.id}`)).toHaveLength(1);
    // Only the path and what happened: nothing read from the file.
    expect(JSON.stringify(audit)).not.toMatch(/Ada|Grace/);
  });

  it('a picked folder does not expose the protected files inside it', async () => {
    writeFileSync(join(data, 'staff.csv'), 'id,name\n1,Alan\n');
    await ok('files', 'grant', { path: data });
    const folder = await ok<{ id: string }>('connections', 'add', { name: 'Exports', location: data });
    const catalog = await ok<{ streams: { name: string }[] }>('connections', 'discover', { id: folder.id });
    expect(catalog.streams.map((s) => s.name).sort()).toEqual(['pupils', 'staff']);
    expect(await refusal('connections', 'preview', { id: folder.id, stream: 'settings' })).toMatchObject({ code: 'STREAM_NOT_FOUND' });
    // Inside the granted folder, a protected file is still refused on its own.
    expect(await refusal('connections', 'add', { name: 'k', location: join(data, 'vault-key.json') })).toMatchObject({ code: 'SOURCE_PROTECTED' });
    // The picker marks them.
    const listing = await ok<{ entries: { name: string; protected: boolean }[] }>('files', 'browse', { path: data });
    expect(listing.entries.filter((e) => e.protected).map((e) => e.name).sort()).toEqual(['backup.json', 'settings.json', 'vault-key.json']);
    expect(listing.entries.find((e) => e.name === 'pupils.csv')).toMatchObject({ kind: 'file', protected: false, size: 22 });
  });

  it('keeps existing connections readable after the project is reopened by a new engine', async () => {
    const conns = await ok<{ id: string; name: string }[]>('connections', 'list');
    await engine.dispose();
    engine = createHostEngine({ host: 'web', configDir: config });
    await ok('projects', 'open', { path: projectPath });
    const pupils = conns.find((c) => c.name === 'Pupils')!;
    await expect(ok<{ rows: unknown[] }>('connections', 'preview', { id: pupils.id, stream: 'pupils' })).resolves.toMatchObject({ rows: [{ id: '1' }, { id: '2' }] });
    // A new session's grants start empty.
    expect(await refusal('connections', 'add', { name: 'again', location: join(data, 'staff.csv') })).toMatchObject({ code: 'SOURCE_NOT_GRANTED' });
  });

  it('a saved connection edited to point at the key file is still refused', async () => {
    const pupils = (await ok<{ id: string; name: string }[]>('connections', 'list')).find((c) => c.name === 'Pupils')!;
    await engine.dispose();
    const db = new Database(projectPath);
    db.prepare('UPDATE connections SET config_json = ? WHERE id = ?').run(JSON.stringify({ file: join(data, 'pupils.csv'), path: keyFile }), pupils.id);
    db.close();
    engine = createHostEngine({ host: 'web', configDir: config });
    await ok('projects', 'open', { path: projectPath });
    expect(await refusal('connections', 'preview', { id: pupils.id, stream: 'pupils' })).toMatchObject({ code: 'SOURCE_PROTECTED' });
    expect((await ok<{ action: string; object: string }[]>('audit', 'list', { action: 'source.refuse' })).some((e) => e.object === `connection:${pupils.id}`)).toBe(true);
  });

  it('in the desktop app, only the host (its file dialog) grants; the page cannot', async () => {
    const desktop = createHostEngine({ host: 'electron', configDir: join(dir.path, 'config-desktop') });
    try {
      await desktop.api.projects.create({ path: join(dir.path, 'desktop.apstudio') });
      await expect(desktop.api.files.grant({ path: join(data, 'staff.csv') })).rejects.toMatchObject({ code: 'SOURCE_NOT_GRANTED' });
      await expect(desktop.grant(join(data, 'staff.csv'), 'picked')).resolves.toMatchObject({ kind: 'file' });
      await expect(desktop.api.connections.add({ name: 'Staff', location: join(data, 'staff.csv') })).resolves.toMatchObject({ kind: 'csv' });
      await expect(desktop.grant(keyFile, 'picked')).rejects.toMatchObject({ code: 'SOURCE_PROTECTED' });
    } finally {
      await desktop.dispose();
    }
  });

  it("the demo's legacy database stays readable, although it sits in the configuration folder", async () => {
    const web = createHostEngine({ host: 'web', configDir: join(dir.path, 'config-demo') });
    try {
      const demo = await web.api.projects.openDemo({});
      expect(demo.path.startsWith(join(dir.path, 'config-demo'))).toBe(true);
      const [legacy] = await web.api.connections.list();
      const catalog = await web.api.connections.discover({ id: legacy.id });
      await expect(web.api.connections.preview({ id: legacy.id, stream: catalog.streams[0].name, limit: 1 })).resolves.toMatchObject({ stream: catalog.streams[0].name });
      // Its neighbours in that folder are still the studio's own.
      await expect(web.api.connections.add({ name: 'p', location: `sqlite:${demo.path}` })).rejects.toMatchObject({ code: 'SOURCE_PROTECTED' });
    } finally {
      await web.dispose();
    }
  }, 60_000);
});

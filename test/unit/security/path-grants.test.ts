import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createZipConnector } from '../../../src/main/engine/connectors/files';
import { createEngine } from '../../../src/main/engine/index';
import { createProjectFile } from '../../../src/main/engine/project/project-file';
import { PathGrants } from '../../../src/main/engine/security/path-grants';
import { protectedName, protectedReason, realPathOf } from '../../../src/main/engine/security/protected-paths';
import { tempDir } from '../../support/temp-dir';
import { buildZip } from '../connectors/files/support/zip-writer';

describe('protected paths', () => {
  const dir = tempDir();
  const config = join(dir.path, 'Config');
  mkdirSync(config);
  const options = { studioFolders: [config], caseInsensitive: false };
  afterAll(() => dir.cleanup());

  it('recognises the studio\'s own files by name, wherever they are and however spelled', () => {
    for (const name of ['vault-key.json', 'VAULT-KEY.JSON', '.vault-key.json.4242.a1b2c3.tmp', 'jobs/vault-key.json']) expect(protectedName(name), name).toBe('vault-key');
    for (const name of ['school.apstudio', 'school.APSTUDIO-wal', 'school.apstudio-shm', 'school.apstudio-journal', 'school.apstudio.lock', 'school.apstudio.partial', 'school.apstudio.partial-wal']) expect(protectedName(name), name).toBe('project-file');
    for (const name of ['demo.sandbox.sqlite', 'demo.sandbox.sqlite-wal', 'demo.sandbox.sqlite-shm']) expect(protectedName(name), name).toBe('sandbox-data');
    for (const name of ['pupils.csv', 'demo-legacy-school.sqlite', 'apstudio.csv', 'my-vault-keys.json']) expect(protectedName(name), name).toBeNull();
  });

  it('refuses the whole configuration folder, except what the open project vouches for', () => {
    writeFileSync(join(config, 'checkpoint.json'), '{}');
    expect(protectedReason(join(config, 'checkpoint.json'), options)).toBe('config-folder');
    expect(protectedReason(config, options)).toBe('config-folder');
    expect(protectedReason(join(config, 'demo', 'demo-legacy-school.sqlite'), { ...options, allowed: [join(config, 'demo', 'demo-legacy-school.sqlite')] })).toBeNull();
    expect(protectedReason(join(dir.path, 'pupils.csv'), options)).toBeNull();
  });

  it('compares paths ignoring case where the file system does', () => {
    const other = join(dir.path, 'config', 'checkpoint.json');
    expect(protectedReason(other, options)).toBeNull();
    expect(protectedReason(other, { ...options, caseInsensitive: true })).toBe('config-folder');
  });

  it('follows links and `..`, also for a file that does not exist yet', () => {
    const link = join(dir.path, 'shortcut');
    symlinkSync(config, link);
    expect(realPathOf(join(link, 'later.csv'))).toBe(join(realPathOf(config), 'later.csv'));
    expect(protectedReason(join(link, 'later.csv'), options)).toBe('config-folder');
    expect(protectedReason(join(dir.path, 'x', '..', 'Config', 'later.csv'), options)).toBe('config-folder');
  });

  it('recognises a renamed key file and a renamed project file (and its sidecar) by their first bytes', () => {
    writeFileSync(join(dir.path, 'backup.json'), JSON.stringify({ format: 'academia-studio-vault-key', version: 1, slots: [] }));
    expect(protectedReason(join(dir.path, 'backup.json'), options)).toBe('vault-key');
    const project = createProjectFile(join(dir.path, 'p.apstudio'), 'test', { name: 'P' });
    project.close();
    copyFileSync(join(dir.path, 'p.apstudio'), join(dir.path, 'copy.db'));
    writeFileSync(join(dir.path, 'copy.db-wal'), '');
    expect(protectedReason(join(dir.path, 'copy.db'), options)).toBe('project-file');
    expect(protectedReason(join(dir.path, 'copy.db-wal'), options)).toBe('project-file');
  });
});

describe('the grant store', () => {
  const dir = tempDir();
  const config = join(dir.path, 'config');
  const exports = join(dir.path, 'exports');
  mkdirSync(config);
  mkdirSync(join(exports, 'term1'), { recursive: true });
  writeFileSync(join(exports, 'term1', 'pupils.csv'), 'id\n1\n');
  writeFileSync(join(dir.path, 'elsewhere.csv'), 'id\n1\n');
  afterAll(() => dir.cleanup());

  it('a picked folder covers what it holds, and nothing beside it', () => {
    const grants = new PathGrants({ studioFolders: [config] });
    expect(grants.isGranted(join(exports, 'term1', 'pupils.csv'))).toBe(false);
    expect(grants.grant(exports, 'picked')).toMatchObject({ kind: 'folder', origin: 'picked' });
    expect(grants.requireReadable(join(exports, 'term1', 'pupils.csv'))).toBe(join(realPathOf(exports), 'term1', 'pupils.csv'));
    expect(() => grants.requireReadable(join(dir.path, 'elsewhere.csv'))).toThrow(expect.objectContaining({ code: 'SOURCE_NOT_GRANTED' }));
    expect(() => grants.requireReadable(join(exports, '..', 'elsewhere.csv'))).toThrow(expect.objectContaining({ code: 'SOURCE_NOT_GRANTED' }));
    expect(grants.list()).toHaveLength(1);
  });

  it('refuses to grant a missing path or a protected one', () => {
    const grants = new PathGrants({ studioFolders: [config] });
    expect(() => grants.grant(join(dir.path, 'missing.csv'), 'picked')).toThrow(expect.objectContaining({ code: 'SOURCE_NOT_FOUND' }));
    expect(() => grants.grant(config, 'picked')).toThrow(expect.objectContaining({ code: 'SOURCE_PROTECTED' }));
  });

  it('the command line\'s engine grants what it is asked, but never a protected file', () => {
    const grants = new PathGrants({ studioFolders: [config], callerChooses: true });
    expect(grants.requireReadable(join(dir.path, 'elsewhere.csv'))).toBe(join(realPathOf(dir.path), 'elsewhere.csv'));
    expect(() => grants.requireReadable(join(config, 'vault-key.json'))).toThrow(expect.objectContaining({ code: 'SOURCE_PROTECTED' }));
  });

  it('a zip source leaves out entries named like the studio\'s own files', async () => {
    const zip = join(exports, 'bundle.zip');
    writeFileSync(zip, buildZip([{ name: 'pupils.csv', data: 'id\n1\n' }, { name: 'keys/vault-key.json', data: '{"format":"academia-studio-vault-key"}' }]));
    const grants = new PathGrants({ studioFolders: [config] });
    const connector = createZipConnector({ path: zip }, null, { excludeFile: grants.fileGuard().excludes });
    try {
      expect((await connector.discover()).map((s) => s.name)).toEqual(['pupils']);
    } finally {
      await connector.close();
    }
  });

  it('the CLI\'s direct source commands (the sources service of the command line\'s engine) refuse the studio\'s own files too', async () => {
    const engine = createEngine({ host: 'cli' });
    const { sources } = engine.api;
    try {
      const project = join(dir.path, 'school.apstudio');
      await expect(sources.describe({ location: `sqlite:${project}` })).rejects.toMatchObject({ code: 'SOURCE_PROTECTED' });
      await expect(sources.open({ location: join(process.env.APSTUDIO_CONFIG_DIR ?? config, 'vault-key.json') })).rejects.toMatchObject({ code: 'SOURCE_PROTECTED' });
      // A folder source leaves the studio's own files out of its listing.
      const folder = join(dir.path, 'handover');
      mkdirSync(folder);
      writeFileSync(join(folder, 'pupils.csv'), 'id\n1\n');
      writeFileSync(join(folder, 'vault-key.json'), '{"format":"academia-studio-vault-key"}');
      const opened = await sources.open({ location: folder });
      expect((await sources.discover({ sourceId: opened.sourceId })).streams.map((s) => s.name)).toEqual(['pupils']);
      expect(await sources.describe({ location: 'mysql://sis:pw@127.0.0.1:1/school' })).toMatchObject({ kind: 'mysql', hasPassword: true });
    } finally {
      await engine.dispose();
    }
  });
});

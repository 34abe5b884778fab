import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronSqliteBindingPath } from '../../../scripts/build-electron-sqlite.mjs';
import { chooseSqliteBinding, devSqliteBindingPath, packagedSqliteBindingPath, SQLITE_BINDING_ENV } from '../../../src/main/window/sqlite-binding';

const base = {
  env: {},
  isPackaged: false,
  appRoot: '/src/studio',
  resourcesPath: '/opt/studio/resources',
  platform: 'linux' as NodeJS.Platform,
  arch: 'x64',
};

describe('Electron build of better-sqlite3', () => {
  it('lives where the build script writes it, for every os and arch', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as NodeJS.Platform[]) {
      for (const arch of ['x64', 'arm64', 'ia32']) {
        expect(devSqliteBindingPath('/r', platform, arch)).toBe(electronSqliteBindingPath('/r', platform, arch));
      }
    }
    expect(devSqliteBindingPath('/r', 'win32', 'x64')).toBe(join('/r', 'native', 'electron', 'win-x64', 'better_sqlite3.node'));
    expect(devSqliteBindingPath('/r', 'darwin', 'arm64')).toBe(join('/r', 'native', 'electron', 'mac-arm64', 'better_sqlite3.node'));
  });

  it('prefers a path already given in APSTUDIO_SQLITE_BINDING', () => {
    const choice = chooseSqliteBinding({ ...base, env: { [SQLITE_BINDING_ENV]: '/custom/b.node' }, exists: () => false });
    expect(choice).toEqual({ path: '/custom/b.node', source: 'environment' });
  });

  it('uses the installed copy in a packaged app and the checkout copy otherwise', () => {
    const packaged = chooseSqliteBinding({ ...base, isPackaged: true, exists: () => true });
    expect(packaged).toEqual({ path: packagedSqliteBindingPath('/opt/studio/resources'), source: 'packaged' });
    expect(packaged.path).toBe(join('/opt/studio/resources', 'native', 'better_sqlite3.node'));
    const checkout = chooseSqliteBinding({ ...base, exists: () => true });
    expect(checkout).toEqual({ path: join('/src/studio', 'native', 'electron', 'linux-x64', 'better_sqlite3.node'), source: 'checkout' });
  });

  it('says where it looked when the file is missing', () => {
    const choice = chooseSqliteBinding({ ...base, exists: () => false });
    expect(choice).toEqual({ path: null, expected: join('/src/studio', 'native', 'electron', 'linux-x64', 'better_sqlite3.node') });
  });
});

import { join } from 'node:path';

/**
 * better-sqlite3 is a native module: the copy in node_modules is compiled for Node's ABI (tests,
 * CLI, web host) and does not load in Electron. The desktop app therefore loads a second copy,
 * compiled for Electron, from its own folder, and tells the engine process where it is through
 * this environment variable (the engine passes it to better-sqlite3 as `nativeBinding`).
 */
export const SQLITE_BINDING_ENV = 'APSTUDIO_SQLITE_BINDING';
export const SQLITE_BINDING_FILE = 'better_sqlite3.node';

/** electron-builder's `${os}` names; scripts/build-electron-sqlite.mjs uses the same layout. */
export function builderOsName(platform: NodeJS.Platform): 'mac' | 'win' | 'linux' {
  if (platform === 'darwin') return 'mac';
  if (platform === 'win32') return 'win';
  return 'linux';
}

/** In a source checkout: native/electron/<os>-<arch>/better_sqlite3.node. */
export function devSqliteBindingPath(appRoot: string, platform: NodeJS.Platform, arch: string): string {
  return join(appRoot, 'native', 'electron', `${builderOsName(platform)}-${arch}`, SQLITE_BINDING_FILE);
}

/** In an installed app: <resources>/native/better_sqlite3.node (electron-builder extraResources). */
export function packagedSqliteBindingPath(resourcesPath: string): string {
  return join(resourcesPath, 'native', SQLITE_BINDING_FILE);
}

export type SqliteBindingChoice =
  | { path: string; source: 'environment' | 'packaged' | 'checkout' }
  | { path: null; expected: string };

/**
 * Which Electron build of better-sqlite3 the engine process gets: one already named in the
 * environment wins (a packager or a developer overriding it), then the installed app's copy,
 * then the checkout's. `expected` says where it was looked for when none exists.
 */
export function chooseSqliteBinding(input: {
  env: Record<string, string | undefined>;
  isPackaged: boolean;
  appRoot: string;
  resourcesPath: string;
  platform: NodeJS.Platform;
  arch: string;
  exists: (path: string) => boolean;
}): SqliteBindingChoice {
  const fromEnv = input.env[SQLITE_BINDING_ENV];
  if (fromEnv) return { path: fromEnv, source: 'environment' };
  const expected = input.isPackaged
    ? packagedSqliteBindingPath(input.resourcesPath)
    : devSqliteBindingPath(input.appRoot, input.platform, input.arch);
  if (input.exists(expected)) return { path: expected, source: input.isPackaged ? 'packaged' : 'checkout' };
  return { path: null, expected };
}

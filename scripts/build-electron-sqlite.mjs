// Builds better-sqlite3 for Electron's ABI into its own folder,
//   native/electron/<os>-<arch>/better_sqlite3.node      (<os>: mac | win | linux)
// leaving node_modules/better-sqlite3 (the Node build that tests, the CLI and the web host load)
// untouched. The desktop app's main process hands that path to the engine process in
// APSTUDIO_SQLITE_BINDING (docs/electron.md).
//
//   node scripts/build-electron-sqlite.mjs [--arch x64|arm64|ia32] [--platform linux|win32|darwin] [--force]
//
// electron-builder runs it as its beforePack hook (electron-builder.yml) for every target, and
// the installers carry the result as resources/native/better_sqlite3.node. Needs the network
// once per Electron version: a prebuilt binary, or Electron's headers for a local compile.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const defaultRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BINDING_FILE = 'better_sqlite3.node';

/** electron-builder's `${os}` name for a Node platform (src/main/window/sqlite-binding.ts agrees). */
export function builderOsName(platform) {
  if (platform === 'darwin' || platform === 'mas') return 'mac';
  if (platform === 'win32') return 'win';
  return 'linux';
}

/** Where the Electron build for a target lives in a checkout. */
export function electronSqliteBindingPath(root, platform, arch) {
  return join(root, 'native', 'electron', `${builderOsName(platform)}-${arch}`, BINDING_FILE);
}

function readVersion(root, packageName) {
  return JSON.parse(readFileSync(join(root, 'node_modules', packageName, 'package.json'), 'utf8')).version;
}

/**
 * Builds (or reuses) the Electron-ABI binding for one target. Reuse needs the same Electron and
 * better-sqlite3 versions as the last build, recorded beside the binary in build-info.json.
 */
export async function buildElectronSqlite({ root = defaultRoot, platform = process.platform, arch = process.arch, electronVersion, force = false, log = console.log } = {}) {
  const electron = electronVersion ?? readVersion(root, 'electron');
  const sqliteVersion = readVersion(root, 'better-sqlite3');
  const target = electronSqliteBindingPath(root, platform, arch);
  const infoFile = join(dirname(target), 'build-info.json');
  const wanted = { electronVersion: electron, betterSqlite3Version: sqliteVersion, platform, arch };

  if (!force && existsSync(target) && existsSync(infoFile)) {
    const built = JSON.parse(readFileSync(infoFile, 'utf8'));
    if (built.electronVersion === electron && built.betterSqlite3Version === sqliteVersion) {
      log(`better-sqlite3 ${sqliteVersion} for Electron ${electron} (${platform}-${arch}) is already built: ${target}`);
      return target;
    }
  }

  // A private copy of the package, so @electron/rebuild compiles there and not in node_modules.
  const stage = join(root, 'native', '.stage', `${builderOsName(platform)}-${arch}`);
  rmSync(stage, { recursive: true, force: true });
  const stagedModule = join(stage, 'node_modules', 'better-sqlite3');
  const source = join(root, 'node_modules', 'better-sqlite3');
  mkdirSync(stagedModule, { recursive: true });
  cpSync(source, stagedModule, {
    recursive: true,
    filter: (file) => !file.startsWith(join(source, 'build') + sep) && file !== join(source, 'build') && !file.startsWith(join(source, 'prebuilds')),
  });
  writeFileSync(join(stage, 'package.json'), JSON.stringify({ name: 'apstudio-electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }, null, 2));

  log(`Building better-sqlite3 ${sqliteVersion} for Electron ${electron} (${platform}-${arch}) in ${stage} ...`);
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({ buildPath: stage, electronVersion: electron, platform, arch, onlyModules: ['better-sqlite3'], force: true, mode: 'sequential' });

  const built = join(stagedModule, 'build', 'Release', BINDING_FILE);
  if (!existsSync(built)) {
    throw new Error(`@electron/rebuild finished but ${built} is missing; see its output above.`);
  }
  mkdirSync(dirname(target), { recursive: true });
  cpSync(built, target);
  writeFileSync(infoFile, JSON.stringify({ ...wanted, builtAt: new Date().toISOString() }, null, 2));
  rmSync(stage, { recursive: true, force: true });
  log(`Wrote ${target}`);
  return target;
}

const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/** electron-builder hook: build the binding for the platform and arch being packed. */
export async function beforePack(context) {
  const arch = typeof context.arch === 'number' ? ARCH_NAMES[context.arch] : String(context.arch);
  if (arch === 'universal') {
    throw new Error('Universal macOS builds need one better-sqlite3 per architecture; build the x64 and arm64 targets separately (docs/electron.md).');
  }
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
  const root = context.packager?.info?.projectDir ?? defaultRoot;
  const electronVersion = context.packager?.config?.electronVersion ?? context.packager?.info?.framework?.version;
  await buildElectronSqlite({ root, platform, arch, electronVersion });
}

export default beforePack;

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({
    options: { arch: { type: 'string' }, platform: { type: 'string' }, force: { type: 'boolean', default: false } },
  });
  buildElectronSqlite({ arch: values.arch, platform: values.platform, force: values.force }).catch((error) => {
    console.error(`Could not build better-sqlite3 for Electron: ${error instanceof Error ? error.message : String(error)}`);
    console.error('It needs the network once (a prebuilt binary or Electron headers). Without it, use the browser version: npm run cli -- serve --demo --open');
    process.exit(1);
  });
}

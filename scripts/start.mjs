// `npm start`: opens the studio in its desktop window when Electron's binary is installed, and
// in the browser (the web host on 127.0.0.1) when it is not, e.g. where the Electron download
// was blocked. The decision looks at files only; it never loads the electron package (which
// would try to download the binary) and never runs `electron-vite dev`.
//
//   npm start [-- PROJECT.apstudio | --project PATH | --demo]
//   APSTUDIO_START_HOST=web npm start      (the browser even when Electron is installed)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';
import { electronSqliteBindingPath } from './build-electron-sqlite.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const README_HINT = 'see README.md and docs/electron.md ("When the Electron download is blocked")';

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  return result.status === 0;
}

/** Builds out/ with electron-vite when a bundle a host needs is missing. */
function ensureBuilt(needsDesktop) {
  const needed = ['out/main/cli.js', 'out/renderer/index.html'];
  if (needsDesktop) needed.push('out/main/index.js', 'out/main/engine-process.js', 'out/preload/index.cjs');
  const missing = needed.filter((file) => !existsSync(join(root, file)));
  if (missing.length === 0) return;
  console.log(`Building the studio first (${missing.join(', ')} missing) ...`);
  const electronVite = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  if (!run(process.execPath, [electronVite, 'build'])) {
    console.error('The build failed (see above). Fix it, or run `npm run build` to see the errors again.');
    process.exit(1);
  }
}

/** The Electron build of better-sqlite3, built on first use when it can be; false when it cannot. */
function ensureElectronSqlite() {
  if (process.env.APSTUDIO_SQLITE_BINDING) return true;
  if (existsSync(electronSqliteBindingPath(root, process.platform, process.arch))) return true;
  console.log("Building the database module for Electron (once; it needs the network) ...");
  return run(process.execPath, [join(root, 'scripts', 'build-electron-sqlite.mjs')]);
}

/** Runs the child in the foreground: signals go to it, its exit code becomes ours. */
function runForeground(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const signals = process.platform === 'win32' ? ['SIGINT', 'SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, () => forward(signal));
  child.on('error', (error) => {
    console.error(`Could not start ${command}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? (signal ? 128 + (signalNumber(signal) ?? 1) : 1));
  });
}

function signalNumber(signal) {
  return { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }[signal];
}

/** True when the command line already says what to open (a project, or the demo). */
function namesProject(list) {
  return list.some((a) => a === '--demo' || a === '--project' || a.startsWith('--project=') || a.toLowerCase().endsWith('.apstudio'));
}

function startInBrowser() {
  ensureBuilt(false);
  const serveArgs = ['serve'];
  args.forEach((arg, i) => {
    // A bare project path (what double-clicking would pass) becomes --project for the web host.
    const isValueOfProject = i > 0 && args[i - 1] === '--project';
    if (!isValueOfProject && !arg.startsWith('-') && arg.toLowerCase().endsWith('.apstudio')) serveArgs.push('--project', arg);
    else serveArgs.push(arg);
  });
  if (!namesProject(args)) serveArgs.push('--demo');
  if (!args.includes('--open')) serveArgs.push('--open');
  runForeground(process.execPath, [join(root, 'bin', 'academia-studio.mjs'), ...serveArgs]);
}

function startDesktop(binary) {
  ensureBuilt(true);
  if (!ensureElectronSqlite()) {
    console.log(`The database module for Electron could not be built — starting the studio in your browser instead; ${README_HINT}.`);
    startInBrowser();
    return;
  }
  const env = { ...process.env };
  // Set by some tools; it would make Electron run the app as plain Node without a window.
  delete env.ELECTRON_RUN_AS_NODE;
  // Like the browser fallback: the demo project unless the command names one.
  runForeground(binary, ['.', ...args, ...(namesProject(args) ? [] : ['--demo'])], env);
}

const wanted = (process.env.APSTUDIO_START_HOST ?? '').toLowerCase();
const binary = wanted === 'web' ? null : findElectronBinary({ root });

if (binary) {
  startDesktop(binary);
} else {
  if (wanted === 'web') console.log('APSTUDIO_START_HOST=web — starting the studio in your browser.');
  else console.log(`Electron's binary is not installed here (the download was blocked?) — starting the studio in your browser instead; ${README_HINT}.`);
  startInBrowser();
}

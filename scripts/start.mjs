// `npm start`: opens the studio in its desktop window when Electron's binary is installed, and
// in the browser (the web host on 127.0.0.1) when it is not, e.g. where the Electron download
// was blocked. The decision looks at files only; it never loads the electron package (which
// would try to download the binary) and never runs `electron-vite dev`.
//
//   npm start [-- PROJECT.apstudio | --project PATH | --demo]
//   APSTUDIO_START_HOST=web npm start      (the browser even when Electron is installed)
//   APSTUDIO_START_NO_OPEN=1 npm start     (print the studio's address, open no browser)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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

/** How long a child may take to stop after being asked before it is killed. */
const STOP_GRACE_MS = Number(process.env.APSTUDIO_START_STOP_GRACE_MS) || 10_000;

/**
 * Runs the child in the foreground: its exit code becomes ours, and it never outlives us.
 * Whichever process is told to stop — the npm process (which passes SIGINT/SIGTERM on to this
 * script), this script, or the child itself — the others follow:
 * - a stop signal here (SIGINT, SIGTERM, SIGHUP) is passed on to the child once; a child that
 *   has not stopped within STOP_GRACE_MS is killed;
 * - if our own parent goes away (npm or the terminal killed without passing a signal on), we
 *   stop the child the same way;
 * - the child gets APSTUDIO_EXIT_WITH_PARENT=<our pid>, so even if this script is killed outright
 *   (SIGKILL) the studio server notices and stops (src/main/hosts/cli/stop-signals.ts).
 */
function runForeground(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...env, APSTUDIO_EXIT_WITH_PARENT: String(process.pid) } });
  const running = () => child.exitCode === null && child.signalCode === null;
  let stopping = false;
  const stop = (signal) => {
    if (stopping || !running()) return;
    stopping = true;
    child.kill(signal);
    setTimeout(() => {
      if (running()) child.kill('SIGKILL');
    }, STOP_GRACE_MS).unref();
  };
  const signals = process.platform === 'win32' ? ['SIGINT', 'SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, () => stop(signal));
  const parent = process.ppid;
  const launcher = npmProcess();
  const watch = setInterval(() => {
    if (process.ppid !== parent || (launcher && !isAlive(launcher))) stop('SIGTERM');
  }, 1000);
  child.on('error', (error) => {
    console.error(`Could not start ${command}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    clearInterval(watch);
    process.exit(code ?? (signal ? 128 + (signalNumber(signal) ?? 1) : 1));
  });
}

/**
 * Under `npm start` our parent is the shell npm runs scripts in (npm → sh → this script); when
 * npm itself is killed (SIGHUP, SIGKILL) that shell stays, so watch npm too. Linux only (/proc);
 * elsewhere the parent watch and the signals npm passes on remain.
 */
function npmProcess() {
  if (!process.env.npm_lifecycle_event || process.platform !== 'linux') return null;
  try {
    const stat = readFileSync(`/proc/${process.ppid}/stat`, 'utf8');
    // "pid (comm) state ppid ..." — comm may hold spaces, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const command = readFileSync(`/proc/${process.ppid}/cmdline`, 'utf8');
    // Only when the parent is npm's script shell; run straight from npm, the parent is npm.
    return /^(?:\/bin\/|\/usr\/bin\/)?(?:sh|bash|dash)\0-c\0/.test(command) && ppid > 1 ? ppid : null;
  } catch {
    return null;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function signalNumber(signal) {
  return { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }[signal];
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
  // APSTUDIO_START_NO_OPEN=1: print the address only (tests, machines without a browser).
  if (!args.includes('--open') && process.env.APSTUDIO_START_NO_OPEN !== '1') serveArgs.push('--open');
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

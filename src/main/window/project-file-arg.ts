import { resolve } from 'node:path';

/** The extension of studio project files (the desktop app's file association). */
export const PROJECT_FILE_EXTENSION = '.apstudio';

/**
 * The project file the OS asked the app to open: Windows and Linux pass it on the command line
 * (first launch and, through the single-instance lock, `second-instance`); macOS uses the
 * `open-file` event instead. Relative paths are resolved against the launching process's
 * working directory. `--project PATH` is understood too, as `npm start` passes it along.
 */
export function projectFileFromArgv(argv: readonly string[], cwd: string): string | null {
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    // `npm start -- --project PATH` passes the web host's spelling through to the desktop app.
    if (arg === '--project' && args[i + 1]) return resolve(cwd, args[i + 1]);
    if (arg.startsWith('--project=') && arg.length > '--project='.length) return resolve(cwd, arg.slice('--project='.length));
    if (arg.startsWith('-')) continue;
    if (arg.toLowerCase().endsWith(PROJECT_FILE_EXTENSION)) return resolve(cwd, arg);
  }
  return null;
}

/** What the command line asks the desktop app to open at start. */
export type LaunchRequest = { kind: 'project'; path: string } | { kind: 'demo' };

/**
 * A project file wins; otherwise `--demo` (what `npm start` passes when no project is named)
 * opens the demo project, as the browser fallback does.
 */
export function launchRequestFromArgv(argv: readonly string[], cwd: string): LaunchRequest | null {
  const path = projectFileFromArgv(argv, cwd);
  if (path) return { kind: 'project', path };
  if (argv.slice(1).includes('--demo')) return { kind: 'demo' };
  return null;
}

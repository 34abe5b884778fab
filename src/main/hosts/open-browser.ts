import { spawn } from 'node:child_process';

/**
 * The program that opens a URL in the person's browser: `APSTUDIO_OPEN_WITH` when set (a program
 * run with the URL as its only argument; the tests put a stand-in there to see its argv), else
 * the platform's own opener.
 */
export function browserOpener(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): { command: string; args: (url: string) => string[] } {
  const custom = env.APSTUDIO_OPEN_WITH?.trim();
  if (custom) return { command: custom, args: (url) => [url] };
  if (platform === 'win32') return { command: 'cmd', args: (url) => ['/c', 'start', '', url] };
  return { command: platform === 'darwin' ? 'open' : 'xdg-open', args: (url) => [url] };
}

/**
 * Opens `url` in a browser, best effort: the address is printed anyway, so a machine without a
 * browser still works. The opener's and the browser's command lines are readable by every local
 * account (`ps`), so `url` must never carry the session token: callers pass the web host's
 * `launchUrl()`, whose one-time code is spent by the first page that uses it.
 */
export function openBrowser(url: string, onFailure: () => void, env: NodeJS.ProcessEnv = process.env): void {
  const opener = browserOpener(env);
  try {
    const child = spawn(opener.command, opener.args(url), { stdio: 'ignore', detached: true });
    child.on('error', onFailure);
    child.unref();
  } catch {
    onFailure();
  }
}

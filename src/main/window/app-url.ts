import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The built renderer is served from `studio://app/` rather than file://: a custom standard
 * scheme gives the page a real origin (so `'self'` in the CSP means something), lets the shell
 * attach security headers to every response, and keeps the rest of the disk out of reach.
 */
export const APP_SCHEME = 'studio';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Where the page may come from: the built app, or the Vite dev server while developing. */
export interface AppOrigins {
  appOrigin: string;
  devServerOrigin?: string;
}

/**
 * Maps a `studio://app/...` URL to a file under the built renderer folder, or null when the URL
 * is not ours or would escape the folder (`..`, encoded separators, absolute paths).
 * Extension-less paths fall back to index.html so client-side routes reload cleanly.
 */
export function resolveAppAsset(rendererDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const root = resolve(rendererDir);
  const lastSegment = path.split('/').pop() ?? '';
  const wanted = path === '/' || path === '' || !lastSegment.includes('.') ? '/index.html' : path;
  const file = resolve(root, `.${wanted}`);
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return null;
  return file;
}

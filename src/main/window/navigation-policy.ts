import type { AppOrigins } from './app-url';

/**
 * Pure decisions behind the window's guards (navigation, new windows, permissions, network),
 * kept apart from Electron so they are unit-tested.
 */

/** True when `url` belongs to the studio's own page (built app or dev server). */
export function isAppUrl(url: string, origins: AppOrigins): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  return sameOrigin(parsed, origins.appOrigin) || (origins.devServerOrigin !== undefined && sameOrigin(parsed, origins.devServerOrigin));
}

/**
 * A network request the page may make. The built app makes none (the engine is behind a
 * MessagePort); the dev server needs its own HTTP and WebSocket origin.
 */
export function isAllowedRequest(url: string, origins: AppOrigins): boolean {
  const dev = origins.devServerOrigin;
  if (!dev) return false;
  const parsed = parse(url);
  if (!parsed) return false;
  return sameOrigin(parsed, dev) || sameOrigin(parsed, dev.replace(/^http/, 'ws'));
}

/**
 * Links the OS browser may open: http(s) only, to a host on the allow-list (an entry
 * `*.example.org` also admits its subdomains), without user:password in the URL.
 */
export function isAllowedExternalUrl(url: string, allowedHosts: readonly string[]): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  if (parsed.username || parsed.password) return false;
  const host = parsed.hostname.toLowerCase();
  return allowedHosts.some((entry) => {
    const wanted = entry.trim().toLowerCase();
    if (!wanted) return false;
    if (wanted.startsWith('*.')) return host.endsWith(wanted.slice(1)) || host === wanted.slice(2);
    return host === wanted;
  });
}

/**
 * Hosts the studio opens in the OS browser. The interface links to no outside site today; a
 * school's IT adds its own (the Academia Pro tenant, its help desk) with
 * APSTUDIO_EXTERNAL_LINK_HOSTS="academia.example.org,*.help.example.org".
 */
export function externalLinkHosts(env: Record<string, string | undefined>): string[] {
  return (env.APSTUDIO_EXTERNAL_LINK_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
}

/**
 * Permissions the page may have. Only writing to the clipboard (the "copy" buttons beside
 * error details and IDs), and only for the studio's own page; camera, microphone, location,
 * notifications, USB, HID, serial and the rest are refused.
 */
export function isPermissionAllowed(permission: string, requestingUrl: string, origins: AppOrigins): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl, origins);
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

// WHATWG URL gives custom schemes the origin "null", so compare the parts instead.
function sameOrigin(url: URL, origin: string): boolean {
  const wanted = parse(origin);
  if (!wanted) return false;
  return url.protocol === wanted.protocol && url.hostname === wanted.hostname && effectivePort(url) === effectivePort(wanted);
}

function effectivePort(url: URL): string {
  if (url.port) return url.port;
  if (url.protocol === 'http:' || url.protocol === 'ws:') return '80';
  if (url.protocol === 'https:' || url.protocol === 'wss:') return '443';
  return '';
}

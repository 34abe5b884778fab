/** Where the web host's access token is remembered for the browser tab's lifetime. */
export const TOKEN_STORAGE_KEY = 'academia-studio.access-token';

/** The parts of `window` the token handling needs (injectable for tests). */
export interface TokenEnvironment {
  location: { href: string };
  history: { state: unknown; replaceState(data: unknown, unused: string, url?: string | URL | null): void };
  sessionStorage?: Pick<Storage, 'getItem' | 'setItem'>;
}

/**
 * The access token printed by `npm start` / `academia-studio serve`. It arrives once in the page
 * URL (`?token=`); it is then kept in sessionStorage (so a reload keeps working) and removed from
 * the address bar (so it does not end up in screenshots, bookmarks or shared links).
 */
export function takeAccessToken(env: TokenEnvironment): string | null {
  const url = new URL(env.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      env.sessionStorage?.setItem(TOKEN_STORAGE_KEY, fromUrl);
    } catch {
      // Storage can be disabled (private mode, policy); the token still works for this page.
    }
    url.searchParams.delete('token');
    env.history.replaceState(env.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  try {
    return env.sessionStorage?.getItem(TOKEN_STORAGE_KEY) || null;
  } catch {
    return null;
  }
}

/** The web host's RPC endpoint on the same host as the page, `wss:` when the page is `https:`. */
export function rpcUrl(location: { protocol: string; host: string }, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/rpc?token=${encodeURIComponent(token)}`;
}

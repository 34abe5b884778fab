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

/** How the page proves it may use the engine: the session token, or a one-time launch code. */
export type AccessCredential = { kind: 'token'; token: string } | { kind: 'code'; code: string };

/**
 * Like takeAccessToken, but also takes the one-time launch code (`?code=`) that `serve --open`
 * puts in the link it gives the browser instead of the token (a browser's command line is
 * visible to every local account). A code wins over a remembered token, which may be from an
 * earlier start of the engine; it is removed from the address bar at once, because it is spent
 * the moment the page uses it. The token it is traded for arrives over the socket
 * (rememberAccessToken).
 */
export function takeAccessCredential(env: TokenEnvironment): AccessCredential | null {
  const url = new URL(env.location.href);
  const code = url.searchParams.get('code');
  if (code) {
    url.searchParams.delete('code');
    url.searchParams.delete('token');
    env.history.replaceState(env.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return { kind: 'code', code };
  }
  const token = takeAccessToken(env);
  return token ? { kind: 'token', token } : null;
}

/** Keeps the token a launch code was traded for, as a token from the address would be. */
export function rememberAccessToken(env: TokenEnvironment, token: string): void {
  try {
    env.sessionStorage?.setItem(TOKEN_STORAGE_KEY, token);
  } catch {
    // As in takeAccessToken: without storage the token still works until the page reloads.
  }
}

/** The web host's RPC endpoint on the same host as the page, `wss:` when the page is `https:`. */
export function rpcUrl(location: { protocol: string; host: string }, token: string): string {
  return `${rpcBase(location)}?token=${encodeURIComponent(token)}`;
}

/** The endpoint for the first socket of a page opened with a launch code. */
export function launchRpcUrl(location: { protocol: string; host: string }, code: string): string {
  return `${rpcBase(location)}?code=${encodeURIComponent(code)}`;
}

function rpcBase(location: { protocol: string; host: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/rpc`;
}

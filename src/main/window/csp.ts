/**
 * The studio's Content Security Policy, one source for every host: the desktop shell sends it
 * with each page it serves (studio:// protocol, and the dev server through
 * session.webRequest), and the web host sends the same header from 127.0.0.1.
 *
 * Everything is same-origin: no inline or eval'd script, no remote origins, no plugins, no
 * frames. The engine is reached through a MessagePort (desktop) or a same-origin WebSocket
 * (web host), so `connect-src 'self'` is enough.
 */
export interface CspOptions {
  /**
   * Origin of the Vite dev server (`http://localhost:5173`) during `electron-vite dev`. Vite's
   * hot reload needs an inline bootstrap script, injected styles and its WebSocket, so this
   * loosens the policy for that origin; never set it for a built app.
   */
  devServerOrigin?: string;
  /** Extra sources for `connect-src` (e.g. an explicit `ws://127.0.0.1:PORT` for the web host). */
  connectSources?: readonly string[];
}

export function buildContentSecurityPolicy(options: CspOptions = {}): string {
  const dev = options.devServerOrigin;
  const devSocket = dev ? dev.replace(/^http/, 'ws') : undefined;
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', dev ? ["'self'", "'unsafe-inline'", dev] : ["'self'"]],
    ['style-src', dev ? ["'self'", "'unsafe-inline'", dev] : ["'self'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', ["'self'", ...(options.connectSources ?? []), ...(dev && devSocket ? [dev, devSocket] : [])]],
    ['worker-src', ["'self'"]],
    ['media-src', ["'none'"]],
    ['object-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['child-src', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['form-action', ["'none'"]],
    ['base-uri', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** The policy of a built app (desktop and web host alike). */
export const CONTENT_SECURITY_POLICY = buildContentSecurityPolicy();

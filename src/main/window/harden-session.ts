import type { Session } from 'electron';
import type { AppOrigins } from './app-url';
import { buildContentSecurityPolicy } from './csp';
import { isAllowedRequest, isPermissionAllowed } from './navigation-policy';

/**
 * Session-wide guards: permissions refused (clipboard writes from our page excepted), network
 * requests from pages refused (the built app needs none; the dev server is the exception), and
 * the CSP added to the dev server's pages, which Vite serves without one.
 */
export function hardenSession(session: Session, origins: AppOrigins): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl || contents.getURL(), origins));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin, origins));
  session.setDevicePermissionHandler(() => false);

  session.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url, origins) });
  });

  const dev = origins.devServerOrigin;
  if (dev) {
    const policy = buildContentSecurityPolicy({ devServerOrigin: dev });
    session.webRequest.onHeadersReceived({ urls: [`${dev}/*`] }, (details, callback) => {
      const headers = Object.fromEntries(
        Object.entries(details.responseHeaders ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy'),
      );
      callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [policy] } });
    });
  }
}

import { pathToFileURL } from 'node:url';
import { net, protocol, type Session } from 'electron';
import { appResponseHeaders } from './app-headers';
import { APP_SCHEME, resolveAppAsset } from './app-url';

/** Must run before `app.ready`: gives studio:// an origin, fetch and module-script support. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

/** Serves the built renderer folder (and nothing else) on studio://app/ in the given session. */
export function serveAppScheme(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const file = request.method === 'GET' ? resolveAppAsset(rendererDir, request.url) : null;
    if (!file) return notFound();
    try {
      const response = await net.fetch(pathToFileURL(file).toString());
      if (!response.ok) return notFound();
      return new Response(response.body, { status: 200, headers: appResponseHeaders(file) });
    } catch {
      return notFound();
    }
  });
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}

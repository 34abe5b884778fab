import { describe, expect, it } from 'vitest';
import { appResponseHeaders } from '../../../src/main/window/app-headers';
import { buildContentSecurityPolicy, CONTENT_SECURITY_POLICY } from '../../../src/main/window/csp';
import { SECURE_WEB_PREFERENCES, studioWebPreferences } from '../../../src/main/window/web-preferences';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

describe('window web preferences', () => {
  it('isolate the page: context isolation and sandbox on, no Node.js anywhere, web security on', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(Object.isFrozen(SECURE_WEB_PREFERENCES)).toBe(true);
  });

  it('keeps the switches when the preload path is added', () => {
    const prefs = studioWebPreferences('/app/out/preload/index.cjs');
    expect(prefs).toMatchObject(SECURE_WEB_PREFERENCES);
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
  });
});

describe('content security policy', () => {
  const built = directives(CONTENT_SECURITY_POLICY);

  it('allows scripts from the app itself only: no inline script, no eval, no remote origin', () => {
    const script = built.get('script-src');
    expect(script).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe-eval|strict-dynamic/);
  });

  it('names no remote origin and no wildcard in any directive', () => {
    for (const [name, sources] of built) {
      for (const source of sources) {
        expect(source, `${name} ${source}`).not.toMatch(/^(https?|wss?):/);
        expect(source, `${name} ${source}`).not.toContain('*');
      }
    }
  });

  it('falls back to self and shuts plugins, frames, forms and base rewriting', () => {
    expect(built.get('default-src')).toEqual(["'self'"]);
    expect(built.get('object-src')).toEqual(["'none'"]);
    expect(built.get('frame-src')).toEqual(["'none'"]);
    expect(built.get('frame-ancestors')).toEqual(["'none'"]);
    expect(built.get('base-uri')).toEqual(["'none'"]);
    expect(built.get('form-action')).toEqual(["'none'"]);
    expect(built.get('connect-src')).toEqual(["'self'"]);
  });

  it('loosens only for a dev server origin, and only toward that origin', () => {
    const dev = directives(buildContentSecurityPolicy({ devServerOrigin: 'http://localhost:5173' }));
    expect(dev.get('script-src')).toEqual(["'self'", "'unsafe-inline'", 'http://localhost:5173']);
    expect(dev.get('connect-src')).toEqual(["'self'", 'http://localhost:5173', 'ws://localhost:5173']);
    expect(dev.get('script-src')).not.toContain("'unsafe-eval'");
  });

  it('lets the web host name its own socket explicitly', () => {
    const web = directives(buildContentSecurityPolicy({ connectSources: ['ws://127.0.0.1:4321'] }));
    expect(web.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:4321']);
    expect(web.get('script-src')).toEqual(["'self'"]);
  });

  it('is the policy the desktop app sends with every page it serves', () => {
    const headers = appResponseHeaders('/out/renderer/index.html');
    expect(headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
  });
});

import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, resolveAppAsset, type AppOrigins } from '../../../src/main/window/app-url';
import {
  externalLinkHosts,
  isAllowedExternalUrl,
  isAllowedRequest,
  isAppUrl,
  isPermissionAllowed,
} from '../../../src/main/window/navigation-policy';

const built: AppOrigins = { appOrigin: APP_ORIGIN };
const dev: AppOrigins = { appOrigin: APP_ORIGIN, devServerOrigin: 'http://localhost:5173' };

describe('navigation policy', () => {
  it('recognises the studio page and nothing else', () => {
    expect(isAppUrl('studio://app/index.html', built)).toBe(true);
    expect(isAppUrl('studio://app/#/runs', built)).toBe(true);
    expect(isAppUrl('studio://other/index.html', built)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', built)).toBe(false);
    expect(isAppUrl('https://evil.example/', built)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', built)).toBe(false);
    expect(isAppUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('not a url', dev)).toBe(false);
  });

  it('lets the built app make no network request, and the dev page reach its server only', () => {
    expect(isAllowedRequest('https://cdn.example/lib.js', built)).toBe(false);
    expect(isAllowedRequest('http://localhost:5173/@vite/client', built)).toBe(false);
    expect(isAllowedRequest('http://localhost:5173/@vite/client', dev)).toBe(true);
    expect(isAllowedRequest('ws://localhost:5173/', dev)).toBe(true);
    expect(isAllowedRequest('http://127.0.0.1:4010/api/v1', dev)).toBe(false);
  });

  it('opens outside links only to allow-listed hosts, over http(s), without credentials', () => {
    const hosts = ['academia.example.org', '*.help.example.org'];
    expect(isAllowedExternalUrl('https://academia.example.org/students/1', hosts)).toBe(true);
    expect(isAllowedExternalUrl('https://kb.help.example.org/a', hosts)).toBe(true);
    expect(isAllowedExternalUrl('https://help.example.org/', hosts)).toBe(true);
    expect(isAllowedExternalUrl('https://academia.example.org.evil.test/', hosts)).toBe(false);
    expect(isAllowedExternalUrl('https://evilhelp.example.org/', hosts)).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@academia.example.org/', hosts)).toBe(false);
    expect(isAllowedExternalUrl('file:///C:/Windows/system32/calc.exe', hosts)).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)', hosts)).toBe(false);
    expect(isAllowedExternalUrl('smb://academia.example.org/share', hosts)).toBe(false);
    expect(isAllowedExternalUrl('https://academia.example.org/', [])).toBe(false);
  });

  it('reads extra link hosts from APSTUDIO_EXTERNAL_LINK_HOSTS', () => {
    expect(externalLinkHosts({})).toEqual([]);
    expect(externalLinkHosts({ APSTUDIO_EXTERNAL_LINK_HOSTS: ' a.example.org, ,*.b.example.org ' })).toEqual(['a.example.org', '*.b.example.org']);
  });

  it('grants clipboard writes to the studio page and refuses every other permission', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'studio://app/index.html', built)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/', built)).toBe(false);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial', 'usb', 'fullscreen']) {
      expect(isPermissionAllowed(permission, 'studio://app/index.html', built), permission).toBe(false);
    }
  });
});

describe('studio:// asset resolution', () => {
  const root = resolve('/srv/app/out/renderer');

  it('maps app URLs to files inside the renderer folder', () => {
    expect(resolveAppAsset(root, 'studio://app/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppAsset(root, 'studio://app/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(resolveAppAsset(root, 'studio://app/assets/my%20font.woff2')).toBe(join(root, 'assets', 'my font.woff2'));
  });

  it('serves index.html for the root and for extension-less routes', () => {
    expect(resolveAppAsset(root, 'studio://app/')).toBe(join(root, 'index.html'));
    expect(resolveAppAsset(root, 'studio://app/runs/42')).toBe(join(root, 'index.html'));
  });

  it('refuses other hosts, other schemes and every way out of the folder', () => {
    expect(resolveAppAsset(root, 'studio://elsewhere/index.html')).toBeNull();
    expect(resolveAppAsset(root, 'file:///srv/app/out/renderer/index.html')).toBeNull();
    // The URL parser already folds encoded dot segments, so this stays inside the folder.
    expect(resolveAppAsset(root, 'studio://app/%2e%2e/%2e%2e/main/index.js')).toBe(join(root, 'main', 'index.js'));
    expect(resolveAppAsset(root, 'studio://app/..%2F..%2Fmain%2Findex.js')).toBeNull();
    expect(resolveAppAsset(root, 'studio://app/assets%5C..%5C..%5Csecret.txt')).toBeNull();
    expect(resolveAppAsset(root, 'studio://app/a%00.js')).toBeNull();
    expect(resolveAppAsset(root, 'studio://app/%E0%A4%A')).toBeNull();
  });
});

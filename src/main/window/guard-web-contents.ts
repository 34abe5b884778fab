import { shell, type WebContents } from 'electron';
import type { AppOrigins } from './app-url';
import { isAllowedExternalUrl, isAppUrl } from './navigation-policy';

/**
 * Keeps every web contents on the studio's own page: navigation elsewhere is cancelled, new
 * windows are refused, <webview> cannot attach. A link to an allow-listed host opens in the OS
 * browser instead; any other link is refused and logged.
 */
export function guardWebContents(contents: WebContents, origins: AppOrigins, externalHosts: readonly string[]): void {
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url, origins)) return;
    event.preventDefault();
    openOutside(url, externalHosts);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, origins)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url, externalHosts);
    return { action: 'deny' };
  });
}

function openOutside(url: string, externalHosts: readonly string[]): void {
  if (isAllowedExternalUrl(url, externalHosts)) {
    shell.openExternal(url).catch((error: unknown) => console.error(`Could not open ${url} in the browser:`, error));
  } else {
    console.warn(`Refused to open ${url}: its host is not in APSTUDIO_EXTERNAL_LINK_HOSTS (docs/electron.md).`);
  }
}

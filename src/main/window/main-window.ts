import { BrowserWindow } from 'electron';
import { studioWebPreferences } from './web-preferences';

/** The studio's one window; shown when its first paint is ready so it never flashes white. */
export function createMainWindow(options: { preloadPath: string; entryUrl: string; title: string; devTools: boolean }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: options.title,
    autoHideMenuBar: true,
    webPreferences: studioWebPreferences(options.preloadPath, { devTools: options.devTools }),
  });
  window.once('ready-to-show', () => window.show());
  window.loadURL(options.entryUrl).catch((error: unknown) => {
    console.error(`The studio window could not load ${options.entryUrl}:`, error);
  });
  return window;
}

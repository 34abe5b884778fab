import type { WebPreferences } from 'electron';

/**
 * The window's security switches, kept as data so a unit test can pin them. The page gets no
 * Node.js, runs in Chromium's sandbox, and sees the preload only through contextBridge.
 */
export const SECURE_WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
} as const satisfies WebPreferences);

/**
 * The preferences for the studio window: the secure switches plus the bundled preload; `devTools`
 * false (the installed app, see devToolsAllowed; also the default) makes every way of
 * opening DevTools a no-op.
 */
export function studioWebPreferences(preloadPath: string, options: { devTools?: boolean } = {}): WebPreferences {
  return { ...SECURE_WEB_PREFERENCES, preload: preloadPath, devTools: options.devTools ?? false };
}

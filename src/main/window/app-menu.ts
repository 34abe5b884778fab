import type { MenuItemConstructorOptions } from 'electron';

/** Menu roles that open or drive the developer tools, or reload the page under the user's feet. */
export const DEVELOPER_ROLES = ['toggleDevTools', 'reload', 'forceReload'] as const;

/**
 * Whether the window may open Chromium's developer tools: in a checkout (`npm run dev`), yes; in an
 * installed app, no. DevTools in the installed app would let anyone at the keyboard run script in
 * the page, which holds the engine's session (and so every project's data) without a passphrase.
 */
export function devToolsAllowed(isPackaged: boolean): boolean {
  return !isPackaged;
}

/**
 * The application menu, kept as data so a unit test can check it. Electron's default menu has
 * View › Toggle Developer Tools (Ctrl+Shift+I / Cmd+Alt+I) and Reload in every build, so the
 * studio sets its own: editing and window commands everywhere (copy and paste need the Edit
 * roles on macOS), the developer items only when `devToolsAllowed`.
 */
export function studioMenuTemplate(options: { isPackaged: boolean; platform: NodeJS.Platform; productName: string }): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const view: MenuItemConstructorOptions[] = [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }];
  if (devToolsAllowed(options.isPackaged)) view.unshift({ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' });
  const menu: MenuItemConstructorOptions[] = [];
  if (mac) {
    menu.push({
      label: options.productName,
      submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  }
  menu.push(
    { label: 'File', submenu: [mac ? { role: 'close' } : { role: 'quit' }] },
    { label: 'Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    { label: 'View', submenu: view },
    { label: 'Window', submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }] },
  );
  return menu;
}

import { BrowserWindow, dialog, ipcMain, type OpenDialogOptions } from 'electron';
import { BRIDGE_CHANNELS, type PickPathResult } from '../../shared/api/bridge';
import { toErrorShape } from '../../shared/errors';
import type { AppOrigins } from './app-url';
import { isAppUrl } from './navigation-policy';
import { GrantFailed, type GrantRequester } from './path-grant-bridge';

/**
 * The desktop app's file picker: the page asks (`studio:pick-path`), main shows the system's open
 * dialog, grants the chosen file or folder to the engine over the engine's parent port
 * (path-grant-bridge.ts) and only then answers with the path. A page can ask for the dialog but
 * never name the path itself: what is granted is what the person clicked.
 */
export function listenForPathPicks(origins: AppOrigins, grants: GrantRequester): void {
  ipcMain.handle(BRIDGE_CHANNELS.pickPath, async (event, request: unknown): Promise<PickPathResult> => {
    const frame = event.senderFrame;
    // Our own page's main frame only, as for the engine port.
    if (!frame || frame.parent !== null || !isAppUrl(frame.url, origins)) {
      console.warn(`Ignored a file dialog request from ${frame?.url ?? 'a closed frame'}.`);
      return { cancelled: true };
    }
    const kind = (request as { kind?: unknown } | null)?.kind === 'folder' ? 'folder' : 'file';
    const options: OpenDialogOptions = {
      title: kind === 'folder' ? 'Choose the folder to read' : 'Choose the file to read',
      properties: kind === 'folder' ? ['openDirectory'] : ['openFile'],
    };
    const window = BrowserWindow.fromWebContents(event.sender);
    const chosen = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    const path = chosen.filePaths[0];
    if (chosen.canceled || !path) return { cancelled: true };
    try {
      const grant = await grants.request(path);
      return { path: grant.path };
    } catch (error) {
      return { error: error instanceof GrantFailed ? error.error : toErrorShape(error) };
    }
  });
}

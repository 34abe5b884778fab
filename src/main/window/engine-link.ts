import { BrowserWindow, ipcMain, MessageChannelMain, type MessagePortMain, type WebContents } from 'electron';
import { BRIDGE_CHANNELS, type PortHandoff } from '../../shared/api/bridge';
import { createStudioClient } from '../../shared/api/client';
import type { ClientMessage, ServerMessage } from '../../shared/api/rpc';
import type { StudioApi } from '../../shared/api/services';
import type { AppOrigins } from './app-url';
import type { EngineSupervisor } from './engine-supervisor';
import { isAppUrl } from './navigation-policy';
import { portChannel } from './port-channel';

/**
 * Wires windows to the engine: each page load asks (`studio:hello`) and gets its own
 * MessageChannelMain, one end to the engine process, the other to the page's preload. When the
 * engine is replaced every window gets a new port; when it is given up on, every window is told.
 */
export class EngineLink {
  constructor(
    private readonly supervisor: EngineSupervisor<MessagePortMain>,
    private readonly origins: AppOrigins,
  ) {}

  /** Answers the preload's hello, from our own page's main frame only. */
  listen(): void {
    ipcMain.on(BRIDGE_CHANNELS.hello, (event) => {
      const frame = event.senderFrame;
      // Main frame only (no parent): an iframe could never be ours, the CSP forbids frames anyway.
      if (!frame || frame.parent !== null || !isAppUrl(frame.url, this.origins)) {
        console.warn(`Ignored an engine port request from ${frame?.url ?? 'a closed frame'}.`);
        return;
      }
      this.handPort(event.sender, { generation: this.supervisor.generation, restarted: false });
    });
  }

  /** A replacement engine runs: every studio window gets a port to it. */
  engineRestarted(reason: string): void {
    for (const contents of this.studioContents()) {
      this.handPort(contents, { generation: this.supervisor.generation, restarted: true, reason });
    }
  }

  engineGaveUp(reason: string): void {
    for (const contents of this.studioContents()) contents.send(BRIDGE_CHANNELS.engineStopped, { reason });
  }

  /** A short-lived client for main's own calls (opening a project the OS handed us). */
  async call<T>(work: (api: StudioApi) => Promise<T>): Promise<T> {
    const { port1, port2 } = new MessageChannelMain();
    this.supervisor.connect(port1);
    const channel = portChannel<ServerMessage, ClientMessage>(port2);
    const client = createStudioClient(channel);
    const stopListening = channel.onClose(() => client.dispose('The studio engine stopped before it answered.'));
    try {
      return await work(client.api);
    } finally {
      stopListening();
      client.dispose();
      channel.close();
    }
  }

  private handPort(contents: WebContents, handoff: PortHandoff): void {
    const { port1, port2 } = new MessageChannelMain();
    this.supervisor.connect(port1);
    contents.postMessage(BRIDGE_CHANNELS.port, handoff, [port2]);
  }

  private studioContents(): WebContents[] {
    return BrowserWindow.getAllWindows()
      .map((window) => window.webContents)
      .filter((contents) => !contents.isDestroyed() && isAppUrl(contents.getURL(), this.origins));
  }
}

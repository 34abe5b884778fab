import type { StudioErrorShape } from '../errors';
import type { ClientMessage, ServerMessage } from './rpc';

/**
 * What the desktop window learns about the engine process beside the ordinary messages:
 * `restarted` after the engine process died and a fresh one took over (calls that were in flight
 * have been answered with an INTERNAL error), `stopped` when it kept dying and the shell gave up.
 */
export interface EngineStatus {
  state: 'restarted' | 'stopped';
  /** A sentence for the person at the screen, e.g. "The studio engine stopped (exit code 3)". */
  reason: string;
}

/**
 * The one object the desktop preload puts on `window.studioBridge`. It carries the same messages
 * as the web host's WebSocket, so `createStudioClient(window.studioBridge)` works unchanged;
 * nothing of Electron (no ipcRenderer) is reachable through it.
 */
export interface StudioBridge {
  /** Sends a call to the engine; sends made before the engine's port arrives are queued. */
  send(message: ClientMessage): void;
  /** Receives results, errors and events from the engine. Returns an unsubscribe function. */
  onMessage(listener: (message: ServerMessage) => void): () => void;
  /** Hears engine restarts and a final stop. Returns an unsubscribe function. */
  onEngineStatus(listener: (status: EngineStatus) => void): () => void;
  /**
   * Opens the system's file dialog; the chosen path is granted to the engine by the main process
   * before it is returned. The page itself cannot grant a path.
   */
  pickPath?(request: PickPathRequest): Promise<PickPathResult>;
}

/** The dialog's outcome: the granted path, a cancel, or the engine's typed refusal (a key file, say). */
export type PickPathResult = { path: string } | { cancelled: true } | { error: StudioErrorShape };

/** What the system's file dialog should let the person choose. */
export interface PickPathRequest {
  kind: 'file' | 'folder';
}

/**
 * The IPC channel names between Electron's main process and the preload. Only the preload and
 * src/main use them; the renderer sees the bridge above and nothing else.
 */
export const BRIDGE_CHANNELS = {
  /** preload → main: "this page is ready, send me an engine port". */
  hello: 'studio:hello',
  /** main → preload: a MessagePort to the engine, with a PortHandoff as the message. */
  port: 'studio:port',
  /** main → preload: the engine kept dying and will not be restarted. */
  engineStopped: 'studio:engine-stopped',
  /** preload → main (invoke): show the file dialog, grant the choice to the engine, answer the path. */
  pickPath: 'studio:pick-path',
} as const;

/** The message that travels with each port main hands to the preload. */
export interface PortHandoff {
  /** Counts engine processes since the app started; a new value means a new engine. */
  generation: number;
  /** True when this port belongs to an engine that replaced one that died. */
  restarted: boolean;
  /** Why the previous engine went away, when it did. */
  reason?: string;
}

declare global {
  interface Window {
    /** Present in the desktop app only; the browser build talks to the web host instead. */
    studioBridge?: StudioBridge;
  }
}

import type { MessageChannelLike } from '../../shared/api/rpc';

/**
 * The part of Electron's MessagePortMain (main and utility processes) used here, declared
 * structurally so this file, and the engine process that uses it, never import `electron`.
 */
export interface MainPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  off(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  off(event: 'close', listener: () => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

/** A MessageChannelLike over a MessagePortMain, plus a way to hear the other end go away. */
export interface PortChannel<In, Out> extends MessageChannelLike<In, Out> {
  onClose(listener: () => void): () => void;
  close(): void;
}

/**
 * Wraps a MessagePortMain. Messages are passed through untouched (structured clone); checking
 * their shape is the engine's job at its edge.
 */
export function portChannel<In, Out>(port: MainPortLike): PortChannel<In, Out> {
  let started = false;
  const start = () => {
    if (!started) {
      started = true;
      port.start();
    }
  };
  return {
    send(message) {
      port.postMessage(message);
    },
    onMessage(listener) {
      const handler = (event: { data: unknown }) => listener(event.data as In);
      port.on('message', handler);
      start();
      return () => void port.off('message', handler);
    },
    onClose(listener) {
      port.on('close', listener);
      return () => void port.off('close', listener);
    },
    close() {
      port.close();
    },
  };
}

/** Messages main sends to the engine's utility process over `process.parentPort`. */
export type EngineControlMessage =
  /** Serve the studio API on the transferred port (one per window load, plus main's own). */
  | { type: 'connect' }
  /** Release the project (lock, WAL) and exit. */
  | { type: 'shutdown' }
  /** A person picked this path in the system's file dialog: grant it (window/path-grant-bridge.ts). */
  | { type: 'grant'; id: number; path: string };

/** The part of Electron's `process.parentPort` the engine process uses. */
export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown; ports: MainPortLike[] }) => void): unknown;
  postMessage(message: unknown): void;
}

/** What the engine process reports back to main. */
export type EngineReport = { type: 'ready' } | { type: 'shutdown-complete' };

/**
 * The utility process side: every `connect` brings a port that gets the studio API until it
 * closes; `shutdown` disposes the engine once and then calls `exit`.
 */
export function acceptEnginePorts<In, Out>(
  parent: ParentPortLike,
  handlers: {
    serve(channel: PortChannel<In, Out>): () => void;
    shutdown(): Promise<void>;
    exit(code: number): void;
  },
): void {
  let shuttingDown = false;
  parent.on('message', (event) => {
    const control = event.data as Partial<EngineControlMessage> | null;
    if (!control || typeof control !== 'object') return;
    if (control.type === 'connect') {
      const [port] = event.ports;
      if (!port || shuttingDown) return;
      const channel = portChannel<In, Out>(port);
      const detach = handlers.serve(channel);
      channel.onClose(() => detach());
      return;
    }
    if (control.type === 'shutdown' && !shuttingDown) {
      shuttingDown = true;
      handlers
        .shutdown()
        .catch((error: unknown) => console.error('The studio engine did not shut down cleanly:', error))
        .finally(() => {
          parent.postMessage({ type: 'shutdown-complete' } satisfies EngineReport);
          handlers.exit(0);
        });
    }
  });
  parent.postMessage({ type: 'ready' } satisfies EngineReport);
}

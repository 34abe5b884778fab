import type { ClientMessage, ServerMessage } from '../../../shared/api/rpc';
import type { StudioTransport, TransportStatus } from './transport';

/** The parts of the browser WebSocket the channel uses (so tests can hand in a fake). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export interface WebSocketChannelOptions {
  url: string;
  /** Opens a socket; the browser's WebSocket by default. */
  createSocket?: (url: string) => WebSocketLike;
  /** Milliseconds to wait before reconnect attempt `attempt` (1-based). */
  backoff?: (attempt: number) => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** 0.5 s, 1 s, 2 s, 4 s, 8 s, then every 10 s: quick after a blip, gentle on a stopped engine. */
export function defaultBackoff(attempt: number): number {
  return Math.min(10_000, 500 * 2 ** Math.max(0, attempt - 1));
}

const OPEN = 1;

/**
 * A message channel over the web host's WebSocket that survives the socket dropping: calls made
 * while it is down wait in a queue and go out once it reopens; calls already sent when it drops
 * are answered with an error (they may or may not have run, so repeating them blindly, e.g. a
 * second "start run", would be wrong).
 */
export function createWebSocketChannel(options: WebSocketChannelOptions): StudioTransport {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as WebSocketLike);
  const backoff = options.backoff ?? defaultBackoff;
  const setTimer = options.setTimer ?? ((cb, ms) => setTimeout(cb, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));

  const messageListeners = new Set<(message: ServerMessage) => void>();
  const statusListeners = new Set<(status: TransportStatus) => void>();
  const queue: ClientMessage[] = [];
  const inFlight = new Set<number>();
  let socket: WebSocketLike | null = null;
  let status: TransportStatus = 'connecting';
  let failedAttempts = 0;
  let retryTimer: unknown = null;
  let closed = false;

  const setStatus = (next: TransportStatus) => {
    if (next === status) return;
    status = next;
    for (const l of statusListeners) l(next);
  };

  const deliver = (message: ServerMessage) => {
    for (const l of messageListeners) l(message);
  };

  const transmit = (message: ClientMessage) => {
    inFlight.add(message.id);
    socket!.send(JSON.stringify(message));
  };

  const connect = () => {
    retryTimer = null;
    const ws = createSocket(options.url);
    socket = ws;
    ws.onopen = () => {
      failedAttempts = 0;
      setStatus('open');
      for (const message of queue.splice(0)) transmit(message);
    };
    ws.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      let message: ServerMessage;
      try {
        message = JSON.parse(event.data) as ServerMessage;
      } catch {
        return; // Not ours to interpret; the engine only sends JSON.
      }
      if (message.kind === 'result' || message.kind === 'error') inFlight.delete(message.id);
      deliver(message);
    };
    // Every error is followed by a close event; the close handler does the work.
    ws.onerror = () => {};
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      for (const id of inFlight) {
        deliver({
          kind: 'error',
          id,
          error: {
            code: 'INTERNAL',
            message: 'The connection to the studio engine dropped before it answered this request.',
            hint: 'The studio reconnects by itself; check whether the action took effect, then try again if needed.',
          },
        });
      }
      inFlight.clear();
      if (closed) return;
      failedAttempts += 1;
      setStatus('reconnecting');
      retryTimer = setTimer(connect, backoff(failedAttempts));
    };
  };

  connect();

  return {
    kind: 'websocket',
    send(message) {
      if (closed) throw new Error('The studio transport is closed.');
      if (socket && socket.readyState === OPEN && status === 'open') transmit(message);
      else queue.push(message);
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    status: () => status,
    stopReason: () => null,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close() {
      closed = true;
      if (retryTimer !== null) clearTimer(retryTimer);
      socket?.close(1000, 'The window closed.');
    },
  };
}

import { RPC_LIMITS, type CallMessage, type ListenMessage, type ServerMessage, type SessionMessage } from '../../../shared/api/rpc';
import type { StudioErrorShape } from '../../../shared/errors';
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
  /**
   * Set when `url` carries a one-time launch code: the engine's first message on that socket is
   * the session token, handed here; the URL returned is used for every later connection. A
   * socket that closes before the token came means the code was spent or expired, and the
   * transport stops (the code cannot be tried again).
   */
  onSession?: (token: string) => string;
  /** How many calls may wait for an answer at once; more wait here (RPC_LIMITS by default). */
  maxCallsInFlight?: number;
  /** Largest call the engine accepts; a larger one is refused here (RPC_LIMITS by default). */
  maxMessageBytes?: number;
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

/** Why the transport stopped when a launch link could not be traded for the session. */
export const LAUNCH_LINK_SPENT =
  'This page was opened with a one-time link that was already used or has expired (it works once, for a minute), so it cannot reach the studio engine. Open the address that `academia-studio serve` printed in its terminal instead.';

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
  const maxCallsInFlight = options.maxCallsInFlight ?? RPC_LIMITS.maxCallsInFlight;
  const maxMessageBytes = options.maxMessageBytes ?? RPC_LIMITS.maxMessageBytes;
  let url = options.url;
  let awaitingSession = options.onSession !== undefined;
  let stopReason: string | null = null;

  const messageListeners = new Set<(message: ServerMessage) => void>();
  const statusListeners = new Set<(status: TransportStatus) => void>();
  const queue: CallMessage[] = [];
  const inFlight = new Set<number>();
  // The engine keeps a socket's listens with the socket: they are sent again on every reconnect.
  const listens = new Map<string, ListenMessage>();
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

  const fail = (id: number, error: StudioErrorShape) => deliver({ kind: 'error', id, error });

  const transmit = (message: CallMessage) => {
    const text = JSON.stringify(message);
    // The engine would refuse it anyway, and closes the socket on a very large one (failing
    // every call in flight with it): refusing it here costs nothing and keeps the others alive.
    if (text.length > maxMessageBytes / 3 && new TextEncoder().encode(text).length > maxMessageBytes) {
      fail(message.id, {
        code: 'MESSAGE_TOO_LARGE',
        message: `This request is larger than the ${Math.round(maxMessageBytes / 1024)} KiB the studio engine accepts in one message, so it was not sent.`,
        hint: 'Send less at once (fewer rows or a shorter value); nothing was changed.',
      });
      return;
    }
    inFlight.add(message.id);
    socket!.send(text);
  };

  /** Sends queued calls, in order, while the socket is open and the engine has room for them. */
  const pump = () => {
    while (queue.length > 0 && inFlight.size < maxCallsInFlight && socket && socket.readyState === OPEN && status === 'open') transmit(queue.shift()!);
  };

  const connect = () => {
    retryTimer = null;
    const ws = createSocket(url);
    socket = ws;
    ws.onopen = () => {
      failedAttempts = 0;
      setStatus('open');
      for (const listen of listens.values()) ws.send(JSON.stringify(listen));
      pump();
    };
    ws.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      let message: ServerMessage | SessionMessage;
      try {
        message = JSON.parse(event.data) as ServerMessage | SessionMessage;
      } catch {
        return; // Not ours to interpret; the engine only sends JSON.
      }
      if (message.kind === 'session') {
        if (awaitingSession && typeof message.token === 'string') {
          awaitingSession = false;
          url = options.onSession!(message.token);
        }
        return;
      }
      if (message.kind === 'result' || message.kind === 'error') inFlight.delete(message.id);
      deliver(message);
      pump();
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
      if (awaitingSession) {
        // The launch code was refused (spent or expired) or the socket died before the token
        // came: the code is gone either way, so retrying it would loop for ever.
        closed = true;
        stopReason = LAUNCH_LINK_SPENT;
        for (const message of queue.splice(0)) fail(message.id, { code: 'INTERNAL', message: LAUNCH_LINK_SPENT, hint: 'Open the address printed by `academia-studio serve`.' });
        setStatus('stopped');
        return;
      }
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
      const isOpen = socket !== null && socket.readyState === OPEN && status === 'open';
      if (message.kind === 'listen' || message.kind === 'unlisten') {
        const key = `${message.event}\u0000${message.arg ?? ''}`;
        if (message.kind === 'listen') listens.set(key, message);
        else listens.delete(key);
        if (isOpen) socket!.send(JSON.stringify(message));
        return;
      }
      if (message.kind === 'cancel') {
        // A call still queued here is simply not sent (its caller has already given up on it).
        const queued = queue.findIndex((m) => m.id === message.id);
        if (queued >= 0) queue.splice(queued, 1);
        else if (inFlight.has(message.id) && isOpen) socket!.send(JSON.stringify(message));
        return;
      }
      queue.push(message);
      pump();
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    status: () => status,
    stopReason: () => stopReason,
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

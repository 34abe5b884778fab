import type { StudioErrorShape } from '../errors';
import type { EventName, StudioEvents } from './events';

/**
 * Messages on every transport (Electron MessagePort, WebSocket). Requests carry an id that the
 * answer repeats; events have none. Transport-independent, in the spirit of VS Code's channels.
 */
export interface CallMessage {
  kind: 'call';
  id: number;
  service: string;
  method: string;
  params?: unknown;
}

export interface ResultMessage {
  kind: 'result';
  id: number;
  result: unknown;
}

export interface ErrorMessage {
  kind: 'error';
  id: number;
  error: StudioErrorShape;
}

export interface EventMessage<E extends EventName = EventName> {
  kind: 'event';
  event: E;
  payload: StudioEvents[E];
}

/**
 * Sent by the web host, once, as the first message on a socket that was let in with a one-time
 * launch code (`/rpc?code=…`) instead of the session token: the page keeps the token and uses it
 * for every later connection. Never part of ServerMessage: the transport consumes it.
 */
export interface SessionMessage {
  kind: 'session';
  token: string;
}

/**
 * Limits of one web host connection, shared so the browser's transport stays inside them by
 * itself. A call over `maxMessageBytes` is refused with MESSAGE_TOO_LARGE (the transport refuses
 * it before sending); a message over `maxFrameBytes` is not even read: the socket is closed with
 * WebSocket status 1009. A call beyond `maxCallsInFlight` unanswered calls is refused with
 * TOO_MANY_CALLS; the transport queues instead of exceeding it.
 */
export const RPC_LIMITS = {
  maxMessageBytes: 1024 * 1024,
  maxFrameBytes: 4 * 1024 * 1024,
  maxCallsInFlight: 64,
} as const;

export type ClientMessage = CallMessage;
export type ServerMessage = ResultMessage | ErrorMessage | EventMessage;

/** The smallest thing a transport must offer: send a message, receive messages. */
export interface MessageChannelLike<In, Out> {
  send(message: Out): void;
  onMessage(listener: (message: In) => void): () => void;
}

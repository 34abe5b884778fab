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

/**
 * The caller gave up on call `id` (its AbortSignal fired): the engine aborts the signal it handed
 * the method, which stops at its next safe point and answers CANCELLED (a method that does not
 * look at its signal answers as usual). The client does not wait: it has already rejected the call.
 */
export interface CancelMessage {
  kind: 'cancel';
  id: number;
}

/**
 * Subscribe this channel to an event: to all of it, or with `arg` to one run's or one
 * assessment's (the key each event names in its service's contract module), in the manner of VS
 * Code's `listen(event, arg)`. Global events (`project.changed`, `target.checked`) reach every
 * channel whatever it listens to. A channel that never sent a listen hears every event, as
 * before listens existed; once it has, it hears the scoped events it listens to and no others.
 */
export interface ListenMessage {
  kind: 'listen';
  event: EventName;
  arg?: string;
}

/** Undoes one listen with the same event and arg. */
export interface UnlistenMessage {
  kind: 'unlisten';
  event: EventName;
  arg?: string;
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

export type ClientMessage = CallMessage | CancelMessage | ListenMessage | UnlistenMessage;
export type ServerMessage = ResultMessage | ErrorMessage | EventMessage;

/** The smallest thing a transport must offer: send a message, receive messages. */
export interface MessageChannelLike<In, Out> {
  send(message: Out): void;
  onMessage(listener: (message: In) => void): () => void;
}

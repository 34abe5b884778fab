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

export type ClientMessage = CallMessage;
export type ServerMessage = ResultMessage | ErrorMessage | EventMessage;

/** The smallest thing a transport must offer: send a message, receive messages. */
export interface MessageChannelLike<In, Out> {
  send(message: Out): void;
  onMessage(listener: (message: In) => void): () => void;
}

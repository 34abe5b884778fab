import { studioEvents } from '../../../shared/api/contracts/index';
import type { ClientMessage, EventMessage, ListenMessage, MessageChannelLike, ServerMessage, UnlistenMessage } from '../../../shared/api/rpc';
import type { EventName } from '../../../shared/api/events';
import type { Engine } from '../api/engine';
import { dispatch } from './dispatch';

/**
 * Serves the engine over any message channel (a WebSocket, an Electron MessagePort): calls are
 * dispatched, answers and events are sent back. A `cancel` aborts the signal the call's method
 * was handed; `listen` / `unlisten` narrow which scoped events this channel hears (global events
 * always go out; a channel that never listened hears everything). Returns a function that detaches
 * the channel and aborts the calls still running for it.
 */
export function serveChannel(engine: Engine, channel: MessageChannelLike<ClientMessage, ServerMessage>): () => void {
  // A channel that throws on send (a socket torn down mid-write) must not become an unhandled
  // rejection or an exception inside the engine's event emitter: either would end the process.
  const send = (message: ServerMessage) => {
    try {
      channel.send(message);
    } catch {
      // The peer is gone; its close handler detaches this channel.
    }
  };
  const running = new Map<number, AbortController>();
  const listens = new Listens();
  const offEvents = engine.onEvent((message) => {
    if (listens.wants(message)) send(message);
  });
  const offMessages = channel.onMessage((message) => {
    if (message?.kind === 'cancel') {
      if (typeof message.id === 'number') running.get(message.id)?.abort();
      return;
    }
    if (message?.kind === 'listen' || message?.kind === 'unlisten') {
      listens.apply(message);
      return;
    }
    const id = (message as { id?: unknown } | null)?.id;
    const controller = new AbortController();
    if (typeof id === 'number') running.set(id, controller);
    dispatch(engine.api, message, { signal: controller.signal }).then(
      (answer) => {
        if (typeof id === 'number' && running.get(id) === controller) running.delete(id);
        if (answer) send(answer);
      },
      () => {},
    );
  });
  return () => {
    offEvents();
    offMessages();
    for (const controller of running.values()) controller.abort();
    running.clear();
  };
}

/** One channel's subscriptions: event → the keys it listens to ('' for all of the event). */
export class Listens {
  private readonly byEvent = new Map<string, Map<string, number>>();
  private listened = false;

  apply(message: ListenMessage | UnlistenMessage): void {
    if (typeof message.event !== 'string' || !Object.hasOwn(studioEvents, message.event)) return;
    const key = typeof message.arg === 'string' ? message.arg : '';
    const keys = this.byEvent.get(message.event) ?? new Map<string, number>();
    if (message.kind === 'listen') {
      this.listened = true;
      keys.set(key, (keys.get(key) ?? 0) + 1);
    } else {
      const left = (keys.get(key) ?? 0) - 1;
      if (left > 0) keys.set(key, left);
      else keys.delete(key);
    }
    this.byEvent.set(message.event, keys);
  }

  /** Whether an event goes out on this channel. */
  wants(message: EventMessage): boolean {
    const scope = studioEvents[message.event as EventName]?.scope as ((payload: unknown) => string) | null | undefined;
    if (!scope || !this.listened) return true;
    const keys = this.byEvent.get(message.event);
    if (!keys?.size) return false;
    if (keys.has('')) return true;
    try {
      return keys.has(scope(message.payload));
    } catch {
      return false;
    }
  }
}

import { fromErrorShape } from '../errors';
import type { EventName, StudioEvents } from './events';
import type { ClientMessage, MessageChannelLike, ServerMessage } from './rpc';
import type { StudioApi } from './services';

export interface StudioClient {
  api: StudioApi;
  on<E extends EventName>(event: E, listener: (payload: StudioEvents[E]) => void): () => void;
  /** Rejects every pending call (the transport closed). */
  dispose(reason?: string): void;
}

/**
 * A typed client over any transport: `client.api.runs.start({...})` becomes a call message.
 * Built as a Proxy over the StudioApi interface, so a change in the contract stops the renderer
 * from compiling rather than failing at run time.
 */
export function createStudioClient(channel: MessageChannelLike<ServerMessage, ClientMessage>): StudioClient {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  channel.onMessage((message) => {
    if (message.kind === 'event') {
      for (const l of listeners.get(message.event) ?? []) l(message.payload);
      return;
    }
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.kind === 'result') waiter.resolve(message.result);
    else waiter.reject(fromErrorShape(message.error));
  });

  const serviceProxy = (service: string) =>
    new Proxy(
      {},
      {
        get: (_t, method) => {
          if (typeof method !== 'string' || method === 'then') return undefined;
          return (params?: unknown) =>
            new Promise((resolve, reject) => {
              const id = nextId++;
              pending.set(id, { resolve, reject });
              channel.send({ kind: 'call', id, service, method, params });
            });
        },
      },
    );

  const api = new Proxy({} as StudioApi, {
    get: (_t, service) => (typeof service === 'string' ? serviceProxy(service) : undefined),
  });

  return {
    api,
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    dispose(reason = 'The connection to the studio engine closed.') {
      for (const [, w] of pending) w.reject(fromErrorShape({ code: 'INTERNAL', message: reason, hint: 'Reload the window; the engine keeps running.' }));
      pending.clear();
    },
  };
}

import { fromErrorShape, StudioError } from '../errors';
import type { CallOptions } from './contract';
import { studioContract, studioEvents } from './contracts/index';
import type { EventName, ScopedEventName, StudioEvents } from './events';
import type { ClientMessage, MessageChannelLike, ServerMessage } from './rpc';
import type { StudioApi } from './services';

export interface StudioClient {
  api: StudioApi;
  /** Every `event` the engine sends (for a scoped event: every run's or assessment's). */
  on<E extends EventName>(event: E, listener: (payload: StudioEvents[E]) => void): () => void;
  /**
   * One run's or one assessment's events only (`listen('run.progress', runId, …)`), in the manner
   * of VS Code's `listen(event, arg)`: the engine stops sending this window other runs' progress
   * once it listens. Returns the function that stops listening.
   */
  listen<E extends ScopedEventName>(event: E, arg: string, listener: (payload: StudioEvents[E]) => void): () => void;
  /** Rejects every pending call (the transport closed). */
  dispose(reason?: string): void;
}

type Listener = (payload: unknown) => void;
const services = studioContract as unknown as Record<string, Record<string, unknown>>;
const scopes = studioEvents as unknown as Record<string, { scope: ((payload: unknown) => string) | null }>;

/**
 * A typed client over any transport: `client.api.runs.start({...})` becomes a call message.
 * Its services and methods are those of the contract table (src/shared/api/contracts/), so a
 * change in the contract stops the renderer from compiling rather than failing at run time, and a
 * name outside the table is undefined rather than a call the engine refuses. A call's
 * `{ signal }` cancels it: the promise rejects with CANCELLED at once and the engine is told.
 */
export function createStudioClient(channel: MessageChannelLike<ServerMessage, ClientMessage>): StudioClient {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  // Keyed `event` (all of it) or `event\0arg` (one run's, one assessment's).
  const listeners = new Map<string, Set<Listener>>();

  // Listens, unlistens and cancels are best effort: a transport that has closed for good owes
  // them nothing (its own close already failed the calls), and a throw here would land in a
  // React effect's cleanup.
  const control = (message: ClientMessage) => {
    try {
      channel.send(message);
    } catch {
      // Closed: nothing to tell.
    }
  };

  const emit = (key: string, payload: unknown) => {
    for (const l of [...(listeners.get(key) ?? [])]) l(payload);
  };

  channel.onMessage((message) => {
    if (message.kind === 'event') {
      emit(message.event, message.payload);
      const scope = scopes[message.event]?.scope;
      if (scope) {
        let arg: string | null = null;
        try {
          arg = scope(message.payload);
        } catch {
          arg = null;
        }
        if (arg !== null) emit(`${message.event}\u0000${arg}`, message.payload);
      }
      return;
    }
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.kind === 'result') waiter.resolve(message.result);
    else waiter.reject(fromErrorShape(message.error));
  });

  const call = (service: string, method: string) => (params?: unknown, options?: CallOptions) =>
    new Promise((resolve, reject) => {
      const signal = options?.signal;
      if (signal?.aborted) {
        reject(cancelled(service, method));
        return;
      }
      const id = nextId++;
      const onAbort = () => {
        if (!pending.delete(id)) return;
        reject(cancelled(service, method));
        control({ kind: 'cancel', id });
      };
      const settle = (done: (v: unknown) => void) => (v: unknown) => {
        signal?.removeEventListener('abort', onAbort);
        done(v);
      };
      pending.set(id, { resolve: settle(resolve), reject: settle(reject) });
      signal?.addEventListener('abort', onAbort, { once: true });
      channel.send({ kind: 'call', id, service, method, params });
    });

  const api = Object.fromEntries(
    Object.entries(services).map(([service, methods]) => [service, Object.fromEntries(Object.keys(methods).map((method) => [method, call(service, method)]))]),
  ) as unknown as StudioApi;

  /** Adds a listener under `key`; the engine hears a listen for the first and an unlisten after the last. */
  const subscribe = (event: EventName, arg: string | undefined, listener: Listener) => {
    const key = arg === undefined ? event : `${event}\u0000${arg}`;
    const set = listeners.get(key) ?? new Set<Listener>();
    listeners.set(key, set);
    // Global events reach every channel anyway; only scoped ones are asked for.
    const scoped = scopes[event]?.scope != null;
    if (scoped && set.size === 0) control({ kind: 'listen', event, ...(arg === undefined ? {} : { arg }) });
    set.add(listener);
    return () => {
      if (!set.delete(listener) || set.size > 0) return;
      listeners.delete(key);
      if (scoped) control({ kind: 'unlisten', event, ...(arg === undefined ? {} : { arg }) });
    };
  };

  return {
    api,
    on: (event, listener) => subscribe(event, undefined, listener as Listener),
    listen: (event, arg, listener) => subscribe(event, arg, listener as Listener),
    dispose(reason = 'The connection to the studio engine closed.') {
      for (const [, w] of pending) w.reject(fromErrorShape({ code: 'INTERNAL', message: reason, hint: 'Reload the window; the engine keeps running.' }));
      pending.clear();
    },
  };
}

function cancelled(service: string, method: string): StudioError {
  return new StudioError('CANCELLED', `${service}.${method} was cancelled.`, 'Nothing more will come back for it; run it again when needed.');
}

import { createStore, type StoreApi } from 'zustand/vanilla';
import { isErrorShape, toErrorShape, type StudioErrorShape } from '../../../shared/errors';

/** An error shown to the user: what happened, where, and what to do next. */
export interface Toast {
  id: number;
  error: StudioErrorShape;
  /** What the user was doing, e.g. "Testing “School MIS”". */
  action?: string;
  /** The engine call that failed (`connections.test#42`): its next success clears the toast. */
  source?: string;
  /** How many times the same error came in a row (shown instead of stacking copies). */
  repeats: number;
  /** Held on screen (pointer over it, or focus inside) — the auto-dismiss waits. */
  held?: boolean;
}

export interface ToastState {
  toasts: Toast[];
  /** Shows anything thrown as an error toast; StudioErrors keep their code, message and hint. */
  showError(error: unknown, action?: string): void;
  dismiss(id: number): void;
  /** Removes every toast (another project was opened: its errors are not this one's). */
  clear(): void;
  /** An engine call succeeded: the toasts its earlier failure raised are out of date. */
  succeeded(source: string): void;
  /** Keeps a toast while it is read (pointer over it or focus in it); `release` restarts its time. */
  hold(id: number): void;
  release(id: number): void;
}

export type ToastStore = StoreApi<ToastState>;

/** At most this many toasts stay on screen; the oldest go first. */
const MAX_TOASTS = 4;

/** How long a toast stays unless held; long enough to read a message, a place and a hint. */
export const TOAST_DISMISS_MS = 15_000;

/** The timer functions (injected in tests). */
export interface ToastTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: ToastTimers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The engine call an error came from, put on it by `tagCallErrors`. */
const CALL_SOURCE = Symbol('studio.callSource');

/** The call's name, with its first argument when that is an id (so one connection's success does not clear another's error). */
export function callSource(service: string, method: string, params: unknown): string {
  const first = typeof params === 'string' || typeof params === 'number' ? params : typeof params === 'object' && params !== null && 'id' in params ? (params as { id: unknown }).id : undefined;
  return typeof first === 'string' || typeof first === 'number' ? `${service}.${method}#${first}` : `${service}.${method}`;
}

export function sourceOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? ((error as Record<symbol, unknown>)[CALL_SOURCE] as string | undefined) : undefined;
}

/**
 * Wraps the engine API so every failed call's error carries the call it came from, and every
 * successful call is reported to `onSuccess` (the toast store clears that call's old errors:
 * a retry that works takes the red box away).
 */
export function tagCallErrors<A extends object>(api: A, onSuccess: (source: string) => void): A {
  return new Proxy(api, {
    get(target, service) {
      const inner = Reflect.get(target, service) as unknown;
      if (typeof service !== 'string' || typeof inner !== 'object' || inner === null) return inner;
      return new Proxy(inner, {
        get(serviceTarget, method) {
          const fn = Reflect.get(serviceTarget, method) as unknown;
          if (typeof method !== 'string' || typeof fn !== 'function') return fn;
          return (...args: unknown[]) => {
            const source = callSource(service, method, args[0]);
            const result = (fn as (...a: unknown[]) => unknown).apply(serviceTarget, args);
            if (!(result instanceof Promise)) return result;
            return result.then(
              (value) => {
                onSuccess(source);
                return value;
              },
              (error: unknown) => {
                if (typeof error === 'object' && error !== null && !Object.isFrozen(error)) {
                  Object.defineProperty(error, CALL_SOURCE, { value: source, enumerable: false, configurable: true });
                }
                throw error;
              },
            );
          };
        },
      });
    },
  });
}

/** Turns anything thrown (StudioError, wire shape, plain Error) into the wire shape. */
export function errorShapeOf(error: unknown): StudioErrorShape {
  if (isErrorShape(error)) {
    const { code, message, hint, where, details } = error;
    return { code, message, hint, ...(where ? { where } : {}), ...(details ? { details } : {}) };
  }
  return toErrorShape(error);
}

/**
 * Error toasts. Each dismisses itself after `dismissMs` unless held (read with the pointer or
 * the keyboard); a repeat of the same error restarts its time.
 */
export function createToastStore({ dismissMs = TOAST_DISMISS_MS, timers = realTimers }: { dismissMs?: number; timers?: ToastTimers } = {}): ToastStore {
  let nextId = 1;
  const pending = new Map<number, unknown>();
  const stopTimer = (id: number) => {
    if (pending.has(id)) timers.clear(pending.get(id));
    pending.delete(id);
  };
  return createStore<ToastState>()((set, get) => {
    const startTimer = (id: number) => {
      stopTimer(id);
      pending.set(
        id,
        timers.set(() => {
          pending.delete(id);
          get().dismiss(id);
        }, dismissMs),
      );
    };
    const remove = (keep: (t: Toast) => boolean) => {
      const kept = get().toasts.filter(keep);
      for (const t of get().toasts) if (!kept.includes(t)) stopTimer(t.id);
      if (kept.length !== get().toasts.length) set({ toasts: kept });
    };
    return {
      toasts: [],
      showError(error, action) {
        const shape = errorShapeOf(error);
        const source = sourceOf(error);
        const last = get().toasts.at(-1);
        if (last && last.error.code === shape.code && last.error.message === shape.message && last.action === action) {
          set({ toasts: [...get().toasts.slice(0, -1), { ...last, repeats: last.repeats + 1 }] });
          if (!last.held) startTimer(last.id);
          return;
        }
        const toast: Toast = { id: nextId++, error: shape, action, repeats: 1, ...(source ? { source } : {}) };
        const toasts = [...get().toasts, toast];
        for (const dropped of toasts.slice(0, -MAX_TOASTS)) stopTimer(dropped.id);
        set({ toasts: toasts.slice(-MAX_TOASTS) });
        startTimer(toast.id);
      },
      dismiss(id) {
        remove((t) => t.id !== id);
      },
      clear() {
        remove(() => false);
      },
      succeeded(source) {
        remove((t) => t.source !== source);
      },
      hold(id) {
        stopTimer(id);
        set({ toasts: get().toasts.map((t) => (t.id === id ? { ...t, held: true } : t)) });
      },
      release(id) {
        if (!get().toasts.some((t) => t.id === id)) return;
        set({ toasts: get().toasts.map((t) => (t.id === id ? { ...t, held: false } : t)) });
        startTimer(id);
      },
    };
  });
}

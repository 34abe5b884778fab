import { createStore, type StoreApi } from 'zustand/vanilla';
import { isErrorShape, toErrorShape, type StudioErrorShape } from '../../../shared/errors';

/** An error shown to the user: what happened, where, and what to do next. */
export interface Toast {
  id: number;
  error: StudioErrorShape;
  /** What the user was doing, e.g. "Testing “School MIS”". */
  action?: string;
  /** How many times the same error came in a row (shown instead of stacking copies). */
  repeats: number;
}

export interface ToastState {
  toasts: Toast[];
  /** Shows anything thrown as an error toast; StudioErrors keep their code, message and hint. */
  showError(error: unknown, action?: string): void;
  dismiss(id: number): void;
}

export type ToastStore = StoreApi<ToastState>;

/** At most this many toasts stay on screen; the oldest go first. */
const MAX_TOASTS = 4;

/** Turns anything thrown (StudioError, wire shape, plain Error) into the wire shape. */
export function errorShapeOf(error: unknown): StudioErrorShape {
  if (isErrorShape(error)) {
    const { code, message, hint, where, details } = error;
    return { code, message, hint, ...(where ? { where } : {}), ...(details ? { details } : {}) };
  }
  return toErrorShape(error);
}

export function createToastStore(): ToastStore {
  let nextId = 1;
  return createStore<ToastState>()((set, get) => ({
    toasts: [],
    showError(error, action) {
      const shape = errorShapeOf(error);
      const last = get().toasts.at(-1);
      if (last && last.error.code === shape.code && last.error.message === shape.message && last.action === action) {
        set({ toasts: [...get().toasts.slice(0, -1), { ...last, repeats: last.repeats + 1 }] });
        return;
      }
      const toast: Toast = { id: nextId++, error: shape, action, repeats: 1 };
      set({ toasts: [...get().toasts, toast].slice(-MAX_TOASTS) });
    },
    dismiss(id) {
      set({ toasts: get().toasts.filter((t) => t.id !== id) });
    },
  }));
}

/**
 * The clock and timer the webhook queue waits with, injected so tests can see a retry's interval
 * and let it fall due at once instead of waiting it out. The HTTP request's own timeout is the
 * endpoint's `timeoutMs` (a real timer: it bounds real I/O).
 */
export interface NotifyTimers {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` after `ms`; returns a function that cancels it. */
  after(ms: number, fn: () => void): () => void;
}

/** Real time; the timers never keep a process alive (a CLI command ends when its work is done). */
export const realTimers: NotifyTimers = {
  now: () => Date.now(),
  after(ms, fn) {
    const handle = setTimeout(fn, ms);
    handle.unref();
    return () => clearTimeout(handle);
  },
};

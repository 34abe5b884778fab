/**
 * The time the scheduler and the event machinery live on: the wall clock and a one-shot timer.
 * Injected everywhere (never `Date.now()` or `setTimeout` directly), so tests move time by hand
 * and a missed night, a DST change or a computer waking from sleep take no real waiting. The
 * shape matches the sandbox's scheduler, so one test clock can drive both.
 */
export interface ScheduleClock {
  /** Milliseconds since the epoch, wall-clock time (it may jump: sleep, NTP, a person). */
  now(): number;
  /** Runs `task` once, `delayMs` from now. Returns a function that cancels it. */
  schedule(delayMs: number, task: () => void | Promise<void>): () => void;
}

/** The real clock: Date.now and unref'd timers (a waiting schedule never keeps the process alive). */
export const systemClock: ScheduleClock = {
  now: () => Date.now(),
  schedule(delayMs, task) {
    // setTimeout holds at most 2^31-1 ms; callers wake at least this often anyway.
    const timer = setTimeout(() => void Promise.resolve().then(task).catch(() => undefined), Math.min(Math.max(0, delayMs), 2 ** 31 - 1));
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

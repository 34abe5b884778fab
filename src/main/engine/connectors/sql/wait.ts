import { StudioError } from '../../../../shared/errors';

/** What to do when a wait for the server ends early. */
export interface WaitLimits {
  signal?: AbortSignal;
  timeoutMs: number;
  /** Builds the error for a timeout (the connector knows the server and the table). */
  timeoutError(): StudioError;
  /** Runs before the wait rejects (timeout or abort): drops the connection so nothing hangs. */
  onGiveUp(): void;
}

/**
 * Waits for the server with a time limit and the caller's AbortSignal. Only the time spent
 * waiting for the server counts; a slow consumer between batches never trips the timeout.
 */
export function waitForServer<T>(promise: Promise<T>, limits: WaitLimits): Promise<T> {
  const { signal } = limits;
  if (signal?.aborted) {
    limits.onGiveUp();
    promise.catch(() => undefined);
    return Promise.reject(cancelled());
  }
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const giveUp = (err: StudioError) =>
      finish(() => {
        promise.catch(() => undefined);
        limits.onGiveUp();
        reject(err);
      });
    const onAbort = () => giveUp(cancelled());
    const timer = setTimeout(() => giveUp(limits.timeoutError()), limits.timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => finish(() => resolve(v)),
      (e) => finish(() => reject(e)),
    );
  });
}

/** The error a cancelled read ends with. */
export function cancelled(): StudioError {
  return new StudioError('CANCELLED', 'The read was cancelled.', 'Start it again when ready.');
}

/**
 * Ends a connection politely (`end`: the driver's goodbye), and by force (`destroy`) if the
 * server has not answered within `graceMs`; never rejects.
 */
export async function endPolitely(end: () => Promise<unknown>, destroy: () => void, graceMs = 2_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([end(), new Promise<void>((resolve) => (timer = setTimeout(() => (destroy(), resolve()), graceMs)))]);
  clearTimeout(timer);
}

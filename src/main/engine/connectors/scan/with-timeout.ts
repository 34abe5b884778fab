import type { StudioError } from '../../../../shared/errors';

/**
 * Waits for file-system work at most `timeoutMs`: a file on a network share that stopped
 * answering must give an error, not hang a run. The work itself cannot be cancelled, so a
 * result that arrives after the deadline is handed to `discardLate` (to close a handle).
 */
export async function withTimeout<T>(work: Promise<T>, timeoutMs: number, onTimeout: () => StudioError, discardLate?: (value: T) => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(onTimeout());
    }, timeoutMs);
  });
  work.then(
    (value) => {
      if (timedOut) discardLate?.(value);
    },
    () => undefined,
  );
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

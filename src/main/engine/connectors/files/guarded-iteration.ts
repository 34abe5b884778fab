import { StudioError, type ErrorLocation } from '../../../../shared/errors';
import { cancelledError, throwIfAborted } from './file-errors';

/** What every pull from a file-reading library is held to: cancellation and an idle timeout. */
export interface ReadGuard {
  signal?: AbortSignal;
  /** How long one pull may wait for data before the read fails with SOURCE_TIMEOUT. */
  idleTimeoutMs: number;
  where: ErrorLocation;
}

/**
 * Iterates `source` one item at a time (so back-pressure reaches the library that produces it),
 * racing every pull against the abort signal and an idle timer: a stalled network share or a
 * library that waits forever on a damaged file ends with a clear error instead of a hang.
 * `onStop` releases the underlying resource (destroys the file stream) however iteration ends.
 */
export async function* guarded<T>(source: AsyncIterable<T>, guard: ReadGuard, onStop?: () => void): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let settled = true;
  let finished = false;
  try {
    for (;;) {
      throwIfAborted(guard.signal, guard.where);
      settled = false;
      const next = await raceWithGuard(it.next(), guard);
      settled = true;
      if (next.done) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } finally {
    // A pull still pending (abort or timeout) must not be awaited: it may never settle.
    if (!finished) {
      if (settled) await it.return?.(undefined)?.catch(() => undefined);
      else void Promise.resolve(it.return?.(undefined)).catch(() => undefined);
    }
    onStop?.();
  }
}

/** Resolves with `promise` unless the signal aborts or the idle timer fires first. */
export function raceWithGuard<T>(promise: Promise<T>, guard: ReadGuard): Promise<T> {
  const { signal, idleTimeoutMs } = guard;
  if (!signal && !(idleTimeoutMs > 0)) return promise;
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const cleanup = () => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      cleanup();
      reject(cancelledError(guard.where));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (idleTimeoutMs > 0) {
      timer = setTimeout(() => {
        cleanup();
        reject(timeoutError(guard));
      }, idleTimeoutMs);
    }
    promise.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (err: unknown) => {
        cleanup();
        reject(err);
      },
    );
  });
}

function timeoutError(guard: ReadGuard): StudioError {
  const seconds = Math.round(guard.idleTimeoutMs / 100) / 10;
  return new StudioError(
    'SOURCE_TIMEOUT',
    `Reading ${guard.where.file ?? 'the file'} stalled: no data came for ${seconds} s.`,
    'If the file is on a network share or a USB drive, check that it is still reachable, or copy it to a local disk; the wait can be raised with the readTimeoutMs setting.',
    { where: guard.where },
  );
}

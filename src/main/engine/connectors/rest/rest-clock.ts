import { StudioError } from '../../../../shared/errors';

/**
 * Time as a REST source sees it: the clock that ages OAuth2 tokens and dates a `Retry-After`,
 * and the sleep that waits out a server's rate limit. Injected so tests step through a 429 or
 * an expiring token without waiting for real.
 */
export interface RestClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: RestClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(cancelled());
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export function cancelled(): StudioError {
  return new StudioError('CANCELLED', 'The read was cancelled.', 'Start it again when ready.');
}

import { StudioError } from '../../../shared/errors';

/**
 * Stops a call whose caller cancelled it (the channel aborted the signal the engine's edge handed
 * the method), at a point where nothing half-done is left behind: before a catalog is saved or an
 * audit entry written. A call without a signal (the CLI's direct calls) never stops here.
 */
export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new StudioError('CANCELLED', `${what} was cancelled.`, 'Nothing was saved; run it again when needed.');
}

import { StudioError, type ErrorLocation } from '../../../../shared/errors';

/** The one error a cancelled read ends with. */
export function cancelledError(where?: ErrorLocation): StudioError {
  return new StudioError('CANCELLED', 'The read was cancelled.', 'Start it again when ready.', where ? { where } : {});
}

export function throwIfAborted(signal: AbortSignal | undefined, where?: ErrorLocation): void {
  if (signal?.aborted) throw cancelledError(where);
}

/** A file that is damaged, cut off or not what its name says. */
export function corruptError(message: string, hint: string, where: ErrorLocation, cause?: unknown): StudioError {
  return new StudioError('SOURCE_CORRUPT', message, hint, { where, cause });
}

/** Anything a library threw that is not already a StudioError becomes a SOURCE_CORRUPT with the place. */
export function asFileError(err: unknown, where: ErrorLocation, what: string): StudioError {
  if (err instanceof StudioError) return err;
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT') {
    return new StudioError('SOURCE_NOT_FOUND', `The file ${where.file ?? ''} is no longer there.`, 'Check the path; the file may have been moved, renamed or deleted since discovery.', { where, cause: err });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new StudioError('CONNECTION_FAILED', `The studio is not allowed to read ${where.file ?? 'the file'}.`, 'Check the file permissions, or copy the file somewhere the studio can read it.', { where, cause: err });
  }
  if (code === 'EISDIR') {
    return new StudioError('SOURCE_UNSUPPORTED', `${where.file ?? 'The path'} is a folder, not a file.`, 'Connect it as a folder source instead.', { where, cause: err });
  }
  const detail = err instanceof Error ? err.message : String(err);
  return corruptError(`${where.file ?? 'The file'} could not be read as ${what}: ${detail}`, `Open the file in the program that made it and check it; save it again as ${what} if it looks damaged.`, where, err);
}

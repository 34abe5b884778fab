import { StudioError, type ErrorLocation } from '../../../../shared/errors';

/**
 * How deep a record may nest: objects and lists inside each other (JSON), elements inside each
 * other (XML). Real exports nest a handful of levels; a file nested thousands deep is built to
 * exhaust the reader (every later step that walks a value, flattening, JSON text, hashing, would
 * overflow the stack), so it is refused with its place instead of ending as an INTERNAL error.
 */
export const MAX_NESTING_DEPTH = 256;

/** The typed refusal of a record nested past MAX_NESTING_DEPTH. */
export function nestingTooDeep(format: 'JSON' | 'XML', where: ErrorLocation): StudioError {
  const near = where.line ? ` (near line ${where.line})` : '';
  return new StudioError(
    'SOURCE_UNSAFE',
    `${where.file ?? 'The file'} nests ${format === 'JSON' ? 'objects and lists' : 'elements'} more than ${MAX_NESTING_DEPTH} levels deep${near}; the studio does not read it.`,
    `No school export nests that deep, so the file is damaged or was made to crash readers. Check where it came from; if it is genuine, export the records flatter (or as CSV) and read that file.`,
    { where },
  );
}

/**
 * The 0-based index where a JSON text first opens its (max + 1)th level of `{`/`[`, or -1 when it
 * never nests deeper than `max`. One pass, strings skipped; the text need not be valid JSON.
 */
export function jsonDepthExceededAt(text: string, max = MAX_NESTING_DEPTH): number {
  // Shallower than `max` for sure: too few brackets to open that many levels.
  if (text.length <= max) return -1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return i;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return -1;
}

/** Thrown by the parsers that do not know the file (the JSON token follower, the exact parser). */
export class NestingDepthError extends Error {
  constructor(readonly index = -1) {
    super(`nested more than ${MAX_NESTING_DEPTH} levels deep`);
    this.name = 'NestingDepthError';
  }
}

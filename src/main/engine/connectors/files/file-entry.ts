import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

/**
 * One file a file source holds: a file on disk, a file in a folder, or an entry of a zip. Readers
 * only ever stream it from the start, so a zip entry never has to be extracted to disk.
 */
export interface FileEntry {
  /** Path inside the source, `/`-separated (the file's own name for a single-file source). */
  readonly relativePath: string;
  /** What error messages show: the file on disk, or `archive.zip › entry.csv`. */
  readonly displayPath: string;
  /** Size in bytes (uncompressed for a zip entry); null when unknown. */
  readonly size: number | null;
  /** The file on disk, when the entry is one (readers that need random access use it). */
  readonly diskPath?: string;
  /** Opens a fresh byte stream from the first byte. The caller destroys it when done. */
  open(): Promise<Readable>;
}

/** A file on disk as an entry. */
export function diskFileEntry(absolutePath: string, relativePath: string, size: number | null): FileEntry {
  return {
    relativePath,
    displayPath: absolutePath,
    size,
    diskPath: absolutePath,
    open: async () => createReadStream(absolutePath, { highWaterMark: 64 * 1024 }),
  };
}

import type { IncomingMessage } from 'node:http';

/** A request body read in full, or a note that it was larger than allowed (and thrown away). */
export type ReadBody = { tooLarge: false; bytes: Buffer } | { tooLarge: true; size: number };

/**
 * Reads a request body up to `maxBytes`. Past the limit the rest is drained and dropped rather
 * than the socket torn down, so the client still receives the 413 that explains why.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > maxBytes ? { tooLarge: true, size } : { tooLarge: false, bytes: Buffer.concat(chunks) }));
    req.on('error', reject);
  });
}

/** The media type of a Content-Type header, lower-cased and without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

export function isJsonMediaType(type: string): boolean {
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

import iconv from 'iconv-lite';
import { StudioError, type ErrorLocation } from '../../../../../shared/errors';
import { asFileError } from '../file-errors';
import type { FileEntry } from '../file-entry';
import { guarded, type ReadGuard } from '../guarded-iteration';
import { DETECTION_SAMPLE_BYTES, detectEncoding } from './detect-encoding';
import { createStreamDecoder, EncodingFault, type StreamDecoder } from './stream-decoder';

/** A file opened as text: the encoding it is read with and its decoded chunks, in order. */
export interface TextSource {
  /** The encoding at the start of the read (detected or configured); `decoder.encoding` is the current one. */
  readonly encoding: string;
  readonly decoder: StreamDecoder;
  /** Decoded text, one chunk per file chunk. Stopping early releases the file. */
  readonly chunks: AsyncGenerator<string>;
  /** Bytes pulled from the file so far. */
  bytesRead(): number;
}

/**
 * Opens an entry as text. The encoding comes from the config when set, otherwise from the first
 * 64 KiB (byte-order mark, UTF-8 validity, then chardet). A file that is binary or whose encoding
 * cannot be told gives SOURCE_ENCODING with the byte offset; bytes later in the file that do not fit
 * surface as EncodingFault from `chunks`, for the reader to turn into an error with its line.
 */
export async function openText(entry: FileEntry, configured: string | undefined, guard: ReadGuard): Promise<TextSource> {
  const where: ErrorLocation = { file: entry.displayPath };
  if (configured && !iconv.encodingExists(configured)) {
    throw new StudioError('BAD_REQUEST', `The encoding "${configured}" is not one the studio knows.`, 'Use a name such as utf-8, utf-16le, windows-1252, iso-8859-2, gbk, big5 or shift_jis, or leave it empty to detect it.', { where });
  }
  let stream;
  try {
    stream = await entry.open();
  } catch (err) {
    throw asFileError(err, where, 'text');
  }
  const raw = guarded<Buffer>(stream, guard, () => stream.destroy());
  let bytes = 0;
  const head: Buffer[] = [];
  let headBytes = 0;
  let eof = false;
  try {
    while (headBytes < DETECTION_SAMPLE_BYTES) {
      const next = await raw.next();
      if (next.done) {
        eof = true;
        break;
      }
      const chunk = toBuffer(next.value);
      head.push(chunk);
      headBytes += chunk.length;
    }
  } catch (err) {
    await raw.return(undefined);
    throw asFileError(err, where, 'text');
  }
  bytes = headBytes;
  const sample = Buffer.concat(head);
  let decoder: StreamDecoder;
  if (configured) decoder = createStreamDecoder(configured);
  else {
    const detected = detectEncoding(sample, eof);
    if ('reason' in detected) {
      await raw.return(undefined);
      throw undetectable(entry, sample, detected.reason, detected.offset);
    }
    decoder = createStreamDecoder(detected.encoding, { assumedFromAscii: detected.asciiOnly });
  }
  const encoding = decoder.encoding;
  async function* chunks(): AsyncGenerator<string> {
    try {
      if (sample.length) yield decoder.write(sample);
      if (!eof) {
        for await (const chunk of raw) {
          const buf = toBuffer(chunk);
          bytes += buf.length;
          yield decoder.write(buf);
        }
      }
      const rest = decoder.end();
      if (rest) yield rest;
    } catch (err) {
      if (err instanceof EncodingFault || err instanceof StudioError) throw err;
      throw asFileError(err, where, 'text');
    } finally {
      await raw.return(undefined);
    }
  }
  return { encoding, decoder, chunks: chunks(), bytesRead: () => bytes };
}

/**
 * The next decoded chunk of `chunks` (null at the end). Bytes that do not decode become
 * SOURCE_ENCODING at the line `lineOfFault` works out from the text decoded before them in this
 * chunk (each reader counts lines its own way).
 */
export async function nextText(chunks: AsyncIterator<string>, entry: FileEntry, stream: string, lineOfFault: (validPrefix: string) => number): Promise<string | null> {
  let next: IteratorResult<string>;
  try {
    next = await chunks.next();
  } catch (err) {
    if (err instanceof EncodingFault) throw encodingError(entry, err, lineOfFault(err.validPrefix), stream);
    throw err;
  }
  return next.done ? null : next.value;
}

/** The SOURCE_ENCODING error for bytes that do not fit the encoding, at a line the reader counted. */
export function encodingError(entry: FileEntry, fault: EncodingFault, line: number | undefined, stream?: string): StudioError {
  const where: ErrorLocation = { file: entry.displayPath, ...(line ? { line } : {}), ...(stream ? { table: stream } : {}) };
  return new StudioError(
    'SOURCE_ENCODING',
    `${entry.displayPath} is not valid ${fault.encoding} text at byte ${fault.byteOffset}${line ? ` (line ${line})` : ''}.`,
    `The file mixes encodings or is damaged there. Open it in a text editor and save it as UTF-8, or set the connection's encoding (e.g. windows-1252, iso-8859-2, gbk) if you know the one it was written in.`,
    { where, details: { byteOffset: fault.byteOffset, encoding: fault.encoding } },
  );
}

function undetectable(entry: FileEntry, sample: Buffer, reason: 'binary' | 'unknown', offset: number): StudioError {
  const line = countByte(sample, 0x0a, offset) + 1;
  const where: ErrorLocation = { file: entry.displayPath, line };
  if (reason === 'binary') {
    return new StudioError('SOURCE_ENCODING', `${entry.displayPath} does not look like a text file (it holds binary data at byte ${offset}).`, 'Check that this is the exported text file and not a spreadsheet, database or archive saved with the wrong extension.', { where, details: { byteOffset: offset } });
  }
  return new StudioError('SOURCE_ENCODING', `The text encoding of ${entry.displayPath} could not be worked out (the first unreadable byte is at offset ${offset}, line ${line}).`, 'Set the encoding in the connection (e.g. windows-1252, iso-8859-2, gbk, shift_jis), or save the file as UTF-8 in a text editor.', { where, details: { byteOffset: offset } });
}

function countByte(buf: Buffer, byte: number, end: number): number {
  let n = 0;
  let i = buf.indexOf(byte);
  while (i !== -1 && i < end) {
    n++;
    i = buf.indexOf(byte, i + 1);
  }
  return n;
}

function toBuffer(chunk: unknown): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
}

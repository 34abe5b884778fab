import iconv from 'iconv-lite';
import { firstInvalidUtf8, guessLegacyEncoding, incompleteUtf8Tail } from './detect-encoding';

/**
 * Bytes that are not valid in the encoding being read. `byteOffset` is exact for UTF-8 and
 * single-byte code pages and close for other multi-byte ones; `validPrefix` is the text of the
 * current chunk before the bad byte, so a reader can tell the line.
 */
export class EncodingFault extends Error {
  constructor(
    readonly byteOffset: number,
    readonly validPrefix: string,
    readonly encoding: string,
  ) {
    super(`invalid ${encoding} at byte ${byteOffset}`);
    this.name = 'EncodingFault';
  }
}

/** Decodes a byte stream chunk by chunk into text, failing loudly (never with silent "�"). */
export interface StreamDecoder {
  /** The encoding in use; may change once, from assumed UTF-8 to a legacy code page (see below). */
  readonly encoding: string;
  write(chunk: Buffer): string;
  end(): string;
}

/**
 * `assumedFromAscii`: the detection sample held only ASCII, so UTF-8 was a guess. If non-UTF-8
 * bytes turn up before any non-ASCII character was read, everything read so far decodes the same
 * in any ASCII-compatible code page, so the decoder switches to the code page that fits the new
 * bytes instead of failing.
 */
export function createStreamDecoder(encoding: string, options: { assumedFromAscii?: boolean } = {}): StreamDecoder {
  const normalized = encoding.toLowerCase().replace(/_/g, '-');
  if (normalized === 'utf-8' || normalized === 'utf8') return new Utf8StreamDecoder(options.assumedFromAscii ?? false);
  return new LegacyStreamDecoder(encoding, 0);
}

class Utf8StreamDecoder implements StreamDecoder {
  encoding = 'utf-8';
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private pending: Buffer = Buffer.alloc(0);
  /** Bytes handed to the decoder so far (the pending tail included). */
  private offset = 0;
  private legacy: LegacyStreamDecoder | null = null;

  constructor(private asciiSoFar: boolean) {}

  write(chunk: Buffer): string {
    if (this.legacy) return this.legacy.write(chunk);
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      return this.recover(chunk);
    }
    if (this.asciiSoFar && /[^\x00-\x7f]/.test(text)) this.asciiSoFar = false;
    this.offset += chunk.length;
    if (chunk.length >= 4) this.pending = chunk.subarray(chunk.length - incompleteUtf8Tail(chunk));
    else {
      const joined = Buffer.concat([this.pending, chunk]);
      this.pending = joined.subarray(joined.length - incompleteUtf8Tail(joined));
    }
    return text;
  }

  end(): string {
    if (this.legacy) return this.legacy.end();
    try {
      return this.decoder.decode();
    } catch {
      throw new EncodingFault(this.offset - this.pending.length, '', 'utf-8');
    }
  }

  private recover(chunk: Buffer): string {
    const combined = Buffer.concat([this.pending, chunk]);
    const start = this.offset - this.pending.length;
    if (this.asciiSoFar) {
      const legacy = guessLegacyEncoding(combined, false);
      if (legacy) {
        this.legacy = new LegacyStreamDecoder(legacy, start);
        this.encoding = legacy;
        return this.legacy.write(combined);
      }
    }
    const limit = combined.length - incompleteUtf8Tail(combined);
    const bad = Math.min(firstInvalidUtf8(combined.subarray(0, limit)), limit);
    throw new EncodingFault(start + bad, combined.subarray(0, bad).toString('utf8'), 'utf-8');
  }
}

class LegacyStreamDecoder implements StreamDecoder {
  private readonly decoder: ReturnType<typeof iconv.getDecoder>;
  /** In Unicode encodings U+FFFD may be real text; in code pages it only marks a byte that does not belong. */
  private readonly replacementMeansInvalid: boolean;

  constructor(
    readonly encoding: string,
    private offset: number,
  ) {
    this.decoder = iconv.getDecoder(encoding, { stripBOM: true });
    this.replacementMeansInvalid = !/^(utf|ucs|cesu)/i.test(encoding.replace(/[-_]/g, ''));
  }

  write(chunk: Buffer): string {
    const text = this.decoder.write(chunk);
    if (this.replacementMeansInvalid) this.check(text);
    this.offset += chunk.length;
    return text;
  }

  end(): string {
    const text = this.decoder.end() ?? '';
    // A Unicode stream cut in the middle of a character leaves a lone replacement at the end.
    if (text.includes('\uFFFD')) this.check(text);
    return text;
  }

  private check(text: string): void {
    const at = text.indexOf('\uFFFD');
    if (at === -1) return;
    const prefix = text.slice(0, at);
    throw new EncodingFault(this.offset + iconv.encode(prefix, this.encoding).length, prefix, this.encoding);
  }
}

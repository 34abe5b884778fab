/** Bytes after a `<` needed to tell what it opens (a comment, CDATA, or which element). */
const LOOKAHEAD = 64;
const EMPTY = Buffer.alloc(0);
const CDATA = Buffer.from('<![CDATA[');
const COMMENT = Buffer.from('<!--');
const SPECIAL_ENDS = { cdata: Buffer.from(']]>'), comment: Buffer.from('-->'), pi: Buffer.from('?>') };

/** What ran too long: one cell (its text, rich-text runs and all), or one run of text or markup. */
export type SpanKind = 'cell' | 'run';

/**
 * Watches the bytes of an XML part go by, without parsing it, for the spans a SAX parser would
 * hold whole in memory: one cell (`<c>…</c>` in a sheet, `<si>…</si>` in the shared strings, any
 * namespace prefix) and any run between two `<` (text, a tag, or a whole comment, CDATA section or
 * processing instruction). A span longer than `max` bytes calls `tooLong` (which throws), so a
 * workbook holding one 150 MB cell is refused after reading `max` bytes of it, before exceljs
 * builds the string. Bytes, not characters: every character takes at least one byte, so nothing
 * under the cap in characters is refused unless its XML is mostly markup or multi-byte text.
 */
export class XmlSpanGuard {
  /** Absolute offset (in the part) of the first byte of `carry`, or of the next chunk. */
  private offset = 0;
  private carry: Buffer = EMPTY;
  private runStart = 0;
  private cellStart = -1;
  private special: Buffer | null = null;

  constructor(
    private readonly cellName: string,
    /** Elements that end any cell before them (a `<row>` after a self-closing `<c/>`). */
    private readonly boundaries: readonly string[],
    private readonly max: number,
    private readonly tooLong: (kind: SpanKind, at: number) => never,
  ) {}

  write(chunk: Buffer, final = false): void {
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const base = this.offset;
    let i = 0;
    for (;;) {
      if (this.special) {
        const end = buf.indexOf(this.special, i);
        if (end === -1) {
          this.check(base + buf.length);
          return this.keep(buf, base, Math.max(i, buf.length - (this.special.length - 1)));
        }
        i = end + this.special.length;
        this.special = null;
        this.check(base + i);
        this.runStart = base + i;
        continue;
      }
      const lt = buf.indexOf(0x3c, i);
      if (lt === -1) {
        this.check(base + buf.length);
        return this.keep(buf, base, buf.length);
      }
      this.check(base + lt);
      // Too few bytes to tell what this `<` opens: keep them for the next chunk.
      if (!final && buf.length - lt < LOOKAHEAD) return this.keep(buf, base, lt);
      this.runStart = base + lt;
      i = this.classify(buf, lt, base);
    }
  }

  /** The part ended: the last bytes held back count too. */
  end(): void {
    this.write(EMPTY, true);
  }

  private keep(buf: Buffer, base: number, from: number): void {
    // A copy, so the (possibly large) chunk it came from is not kept alive.
    this.carry = from >= buf.length ? EMPTY : Buffer.from(buf.subarray(from));
    this.offset = base + from;
  }

  private check(at: number): void {
    if (this.cellStart >= 0 && at - this.cellStart > this.max) this.tooLong('cell', this.cellStart);
    if (at - this.runStart > this.max) this.tooLong('run', this.runStart);
  }

  /** Handles the `<` at `lt`; returns where scanning goes on. */
  private classify(buf: Buffer, lt: number, base: number): number {
    if (buf[lt + 1] === 0x21) {
      if (startsWith(buf, lt, CDATA)) {
        this.special = SPECIAL_ENDS.cdata;
        return lt + CDATA.length;
      }
      if (startsWith(buf, lt, COMMENT)) {
        this.special = SPECIAL_ENDS.comment;
        return lt + COMMENT.length;
      }
      return lt + 1;
    }
    if (buf[lt + 1] === 0x3f) {
      this.special = SPECIAL_ENDS.pi;
      return lt + 2;
    }
    const closing = buf[lt + 1] === 0x2f;
    let j = lt + (closing ? 2 : 1);
    const start = j;
    while (j < buf.length && j - start < LOOKAHEAD && !isNameEnd(buf[j])) j++;
    const name = buf.toString('latin1', start, j);
    const local = name.slice(name.indexOf(':') + 1);
    if (local === this.cellName) this.cellStart = closing ? -1 : base + lt;
    else if (this.boundaries.includes(local)) this.cellStart = -1;
    return lt + 1;
  }
}

function startsWith(buf: Buffer, at: number, prefix: Buffer): boolean {
  return buf.length - at >= prefix.length && buf.compare(prefix, 0, prefix.length, at, at + prefix.length) === 0;
}

/** Whitespace, `>` or `/`: where an element name ends. */
function isNameEnd(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x3e || byte === 0x2f;
}

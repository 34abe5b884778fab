import type { FileHandle } from 'node:fs/promises';

/**
 * Reads values from a memo file (.dbt for dBase, .fpt for FoxPro). A memo field in a record
 * holds a block number; the value lives at blockNumber × blockSize in the memo file.
 *
 * - FoxPro .fpt: header bytes 6-7 = block size (big-endian); each value starts with a block
 *   header: type (4 bytes BE: 0 picture, 1 text, 2 object) and length (4 bytes BE).
 * - dBase IV .dbt: block size in the header (bytes 20-21, or bytes 4-7 for some writers; 512
 *   when neither is set); a value starts with FF FF 08 00 and a little-endian length that
 *   includes those 8 bytes.
 * - dBase III .dbt: 512-byte blocks; a value runs until a 0x1A end-of-text byte.
 */
export class MemoFile {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly size: number,
    private readonly layout: 'foxpro' | 'dbase',
    private readonly blockSize: number,
    private readonly readAt: (handle: FileHandle, buffer: Buffer, position: number) => Promise<number>,
  ) {}

  /** Reads a memo file's header; `size` is its length and `readAt` the caller's timed read (see dbf-table.ts). */
  static async open(path: string, handle: FileHandle, size: number, readAt: (handle: FileHandle, buffer: Buffer, position: number) => Promise<number>): Promise<MemoFile> {
    const header = Buffer.alloc(Math.min(512, size));
    await readAt(handle, header, 0);
    if (path.toLowerCase().endsWith('.fpt')) {
      const blockSize = header.length >= 8 ? header.readUInt16BE(6) : 0;
      // VFP allows block size 0 meaning 1 byte per block (SET BLOCKSIZE TO 0).
      return new MemoFile(path, handle, size, 'foxpro', blockSize || 1, readAt);
    }
    const at20 = header.length >= 22 ? header.readUInt16LE(20) : 0;
    const at4 = header.length >= 8 ? header.readUInt32LE(4) : 0;
    const plausible = (n: number) => n >= 64 && n <= 65536 && n % 64 === 0;
    const blockSize = plausible(at20) ? at20 : plausible(at4) ? at4 : 512;
    return new MemoFile(path, handle, size, 'dbase', blockSize, readAt);
  }

  /**
   * The bytes of the value starting at `block`, or null when the block number points to the
   * memo header (0 = no value). Throws MemoRangeError when the memo file is shorter than the
   * record claims (a truncated or mismatched memo file).
   */
  async read(block: number): Promise<Buffer | null> {
    if (block <= 0) return null;
    const start = block * this.blockSize;
    if (start >= this.size) throw new MemoRangeError(`block ${block} starts past the end of the memo file`);
    if (this.layout === 'foxpro') {
      const head = await this.bytes(start, 8);
      const length = head.readUInt32BE(4);
      if (start + 8 + length > this.size) throw new MemoRangeError(`the value in block ${block} runs past the end of the memo file`);
      return this.bytes(start + 8, length);
    }
    const head = await this.bytes(start, Math.min(8, this.size - start));
    if (head.length === 8 && head.readUInt32LE(0) === 0x0008ffff) {
      const length = head.readUInt32LE(4) - 8;
      if (length < 0 || start + 8 + length > this.size) throw new MemoRangeError(`the value in block ${block} runs past the end of the memo file`);
      return this.bytes(start + 8, length);
    }
    return this.untilEndOfText(start);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private async untilEndOfText(start: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for (let pos = start; pos < this.size; pos += this.blockSize) {
      const chunk = await this.bytes(pos, Math.min(this.blockSize, this.size - pos));
      const end = chunk.indexOf(0x1a);
      if (end !== -1) {
        parts.push(chunk.subarray(0, end));
        return Buffer.concat(parts);
      }
      parts.push(chunk);
    }
    // No end marker before the end of the file: keep what is there, as dBase itself shows it.
    return Buffer.concat(parts);
  }

  private async bytes(position: number, length: number): Promise<Buffer> {
    const buf = Buffer.alloc(length);
    const read = await this.readAt(this.handle, buf, position);
    if (read < length) throw new MemoRangeError(`the memo file ends early (wanted ${length} bytes at ${position}, got ${read})`);
    return buf;
  }
}

/** A memo pointer that leads outside the memo file. */
export class MemoRangeError extends Error {}

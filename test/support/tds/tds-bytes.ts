/**
 * Little byte helpers for the TDS test server: a growable writer for tokens and a cursor for
 * reading client messages. TDS is little-endian except for a few header fields, which say so.
 */
export class ByteWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(initial = 256) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  get length(): number {
    return this.pos;
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(v: number): this {
    this.room(1);
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    this.room(2);
    this.pos = this.buf.writeUInt16LE(v, this.pos);
    return this;
  }

  u16be(v: number): this {
    this.room(2);
    this.pos = this.buf.writeUInt16BE(v, this.pos);
    return this;
  }

  i16(v: number): this {
    this.room(2);
    this.pos = this.buf.writeInt16LE(v, this.pos);
    return this;
  }

  u24(v: number): this {
    this.room(3);
    this.pos = this.buf.writeUIntLE(v, this.pos, 3);
    return this;
  }

  u32(v: number): this {
    this.room(4);
    this.pos = this.buf.writeUInt32LE(v >>> 0, this.pos);
    return this;
  }

  u32be(v: number): this {
    this.room(4);
    this.pos = this.buf.writeUInt32BE(v >>> 0, this.pos);
    return this;
  }

  i32(v: number): this {
    this.room(4);
    this.pos = this.buf.writeInt32LE(v, this.pos);
    return this;
  }

  u40(v: number): this {
    this.room(5);
    this.pos = this.buf.writeUIntLE(v, this.pos, 5);
    return this;
  }

  u64(v: bigint): this {
    this.room(8);
    this.pos = this.buf.writeBigUInt64LE(v, this.pos);
    return this;
  }

  i64(v: bigint): this {
    this.room(8);
    this.pos = this.buf.writeBigInt64LE(v, this.pos);
    return this;
  }

  f32(v: number): this {
    this.room(4);
    this.pos = this.buf.writeFloatLE(v, this.pos);
    return this;
  }

  f64(v: number): this {
    this.room(8);
    this.pos = this.buf.writeDoubleLE(v, this.pos);
    return this;
  }

  bytes(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  /** UCS-2 text without a length prefix. */
  ucs2(s: string): this {
    const n = s.length * 2;
    this.room(n);
    this.pos += this.buf.write(s, this.pos, n, 'ucs2');
    return this;
  }

  /** B_VARCHAR: one byte of character count, then UCS-2. */
  bVarchar(s: string): this {
    return this.u8(s.length).ucs2(s);
  }

  /** US_VARCHAR: two bytes of character count, then UCS-2. */
  usVarchar(s: string): this {
    return this.u16(s.length).ucs2(s);
  }

  /** Writes a placeholder u16 and returns a function that fills it with the bytes written since. */
  lengthU16(): () => void {
    const at = this.pos;
    this.u16(0);
    return () => this.buf.writeUInt16LE(this.pos - at - 2, at);
  }

  /** A copy of what was written. */
  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }

  /** Takes what was written and starts over (the writer keeps its memory). */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.pos));
    this.pos = 0;
    return out;
  }
}

/** Reads a client message; every read checks bounds so a malformed message fails loudly. */
export class ByteReader {
  pos = 0;

  constructor(readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new Error(`TDS message too short: needed ${n} bytes at offset ${this.pos} of ${this.buf.length}`);
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16LE(this.pos);
    this.pos += 2;
    return v;
  }

  i16(): number {
    this.need(2);
    const v = this.buf.readInt16LE(this.pos);
    this.pos += 2;
    return v;
  }

  u24(): number {
    this.need(3);
    const v = this.buf.readUIntLE(this.pos, 3);
    this.pos += 3;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  i32(): number {
    this.need(4);
    const v = this.buf.readInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  uintLE(n: number): number {
    this.need(n);
    const v = this.buf.readUIntLE(this.pos, n);
    this.pos += n;
    return v;
  }

  u64(): bigint {
    this.need(8);
    const v = this.buf.readBigUInt64LE(this.pos);
    this.pos += 8;
    return v;
  }

  i64(): bigint {
    this.need(8);
    const v = this.buf.readBigInt64LE(this.pos);
    this.pos += 8;
    return v;
  }

  f32(): number {
    this.need(4);
    const v = this.buf.readFloatLE(this.pos);
    this.pos += 4;
    return v;
  }

  f64(): number {
    this.need(8);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  bytes(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  ucs2(chars: number): string {
    return this.bytes(chars * 2).toString('ucs2');
  }

  bVarchar(): string {
    return this.ucs2(this.u8());
  }

  usVarchar(): string {
    return this.ucs2(this.u16());
  }
}

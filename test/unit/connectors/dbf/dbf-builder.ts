/**
 * Builds dBase / FoxPro files byte by byte for tests, including the memo files and field kinds
 * that dbffile's writer cannot produce (memo, varchar, _NullFlags, general fields).
 */
export interface FieldSpec {
  name: string | Buffer;
  type: string;
  size: number;
  decimals?: number;
  flags?: number;
}

export interface RecordSpec {
  deleted?: boolean;
  /** Raw bytes of each field, in field order; shorter values are padded with spaces. */
  values: (string | Buffer)[];
}

export function buildDbf(options: { version: number; languageDriver?: number; tableFlags?: number; fields: FieldSpec[]; records: RecordSpec[]; backlink?: boolean }): Buffer {
  const recordLength = 1 + options.fields.reduce((n, f) => n + f.size, 0);
  const headerLength = 32 + options.fields.length * 32 + 1 + (options.backlink ? 263 : 0);
  const header = Buffer.alloc(headerLength);
  header[0] = options.version;
  header[1] = 124;
  header[2] = 5;
  header[3] = 17;
  header.writeUInt32LE(options.records.length, 4);
  header.writeUInt16LE(headerLength, 8);
  header.writeUInt16LE(recordLength, 10);
  header[28] = options.tableFlags ?? 0;
  header[29] = options.languageDriver ?? 0;
  options.fields.forEach((f, i) => {
    const at = 32 + i * 32;
    const name = typeof f.name === 'string' ? Buffer.from(f.name, 'latin1') : f.name;
    name.copy(header, at, 0, Math.min(11, name.length));
    header[at + 11] = f.type.charCodeAt(0);
    header[at + 16] = f.size & 0xff;
    header[at + 17] = f.decimals ?? 0;
    header[at + 18] = f.flags ?? 0;
  });
  header[32 + options.fields.length * 32] = 0x0d;
  const records = options.records.map((r) => {
    const rec = Buffer.alloc(recordLength, 0x20);
    rec[0] = r.deleted ? 0x2a : 0x20;
    let at = 1;
    options.fields.forEach((f, i) => {
      const v = r.values[i] ?? '';
      const bytes = typeof v === 'string' ? Buffer.from(v, 'latin1') : v;
      bytes.copy(rec, at, 0, Math.min(f.size, bytes.length));
      at += f.size;
    });
    return rec;
  });
  return Buffer.concat([header, ...records, Buffer.from([0x1a])]);
}

/** Right-aligned number text, as dBase writes N/F fields. */
export const num = (text: string, size: number) => text.padStart(size, ' ');
export const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
};
export const double = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(n);
  return b;
};
/** VFP currency: a 64-bit integer of ten-thousandths. */
export const currency = (tenThousandths: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64LE(tenThousandths);
  return b;
};
/** VFP DateTime: Julian day number and milliseconds since midnight. */
export const vfpDateTime = (julianDay: number, ms: number) => Buffer.concat([int32(julianDay), int32(ms)]);
/** Julian day number of a Gregorian date. */
export function julianDay(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / 86_400_000) + 2_440_588;
}

/** A FoxPro .fpt: header with the block size, then each value at its block as type + length + data. */
export function buildFpt(blockSize: number, values: { block: number; type?: number; data: Buffer }[]): Buffer {
  const end = Math.max(512, ...values.map((v) => (v.block * blockSize) + 8 + v.data.length));
  const file = Buffer.alloc(Math.ceil(end / blockSize) * blockSize);
  file.writeUInt32BE(Math.ceil(end / blockSize), 0);
  file.writeUInt16BE(blockSize, 6);
  for (const v of values) {
    const at = v.block * blockSize;
    file.writeUInt32BE(v.type ?? 1, at);
    file.writeUInt32BE(v.data.length, at + 4);
    v.data.copy(file, at + 8);
  }
  return file;
}

/** A dBase IV .dbt: block size at byte 20, each value as FF FF 08 00 + length (including those 8 bytes) + data. */
export function buildDbt4(blockSize: number, values: { block: number; data: Buffer }[]): Buffer {
  const end = Math.max(blockSize, ...values.map((v) => v.block * blockSize + 8 + v.data.length));
  const file = Buffer.alloc(Math.ceil(end / blockSize) * blockSize);
  file.writeUInt32LE(Math.ceil(end / blockSize), 0);
  file.writeUInt16LE(blockSize, 20);
  for (const v of values) {
    const at = v.block * blockSize;
    file.writeUInt32LE(0x0008ffff, at);
    file.writeUInt32LE(v.data.length + 8, at + 4);
    v.data.copy(file, at + 8);
  }
  return file;
}

/** A dBase III .dbt: 512-byte blocks, each value ended by 0x1A 0x1A. */
export function buildDbt3(values: { block: number; data: Buffer }[]): Buffer {
  const end = Math.max(512, ...values.map((v) => v.block * 512 + v.data.length + 2));
  const file = Buffer.alloc(Math.ceil(end / 512) * 512);
  file.writeUInt32LE(Math.ceil(end / 512), 0);
  for (const v of values) {
    v.data.copy(file, v.block * 512);
    file[v.block * 512 + v.data.length] = 0x1a;
    file[v.block * 512 + v.data.length + 1] = 0x1a;
  }
  return file;
}

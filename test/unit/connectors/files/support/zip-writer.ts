import { crc32, deflateRawSync } from 'node:zlib';

/** One file to put in a test archive. `declaredSize` lets a test lie about the unpacked size. */
export interface ZipInput {
  name: string;
  data: Buffer | string;
  store?: boolean;
  declaredSize?: number;
  /** Marks the entry as password-protected (the data itself is left as is). */
  encrypted?: boolean;
}

/**
 * Writes a plain zip (no zip64, no encryption) the way archivers do, so tests can build the
 * archives they need: OneRoster bundles, hostile entry names, lying sizes, cut-off files.
 */
export function buildZip(files: ZipInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const data = Buffer.isBuffer(file.data) ? file.data : Buffer.from(file.data, 'utf8');
    // A ZipCrypto entry carries a 12-byte encryption header before its data.
    const packed = Buffer.concat([file.encrypted ? Buffer.alloc(12, 7) : Buffer.alloc(0), file.store ? data : deflateRawSync(data)]);
    const name = Buffer.from(file.name, 'utf8');
    const crc = crc32(data);
    const size = file.declaredSize ?? data.length;
    const method = file.store ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    const flags = 0x0800 | (file.encrypted ? 1 : 0); // UTF-8 names (+ encrypted)
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const centralBuf = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralBuf, end]);
}

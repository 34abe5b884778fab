/**
 * The header of a dBase / FoxPro table (.dbf): 32 bytes of table facts, then one 32-byte
 * descriptor per field up to a 0x0D terminator (Visual FoxPro then adds a 263-byte backlink,
 * covered by the declared header length).
 *
 *   0     version        4-7   record count (uint32)   8-9   header length   10-11 record length
 *   28    table flags (VFP: 0x02 has memo)              29    language driver (code page)
 * Field descriptor: 0-10 name (NUL padded), 11 type letter, 16 length, 17 decimals,
 *   18 VFP flags (0x01 system/hidden, 0x02 nullable, 0x04 binary, 0x0C autoincrement).
 */
export interface DbfHeader {
  version: number;
  versionLabel: string;
  /** YYYY-MM-DD of the last update as the header records it, when valid. */
  lastUpdate: string | null;
  recordCount: number;
  headerLength: number;
  recordLength: number;
  tableFlags: number;
  languageDriver: number;
  /** Every field, including hidden system fields such as VFP's _NullFlags. */
  fields: DbfField[];
  /** Which memo file layout this version uses, when it has memo fields. */
  memoStyle: 'dbase3' | 'dbase4' | 'foxpro';
}

export interface DbfField {
  /** Raw name bytes (decoded later with the table's code page). */
  nameBytes: Buffer;
  type: string;
  /** Byte offset inside the record (the deletion flag is byte 0). */
  offset: number;
  size: number;
  decimals: number;
  flags: number;
  /** Bit in _NullFlags saying the value is NULL (VFP nullable fields). */
  nullBit?: number;
  /** Bit in _NullFlags saying a Varchar/Varbinary is shorter than its field (length in its last byte). */
  varLengthBit?: number;
}

export const FIELD_SYSTEM = 0x01;
export const FIELD_NULLABLE = 0x02;
export const FIELD_BINARY = 0x04;

const VERSIONS: Record<number, string> = {
  0x02: 'FoxBASE',
  0x03: 'dBase III / FoxPro (no memo)',
  0x30: 'Visual FoxPro',
  0x31: 'Visual FoxPro (autoincrement)',
  0x32: 'Visual FoxPro (Varchar/Varbinary)',
  0x43: 'dBase IV SQL table',
  0x63: 'dBase IV SQL system table',
  0x7b: 'dBase IV with memo',
  0x83: 'dBase III with memo',
  0x8b: 'dBase IV with memo',
  0xcb: 'dBase IV SQL table with memo',
  0xe5: 'Clipper SIX with memo',
  0xf5: 'FoxPro 2 with memo',
  0xfb: 'FoxBASE with memo',
};

/** dBase 7 (level 7) uses a different header layout and binary number formats. */
export const DBASE7_VERSIONS = new Set([0x04, 0x8c]);

/** Why a header cannot be read; the caller turns it into a StudioError with the file name. */
export class DbfHeaderError extends Error {
  constructor(
    message: string,
    readonly kind: 'corrupt' | 'unsupported',
  ) {
    super(message);
  }
}

/** Reads the table facts and field layout from the first `headerLength` bytes of a .dbf. */
export function parseDbfHeader(bytes: Buffer): DbfHeader {
  if (bytes.length < 33) throw new DbfHeaderError('the file is shorter than a dBase header', 'corrupt');
  const version = bytes[0];
  if (DBASE7_VERSIONS.has(version)) throw new DbfHeaderError('it is a dBase 7 (level 7) table', 'unsupported');
  const recordCount = bytes.readUInt32LE(4);
  const headerLength = bytes.readUInt16LE(8);
  const recordLength = bytes.readUInt16LE(10);
  if (headerLength < 33 || recordLength < 1) throw new DbfHeaderError(`its header declares impossible sizes (header ${headerLength} bytes, record ${recordLength} bytes)`, 'corrupt');
  if (bytes.length < headerLength) throw new DbfHeaderError('the file ends inside its header', 'corrupt');

  const raw: { nameBytes: Buffer; type: string; size: number; decimals: number; flags: number }[] = [];
  let terminated = false;
  for (let pos = 32; pos + 1 <= headerLength; pos += 32) {
    if (bytes[pos] === 0x0d) {
      terminated = true;
      break;
    }
    if (pos + 32 > headerLength) break;
    const d = bytes.subarray(pos, pos + 32);
    const nameEnd = d.subarray(0, 11).indexOf(0);
    raw.push({ nameBytes: Buffer.from(d.subarray(0, nameEnd === -1 ? 11 : nameEnd)), type: String.fromCharCode(d[11]), size: d[16], decimals: d[17], flags: d[18] });
  }
  if (!terminated || raw.length === 0) throw new DbfHeaderError('its field list is missing or has no end marker', 'corrupt');

  // Clipper stores long character fields' length as 16 bits (decimals = high byte); only
  // adopted when the ordinary reading does not add up to the record length and this one does.
  const sum = (list: { size: number }[]) => 1 + list.reduce((n, f) => n + f.size, 0);
  let layout = raw;
  if (sum(raw) !== recordLength) {
    const widened = raw.map((f) => (f.type === 'C' && f.decimals ? { ...f, size: f.size + f.decimals * 256, decimals: 0 } : f));
    if (sum(widened) !== recordLength) throw new DbfHeaderError(`its fields add up to ${sum(raw)} bytes but each record is declared as ${recordLength} bytes`, 'corrupt');
    layout = widened;
  }

  const fields: DbfField[] = [];
  let offset = 1;
  let bit = 0;
  for (const f of layout) {
    const field: DbfField = { ...f, offset };
    // VFP _NullFlags: each Varchar/Varbinary first takes a length bit, then each nullable field a NULL bit.
    if ((f.type === 'V' || f.type === 'Q') && isVisualFoxPro(version)) field.varLengthBit = bit++;
    if (f.flags & FIELD_NULLABLE && isVisualFoxPro(version)) field.nullBit = bit++;
    fields.push(field);
    offset += f.size;
  }

  return {
    version,
    versionLabel: VERSIONS[version] ? `${VERSIONS[version]} (0x${hex(version)})` : `unrecognised dBase variant (0x${hex(version)})`,
    lastUpdate: headerDate(bytes[1], bytes[2], bytes[3]),
    recordCount,
    headerLength,
    recordLength,
    tableFlags: bytes[28],
    languageDriver: bytes[29],
    fields,
    memoStyle: memoStyle(version),
  };
}

export function isVisualFoxPro(version: number): boolean {
  return version === 0x30 || version === 0x31 || version === 0x32;
}

function memoStyle(version: number): DbfHeader['memoStyle'] {
  if (version === 0x83) return 'dbase3';
  if (version === 0x7b || version === 0x8b || version === 0xcb) return 'dbase4';
  if (isVisualFoxPro(version) || version === 0xf5 || version === 0xfb) return 'foxpro';
  return 'dbase3';
}

function headerDate(yy: number, mm: number, dd: number): string | null {
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return null;
  // Years are counted from 1900; some writers stored two-digit years, which still land in 19xx/20xx.
  const year = 1900 + yy;
  return `${year}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

function hex(n: number): string {
  return n.toString(16).padStart(2, '0').toUpperCase();
}

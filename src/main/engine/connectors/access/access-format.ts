/**
 * What the first page of an Access file says about itself, read without mdb-reader so that a
 * file mdb-reader refuses can still be described precisely (version, encryption scheme).
 *
 * Layout (mdbtools HACKING, Jackcess): bytes 4..19 hold the engine name ("Standard Jet DB",
 * "Standard ACE DB", "MSISAM Database"); byte 0x14 the version; from 0x18 the header is
 * obfuscated with RC4 under a fixed key; inside it, 4 bytes at 0x3E are the page encoding key
 * (all zero when pages are stored in clear); ACE files keep their encryption provider header at
 * 0x299.
 */
export interface AccessFormat {
  /** Page size in bytes: 2048 for Jet 3, 4096 otherwise. */
  pageSize: number;
  /** Byte 0x14: 0 Jet 3, 1 Jet 4, 2 ACE 12, 3 ACE 14, 4 ACE 15, 5 ACE 16, 6 ACE 17. */
  version: number;
  /** "Access 2000-2003 (Jet 4)" and so on. */
  label: string;
  /** True for the .mdb generation (Jet 3/4), whose database password is not an encryption. */
  jet: boolean;
  /** How the pages are protected. */
  encryption: AccessEncryption;
  /** RC4 page key of a Jet-encoded file (pages are readable without any password). */
  jetPageKey: Buffer | null;
}

export type AccessEncryption =
  | 'none'
  | 'jet-rc4'
  | 'office-agile'
  | 'office-rc4-cryptoapi'
  | 'office-standard-aes'
  | 'office-rc4'
  | 'office-extensible'
  | 'office-unknown';

const HEADER_KEY = Buffer.from([0xc7, 0xda, 0x39, 0x6b]);
const ENGINE_NAMES = ['Standard Jet DB', 'Standard ACE DB', 'MSISAM Database'];
const VERSION_LABELS: Record<number, string> = {
  0: 'Access 97 (Jet 3)',
  1: 'Access 2000-2003 (Jet 4)',
  2: 'Access 2007 (ACE 12)',
  3: 'Access 2010 (ACE 14)',
  4: 'Access 2013 (ACE 15)',
  5: 'Access 2016 (ACE 16)',
  6: 'Access 2019 or later (ACE 17)',
};

/** Reads the header of an Access file; null when the bytes are not an Access database at all. */
export function readAccessFormat(file: Buffer): AccessFormat | null {
  if (file.length < 0x300) return null;
  const engine = file.subarray(4, 19).toString('latin1');
  if (!ENGINE_NAMES.some((name) => engine.startsWith(name))) return null;
  const version = file[0x14];
  const label = engine.startsWith('MSISAM') ? 'Microsoft Money (MSISAM)' : VERSION_LABELS[version];
  if (!label) return null;
  const jet = version <= 1;
  const pageSize = version === 0 ? 2048 : 4096;
  const header = Buffer.from(file.subarray(0, pageSize));
  const clear = rc4(HEADER_KEY, header.subarray(0x18, 0x18 + (version === 0 ? 126 : 128)));
  clear.copy(header, 0x18);
  const key = header.subarray(0x3e, 0x42);
  const keyed = key.some((b) => b !== 0);
  let encryption: AccessEncryption = 'none';
  if (keyed) encryption = jet ? 'jet-rc4' : officeEncryption(header);
  return { pageSize, version, label, jet, encryption, jetPageKey: encryption === 'jet-rc4' ? Buffer.from(key) : null };
}

/** Names the encryption scheme of an ACE file the way its provider header declares it. */
function officeEncryption(header: Buffer): AccessEncryption {
  const infoLength = header.readUInt16LE(0x299);
  const info = header.subarray(0x29b, 0x29b + infoLength);
  if (info.length < 8) return 'office-unknown';
  const major = info.readUInt16LE(0);
  const minor = info.readUInt16LE(2);
  if (major === 4 && minor === 4) return 'office-agile';
  if (minor === 3 && (major === 3 || major === 4)) return 'office-extensible';
  if (major === 1 && minor === 1) return 'office-rc4';
  if (minor === 2 && major >= 2 && major <= 4) {
    const flags = info.readInt32LE(4);
    const cryptoApi = (flags & 0x04) !== 0;
    const aes = (flags & 0x20) !== 0;
    if (cryptoApi && aes) return 'office-standard-aes';
    if (cryptoApi) return 'office-rc4-cryptoapi';
  }
  return 'office-unknown';
}

/** Encryption schemes mdb-reader 3 can open (given the password where one is needed). */
export function isDecryptable(encryption: AccessEncryption): boolean {
  return encryption === 'none' || encryption === 'jet-rc4' || encryption === 'office-agile' || encryption === 'office-rc4-cryptoapi';
}

/** Words for messages: "Office agile encryption (AES)" and so on. */
export function describeEncryption(encryption: AccessEncryption): string {
  switch (encryption) {
    case 'none':
      return 'not encrypted';
    case 'jet-rc4':
      return 'Jet encoding (RC4)';
    case 'office-agile':
      return 'Office agile encryption (AES)';
    case 'office-rc4-cryptoapi':
      return 'Office RC4 CryptoAPI encryption';
    case 'office-standard-aes':
      return 'Office standard encryption (AES CryptoAPI)';
    case 'office-rc4':
      return 'Office RC4 encryption';
    case 'office-extensible':
      return 'Office extensible encryption';
    default:
      return 'an unrecognised Office encryption';
  }
}

/** Reads a page of a Jet file, undoing Jet RC4 encoding when the file has it. */
export function readJetPage(file: Buffer, format: AccessFormat, page: number): Buffer | null {
  const start = page * format.pageSize;
  if (page <= 0 || start + format.pageSize > file.length) return null;
  const raw = file.subarray(start, start + format.pageSize);
  if (!format.jetPageKey) return raw;
  const pageKey = Buffer.alloc(4);
  pageKey.writeUInt32LE(page >>> 0);
  for (let i = 0; i < 4; i++) pageKey[i] ^= format.jetPageKey[i];
  return rc4(pageKey, raw);
}

/** RC4, which Jet uses to obfuscate headers and encode pages (node:crypto no longer ships it). */
export function rc4(key: Buffer, data: Buffer): Buffer {
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i] + key[i % key.length]) & 0xff;
    const t = s[i];
    s[i] = s[j];
    s[j] = t;
  }
  const out = Buffer.from(data);
  for (let k = 0, i = 0, j = 0; k < out.length; k++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]) & 0xff;
    const t = s[i];
    s[i] = s[j];
    s[j] = t;
    out[k] ^= s[(s[i] + s[j]) & 0xff];
  }
  return out;
}

import { isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';

/** The encoding a sample of a text file was found to be in. */
export interface DetectedEncoding {
  /** A name iconv-lite (and the `encoding` setting) accepts: `utf-8`, `utf-16le`, `windows-1252`, `gb18030`… */
  encoding: string;
  /** Found from a byte-order mark (certain) rather than guessed. */
  fromBom: boolean;
  /** The sample held only 7-bit ASCII, so UTF-8 is an assumption the rest of the file may still contradict. */
  asciiOnly: boolean;
}

/** Why no encoding could be settled on; `offset` is the byte that gave it away. */
export interface UndetectableEncoding {
  reason: 'binary' | 'unknown';
  offset: number;
}

/** How many bytes from the start of a file the guess is made on. */
export const DETECTION_SAMPLE_BYTES = 64 * 1024;

/** chardet's names → iconv-lite names. Latin-1 is read as its superset Windows-1252, as browsers do. */
const CHARDET_TO_ICONV: Record<string, string> = {
  'ISO-8859-1': 'windows-1252',
  'ISO-8859-2': 'iso-8859-2',
  'ISO-8859-5': 'iso-8859-5',
  'ISO-8859-6': 'iso-8859-6',
  'ISO-8859-7': 'iso-8859-7',
  'ISO-8859-8': 'iso-8859-8',
  'ISO-8859-9': 'windows-1254',
  'windows-1250': 'windows-1250',
  'windows-1251': 'windows-1251',
  'windows-1252': 'windows-1252',
  'windows-1253': 'windows-1253',
  'windows-1254': 'windows-1254',
  'windows-1255': 'windows-1255',
  'windows-1256': 'windows-1256',
  'KOI8-R': 'koi8-r',
  GB18030: 'gb18030',
  Big5: 'big5',
  Shift_JIS: 'shift_jis',
  'EUC-JP': 'euc-jp',
  'EUC-KR': 'euc-kr',
};

/** Byte-order marks, longest first so UTF-32LE is not taken for UTF-16LE. */
const BOMS: { bytes: number[]; encoding: string }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

/**
 * Guesses a text file's encoding from its first bytes: a byte-order mark decides; then NUL
 * patterns reveal UTF-16 without a mark (or a binary file); then valid UTF-8 is taken as UTF-8;
 * only then is chardet asked, and its guess must decode the sample without a replacement
 * character to be accepted.
 */
export function detectEncoding(sample: Buffer, atEof: boolean): DetectedEncoding | UndetectableEncoding {
  for (const bom of BOMS) {
    if (sample.length >= bom.bytes.length && bom.bytes.every((b, i) => sample[i] === b)) return { encoding: bom.encoding, fromBom: true, asciiOnly: false };
  }
  const nul = sample.indexOf(0);
  if (nul !== -1) {
    const utf16 = utf16WithoutBom(sample);
    if (utf16) return { encoding: utf16, fromBom: false, asciiOnly: false };
    return { reason: 'binary', offset: nul };
  }
  const body = atEof ? sample : sample.subarray(0, sample.length - incompleteUtf8Tail(sample));
  if (isUtf8(body)) return { encoding: 'utf-8', fromBom: false, asciiOnly: isAscii(body) };
  const guess = guessLegacyEncoding(sample, atEof);
  if (guess) return { encoding: guess, fromBom: false, asciiOnly: false };
  return { reason: 'unknown', offset: firstInvalidUtf8(body) };
}

/** chardet's candidates, in its order of confidence, that decode the sample cleanly. */
export function guessLegacyEncoding(sample: Buffer, atEof: boolean): string | null {
  const matches = chardet.analyse(sample);
  const tried = new Set<string>();
  for (const match of matches) {
    const name = CHARDET_TO_ICONV[match.name];
    if (!name || tried.has(name)) continue;
    tried.add(name);
    if (decodesCleanly(sample, name, atEof)) return name;
  }
  // chardet ranks by statistics; a short sample may leave the right single-byte code page out.
  if (!tried.has('windows-1252') && decodesCleanly(sample, 'windows-1252', atEof)) return 'windows-1252';
  return null;
}

function decodesCleanly(sample: Buffer, encoding: string, atEof: boolean): boolean {
  if (!iconv.encodingExists(encoding)) return false;
  const text = iconv.decode(sample, encoding);
  // The sample may end in the middle of a multi-byte character.
  const checked = atEof ? text : text.slice(0, Math.max(0, text.length - 2));
  return !checked.includes('\uFFFD');
}

function utf16WithoutBom(sample: Buffer): string | null {
  const n = Math.min(sample.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

function isAscii(buf: Buffer): boolean {
  for (let i = 0; i < buf.length; i++) if (buf[i] > 0x7f) return false;
  return true;
}

/** How many bytes at the end of `buf` begin a UTF-8 sequence that the next chunk completes. */
export function incompleteUtf8Tail(buf: Uint8Array): number {
  const end = buf.length;
  for (let back = 1; back <= Math.min(3, end); back++) {
    const b = buf[end - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/** Offset of the first byte that breaks UTF-8 (or `buf.length` when none does). */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= buf.length) return i; // cut off before the sequence ends
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return buf.length;
}

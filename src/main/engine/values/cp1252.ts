/**
 * Windows-1252 as legacy Windows software applies it, used to make and undo "mojibake": UTF-8
 * bytes that an old system read as Windows-1252 ("José" stored as "JosÃ©").
 *
 * Bytes 0x80–0x9F map to the typographic characters Windows-1252 puts there; the five bytes the
 * code page leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the C1 control character of
 * the same number, as Windows and the WHATWG decoder do. Without that, Hebrew ("א" is D7 90) and
 * Arabic ("ف" is D9 81) text could not survive the round trip. Every other byte is Latin-1.
 */
const HIGH: readonly number[] = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

const BYTE_TO_CHAR: readonly string[] = Array.from({ length: 256 }, (_, b) => String.fromCharCode(b >= 0x80 && b <= 0x9f ? HIGH[b - 0x80] : b));
const CHAR_TO_BYTE = new Map<string, number>(BYTE_TO_CHAR.map((ch, b) => [ch, b]));
// Latin-1 (ISO 8859-1) reads 0x80–0x9F as the C1 controls of the same number ("Zięba" → "ZiÄ\u0099ba"):
// those controls never occur in real text, so they are taken back to their bytes as well.
for (let b = 0x80; b <= 0x9f; b++) if (!CHAR_TO_BYTE.has(String.fromCharCode(b))) CHAR_TO_BYTE.set(String.fromCharCode(b), b);
/** Layers of damage undone at most (text saved twice through a single-byte code page is common; more is not). */
const MAX_LAYERS = 3;

const NON_ASCII = /[^\x00-\x7f]/;
const utf8 = new TextDecoder('utf-8');

/** Text as an old system shows it after reading its UTF-8 bytes as Windows-1252. */
export function toMojibake(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  const bytes = Buffer.from(text, 'utf8');
  let out = '';
  for (const b of bytes) out += BYTE_TO_CHAR[b];
  return out;
}

/**
 * Undoes mojibake, one layer after another (at most three): when every character of the text is a Windows-1252 character and
 * the bytes they stand for are valid UTF-8, those bytes read as UTF-8 are the real text. Anything
 * else (clean accented text such as "José", Hebrew, Arabic, plain ASCII) is returned unchanged,
 * because a lone "é" (byte E9) or a letter outside the code page can never form valid UTF-8.
 */
export function fixMojibake(text: string): string {
  let fixed = text;
  for (let layer = 0; layer < MAX_LAYERS; layer++) {
    const next = fixOneLayer(fixed);
    if (next === fixed) break;
    fixed = next;
  }
  return fixed;
}

/** One layer of `fixMojibake`: text encoded twice ("GonÃƒÂ§alves") needs two. */
function fixOneLayer(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const b = CHAR_TO_BYTE.get(text[i]);
    if (b === undefined) return text;
    bytes[i] = b;
  }
  return isValidUtf8(bytes) ? utf8.decode(bytes) : text;
}

/**
 * Strict UTF-8 check (no overlong forms, no surrogates, nothing above U+10FFFF). Checked by hand
 * rather than by a fatal decoder because most text it sees is not UTF-8, and exceptions are slow.
 */
export function isValidUtf8(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const c = bytes[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const need = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (need === 0 || i + need >= n) return false;
    const c1 = bytes[i + 1];
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f) || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return false;
    for (let k = 1; k <= need; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return false;
    i += need + 1;
  }
  return true;
}

/** True when `fixMojibake` would change the text: it holds UTF-8 read as Windows-1252. */
export function isMojibake(text: string): boolean {
  return fixMojibake(text) !== text;
}

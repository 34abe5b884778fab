import chardet from 'chardet';
import iconv from 'iconv-lite';

/** A code page a dBase language driver byte stands for, as an iconv-lite encoding name. */
export interface DbfCodePage {
  encoding: string;
  label: string;
}

/**
 * Language driver IDs (header byte 29) of dBase IV/V, FoxPro and Visual FoxPro, mapped to
 * iconv-lite encodings. Source: the Visual FoxPro "Code Pages Supported by Visual FoxPro"
 * table and the dBase language driver list. IDs whose code page iconv-lite lacks (0x68
 * Kamenicky cp895, 0x69 Mazovia cp620) are left out, so such files fall back to detection or
 * the `encoding` setting instead of being read wrongly.
 */
export const DBF_CODE_PAGES: ReadonlyMap<number, DbfCodePage> = new Map<number, DbfCodePage>([
  [0x01, { encoding: 'cp437', label: 'US MS-DOS (437)' }],
  [0x02, { encoding: 'cp850', label: 'International MS-DOS (850)' }],
  [0x03, { encoding: 'cp1252', label: 'Windows ANSI (1252)' }],
  [0x04, { encoding: 'macintosh', label: 'Standard Macintosh' }],
  [0x08, { encoding: 'cp865', label: 'Danish OEM (865)' }],
  [0x09, { encoding: 'cp437', label: 'Dutch OEM (437)' }],
  [0x0a, { encoding: 'cp850', label: 'Dutch OEM (850)' }],
  [0x0b, { encoding: 'cp437', label: 'Finnish OEM (437)' }],
  [0x0d, { encoding: 'cp437', label: 'French OEM (437)' }],
  [0x0e, { encoding: 'cp850', label: 'French OEM (850)' }],
  [0x0f, { encoding: 'cp437', label: 'German OEM (437)' }],
  [0x10, { encoding: 'cp850', label: 'German OEM (850)' }],
  [0x11, { encoding: 'cp437', label: 'Italian OEM (437)' }],
  [0x12, { encoding: 'cp850', label: 'Italian OEM (850)' }],
  [0x13, { encoding: 'cp932', label: 'Japanese Shift-JIS (932)' }],
  [0x14, { encoding: 'cp850', label: 'Spanish OEM (850)' }],
  [0x15, { encoding: 'cp437', label: 'Swedish OEM (437)' }],
  [0x16, { encoding: 'cp850', label: 'Swedish OEM (850)' }],
  [0x17, { encoding: 'cp865', label: 'Norwegian OEM (865)' }],
  [0x18, { encoding: 'cp437', label: 'Spanish OEM (437)' }],
  [0x19, { encoding: 'cp437', label: 'English OEM, Britain (437)' }],
  [0x1a, { encoding: 'cp850', label: 'English OEM, Britain (850)' }],
  [0x1b, { encoding: 'cp437', label: 'English OEM, US (437)' }],
  [0x1c, { encoding: 'cp863', label: 'French OEM, Canada (863)' }],
  [0x1d, { encoding: 'cp850', label: 'French OEM (850)' }],
  [0x1f, { encoding: 'cp852', label: 'Czech OEM (852)' }],
  [0x22, { encoding: 'cp852', label: 'Hungarian OEM (852)' }],
  [0x23, { encoding: 'cp852', label: 'Polish OEM (852)' }],
  [0x24, { encoding: 'cp860', label: 'Portuguese OEM (860)' }],
  [0x25, { encoding: 'cp850', label: 'Portuguese OEM (850)' }],
  [0x26, { encoding: 'cp866', label: 'Russian OEM (866)' }],
  [0x37, { encoding: 'cp850', label: 'English OEM, US (850)' }],
  [0x40, { encoding: 'cp852', label: 'Romanian OEM (852)' }],
  [0x4d, { encoding: 'cp936', label: 'Chinese GBK, PRC (936)' }],
  [0x4e, { encoding: 'cp949', label: 'Korean (949)' }],
  [0x4f, { encoding: 'cp950', label: 'Chinese Big5, Taiwan (950)' }],
  [0x50, { encoding: 'cp874', label: 'Thai (874)' }],
  [0x57, { encoding: 'cp1252', label: 'Current ANSI code page, read as Windows ANSI (1252)' }],
  [0x58, { encoding: 'cp1252', label: 'Western European ANSI (1252)' }],
  [0x59, { encoding: 'cp1252', label: 'Spanish ANSI (1252)' }],
  [0x64, { encoding: 'cp852', label: 'Eastern European MS-DOS (852)' }],
  [0x65, { encoding: 'cp866', label: 'Russian MS-DOS (866)' }],
  [0x66, { encoding: 'cp865', label: 'Nordic MS-DOS (865)' }],
  [0x67, { encoding: 'cp861', label: 'Icelandic MS-DOS (861)' }],
  [0x6a, { encoding: 'cp737', label: 'Greek MS-DOS (737)' }],
  [0x6b, { encoding: 'cp857', label: 'Turkish MS-DOS (857)' }],
  [0x6c, { encoding: 'cp863', label: 'French-Canadian MS-DOS (863)' }],
  [0x78, { encoding: 'cp950', label: 'Taiwan Big5 (950)' }],
  [0x79, { encoding: 'cp949', label: 'Hangul, Wansung (949)' }],
  [0x7a, { encoding: 'cp936', label: 'PRC GBK (936)' }],
  [0x7b, { encoding: 'cp932', label: 'Japanese Shift-JIS (932)' }],
  [0x7c, { encoding: 'cp874', label: 'Thai Windows (874)' }],
  [0x7d, { encoding: 'cp1255', label: 'Hebrew Windows (1255)' }],
  [0x7e, { encoding: 'cp1256', label: 'Arabic Windows (1256)' }],
  [0x86, { encoding: 'cp737', label: 'Greek OEM (737)' }],
  [0x87, { encoding: 'cp852', label: 'Slovenian OEM (852)' }],
  [0x88, { encoding: 'cp857', label: 'Turkish OEM (857)' }],
  [0x96, { encoding: 'maccyrillic', label: 'Russian Macintosh' }],
  [0x97, { encoding: 'maccenteuro', label: 'Eastern European Macintosh' }],
  [0x98, { encoding: 'macgreek', label: 'Greek Macintosh' }],
  [0xc8, { encoding: 'cp1250', label: 'Eastern European Windows (1250)' }],
  [0xc9, { encoding: 'cp1251', label: 'Russian Windows (1251)' }],
  [0xca, { encoding: 'cp1254', label: 'Turkish Windows (1254)' }],
  [0xcb, { encoding: 'cp1253', label: 'Greek Windows (1253)' }],
  [0xcc, { encoding: 'cp1257', label: 'Baltic Windows (1257)' }],
]);

/** How the encoding of a table was chosen, for the user to see and override. */
export interface ChosenEncoding {
  encoding: string;
  source: 'setting' | 'header' | 'detected' | 'ascii';
  /** Language driver byte of the header. */
  languageDriver: number;
  /** 0-100 for a detected encoding. */
  confidence?: number;
  /** One line for messages: "cp866 (Russian MS-DOS (866), from the file header)". */
  description: string;
}

/** chardet's names for the encodings it reports, where iconv-lite spells them differently. */
const CHARDET_TO_ICONV: Record<string, string> = {
  'ISO-8859-1': 'cp1252',
  'windows-1252': 'cp1252',
  'windows-1250': 'cp1250',
  'windows-1251': 'cp1251',
  'windows-1253': 'cp1253',
  'windows-1254': 'cp1254',
  'windows-1255': 'cp1255',
  'windows-1256': 'cp1256',
};

/**
 * Picks the encoding of a table's text: the `encoding` setting when given; otherwise the
 * language driver byte when the table has one we know; otherwise the text itself decides —
 * plain ASCII needs no code page, valid UTF-8 is UTF-8, and anything else is detected with
 * chardet on the field names and character data, reported with its confidence so the user can
 * correct it. Returns null when nothing plausible is found.
 */
export function chooseEncoding(setting: string | null, languageDriver: number, sample: Buffer): ChosenEncoding | null {
  if (setting) {
    return { encoding: setting, source: 'setting', languageDriver, description: `${setting} (from the connection's encoding setting)` };
  }
  const known = DBF_CODE_PAGES.get(languageDriver);
  if (known) {
    return { encoding: known.encoding, source: 'header', languageDriver, description: `${known.encoding} (${known.label}, from the file header)` };
  }
  if (sample.every((b) => b < 0x80)) {
    return { encoding: 'cp1252', source: 'ascii', languageDriver, description: 'cp1252 (the text is plain ASCII, so any Western code page reads it the same)' };
  }
  if (isValidUtf8(sample)) {
    return { encoding: 'utf8', source: 'detected', languageDriver, confidence: 100, description: 'utf8 (detected: the text is valid UTF-8)' };
  }
  for (const match of chardet.analyse(sample)) {
    const name = CHARDET_TO_ICONV[match.name] ?? match.name;
    if (name === 'ASCII' || !iconv.encodingExists(name)) continue;
    const encoding = name.toLowerCase();
    return { encoding, source: 'detected', languageDriver, confidence: match.confidence, description: `${encoding} (detected from the text with ${match.confidence}% confidence; the file header names no code page)` };
  }
  return null;
}

/** True when iconv-lite can decode text in this encoding. */
export function isKnownEncoding(name: string): boolean {
  return iconv.encodingExists(name);
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

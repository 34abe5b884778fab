import { fixMojibake } from '../../values/cp1252';

/**
 * Names as the matcher compares them: mojibake undone (UTF-8 read as Windows-1252), Unicode
 * compatibility forms folded, case folded, accents and vowel points dropped, letters that do not
 * decompose (ł, ø, ß …) spelled out, apostrophes and dots removed, hyphens and runs of spaces
 * turned into one space. "  JosÃ© " and "JOSE" both become "jose"; "O'Brien" becomes "obrien".
 */
export function normalizeName(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = fixMojibake(String(value)).normalize('NFKC').toLowerCase();
  text = text.normalize('NFD').replace(/\p{M}/gu, '');
  text = text.replace(/[łøđßæœþðıħŀ]/g, (ch) => SPELLED_OUT[ch] ?? ch);
  text = text.replace(/\u0640/g, ''); // Arabic tatweel only stretches a word.
  text = text.replace(/['’‘`´.]/g, '').replace(/[-_,;/\\()[\]"]+/g, ' ');
  return text.replace(/\s+/g, ' ').trim();
}

/** The name as a person would read it: mojibake undone, spaces tidied, case kept. */
export function displayName(value: unknown): string {
  if (value === null || value === undefined) return '';
  return fixMojibake(String(value)).replace(/\s+/g, ' ').trim();
}

const SPELLED_OUT: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th', ð: 'd', ı: 'i', ħ: 'h', ŀ: 'l' };

export type Script = 'latin' | 'hebrew' | 'arabic' | 'other' | 'none';

/** The writing system of a (normalized) name, by its first letter. */
export function scriptOf(text: string): Script {
  for (const ch of text) {
    if (/[a-z]/.test(ch)) return 'latin';
    if (/[\u0590-\u05ff]/.test(ch)) return 'hebrew';
    if (/[\u0600-\u06ff\u0750-\u077f]/.test(ch)) return 'arabic';
    if (/\p{L}/u.test(ch)) return 'other';
  }
  return 'none';
}

// Consonant values of Hebrew and Arabic letters. Letters that are vowels, semi-vowels or
// gutturals in transliteration (alef, he, vav, yod, ayin; alif, waw, ya, ta marbuta, ha) are
// dropped, as are their Latin counterparts (vowels, h, w, y, v), because transliterations
// disagree about them (Mohammed/Muhammad, Yosef/Joseph's "o").
const HEBREW: Record<string, string> = {
  א: '', ב: 'b', ג: 'g', ד: 'd', ה: '', ו: '', ז: 's', ח: '', ט: 't', י: '', כ: 'k', ך: 'k', ל: 'l', מ: 'm', ם: 'm', נ: 'n', ן: 'n', ס: 's', ע: '', פ: 'f', ף: 'f', צ: 's', ץ: 's', ק: 'k', ר: 'r', ש: 's', ת: 't',
};
const ARABIC: Record<string, string> = {
  ا: '', أ: '', إ: '', آ: '', ء: '', ئ: '', ؤ: '', ب: 'b', ت: 't', ث: 't', ج: 'g', ح: '', خ: '', د: 'd', ذ: 'd', ر: 'r', ز: 's', س: 's', ش: 's', ص: 's', ض: 'd', ط: 't', ظ: 'd', ع: '', غ: 'g', ف: 'f', ق: 'k', ك: 'k', ل: 'l', م: 'm', ن: 'n', ه: '', و: '', ي: '', ى: '', ة: '',
};
const LATIN_DIGRAPHS: [RegExp, string][] = [
  [/sch/g, 's'],
  [/ph/g, 'f'],
  [/[ck]h/g, ''],
  [/sh/g, 's'],
  [/th/g, 't'],
  [/t[sz]/g, 's'],
  [/ck/g, 'k'],
  [/gh/g, 'g'],
];
const LATIN_LETTERS: Record<string, string> = { c: 'k', q: 'k', x: 'ks', z: 's', j: 'g', p: 'f', v: '', w: '', y: '', h: '', a: '', e: '', i: '', o: '', u: '' };

/**
 * The consonant skeleton of a normalized name, comparable across Latin, Hebrew and Arabic
 * script: "mohammed", "muhammad" and "محمد" all give "mmd"; "yosef" and "יוסף" give "sf".
 * Doubled letters count once. Used only to compare names written in different scripts.
 */
export function consonantSkeleton(normalized: string): string {
  const script = scriptOf(normalized);
  const letters = [...normalized.replace(/\s+/g, '')].filter((ch, i, all) => i === 0 || ch !== all[i - 1]).join('');
  if (script === 'hebrew') return [...letters].map((ch) => HEBREW[ch] ?? '').join('');
  if (script === 'arabic') return [...letters].map((ch) => ARABIC[ch] ?? '').join('');
  let latin = letters.replace(/[^a-z]/g, '');
  for (const [pattern, to] of LATIN_DIGRAPHS) latin = latin.replace(pattern, to);
  return [...latin].map((ch) => LATIN_LETTERS[ch] ?? ch).join('');
}

// Rough Latin spellings of Hebrew and Arabic letters, vowels left out, for phonetic codes only.
const HEBREW_LATIN: Record<string, string> = { ...HEBREW, א: 'a', ה: 'h', ו: 'v', ח: 'h', י: 'y', ע: 'a' };
const ARABIC_LATIN: Record<string, string> = { ...ARABIC, ا: 'a', أ: 'a', إ: 'i', آ: 'a', ح: 'h', خ: 'k', ع: 'a', ه: 'h', و: 'w', ي: 'y', ى: 'a', ة: 'a' };

/** A normalized name in Latin letters, so Soundex can code Hebrew and Arabic names too. */
export function latinForPhonetics(normalized: string): string {
  const script = scriptOf(normalized);
  if (script === 'hebrew') return [...normalized].map((ch) => HEBREW_LATIN[ch] ?? (ch === ' ' ? ' ' : '')).join('');
  if (script === 'arabic') return [...normalized].map((ch) => ARABIC_LATIN[ch] ?? (ch === ' ' ? ' ' : '')).join('');
  return normalized;
}

/**
 * American Soundex (the variant the US census uses): the first letter, then up to three digits
 * for the consonant sounds that follow. Letters with the same code separated only by H or W
 * count once; vowels separate them. Non-Latin text should be transliterated first
 * (`latinForPhonetics`); a name with no Latin letter has no code ('').
 */
const SOUNDEX_CODES: Record<string, string> = {
  b: '1', f: '1', p: '1', v: '1',
  c: '2', g: '2', j: '2', k: '2', q: '2', s: '2', x: '2', z: '2',
  d: '3', t: '3',
  l: '4',
  m: '5', n: '5',
  r: '6',
};

export function soundex(name: string): string {
  const letters = name.toLowerCase().replace(/[^a-z]/g, '');
  if (!letters) return '';
  let out = letters[0].toUpperCase();
  let last = SOUNDEX_CODES[letters[0]] ?? '';
  for (let i = 1; i < letters.length && out.length < 4; i++) {
    const ch = letters[i];
    const code = SOUNDEX_CODES[ch];
    if (code) {
      if (code !== last) out += code;
      last = code;
    } else if (ch !== 'h' && ch !== 'w') {
      // A vowel (or y) separates two letters with the same code; H and W do not.
      last = '';
    }
  }
  return out.padEnd(4, '0');
}

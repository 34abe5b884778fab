import { areNameVariants } from './nicknames';
import { consonantSkeleton, latinForPhonetics, scriptOf } from './normalize-name';
import { soundex } from './phonetic';
import { jaroWinkler, levenshtein, levenshteinSimilarity } from './string-similarity';

/** How two name parts were found alike, with a 0–1 score. */
export interface NamePartMatch {
  score: number;
  how: 'same' | 'variant' | 'transliteration' | 'within' | 'similar' | 'different' | 'missing';
  /** Jaro–Winkler of the two normalized parts, for reasons. */
  jaroWinkler: number;
  /** Soundex codes, equal when `soundsAlike`. */
  soundexA: string;
  soundexB: string;
  soundsAlike: boolean;
}

const phoneticMemo = new Map<string, string>();

/**
 * Phonetic code of a normalized name part, for blocking and reasons ('' when it has no letters).
 * The Arabic article (ال, "al ", "el ") is left out, so it does not put every Al- name in one block.
 */
export function phoneticKey(normalized: string): string {
  let code = phoneticMemo.get(normalized);
  if (code === undefined) {
    const bare = normalized.replace(/^ال(?=\p{L}{2})/u, '').replace(/^(al|el)[ ](?=\p{L})/u, '');
    code = soundex(latinForPhonetics(bare));
    if (phoneticMemo.size > 100_000) phoneticMemo.clear();
    phoneticMemo.set(normalized, code);
  }
  return code;
}

const partMemo = new Map<string, NamePartMatch>();

/** `compareNameParts`, remembered: a school's names repeat, so most comparisons were made before. */
export function compareNamePartsCached(a: string, b: string): NamePartMatch {
  const id = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
  let m = partMemo.get(id);
  if (m === undefined) {
    m = compareNameParts(a, b);
    if (partMemo.size > 200_000) partMemo.clear();
    partMemo.set(id, m);
  }
  // The memo is keyed without order; put the Soundex codes back in the caller's order.
  return a < b || a === b ? m : { ...m, soundexA: m.soundexB, soundexB: m.soundexA };
}

/**
 * Compares two normalized name parts (a first name with a first name, or a surname with a
 * surname). Equal → 1; known variants (Jon/John, Mohammed/Muhammad) → 0.95; the same consonants
 * in another script (Yosef/יוסף) → 0.9 (0.86 one consonant apart); one part's words all found in
 * the other's (Mary / Mary Ann) → 0.9; otherwise the mean of Jaro–Winkler and Levenshtein
 * similarity, raised to Jaro–Winkler when the two sound alike (same Soundex: Smith/Smyth), and
 * at most 0.8 when one is the other plus two or more letters (Harris/Harrison).
 */
export function compareNameParts(a: string, b: string): NamePartMatch {
  const sa = phoneticKey(a);
  const sb = phoneticKey(b);
  const base = { soundexA: sa, soundexB: sb, soundsAlike: sa !== '' && sa === sb };
  if (!a || !b) return { ...base, score: 0, how: 'missing', jaroWinkler: 0 };
  if (a === b) return { ...base, score: 1, how: 'same', jaroWinkler: 1 };
  const jw = jaroWinkler(a, b);
  if (areNameVariants(a, b)) return { ...base, score: 0.95, how: 'variant', jaroWinkler: jw };
  const scriptA = scriptOf(a);
  const scriptB = scriptOf(b);
  if (scriptA !== scriptB) {
    const ka = consonantSkeleton(a);
    const kb = consonantSkeleton(b);
    if (ka.length >= 2 && ka === kb) return { ...base, score: 0.9, how: 'transliteration', jaroWinkler: jw };
    if (Math.min(ka.length, kb.length) >= 2 && Math.max(ka.length, kb.length) >= 3 && levenshtein(ka, kb) === 1) return { ...base, score: 0.86, how: 'transliteration', jaroWinkler: jw };
    return { ...base, score: 0, how: 'different', jaroWinkler: jw };
  }
  const wordsA = a.split(' ');
  const wordsB = b.split(' ');
  if (wordsA.length !== wordsB.length) {
    const [fewer, more] = wordsA.length < wordsB.length ? [wordsA, wordsB] : [wordsB, wordsA];
    if (fewer.every((w) => w.length > 1 && more.includes(w))) return { ...base, score: 0.9, how: 'within', jaroWinkler: jw };
  }
  let score = (jw + levenshteinSimilarity(a, b)) / 2;
  if (base.soundsAlike) score = Math.max(score, jw);
  // One name plus two or more letters is usually another name (Harris/Harrison, John/Johnson).
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (longer.startsWith(shorter) && longer.length - shorter.length >= 2) score = Math.min(score, 0.8);
  return { ...base, score, how: score >= 0.85 ? 'similar' : 'different', jaroWinkler: jw };
}

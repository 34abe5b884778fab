/**
 * One walk over a text's characters that yields its pattern signature and the character counts
 * the profiler needs, without regular expressions on the hot path.
 *
 * Pattern signature: each digit is `9` (a run longer than 15 digits is `9+`); a run of capital
 * letters is `A` (one) or `A+` (several), lower-case `a`/`a+`, letters of scripts without case
 * (Hebrew, Arabic, CJK…) `L`/`L+`; each white-space character is a space; anything else stands
 * for itself. "Smith John" → `Aa+ Aa+`, "2012-03-04" → `9999-99-99`, "SW1A 1AA" → `A+9A 9A+`.
 * Signatures longer than 48 characters are cut and end in `…`.
 */
export interface TextShape {
  pattern: string;
  digits: number;
  upper: number;
  lower: number;
  /** Letters of scripts without case. */
  uncased: number;
  spaces: number;
  /** Punctuation, symbols, control characters. */
  other: number;
  nonAscii: boolean;
}

const MAX_PATTERN = 48;
const MAX_DIGIT_RUN = 15;

// Character classes: 0 other, 1 digit, 2 upper, 3 lower, 4 uncased letter, 5 space.
const OTHER = 0;
const DIGIT = 1;
const UPPER = 2;
const LOWER = 3;
const UNCASED = 4;
const SPACE = 5;

const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  ASCII_CLASS[c] = c >= 48 && c <= 57 ? DIGIT : c >= 65 && c <= 90 ? UPPER : c >= 97 && c <= 122 ? LOWER : c === 32 || (c >= 9 && c <= 13) ? SPACE : OTHER;
}
const wideClassCache = new Map<number, number>();

function wideClass(code: number): number {
  let cls = wideClassCache.get(code);
  if (cls === undefined) {
    const ch = String.fromCharCode(code);
    cls = /\p{Lu}|\p{Lt}/u.test(ch) ? UPPER : /\p{Ll}/u.test(ch) ? LOWER : /\p{L}|\p{M}/u.test(ch) ? UNCASED : /\s/u.test(ch) ? SPACE : OTHER;
    if (wideClassCache.size < 65_536) wideClassCache.set(code, cls);
  }
  return cls;
}

const RUN_SYMBOL = ['', '', 'A', 'a', 'L'];

/** Shape of a text. The returned object is reused by the next call: copy what you keep. */
export function textShape(text: string): TextShape {
  const out = SHAPE;
  out.digits = 0;
  out.upper = 0;
  out.lower = 0;
  out.uncased = 0;
  out.spaces = 0;
  out.other = 0;
  out.nonAscii = false;
  let pattern = '';
  let truncated = false;
  let runClass = -1;
  let run = 0;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    let cls = -2;
    let code = 0;
    let literal = '';
    if (i < n) {
      code = text.charCodeAt(i);
      if (code < 128) cls = ASCII_CLASS[code];
      else {
        out.nonAscii = true;
        // A surrogate pair is one character: classify the pair's first half as an uncased letter
        // or symbol by looking at the whole code point.
        if (code >= 0xd800 && code <= 0xdbff && i + 1 < n) {
          literal = String.fromCodePoint(text.codePointAt(i) as number);
          cls = /\p{L}/u.test(literal) ? UNCASED : OTHER;
          i++;
        } else cls = wideClass(code);
      }
    }
    // Flush a run of letters or digits when the class changes.
    if (cls !== runClass && run > 0) {
      if (pattern.length < MAX_PATTERN) {
        if (runClass === DIGIT) pattern += run > MAX_DIGIT_RUN ? '9+' : DIGIT_RUNS[run];
        else pattern += run === 1 ? RUN_SYMBOL[runClass] : `${RUN_SYMBOL[runClass]}+`;
      } else truncated = true;
      run = 0;
    }
    if (cls === -2) break;
    switch (cls) {
      case DIGIT:
        out.digits++;
        break;
      case UPPER:
        out.upper++;
        break;
      case LOWER:
        out.lower++;
        break;
      case UNCASED:
        out.uncased++;
        break;
      case SPACE:
        out.spaces++;
        break;
      default:
        out.other++;
    }
    if (cls === SPACE || cls === OTHER) {
      runClass = -1;
      if (pattern.length < MAX_PATTERN) pattern += cls === SPACE ? ' ' : literal || text[i];
      else truncated = true;
    } else {
      runClass = cls;
      run++;
    }
  }
  out.pattern = truncated || pattern.length > MAX_PATTERN ? `${pattern.slice(0, MAX_PATTERN)}…` : pattern;
  return out;
}

const DIGIT_RUNS: string[] = Array.from({ length: MAX_DIGIT_RUN + 1 }, (_, i) => '9'.repeat(i));
const SHAPE: TextShape = { pattern: '', digits: 0, upper: 0, lower: 0, uncased: 0, spaces: 0, other: 0, nonAscii: false };

/** The pattern signature of a whole number without computing its text (sign, then one 9 per digit). */
export function integerPattern(n: number): string {
  const abs = Math.abs(n);
  const digits = abs < 1 ? 1 : Math.floor(Math.log10(abs)) + 1;
  const body = digits > MAX_DIGIT_RUN ? '9+' : DIGIT_RUNS[digits];
  return n < 0 ? `-${body}` : body;
}

/** True for a character code JavaScript's trim() removes (white space and line terminators). */
export function isTrimmable(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 160) return false;
  return code === 160 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

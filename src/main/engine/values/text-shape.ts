/**
 * One walk over a text's characters that yields its pattern signature and the character counts
 * the profiler needs, without regular expressions on the hot path.
 *
 * Pattern signature: each digit is `9` (a run longer than 15 digits is `9+`); a run of capital
 * letters is `A` (one) or `A+` (several), lower-case `a`/`a+`, letters of scripts without case
 * (Hebrew, Arabic, CJK…) `L`/`L+`; each white-space character is a space; anything else stands
 * for itself. "Smith John" → `Aa+ Aa+`, "2012-03-04" → `9999-99-99`, "SW1A 1AA" → `A+9A 9A+`.
 * Signatures longer than 48 characters are cut and end in `…`.
 *
 * The walk does not build the signature text: it hashes the sequence of runs and looks the
 * sequence up among signatures already seen, so a million values of a few shapes allocate a few
 * strings, and every value of one shape gets the very same string (cheap to count in a map).
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
  /** The text holds these characters (so callers need not search it again). */
  hasAt: boolean;
  hasComma: boolean;
  hasSemicolon: boolean;
  hasPipe: boolean;
}

const MAX_PATTERN = 48;
const MAX_DIGIT_RUN = 15;
/** Runs remembered per text; a longer text's signature is cut anyway. */
const MAX_TOKENS = 64;
const MAX_INTERNED = 50_000;

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

/*
 * Tokens: a run of letters is 2·class + (several ? 1 : 0) (4–9); a digit run is 16 + its length
 * (capped at 16 + 16 for "9+"); a space is 40; any other character is 64 + its code point.
 */
const SPACE_TOKEN = 40;
const tokens = new Int32Array(MAX_TOKENS);
const interned = new Map<number, { tokens: Int32Array; pattern: string }[]>();
let internedCount = 0;

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
  out.hasAt = false;
  out.hasComma = false;
  out.hasSemicolon = false;
  out.hasPipe = false;
  let count = 0;
  let truncated = false;
  let hash = 0x811c9dc5;
  let runClass = -1;
  let run = 0;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    let cls = -2;
    let code = 0;
    if (i < n) {
      code = text.charCodeAt(i);
      if (code < 128) cls = ASCII_CLASS[code];
      else {
        out.nonAscii = true;
        if (code >= 0xd800 && code <= 0xdbff && i + 1 < n) {
          // A surrogate pair is one character: look at the whole code point.
          code = text.codePointAt(i) as number;
          cls = /\p{L}/u.test(String.fromCodePoint(code)) ? UNCASED : OTHER;
          i++;
        } else cls = wideClass(code);
      }
    }
    if (cls !== runClass && run > 0) {
      const token = runClass === DIGIT ? 16 + (run > MAX_DIGIT_RUN ? 16 : run) : 2 * runClass + (run > 1 ? 1 : 0);
      if (count < MAX_TOKENS) {
        tokens[count++] = token;
        hash = Math.imul(hash ^ token, 0x01000193);
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
        if (code === 64) out.hasAt = true;
        else if (code === 44) out.hasComma = true;
        else if (code === 59) out.hasSemicolon = true;
        else if (code === 124) out.hasPipe = true;
    }
    if (cls === SPACE || cls === OTHER) {
      runClass = -1;
      const token = cls === SPACE ? SPACE_TOKEN : 64 + code;
      if (count < MAX_TOKENS) {
        tokens[count++] = token;
        hash = Math.imul(hash ^ token, 0x01000193);
      } else truncated = true;
    } else {
      runClass = cls;
      run++;
    }
  }
  out.pattern = internPattern(hash ^ (truncated ? 0x5bd1e995 : 0), count, truncated);
  return out;
}

function internPattern(hash: number, count: number, truncated: boolean): string {
  const bucket = interned.get(hash);
  if (bucket) {
    for (const entry of bucket) if (sameTokens(entry.tokens, count)) return entry.pattern;
  }
  const pattern = buildPattern(count, truncated);
  if (internedCount < MAX_INTERNED) {
    const entry = { tokens: tokens.slice(0, count), pattern };
    if (bucket) bucket.push(entry);
    else interned.set(hash, [entry]);
    internedCount++;
  }
  return pattern;
}

function sameTokens(kept: Int32Array, count: number): boolean {
  if (kept.length !== count) return false;
  for (let i = 0; i < count; i++) if (kept[i] !== tokens[i]) return false;
  return true;
}

const RUN_SYMBOL = ['', '', 'A', 'a', 'L'];

function buildPattern(count: number, truncated: boolean): string {
  let pattern = '';
  for (let i = 0; i < count && pattern.length < MAX_PATTERN; i++) {
    const t = tokens[i];
    if (t >= 64) pattern += String.fromCodePoint(t - 64);
    else if (t === SPACE_TOKEN) pattern += ' ';
    else if (t >= 16) pattern += t - 16 > MAX_DIGIT_RUN ? '9+' : DIGIT_RUNS[t - 16];
    else pattern += t & 1 ? `${RUN_SYMBOL[t >> 1]}+` : RUN_SYMBOL[t >> 1];
    if (pattern.length >= MAX_PATTERN && i < count - 1) truncated = true;
  }
  return truncated || pattern.length > MAX_PATTERN ? `${pattern.slice(0, MAX_PATTERN)}…` : pattern;
}

const DIGIT_RUNS: string[] = Array.from({ length: MAX_DIGIT_RUN + 1 }, (_, i) => '9'.repeat(i));
const SHAPE: TextShape = { pattern: '', digits: 0, upper: 0, lower: 0, uncased: 0, spaces: 0, other: 0, nonAscii: false, hasAt: false, hasComma: false, hasSemicolon: false, hasPipe: false };

/** The pattern signature of a whole number without computing its text (sign, then one 9 per digit). */
export function integerPattern(n: number): string {
  const abs = Math.abs(n);
  const digits = abs < 1 ? 1 : Math.floor(Math.log10(abs)) + 1;
  const body = digits > MAX_DIGIT_RUN ? '9+' : DIGIT_RUNS[digits];
  return n < 0 ? NEGATIVE_DIGIT_RUNS[Math.min(digits, MAX_DIGIT_RUN + 1)] : body;
}

const NEGATIVE_DIGIT_RUNS: string[] = Array.from({ length: MAX_DIGIT_RUN + 2 }, (_, i) => (i > MAX_DIGIT_RUN ? '-9+' : `-${'9'.repeat(i)}`));

/** True for a character code JavaScript's trim() removes (white space and line terminators). */
export function isTrimmable(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 160) return false;
  return code === 160 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

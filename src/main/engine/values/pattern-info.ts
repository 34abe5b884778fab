/**
 * What a pattern signature (text-shape.ts) says about every value that has it: a date in some
 * layout, a time, a whole or decimal number, a phone number, a name. Worked out once per
 * signature and cached, so a million values of the same shape cost one regular-expression pass.
 */
export interface DateLayout {
  /** `ymd`: year first (2012-03-04); `xxy`: two numbers then the year (04/03/2012), order to be decided. */
  family: 'ymd' | 'xxy';
  separator: string;
  /** [start, end) of the three numbers in the text, in the order they are written. */
  first: [number, number];
  second: [number, number];
  year: [number, number];
  twoDigitYear: boolean;
  /** A time follows the date ("2025-03-21 10:22:33"). */
  withTime: boolean;
}

export interface PatternInfo {
  date: DateLayout | null;
  time: boolean;
  /** Whole number text, optionally signed, no grouping ("123", "-7", "000123"). */
  integer: boolean;
  /** Decimal text ("4850.00", "-0.5", "1,234.50"). */
  decimal: boolean;
  /** Has thousands separators ("1,234.50"): commas are not list separators here. */
  grouped: boolean;
  allDigits: boolean;
  /** 7–15 digits with only spaces, +, -, (, ), . around them. */
  phone: boolean;
  /** Letters with spaces, hyphens, apostrophes or dots only, at most five words. */
  name: boolean;
  words: number;
}

const TIME_TAIL = '(?:[ A]9{1,2}:99(?::99(?:\\.9+)?)?(?:A|[+-]99:?99)?)?';
const YMD = new RegExp(`^(9999)([-/.])(9{1,2})\\2(9{1,2})(${TIME_TAIL})$`);
const XXY = new RegExp(`^(9{1,2})([-/.])(9{1,2})\\2(9999|99)(${TIME_TAIL})$`);
const TIME_ONLY = /^9{1,2}:99(?::99(?:\.9+)?)?(?: ?(?:A+|a+))?$/;
const INTEGER = /^-?9+$|^-?9\+$/;
const DECIMAL = /^-?9*\.9+$|^-?9{1,3}(?:,999)+(?:\.9+)?$|^-?9+,99$/;
const GROUPED = /^-?9{1,3}(?:,999)+(?:\.9+)?$/;
const PHONE_CHARS = /^[9 +\-().]+$/;
const NAME_CHARS = /^[AaL+' \-.’]+$/;

const cache = new Map<string, PatternInfo>();
const MAX_CACHE = 20_000;

export function patternInfo(pattern: string): PatternInfo {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const info = computeInfo(pattern);
  if (cache.size < MAX_CACHE) cache.set(pattern, info);
  return info;
}

function computeInfo(pattern: string): PatternInfo {
  const digits = countChar(pattern, '9');
  const words = pattern.trim() === '' ? 0 : pattern.trim().split(/ +/).length;
  const date = dateLayout(pattern);
  return {
    date,
    time: TIME_ONLY.test(pattern),
    integer: INTEGER.test(pattern),
    decimal: DECIMAL.test(pattern),
    grouped: GROUPED.test(pattern),
    allDigits: /^9+$/.test(pattern) || pattern === '9+',
    // Separated digits only: a bare digit string is an identifier unless the column's name says phone.
    phone: date === null && PHONE_CHARS.test(pattern) && digits >= 7 && digits <= 15 && !/^9+$/.test(pattern) && !DECIMAL.test(pattern),
    name: NAME_CHARS.test(pattern) && /[AaL]/.test(pattern) && words <= 5,
    words,
  };
}

function dateLayout(pattern: string): DateLayout | null {
  let m = YMD.exec(pattern);
  if (m) {
    const a = 5;
    const b = a + m[3].length + 1;
    return { family: 'ymd', separator: m[2], year: [0, 4], first: [a, a + m[3].length], second: [b, b + m[4].length], twoDigitYear: false, withTime: m[5] !== '' };
  }
  m = XXY.exec(pattern);
  if (m) {
    const b = m[1].length + 1;
    const y = b + m[3].length + 1;
    return { family: 'xxy', separator: m[2], first: [0, m[1].length], second: [b, b + m[3].length], year: [y, y + m[4].length], twoDigitYear: m[4].length === 2, withTime: m[5] !== '' };
  }
  return null;
}

function countChar(text: string, ch: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text[i] === ch) n++;
  return n;
}

import { fixMojibake, isMojibake } from '../../values/cp1252';
import { isAllCapsText } from '../../mapping/transforms';
import { BoundedCounter } from './bounded-counter';
import type { ColumnHints } from '../../values/column-hints';
import { daysInMonthOf, expandYear, readNumber, ymdToIso } from './date-math';
import { HyperLogLog } from './hyperloglog';
import { patternInfo, type DateLayout } from '../../values/pattern-info';
import { SpaceSaving } from './space-saving';
import { integerPattern, isTrimmable, textShape } from '../../values/text-shape';
import { BOOLEAN_TEXTS, DATE_SENTINELS, DISTINCTIVE_POSTCODE_SHAPES, isPlaceholderNumber, POSTCODE_SHAPES, SIMPLE_EMAIL, TEXT_SENTINELS } from '../../values/value-vocabulary';

/** Kinds of affected value the accumulator keeps a few examples of. */
export type ExampleKind =
  | 'missing'
  | 'untrimmed'
  | 'mojibake'
  | 'allCaps'
  | 'leadingZero'
  | 'impossibleDate'
  | 'ambiguousDate'
  | 'twoDigitYear'
  | 'futureDate'
  | 'invalidEmail'
  | 'packed'
  | 'negative'
  | 'unreadable';

export interface ValueExample {
  key: unknown;
  value: unknown;
}

/** Options that shape one column's accumulation. */
export interface AccumulatorOptions {
  /** Distinct values counted exactly up to this many; HyperLogLog and a top-k sketch above it. */
  exactDistinctLimit: number;
  /** Top-value counters kept once the column is past the exact limit. */
  sketchSize: number;
  /** Past the exact limit, a value not yet watched takes a top-value counter about once in this many occurrences (space-saving.ts). */
  sketchAdmitOneIn?: number;
  /** Today as yyyymmdd: later dates are in the future. */
  today: number;
  hints: ColumnHints;
  /** Examples kept per kind. */
  maxExamples: number;
}

/** Counters of values in each numbered date-order class (xx/xx/yyyy values). */
export interface DateOrderCounts {
  /** First number above 12: only day-first reads it. */
  dayFirstOnly: number;
  /** Second number above 12: only month-first reads it. */
  monthFirstOnly: number;
  /** Both numbers 1–12 and different: two real, different dates. */
  ambiguous: number;
  /** Both numbers equal: both readings give the same date. */
  same: number;
}

/**
 * Everything one column's single pass produced: exact counters, the distinct estimate, bounded
 * top values and patterns, date evidence, examples of each problem kind. Plain data.
 */
export interface ColumnStats {
  rows: number;
  nulls: number;
  blanks: number;
  whitespaceOnly: number;
  untrimmed: number;
  nonBlank: number;
  /** Values of a kind the profiler cannot read (binary, objects). */
  binary: number;
  unreadable: number;
  distinct: number;
  distinctExact: boolean;
  /** Distinct values that are not blank; exact only while `distinctExact`. */
  distinctNonBlank: number;
  /** Every distinct value with its count and first row key; null once past the exact limit. */
  values: { value: unknown; count: number; firstKey: unknown }[] | null;
  topValues: { value: string; count: number }[];
  patterns: BoundedCounter;
  sentinels: Map<string, { count: number; firstKey: unknown; date: boolean }>;
  textMin: string | null;
  textMax: string | null;
  minLength: number | null;
  maxLength: number | null;
  lengthSum: number;
  /** Values counted by kind (each value at most once per kind). */
  integers: number;
  decimals: number;
  numericMin: number | null;
  numericMax: number | null;
  negatives: number;
  leadingZeros: number;
  /** Values written as dates (sentinels included), of which with a time. */
  dateShaped: number;
  withTime: number;
  validDates: number;
  impossibleDates: number;
  twoDigitYears: number;
  futureDates: number;
  ymdDates: number;
  dateOrder: DateOrderCounts;
  /** Valid dates as yyyymmdd (sentinels excluded). */
  minDate: number | null;
  maxDate: number | null;
  /** Latest valid date that is not in the future (the data's "as of" day). */
  latestPastDate: number | null;
  times: number;
  mojibake: number;
  allCaps: number;
  /** Values with at least one lower-case letter. */
  withLowerCase: number;
  emailValid: number;
  withAtSign: number;
  phones: number;
  postcodes: number;
  distinctivePostcodes: number;
  booleans: number;
  names: number;
  /** Values that hold a list separator, by separator; and those whose items are all short. */
  packed: Record<PackSeparator, number>;
  packedShortItems: Record<PackSeparator, number>;
  words: number;
  examples: Record<ExampleKind, ValueExample[]>;
}

export type PackSeparator = ',' | ';' | '|';

/**
 * Accumulates one column over a single streamed pass with bounded memory.
 *
 * While the column has at most `exactDistinctLimit` distinct values, each value is only counted
 * in a map (value → count, first row key); all the per-value analysis runs once per distinct
 * value at the end, multiplied by its count. A column that passes the limit hands its distinct
 * values to a HyperLogLog sketch and its largest counts to a Space-Saving sketch, analyses what
 * it had counted so far, and from then on analyses each value as it arrives. Every counter is a
 * sum over values, so both routes give the same exact counts; only `distinct` and the top values
 * become estimates.
 */
export class ColumnAccumulator {
  private exact: Map<unknown, number> | null = new Map();
  private exactValues: unknown[] = [];
  private exactCounts: number[] = [];
  private exactKeys: unknown[] = [];
  private hll: HyperLogLog | null = null;
  private sketch: SpaceSaving | null = null;
  private readonly s: ColumnStats;

  constructor(private readonly opts: AccumulatorOptions) {
    this.s = emptyStats();
  }

  add(value: unknown, key: unknown): void {
    const s = this.s;
    s.rows++;
    if (value === null || value === undefined) {
      s.nulls++;
      if (s.examples.missing.length < this.opts.maxExamples) s.examples.missing.push({ key, value: null });
      return;
    }
    let v: unknown = value;
    const t = typeof v;
    if (t !== 'string' && t !== 'number') {
      v = normalizeValue(v);
      if (v === BINARY) {
        s.binary++;
        return;
      }
      if (v === UNREADABLE) {
        s.unreadable++;
        if (s.examples.unreadable.length < this.opts.maxExamples) s.examples.unreadable.push({ key, value: Object.prototype.toString.call(value) });
        return;
      }
    }
    const exact = this.exact;
    if (exact !== null) {
      const at = exact.get(v);
      if (at !== undefined) {
        this.exactCounts[at]++;
        return;
      }
      if (exact.size < this.opts.exactDistinctLimit) {
        exact.set(v, this.exactValues.length);
        this.exactValues.push(v);
        this.exactCounts.push(1);
        this.exactKeys.push(key);
        return;
      }
      this.overflow();
    }
    (this.hll as HyperLogLog).add(v);
    (this.sketch as SpaceSaving).add(v, 1, key);
    this.analyze(v, 1, key);
  }

  /** Ends the pass and returns the column's statistics. */
  finish(): ColumnStats {
    const s = this.s;
    if (this.exact !== null) {
      const values: ColumnStats['values'] = [];
      for (let i = 0; i < this.exactValues.length; i++) {
        const v = this.exactValues[i];
        this.analyze(v, this.exactCounts[i], this.exactKeys[i]);
        values.push({ value: v, count: this.exactCounts[i], firstKey: this.exactKeys[i] });
        if (!(typeof v === 'string' && v.trim() === '')) s.distinctNonBlank++;
      }
      s.distinct = values.length;
      s.distinctExact = true;
      s.values = values;
      s.topValues = [...values]
        .sort((a, b) => b.count - a.count || (String(a.value) < String(b.value) ? -1 : 1))
        .slice(0, 10)
        .map((e) => ({ value: String(e.value), count: e.count }));
      this.exact = null;
      this.exactValues = [];
      this.exactCounts = [];
      this.exactKeys = [];
    } else {
      s.distinct = (this.hll as HyperLogLog).estimate();
      s.distinctExact = false;
      s.distinctNonBlank = s.distinct;
      s.values = null;
      // Only what the sketch can vouch for: the guaranteed count (count − error), and only values seen more than once.
      s.topValues = (this.sketch as SpaceSaving)
        .top()
        .map((e) => ({ value: String(e.value), count: e.count - e.error }))
        .filter((e) => e.count >= 2)
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
        .slice(0, 10);
    }
    return s;
  }

  private overflow(): void {
    const hll = new HyperLogLog();
    const sketch = new SpaceSaving(this.opts.sketchSize, this.opts.sketchAdmitOneIn ?? 4);
    const order = this.exactValues.map((_, i) => i).sort((a, b) => this.exactCounts[a] - this.exactCounts[b]);
    for (const i of order.slice(-this.opts.sketchSize)) sketch.add(this.exactValues[i], this.exactCounts[i], this.exactKeys[i]);
    for (let i = 0; i < this.exactValues.length; i++) {
      hll.add(this.exactValues[i]);
      this.analyze(this.exactValues[i], this.exactCounts[i], this.exactKeys[i]);
    }
    this.hll = hll;
    this.sketch = sketch;
    this.exact = null;
    this.exactValues = [];
    this.exactCounts = [];
    this.exactKeys = [];
  }

  private example(kind: ExampleKind, key: unknown, value: unknown): void {
    const list = this.s.examples[kind];
    if (list.length < this.opts.maxExamples) list.push({ key, value });
  }

  /** Adds `n` occurrences of one value to every counter. */
  private analyze(v: unknown, n: number, key: unknown): void {
    if (typeof v === 'string') this.analyzeText(v, n, key);
    else if (typeof v === 'number') this.analyzeNumber(v, n, key);
    else if (typeof v === 'boolean') {
      const s = this.s;
      s.nonBlank += n;
      s.booleans += n;
      s.patterns.add(v ? 'true' : 'false', n, key, v);
    }
  }

  private analyzeNumber(v: number, n: number, key: unknown): void {
    const s = this.s;
    s.nonBlank += n;
    if (!Number.isFinite(v)) {
      s.patterns.add(String(v), n, key, v);
      return;
    }
    if (Number.isInteger(v)) {
      s.integers += n;
      s.patterns.add(integerPattern(v), n, key, v);
    } else {
      s.decimals += n;
      s.patterns.add(textShape(String(v)).pattern, n, key, v);
    }
    if (v === 0 || v === 1 || v === -1) s.booleans += n;
    this.numeric(v, n, key);
  }

  private numeric(v: number, n: number, key: unknown): void {
    const s = this.s;
    if (s.numericMin === null || v < s.numericMin) s.numericMin = v;
    if (s.numericMax === null || v > s.numericMax) s.numericMax = v;
    if (v < 0) {
      s.negatives += n;
      this.example('negative', key, v);
    }
  }

  private analyzeText(v: string, n: number, key: unknown): void {
    const s = this.s;
    const len = v.length;
    if (len === 0) {
      s.blanks += n;
      this.example('missing', key, v);
      return;
    }
    let text = v;
    if (isTrimmable(v.charCodeAt(0)) || isTrimmable(v.charCodeAt(len - 1))) {
      text = v.trim();
      if (text === '') {
        s.whitespaceOnly += n;
        this.example('missing', key, v);
        return;
      }
      s.untrimmed += n;
      this.example('untrimmed', key, v);
    }
    s.nonBlank += n;
    s.lengthSum += len * n;
    if (s.minLength === null || len < s.minLength) s.minLength = len;
    if (s.maxLength === null || len > s.maxLength) s.maxLength = len;
    if (s.textMin === null || text < s.textMin) s.textMin = text;
    if (s.textMax === null || text > s.textMax) s.textMax = text;

    const shape = textShape(v);
    const pattern = shape.pattern;
    s.patterns.add(pattern, n, key, v);
    const info = patternInfo(pattern);
    s.words += info.words * n;
    const hints = this.opts.hints;

    if (info.allDigits && v.charCodeAt(0) === 48 && len >= 2) {
      s.leadingZeros += n;
      this.example('leadingZero', key, v);
    } else if (info.integer || info.decimal) {
      if (info.integer) s.integers += n;
      else s.decimals += n;
      this.numeric(readNumber(v, info.grouped), n, key);
    }

    // A two-digit year after dots or dashes (`10.2.21`, `01-02-03`) is a version or a code unless
    // the column's name says date; a name that says version, code or range rules dates out.
    const date = info.date !== null && (hints.date || (!hints.notDate && (!info.date.twoDigitYear || info.date.separator === '/'))) ? info.date : null;
    if (date !== null) this.analyzeDate(v, date, n, key);
    else if (info.time) s.times += n;

    // Placeholders and flag words are short and start with one of a few characters: a table lookup
    // saves hashing every other value.
    const first = text.charCodeAt(0);
    if (len <= 16 && first < 128 && PLACEHOLDER_START[first] === 1) {
      // Date placeholders are caught by analyzeDate, which knows where a date ends and its time begins.
      if (TEXT_SENTINELS.has(text) || (info.allDigits && isPlaceholderNumber(text))) this.sentinel(v, n, key, false);
      if (len <= 5 && BOOLEAN_TEXTS.has(text)) s.booleans += n;
    }

    let mojibake = false;
    if (shape.nonAscii && isMojibake(v)) {
      mojibake = true;
      s.mojibake += n;
      this.example('mojibake', key, v);
    }
    if (shape.upper > 0 || shape.lower > 0) {
      const caps = mojibake ? isAllCapsText(fixMojibake(v)) : shape.upper >= 2 && shape.lower === 0;
      if (caps) {
        s.allCaps += n;
        this.example('allCaps', key, v);
      }
      if (shape.lower > 0) s.withLowerCase += n;
    }
    if (info.name) s.names += n;
    if (info.phone) s.phones += n;
    // Letter-and-digit postcodes (NB1 4PS, K1A 0B1) are recognised anywhere; digit-only ones (US
    // ZIP codes) only in a column whose name says postcode, or every id would be one.
    const letters = shape.upper + shape.lower;
    if (len <= 10 && shape.digits > 0 && (letters > 0 || hints.postcode)) {
      const upper = text.toUpperCase();
      const from = letters > 0 ? 0 : DISTINCTIVE_POSTCODE_SHAPES;
      const to = letters > 0 ? DISTINCTIVE_POSTCODE_SHAPES : POSTCODE_SHAPES.length;
      for (let i = from; i < to; i++) {
        if (POSTCODE_SHAPES[i].test(upper)) {
          s.postcodes += n;
          if (i < DISTINCTIVE_POSTCODE_SHAPES) s.distinctivePostcodes += n;
          break;
        }
      }
    }

    if (shape.hasAt || hints.email) {
      if (shape.hasAt) s.withAtSign += n;
      if (SIMPLE_EMAIL.test(text)) s.emailValid += n;
      else this.example('invalidEmail', key, v);
    }

    if (!info.grouped && (shape.hasComma || shape.hasSemicolon || shape.hasPipe)) {
      if (shape.hasComma) this.packedValue(',', text, v, n, key);
      if (shape.hasSemicolon) this.packedValue(';', text, v, n, key);
      if (shape.hasPipe) this.packedValue('|', text, v, n, key);
    }
  }

  private packedValue(sep: PackSeparator, text: string, v: string, n: number, key: unknown): void {
    const s = this.s;
    s.packed[sep] += n;
    if (shortItems(text, sep)) s.packedShortItems[sep] += n;
    if (sep === ',') this.example('packed', key, v);
  }

  private sentinel(text: string, n: number, key: unknown, date: boolean): void {
    const hit = this.s.sentinels.get(text);
    if (hit) hit.count += n;
    else this.s.sentinels.set(text, { count: n, firstKey: key, date });
  }

  private analyzeDate(v: string, layout: DateLayout, n: number, key: unknown): void {
    const s = this.s;
    s.dateShaped += n;
    if (layout.withTime) s.withTime += n;
    const datePart = layout.withTime ? v.slice(0, layout.year[1] > layout.second[1] ? layout.year[1] : layout.second[1]) : v;
    if (DATE_SENTINELS.has(datePart)) {
      this.sentinel(v, n, key, true);
      return;
    }
    const a = readNumber(v, false, layout.first[0], layout.first[1]);
    const b = readNumber(v, false, layout.second[0], layout.second[1]);
    let year = readNumber(v, false, layout.year[0], layout.year[1]);
    if (layout.twoDigitYear) {
      year = expandYear(year);
      s.twoDigitYears += n;
      this.example('twoDigitYear', key, v);
    }
    let reading: number;
    if (layout.family === 'ymd') {
      s.ymdDates += n;
      reading = validYmd(year, a, b);
    } else {
      const dayFirst = validYmd(year, b, a);
      const monthFirst = validYmd(year, a, b);
      const order = s.dateOrder;
      if (dayFirst && monthFirst) {
        if (a === b) order.same += n;
        else {
          order.ambiguous += n;
          this.example('ambiguousDate', key, v);
        }
        reading = Math.min(dayFirst, monthFirst);
      } else if (dayFirst) {
        order.dayFirstOnly += n;
        reading = dayFirst;
      } else {
        if (monthFirst) order.monthFirstOnly += n;
        reading = monthFirst;
      }
    }
    if (!reading) {
      s.impossibleDates += n;
      this.example('impossibleDate', key, v);
      return;
    }
    s.validDates += n;
    if (s.minDate === null || reading < s.minDate) s.minDate = reading;
    if (s.maxDate === null || reading > s.maxDate) s.maxDate = reading;
    if (reading > this.opts.today) {
      s.futureDates += n;
      this.example('futureDate', key, v);
    } else if (s.latestPastDate === null || reading > s.latestPastDate) s.latestPastDate = reading;
  }
}

/** yyyymmdd for a real calendar date, else 0. */
function validYmd(year: number, month: number, day: number): number {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonthOf(year, month)) return 0;
  return year * 10000 + month * 100 + day;
}

/** True when every item of a packed value is short (≤ 40 characters, ≤ 4 words): a list, not prose. */
function shortItems(text: string, sep: string): boolean {
  const items = text.split(sep);
  if (items.length < 2) return false;
  for (const raw of items) {
    const item = raw.trim();
    if (item.length === 0 || item.length > 40) return false;
    let spaces = 0;
    for (let i = 0; i < item.length; i++) if (item.charCodeAt(i) === 32) spaces++;
    if (spaces > 3) return false;
  }
  return true;
}

/** First characters of every placeholder text and flag word (value-vocabulary.ts), as a lookup table. */
const PLACEHOLDER_START = new Uint8Array(128);
for (const word of [...TEXT_SENTINELS, ...BOOLEAN_TEXTS, '0', '9']) {
  const code = word.charCodeAt(0);
  if (code < 128) PLACEHOLDER_START[code] = 1;
}

const BINARY = Symbol('binary');
const UNREADABLE = Symbol('unreadable');

/** Drivers' values as profiled text or numbers: dates as ISO text, big integers as digits, booleans kept. */
function normalizeValue(v: unknown): unknown {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return 'Invalid Date';
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (v instanceof Uint8Array || v instanceof ArrayBuffer) return BINARY;
  if (Array.isArray(v) || (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype)) {
    try {
      return JSON.stringify(v);
    } catch {
      return UNREADABLE;
    }
  }
  return UNREADABLE;
}

function emptyStats(): ColumnStats {
  return {
    rows: 0,
    nulls: 0,
    blanks: 0,
    whitespaceOnly: 0,
    untrimmed: 0,
    nonBlank: 0,
    binary: 0,
    unreadable: 0,
    distinct: 0,
    distinctExact: true,
    distinctNonBlank: 0,
    values: null,
    topValues: [],
    patterns: new BoundedCounter(1000, 64),
    sentinels: new Map(),
    textMin: null,
    textMax: null,
    minLength: null,
    maxLength: null,
    lengthSum: 0,
    integers: 0,
    decimals: 0,
    numericMin: null,
    numericMax: null,
    negatives: 0,
    leadingZeros: 0,
    dateShaped: 0,
    withTime: 0,
    validDates: 0,
    impossibleDates: 0,
    twoDigitYears: 0,
    futureDates: 0,
    ymdDates: 0,
    dateOrder: { dayFirstOnly: 0, monthFirstOnly: 0, ambiguous: 0, same: 0 },
    minDate: null,
    maxDate: null,
    latestPastDate: null,
    times: 0,
    mojibake: 0,
    allCaps: 0,
    withLowerCase: 0,
    emailValid: 0,
    withAtSign: 0,
    phones: 0,
    postcodes: 0,
    distinctivePostcodes: 0,
    booleans: 0,
    names: 0,
    packed: { ',': 0, ';': 0, '|': 0 },
    packedShortItems: { ',': 0, ';': 0, '|': 0 },
    words: 0,
    examples: { missing: [], untrimmed: [], mojibake: [], allCaps: [], leadingZero: [], impossibleDate: [], ambiguousDate: [], twoDigitYear: [], futureDate: [], invalidEmail: [], packed: [], negative: [], unreadable: [] },
  };
}

export { ymdToIso };

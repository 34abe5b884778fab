import { detectDateMeta, type DateOrder } from '../../../../shared/transforms/detect-date';
import { expandTwoDigitYear, isoDate, readDate, SENTINEL_DATES } from '../../values/date-formats';
import { defineTransform, fail, ok, type TransformResult } from './define';
import { eachFallible, shown } from './values';

export const detectDate = defineTransform(detectDateMeta, (value, t) => eachFallible(value, (v) => readDetectedDate(v, t.order, t.sentinels ?? SENTINEL_DATES)));

/** Month names and their short forms in the languages schools' exports come in (en, fr, de, es, nl). */
const MONTHS: Record<string, number> = {};
[
  ['january', 'jan', 'janvier', 'janv', 'januar', 'jän', 'enero', 'ene', 'januari'],
  ['february', 'feb', 'février', 'fevrier', 'févr', 'fev', 'februar', 'febrero', 'februari'],
  ['march', 'mar', 'mars', 'märz', 'marz', 'mär', 'marzo', 'maart', 'mrt'],
  ['april', 'apr', 'avril', 'avr', 'abril', 'abr'],
  ['may', 'mai', 'mayo', 'mei'],
  ['june', 'jun', 'juin', 'juni', 'junio'],
  ['july', 'jul', 'juillet', 'juil', 'juli', 'julio'],
  ['august', 'aug', 'août', 'aout', 'agosto', 'ago', 'augustus'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre', 'septiembre'],
  ['october', 'oct', 'octobre', 'oktober', 'okt', 'octubre'],
  ['november', 'nov', 'novembre', 'noviembre'],
  ['december', 'dec', 'décembre', 'decembre', 'déc', 'dezember', 'dez', 'diciembre', 'dic'],
].forEach((names, i) => names.forEach((n) => (MONTHS[n] = i + 1)));

const TIME = /(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?[AaPp][Mm])?(?:Z|[+-]\d{2}:?\d{2})?)$/;
const YMD = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const NUMERIC = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4}|\d{2})$/;
const DAY_NAME_YEAR = /^(\d{1,2})(?:st|nd|rd|th)?[-/. ]{0,2}([\p{L}]{3,10})\.?[-/., ]{0,2}(\d{4}|\d{2})$/u;
const NAME_DAY_YEAR = /^([\p{L}]{3,10})\.?[ -](\d{1,2})(?:st|nd|rd|th)?,?[ -](\d{4})$/u;

/** The day and month of a numeric `a/b/year` date in a given order, or why it cannot be read. */
function dayMonth(a: number, b: number, order: DateOrder | undefined): { day: number; month: number } | 'ambiguous' {
  if (order === 'dmy') return { day: a, month: b };
  if (order === 'mdy') return { day: b, month: a };
  if (a > 12) return { day: a, month: b };
  if (b > 12 || a === b) return { day: b, month: a };
  return 'ambiguous';
}

/**
 * A date in any common writing, `YYYY-MM-DD`; null for blank, zero and placeholder dates. A
 * numeric date whose first two parts could each be the month is read in `order`, and refused
 * when no order is set: a wrong guess would load every such birthday a few months off.
 */
export function readDetectedDate(value: unknown, order: DateOrder | undefined, sentinels: readonly string[]): TransformResult {
  if (value === null || value === undefined || value instanceof Date) return readDate(value, [], sentinels);
  if (typeof value !== 'string') return fail(`The value ${String(value)} is not a date written as text.`);
  const text = value.trim().replace(/\s+/g, ' ');
  if (text === '' || /^0+[-/.]0+[-/.]0+(?:[ T].*)?$/.test(text)) return ok(null);
  if (text.length > 60) return fail(`${shown(text)} is too long to be a date.`);
  const s = text.replace(TIME, '');
  let iso: string | null = null;
  let m: RegExpExecArray | null;
  if ((m = YMD.exec(s)) || (m = COMPACT.exec(s))) iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  else if ((m = NUMERIC.exec(s))) {
    const dm = dayMonth(Number(m[1]), Number(m[2]), order === 'ymd' ? undefined : order);
    if (dm === 'ambiguous') return fail(`${shown(text)} could be read day-first or month-first, and the column’s order is not set.`);
    iso = isoDate(year(m[3]), dm.month, dm.day);
  } else if ((m = DAY_NAME_YEAR.exec(s))) {
    const month = MONTHS[m[2].toLowerCase()];
    iso = month ? isoDate(year(m[3]), month, Number(m[1])) : null;
  } else if ((m = NAME_DAY_YEAR.exec(s))) {
    const month = MONTHS[m[1].toLowerCase()];
    iso = month ? isoDate(Number(m[3]), month, Number(m[2])) : null;
  }
  if (!iso) return fail(`${shown(text)} is not a real date in any writing the studio recognises.`);
  return ok(sentinels.includes(iso) ? null : iso);
}

function year(text: string): number {
  return text.length === 2 ? expandTwoDigitYear(Number(text)) : Number(text);
}

/** What a column's values say about its date order. */
export interface DateOrderEvidence {
  /** The order the values prove, or null when they prove none (or contradict each other). */
  order: DateOrder | null;
  /** Values whose first part is above 12 (only day-first reads them). */
  dayFirst: number;
  /** Values whose second part is above 12 (only month-first reads them). */
  monthFirst: number;
  /** Numeric values readable both ways. */
  ambiguous: number;
  /** Values written year first. */
  yearFirst: number;
}

/**
 * Decides day-first or month-first from a column's values (a profile's sample): one `25/03/2024`
 * proves day-first, one `03/25/2024` month-first; values that prove both leave the order unset
 * (a person decides), and so do values that prove neither.
 */
export function dateOrderEvidence(values: Iterable<unknown>): DateOrderEvidence {
  const e: DateOrderEvidence = { order: null, dayFirst: 0, monthFirst: 0, ambiguous: 0, yearFirst: 0 };
  for (const v of values) {
    if (typeof v !== 'string') continue;
    const s = v.trim().replace(TIME, '');
    if (YMD.test(s) || COMPACT.test(s)) {
      e.yearFirst++;
      continue;
    }
    const m = NUMERIC.exec(s);
    if (!m) continue;
    const [a, b] = [Number(m[1]), Number(m[2])];
    if (a > 12 && b <= 12) e.dayFirst++;
    else if (b > 12 && a <= 12) e.monthFirst++;
    else if (a <= 12 && b <= 12 && a !== b) e.ambiguous++;
  }
  if (e.dayFirst > 0 && e.monthFirst === 0) e.order = 'dmy';
  else if (e.monthFirst > 0 && e.dayFirst === 0) e.order = 'mdy';
  else if (e.dayFirst === 0 && e.monthFirst === 0 && e.ambiguous === 0 && e.yearFirst > 0) e.order = 'ymd';
  return e;
}

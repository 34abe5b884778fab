/**
 * Reading dates written by hand or by old software into the target's `YYYY-MM-DD`.
 *
 * A format is a pattern of tokens: `yyyy` (4-digit year), `yy` (2-digit year), `MM`/`M` (month,
 * 2 or 1–2 digits), `dd`/`d` (day, 2 or 1–2 digits); any other character must appear literally.
 * A time after the date (" 00:00:00", "T08:30:00Z") is ignored, because legacy exports often
 * attach midnight to a date. Two-digit years follow the POSIX rule: 00–68 are 2000–2068, 69–99
 * are 1969–1999.
 */

type Part = 'year4' | 'year2' | 'month' | 'day';

interface CompiledFormat {
  regex: RegExp;
  parts: Part[];
}

const TOKENS: readonly [string, Part, string][] = [
  ['yyyy', 'year4', '(\\d{4})'],
  ['yy', 'year2', '(\\d{2})'],
  ['MM', 'month', '(\\d{2})'],
  ['M', 'month', '(\\d{1,2})'],
  ['dd', 'day', '(\\d{2})'],
  ['d', 'day', '(\\d{1,2})'],
];

const TIME_SUFFIX = '(?:[ T]\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?';

/**
 * Dates old systems use for "unknown": the 1900 epoch, Excel's and Access's day zero, SQL
 * Server's old minimum, .NET's minimum, "end of time". They read as dates but say nothing.
 */
export const SENTINEL_DATES: readonly string[] = ['1900-01-01', '1899-12-30', '1899-12-31', '1753-01-01', '0001-01-01', '9999-12-31'];

/** MySQL's zero date and its look-alikes ("0000-00-00", "00/00/0000"): no date at all. */
const ZERO_DATE = /^0+([-/.])0+(?:\1)0+(?:[ T].*)?$/;

const compiledCache = new Map<string, CompiledFormat>();

/** Turns a format such as `dd/MM/yyyy` into a matcher; throws for a format without y, M and d. */
export function compileDateFormat(format: string): CompiledFormat {
  const hit = compiledCache.get(format);
  if (hit) return hit;
  let source = '';
  const parts: Part[] = [];
  let i = 0;
  while (i < format.length) {
    const token = TOKENS.find(([t]) => format.startsWith(t, i));
    if (token) {
      source += token[2];
      parts.push(token[1]);
      i += token[0].length;
    } else {
      source += format[i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i += 1;
    }
  }
  const hasYear = parts.includes('year4') || parts.includes('year2');
  if (!hasYear || !parts.includes('month') || !parts.includes('day')) {
    throw new Error(`The date format "${format}" needs a year (yyyy or yy), a month (MM or M) and a day (dd or d).`);
  }
  const compiled = { regex: new RegExp(`^${source}${TIME_SUFFIX}$`), parts };
  compiledCache.set(format, compiled);
  return compiled;
}

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The year a two-digit year stands for (POSIX rule). */
export function expandTwoDigitYear(yy: number): number {
  return yy <= 68 ? 2000 + yy : 1900 + yy;
}

/** `YYYY-MM-DD` for a real calendar date, or null when the parts do not make one. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < 1 || year > 9999) return null;
  if (!Number.isInteger(month) || month < 1 || month > 12) return null;
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The date a text holds in one format, or null when it does not match or is no real date. */
export function parseDateWith(text: string, format: string): string | null {
  const { regex, parts } = compileDateFormat(format);
  const m = regex.exec(text);
  if (!m) return null;
  let year = NaN;
  let month = NaN;
  let day = NaN;
  parts.forEach((part, idx) => {
    const n = Number(m[idx + 1]);
    if (part === 'year4') year = n;
    else if (part === 'year2') year = expandTwoDigitYear(n);
    else if (part === 'month') month = n;
    else day = n;
  });
  return isoDate(year, month, day);
}

/** Outcome of reading a date: a `YYYY-MM-DD` text, null for "no date", or why it failed. */
export type DateReading = { ok: true; value: string | null } | { ok: false; error: string };

/**
 * Reads a date with the first of `formats` that gives a real calendar date. Empty text and
 * sentinel dates (`SENTINEL_DATES`, zero dates) become null; a Date object is taken as is.
 */
export function readDate(value: unknown, formats: readonly string[], sentinels: readonly string[] = SENTINEL_DATES): DateReading {
  if (value === null || value === undefined) return { ok: true, value: null };
  let iso: string | null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { ok: false, error: 'The value is an invalid date.' };
    // Drivers build dates at local midnight unless told otherwise; a UTC-midnight value was built in UTC.
    const utc = value.getUTCHours() === 0 && value.getUTCMinutes() === 0 && value.getUTCSeconds() === 0 && value.getUTCMilliseconds() === 0;
    iso = utc ? isoDate(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate()) : isoDate(value.getFullYear(), value.getMonth() + 1, value.getDate());
  } else {
    if (typeof value !== 'string') return { ok: false, error: `The value ${String(value)} is not a date written as text.` };
    const text = value.trim();
    if (text === '' || ZERO_DATE.test(text)) return { ok: true, value: null };
    iso = null;
    for (const format of formats) {
      iso = parseDateWith(text, format);
      if (iso) break;
    }
    if (!iso) return { ok: false, error: `"${text}" is not a real date in any of the expected formats (${formats.join(', ')}).` };
  }
  if (!iso) return { ok: false, error: 'The value is not a real calendar date.' };
  return { ok: true, value: sentinels.includes(iso) ? null : iso };
}

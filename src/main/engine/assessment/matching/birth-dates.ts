/**
 * Dates of birth as legacy systems hold them: ISO text, day-first or month-first slash dates,
 * two-digit years, Date objects, placeholders for "unknown". A text that can be read two ways
 * (03/04/2012) keeps both readings, so two records agree when any reading agrees.
 */

/** One calendar date, packed as yyyymmdd for cheap comparison. */
export type PackedDate = number;

/** The readings of one recorded date of birth; empty when unknown, blank or a placeholder. */
export interface BirthDate {
  readings: PackedDate[];
  /** The text as recorded, for reasons shown to a reviewer. */
  text: string;
}

/** Placeholders legacy systems write for an unknown date of birth (never evidence of anything). */
const SENTINEL_TEXTS = new Set(['1900-01-01', '01/01/1900', '1/1/1900', '12/30/1899', '30/12/1899', '1899-12-30', '0000-00-00', '00/00/0000', '01/01/0001', '0001-01-01', '9999-12-31', '31/12/9999']);

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$/;
const SLASH = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T].*)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * Reads a recorded date of birth. `pivotYear` decides two-digit years: yy ≤ pivot → 20yy, else
 * 19yy (default: this year's last two digits, as a child cannot be born in the future).
 */
export function readBirthDate(value: unknown, pivotYear = new Date().getFullYear() % 100): BirthDate {
  if (value === null || value === undefined) return { readings: [], text: '' };
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { readings: [], text: '' };
    const packed = pack(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
    return { readings: packed === null || isSentinelPacked(packed) ? [] : [packed], text: value.toISOString().slice(0, 10) };
  }
  const text = String(value).trim();
  if (!text || SENTINEL_TEXTS.has(text) || SENTINEL_TEXTS.has(text.slice(0, 10))) return { readings: [], text };
  const readings = new Set<PackedDate>();
  let m = ISO.exec(text) ?? COMPACT.exec(text);
  if (m) {
    const d = pack(Number(m[1]), Number(m[2]), Number(m[3]));
    if (d !== null) readings.add(d);
  } else if ((m = SLASH.exec(text))) {
    let year = Number(m[3]);
    if (m[3].length === 2) year += year <= pivotYear ? 2000 : 1900;
    const a = Number(m[1]);
    const b = Number(m[2]);
    const dayFirst = pack(year, b, a);
    const monthFirst = pack(year, a, b);
    if (dayFirst !== null) readings.add(dayFirst);
    if (monthFirst !== null) readings.add(monthFirst);
  }
  return { readings: [...readings].filter((d) => !isSentinelPacked(d)), text };
}

/** How two dates of birth compare, from strongest to weakest agreement. */
export type BirthDateAgreement = 'same' | 'day-month-swapped' | 'same-year-month' | 'same-year' | 'different' | 'unknown';

export function compareBirthDates(a: BirthDate, b: BirthDate): BirthDateAgreement {
  if (!a.readings.length || !b.readings.length) return 'unknown';
  if (a.text === b.text) return 'same';
  for (const x of a.readings) if (b.readings.includes(x)) return 'same';
  for (const x of a.readings) for (const y of b.readings) if (swapDayMonth(x) === y) return 'day-month-swapped';
  for (const x of a.readings) for (const y of b.readings) if (Math.floor(x / 100) === Math.floor(y / 100)) return 'same-year-month';
  for (const x of a.readings) for (const y of b.readings) if (Math.floor(x / 10000) === Math.floor(y / 10000)) return 'same-year';
  return 'different';
}

/** The birth year when every reading agrees on it (blocking key), else null. */
export function birthYear(d: BirthDate): number | null {
  if (!d.readings.length) return null;
  const year = Math.floor(d.readings[0] / 10000);
  return d.readings.every((r) => Math.floor(r / 10000) === year) ? year : null;
}

function pack(year: number, month: number, day: number): PackedDate | null {
  if (!Number.isInteger(year) || year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const days = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (day > days) return null;
  return year * 10000 + month * 100 + day;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function isSentinelPacked(d: PackedDate): boolean {
  return d === 19000101 || d === 18991230 || d === 99991231 || d < 18500101;
}

function swapDayMonth(d: PackedDate): PackedDate | null {
  const year = Math.floor(d / 10000);
  const month = Math.floor(d / 100) % 100;
  const day = d % 100;
  if (month === day) return null;
  return pack(year, day, month);
}

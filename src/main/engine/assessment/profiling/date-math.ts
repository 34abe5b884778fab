import { daysInMonth, expandTwoDigitYear } from '../../values/date-formats';

/** Days in a month (proleptic Gregorian); the mapping's own rule, so profiling and parsing agree. */
export const daysInMonthOf = daysInMonth;

/** The year a two-digit year stands for: 00–68 → 20xx, 69–99 → 19xx, as the mapping reads it. */
export const expandYear = expandTwoDigitYear;

/**
 * The number a text holds. With `start`/`end`, reads the unsigned digits in that slice without
 * allocating; otherwise the whole text, with thousands commas removed when `grouped`, and a
 * lone decimal comma ("12,50") read as a point.
 */
export function readNumber(text: string, grouped: boolean, start?: number, end?: number): number {
  if (start !== undefined && end !== undefined) {
    let n = 0;
    for (let i = start; i < end; i++) n = n * 10 + (text.charCodeAt(i) - 48);
    return n;
  }
  if (grouped) return Number(text.replace(/,/g, ''));
  return Number(text.indexOf(',') >= 0 ? text.replace(',', '.') : text);
}

/** yyyymmdd → `YYYY-MM-DD`. */
export function ymdToIso(ymd: number): string {
  const y = Math.floor(ymd / 10000);
  const m = Math.floor(ymd / 100) % 100;
  const d = ymd % 100;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A Date's calendar day (UTC) as yyyymmdd. */
export function dateToYmd(date: Date): number {
  return date.getUTCFullYear() * 10000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
}

/** Whole years between a birth day and a later day, both yyyymmdd. */
export function ageInYears(birth: number, at: number): number {
  const years = Math.floor(at / 10000) - Math.floor(birth / 10000);
  return at % 10000 < birth % 10000 ? years - 1 : years;
}

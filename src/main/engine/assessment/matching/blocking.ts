import { birthYear } from './birth-dates';
import { phoneticKey } from './name-similarity';
import type { PersonRecord } from './person-records';

/**
 * Blocking keys of a record: records are only compared when they share one, so the work grows
 * with the people who could be the same rather than with n². A record is filed under:
 * - each name part's phonetic code with the birth year (`2015|K600`, `2015|W450`), so a swapped
 *   first name and surname still meet, and so does a first name spelled differently;
 * - its two phonetic codes in either order (`K600|W450`), for records without a usable date;
 * - its e-mail addresses and phone numbers.
 * A name part with no letters that Soundex can code (e.g. Hebrew, Arabic) is coded from a rough
 * Latin transliteration; one that still gives nothing is filed by its first three letters.
 */
export function blockingKeys(r: PersonRecord): string[] {
  const keys: string[] = [];
  const codes = [codeOf(r.first), codeOf(r.last)].filter(Boolean).sort();
  const year = birthYear(r.birth);
  if (year !== null) for (const c of codes) keys.push(`y${year}|${c}`);
  else if (r.birth.readings.length) for (const reading of r.birth.readings) for (const c of codes) keys.push(`y${Math.floor(reading / 10000)}|${c}`);
  if (codes.length === 2) keys.push(`n|${codes[0]}|${codes[1]}`);
  for (const e of r.emails) keys.push(`e|${e}`);
  for (const p of r.phones) keys.push(`p|${p}`);
  return [...new Set(keys)];
}

function codeOf(normalized: string): string {
  if (!normalized) return '';
  return phoneticKey(normalized) || [...normalized.replace(/\s+/g, '')].slice(0, 3).join('');
}

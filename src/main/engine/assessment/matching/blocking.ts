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

/**
 * The pairs of one block to compare. A block larger than `maxBlock` (a very common name in a
 * huge school) is sorted by birth date and names, and each record is compared with the next
 * `window` only — sorted-neighbourhood, which keeps the work linear.
 */
export function* blockPairs(members: number[], records: PersonRecord[], maxBlock: number, window: number): Generator<[number, number]> {
  if (members.length <= maxBlock) {
    for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) yield [members[i], members[j]];
    return;
  }
  const sorted = [...members].sort((x, y) => {
    const a = records[x];
    const b = records[y];
    return (a.birth.readings[0] ?? 0) - (b.birth.readings[0] ?? 0) || (a.last < b.last ? -1 : a.last > b.last ? 1 : 0) || (a.first < b.first ? -1 : a.first > b.first ? 1 : 0);
  });
  for (let i = 0; i < sorted.length; i++) for (let j = i + 1; j < Math.min(sorted.length, i + 1 + window); j++) yield [sorted[i], sorted[j]];
}

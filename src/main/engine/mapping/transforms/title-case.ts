import { titleCaseMeta } from '../../../../shared/transforms/title-case';
import { defineTransform, ok } from './define';
import { eachText } from './values';

export const titleCaseTransform = defineTransform(titleCaseMeta, (value, t) => ok(eachText(value, (s) => (t.onlyIfAllCaps && !isAllCapsText(s) ? s : titleCase(s)))));

/**
 * Upper-case first letter of each word, the rest lower-case; words start after a space, hyphen,
 * apostrophe or opening bracket ("O'BRIEN-SMITH" → "O'Brien-Smith"), and "Mc" keeps the next
 * letter capital ("MCDONALD" → "McDonald"). Scripts without case (Hebrew, Arabic) are untouched.
 */
export function titleCase(text: string): string {
  return text
    .toLowerCase()
    .replace(/(^|[\s\-'’(])(\p{Ll})/gu, (_, before: string, letter: string) => before + letter.toUpperCase())
    .replace(/(^|[\s\-'’(])Mc(\p{Ll})/gu, (_, before: string, letter: string) => `${before}Mc${letter.toUpperCase()}`);
}

/** True for text whose letters are all capitals (at least two of them, and no lower-case letter). */
export function isAllCapsText(text: string): boolean {
  if (/\p{Ll}/u.test(text)) return false;
  const capitals = text.match(/\p{Lu}/gu);
  return capitals !== null && capitals.length >= 2;
}

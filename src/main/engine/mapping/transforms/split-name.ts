import { splitNameMeta } from '../../../../shared/transforms/split-name';
import { defineTransform, ok } from './define';
import { eachFallible } from './values';

export const splitName = defineTransform(splitNameMeta, (value, t) =>
  eachFallible(value, (v) => {
    if (typeof v !== 'string') return ok(v === undefined ? null : v);
    const parts = nameParts(v, t.order ?? 'auto');
    return ok(parts[t.part] || null);
  }),
);

/** Words that start a surname ("van der Berg", "de la Cruz", "bin Salman"), compared in lower case. */
const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'dos', 'das', 'du', 'la', 'le', 'ten', 'ter', 'bin', 'ibn', 'al', 'el', 'st', 'st.', 'mac', 'ap']);

/** The first, middle and last names of a whole name ('' for a part it does not have). */
export function nameParts(text: string, order: 'auto' | 'firstLast' | 'lastFirst'): { first: string; middle: string; last: string } {
  const s = text.replace(/\s+/gu, ' ').trim();
  const comma = s.indexOf(',');
  if (comma >= 0 && order !== 'firstLast') {
    const given = s.slice(comma + 1).replace(/,/g, ' ').trim().split(' ').filter(Boolean);
    return { last: s.slice(0, comma).trim(), first: given[0] ?? '', middle: given.slice(1).join(' ') };
  }
  const words = s.replace(/,/g, ' ').split(' ').filter(Boolean);
  if (words.length === 0) return { first: '', middle: '', last: '' };
  if (words.length === 1) return { first: words[0], middle: '', last: '' };
  if (order === 'lastFirst') return { last: words[0], first: words[1], middle: words.slice(2).join(' ') };
  // The surname starts at the earliest particle after the first name, else at the last word.
  let lastStart = words.length - 1;
  for (let i = 1; i < words.length - 1; i++) {
    if (PARTICLES.has(words[i].toLowerCase())) {
      lastStart = i;
      break;
    }
  }
  return { first: words[0], middle: words.slice(1, lastStart).join(' '), last: words.slice(lastStart).join(' ') };
}

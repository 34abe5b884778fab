import { substringMeta } from '../../../../shared/transforms/substring';
import { defineTransform, fail, ok } from './define';
import { eachText } from './values';

/** Counts characters as code points, so an emoji or a letter outside the BMP is never cut in half. */
export const substring = defineTransform(substringMeta, (value, t) => {
  if (!Number.isInteger(t.start) || (t.length !== undefined && (!Number.isInteger(t.length) || t.length < 0))) return fail(`substring needs a whole start and length (got ${t.start} and ${String(t.length)}).`);
  return ok(
    eachText(value, (s) => {
      const chars = Array.from(s);
      const from = t.start < 0 ? Math.max(0, chars.length + t.start) : Math.min(t.start, chars.length);
      const to = t.length === undefined ? chars.length : Math.min(chars.length, from + t.length);
      return chars.slice(from, to).join('');
    }),
  );
});

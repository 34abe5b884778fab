import { DEFAULT_FALSE_WORDS, DEFAULT_TRUE_WORDS, parseBooleanMeta } from '../../../../shared/transforms/parse-boolean';
import { defineTransform, fail, ok } from './define';
import { eachFallible } from './values';

export const parseBoolean = defineTransform(parseBooleanMeta, (value, t) => {
  const yes = new Set((t.trueWords ?? DEFAULT_TRUE_WORDS).map((w) => w.trim().toLowerCase()));
  const no = new Set((t.falseWords ?? DEFAULT_FALSE_WORDS).map((w) => w.trim().toLowerCase()));
  return eachFallible(value, (v) => {
    if (v === null || v === undefined) return ok(null);
    if (typeof v === 'boolean') return ok(v);
    const word = (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string' ? String(v) : '').trim().toLowerCase();
    if (word === '' && typeof v === 'string') return ok(null);
    if (yes.has(word)) return ok(true);
    if (no.has(word)) return ok(false);
    const shown = typeof v === 'string' ? `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"` : typeof v === 'object' ? 'the value' : String(v);
    return fail(`${shown} is neither a word for yes (${[...yes].slice(0, 6).join(', ')}) nor for no (${[...no].slice(0, 6).join(', ')}).`);
  });
});

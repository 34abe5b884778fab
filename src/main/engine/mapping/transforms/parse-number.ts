import { parseNumberMeta, type NumberLocale } from '../../../../shared/transforms/parse-number';
import { defineTransform, fail, ok, type TransformResult } from './define';
import { eachFallible, shown } from './values';

/** Group and decimal separators of each way of writing numbers (fr groups with any kind of space). */
const SEPARATORS: Record<NumberLocale, { group: string[]; decimal: string }> = {
  en: { group: [','], decimal: '.' },
  de: { group: ['.'], decimal: ',' },
  fr: { group: [' ', '\u00a0', '\u202f'], decimal: ',' },
  ch: { group: ["'", '’'], decimal: '.' },
};

/** Currency signs and codes that may stand before or after an amount. */
const CURRENCY = /^(?:[£$€¥₹]|CHF|EUR|USD|GBP)\s*|\s*(?:[£$€¥₹]|CHF|EUR|USD|GBP)$/giu;

export const parseNumber = defineTransform(parseNumberMeta, (value, t) => eachFallible(value, (v) => readNumber(v, t.locale, t.integer ?? false)));

/**
 * A number written the local way. Group separators count only in groups of three ("1.234" in de
 * is 1234, "1.5" is refused), so a value in the other convention is refused rather than read
 * a thousand times too big; more than 15 significant digits cannot be held exactly and are refused.
 */
export function readNumber(v: unknown, locale: NumberLocale, integer: boolean): TransformResult {
  if (v === null || v === undefined) return ok(null);
  if (typeof v === 'number') return Number.isFinite(v) && (!integer || Number.isInteger(v)) ? ok(v) : fail(`${v} is not ${integer ? 'a whole' : 'a finite'} number.`);
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? ok(Number(v)) : fail(`${v} has too many digits to be held exactly.`);
  if (typeof v !== 'string') return fail('The value is not a number written as text.');
  let s = v.trim();
  if (s === '') return ok(null);
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) [negative, s] = [true, s.slice(1, -1).trim()];
  s = s.replace(CURRENCY, '').trim();
  if (s.startsWith('-') || s.startsWith('−')) [negative, s] = [!negative, s.slice(1).trim()];
  else if (s.endsWith('-')) [negative, s] = [!negative, s.slice(0, -1).trim()];
  else if (s.startsWith('+')) s = s.slice(1).trim();
  const { group, decimal } = SEPARATORS[locale];
  const [whole, fraction, ...more] = s.split(decimal);
  const groups = group.reduce<string[]>((parts, g) => parts.flatMap((p) => p.split(g)), [whole]);
  const digitsOnly = (x: string) => x.length > 0 && [...x].every((c) => c >= '0' && c <= '9');
  const groupsOk = groups.length === 1 ? groups[0] === '' || digitsOnly(groups[0]) : digitsOnly(groups[0]) && groups[0].length <= 3 && groups.slice(1).every((g) => g.length === 3 && digitsOnly(g));
  const fractionOk = fraction === undefined || digitsOnly(fraction);
  const intDigits = groups.join('');
  if (more.length || !groupsOk || !fractionOk || (intDigits === '' && fraction === undefined)) return fail(`${shown(v)} is not a number written as ${EXAMPLE[locale]}.`);
  if ((intDigits.replace(/^0+/, '') + (fraction ?? '')).length > 15) return fail(`${shown(v)} has more digits than a number can hold exactly.`);
  const n = Number(`${intDigits || '0'}.${fraction ?? '0'}`) * (negative ? -1 : 1);
  if (integer && !Number.isInteger(n)) return fail(`${shown(v)} is not a whole number.`);
  return ok(Object.is(n, -0) ? 0 : n);
}

const EXAMPLE: Record<NumberLocale, string> = { en: '1,234.56', de: '1.234,56', fr: '1 234,56', ch: "1'234.56" };

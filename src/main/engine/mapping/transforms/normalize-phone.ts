import { normalizePhoneMeta } from '../../../../shared/transforms/normalize-phone';
import { defineTransform, fail, ok } from './define';
import { eachFallible, shown } from './values';

export const normalizePhone = defineTransform(normalizePhoneMeta, (value, t) => {
  const cc = t.countryCode.replace(/^\+/, '');
  if (!/^[1-9]\d{0,2}$/.test(cc)) return fail(`"${t.countryCode}" is not a country calling code.`);
  return eachFallible(value, (v) => {
    if (v === null || v === undefined) return ok(null);
    const text = typeof v === 'number' || typeof v === 'bigint' ? String(v) : typeof v === 'string' ? v : null;
    if (text === null) return ok(v);
    if (text.trim() === '') return ok(null);
    const phone = e164(text, cc);
    if (phone) return ok(phone);
    const fallback = t.fallback ?? 'null';
    if (fallback === 'reject') return fail(`${shown(text)} is not a phone number.`);
    return ok(fallback === 'keep' ? v : null);
  });
});

/**
 * A phone number as `+<country><number>`, or null when the text is not one. An extension
 * ("x12", "ext. 12") is dropped; letters anywhere else mean it is no number.
 */
export function e164(text: string, countryCode: string): string | null {
  const s = text.trim().replace(/\s*(?:ext\.?|x|#)\s*\d{1,6}$/i, '');
  if (s.length > 40 || !/^\+?[\d\s().\-/]+$/.test(s)) return null;
  let digits = s.replace(/[^\d]/g, '');
  if (s.startsWith('+')) {
    // already international
  } else if (digits.startsWith('00')) digits = digits.slice(2);
  else if (countryCode === '1' && digits.length === 11 && digits.startsWith('1')) {
    // NANP written with its trunk 1
  } else digits = countryCode + digits.replace(/^0/, '');
  return digits.length >= 8 && digits.length <= 15 && digits[0] !== '0' ? `+${digits}` : null;
}

import { normalizeEmailMeta } from '../../../../shared/transforms/normalize-email';
import { defineTransform, fail, ok } from './define';
import { eachFallible, shown } from './values';

export const normalizeEmail = defineTransform(normalizeEmailMeta, (value, t) =>
  eachFallible(value, (v) => {
    if (typeof v !== 'string') return ok(v === undefined ? null : v);
    if (v.trim() === '') return ok(null);
    const email = tidyEmail(v);
    if (email) return ok(email);
    const fallback = t.fallback ?? 'null';
    if (fallback === 'reject') return fail(`${shown(v)} is not an e-mail address.`);
    return ok(fallback === 'keep' ? v : null);
  }),
);

/**
 * The address in a text, lower-cased, or null when there is none. Checked by plain string steps
 * (one @, a local part of 1–64 characters without spaces, a dotted domain of letters, digits and
 * hyphens, at most 254 in all): what the target's `format: email` refuses, this refuses first.
 */
export function tidyEmail(text: string): string | null {
  let s = text.trim();
  const open = s.lastIndexOf('<');
  if (open >= 0 && s.endsWith('>')) s = s.slice(open + 1, -1).trim();
  if (s.toLowerCase().startsWith('mailto:')) s = s.slice(7).trim();
  s = s.toLowerCase();
  const at = s.indexOf('@');
  if (at <= 0 || at !== s.lastIndexOf('@') || s.length > 254) return null;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (local.length > 64 || /[\s<>()[\\\],;:"]/.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return null;
  const labels = domain.split('.');
  if (labels.length < 2 || labels.some((l) => l.length === 0 || l.length > 63 || l.startsWith('-') || l.endsWith('-') || !/^[a-z0-9-]+$/.test(l)) || !/^[a-z]{2,}$/.test(labels[labels.length - 1])) return null;
  return s;
}

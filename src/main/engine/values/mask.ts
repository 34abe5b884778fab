import type { SemanticType } from '../../../shared/model/assessment';
import { isMojibake } from './cp1252';
import type { ColumnHints } from './column-hints';
import { patternInfo } from './pattern-info';
import { textShape } from './text-shape';
import { DATE_SENTINELS, TEXT_SENTINELS } from './value-vocabulary';

/** How a column's values are masked in examples. Ids, codes, amounts and ordinary dates are shown as they are. */
export type MaskKind = 'none' | 'name' | 'email' | 'phone' | 'birthDate' | 'postcode' | 'address' | 'sensitive';

const DOT = '•';

/** The masking a column needs, from its type and name. */
export function maskKindFor(semantic: SemanticType, hints: ColumnHints, columnName: string): MaskKind {
  if (hints.birthDate) return 'birthDate';
  if (semantic === 'email' || hints.email) return 'email';
  if (semantic === 'phone' || hints.phone) return 'phone';
  if (semantic === 'person-name' || hints.personName) return 'name';
  if (semantic === 'postcode' || hints.postcode) return 'postcode';
  if (/addr|street|road|line[0-9]|house|town|city/i.test(columnName)) return 'address';
  if (hints.sensitive) return 'sensitive';
  return 'none';
}

/**
 * A value as an example may show it: enough to recognise the problem (the spaces, the broken
 * characters, the format, the year), never enough to identify a person.
 */
export function maskValue(value: unknown, kind: MaskKind): unknown {
  if (value === null || value === undefined || kind === 'none') return value ?? null;
  if (typeof value !== 'string') return kind === 'birthDate' && value instanceof Date ? maskDate(value.toISOString().slice(0, 10)) : typeof value === 'number' ? value : String(value);
  if (value.trim() === '' || TEXT_SENTINELS.has(value.trim()) || DATE_SENTINELS.has(value.trim())) return value;
  switch (kind) {
    case 'name':
    case 'address':
    case 'sensitive':
      return maskWords(value);
    case 'email':
      return maskEmail(value);
    case 'phone':
      return maskDigits(value, 3);
    case 'birthDate':
      return maskDate(value);
    case 'postcode':
      return maskPostcode(value);
  }
}

/**
 * First character of each word kept, other letters and digits as dots. With mojibake, the first
 * damaged pair of each word stays visible (enough to show the breakage), the rest is masked too:
 * a name in a non-Latin script read in the wrong code page is all "damaged" characters, and
 * showing them all would show the whole name to anyone who decodes it.
 */
export function maskWords(text: string): string {
  const damaged = isMojibake(text);
  let out = '';
  let wordStart = true;
  let damagedShown = 0;
  for (const ch of text) {
    const isSpace = /\s/u.test(ch);
    const isSeparator = isSpace || ch === ',' || ch === ';' || ch === '|' || ch === '-';
    if (isSeparator) {
      out += ch;
      wordStart = true;
      continue;
    }
    if (wordStart) {
      out += ch;
      wordStart = false;
      damagedShown = ch.charCodeAt(0) >= 0x80 ? 1 : 0;
      continue;
    }
    const high = ch.charCodeAt(0) >= 0x80;
    const keep = damaged && high && damagedShown++ < 2;
    // In mojibake a symbol (¸ … ° ») is half of a letter: shown, it would give the letter away.
    out += keep || (!/[\p{L}\p{N}]/u.test(ch) && !(damaged && high)) ? ch : DOT;
  }
  return out;
}

function maskEmail(text: string): string {
  const at = text.indexOf('@');
  if (at < 0) return maskWords(text);
  const local = text.slice(0, at);
  const lead = local.match(/^\s*/)?.[0] ?? '';
  const first = local.trim().slice(0, 1);
  return `${lead}${first}${DOT.repeat(3)}${text.slice(at)}`;
}

/** Every digit but the last `keep` as a dot, separators kept ("07700 900123" → "••••• •••123"). */
export function maskDigits(text: string, keep: number): string {
  let digitsSeen = 0;
  const total = (text.match(/\d/g) ?? []).length;
  let out = '';
  for (const ch of text) {
    if (ch >= '0' && ch <= '9') {
      digitsSeen++;
      out += digitsSeen > total - keep ? ch : DOT;
    } else out += /\p{L}/u.test(ch) ? DOT : ch;
  }
  return out;
}

/** A date with its year kept and the second digit of day and month hidden ("03/04/2012" → "0•/0•/2012"). */
export function maskDate(text: string): string {
  const layout = patternInfo(textShape(text).pattern).date;
  if (!layout) return maskDigits(text, 0);
  const chars = [...text];
  // Year-first dates keep the year at the front; the month and day are the two ranges either way.
  for (const [, end] of [layout.first, layout.second]) chars[end - 1] = DOT;
  const dateEnd = Math.max(layout.year[1], layout.second[1]);
  for (let i = dateEnd; i < chars.length; i++) if (chars[i] >= '0' && chars[i] <= '9') chars[i] = DOT;
  return chars.join('');
}

function maskPostcode(text: string): string {
  const trimmed = text.trim();
  const space = trimmed.lastIndexOf(' ');
  if (space > 0) return text.replace(trimmed, `${trimmed.slice(0, space)} ${DOT.repeat(trimmed.length - space - 1)}`);
  return trimmed.length > 3 ? text.replace(trimmed, trimmed.slice(0, trimmed.length - 3) + DOT.repeat(3)) : DOT.repeat(trimmed.length);
}

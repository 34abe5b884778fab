import type { FieldTransform } from '../../../../shared/model/mapping';
import { NUMBER_LOCALES } from '../../../../shared/transforms/parse-number';
import { CASE_MODES } from '../../../../shared/transforms/change-case';
import { words } from '../expressions/cel-environment';

/**
 * Registry transforms (and chains of two) that might reproduce examples, with their settings
 * guessed from the examples themselves: a pad width from the outputs' length, a country code
 * from the outputs' prefix, a substring's start from where the output sits in the input.
 */
export function registryCandidates(examples: readonly (readonly [string, string])[]): FieldTransform[][] {
  const singles = singleCandidates(examples);
  const out: FieldTransform[][] = singles.map((t) => [t]);
  out.push([{ kind: 'collapseSpaces' }, { kind: 'trim' }]);
  return out;
}

/** Second steps worth trying after a first one: settings guessed from what the first gave and the outputs. */
export function secondSteps(pairs: readonly (readonly [string, string])[]): FieldTransform[] {
  return [...padCandidates(pairs), ...CASE_MODES.map((mode) => ({ kind: 'changeCase', mode }) as FieldTransform)];
}

/** First steps a second may follow: the ones that cut a part out. */
export function isCutter(t: FieldTransform): boolean {
  return t.kind === 'regexExtract' || t.kind === 'substring' || t.kind === 'splitName';
}

const PATTERNS = ['\\d+', '\\p{L}+', '\\p{Lu}+', '\\d+\\p{L}+', '\\p{L}+\\d+', '\\d{4}', '\\d+(?:[.,]\\d+)?', '[^\\s@]+@[^\\s@]+'];

function singleCandidates(examples: readonly (readonly [string, string])[]): FieldTransform[] {
  const c: FieldTransform[] = [
    { kind: 'trim' },
    { kind: 'collapseSpaces' },
    { kind: 'fixMojibake' },
    { kind: 'titleCase' },
    ...CASE_MODES.map((mode) => ({ kind: 'changeCase', mode }) as FieldTransform),
    ...(['first', 'middle', 'last'] as const).flatMap((part) => (['auto', 'firstLast', 'lastFirst'] as const).map((order) => ({ kind: 'splitName', part, order }) as FieldTransform)),
    { kind: 'detectDate' },
    ...(['dmy', 'mdy', 'ymd'] as const).map((order) => ({ kind: 'detectDate', order }) as FieldTransform),
    ...NUMBER_LOCALES.map((locale) => ({ kind: 'parseNumber', locale }) as FieldTransform),
    { kind: 'parseBoolean' },
    { kind: 'normalizeEmail' },
    ...PATTERNS.map((pattern) => ({ kind: 'regexExtract', pattern }) as FieldTransform),
  ];
  // A country code: the first one to three digits after the + of the outputs.
  const codes = new Set<string>();
  for (const [, o] of examples) if (/^\+\d{8,15}$/.test(o)) for (const n of [1, 2, 3]) codes.add(o.slice(1, 1 + n));
  for (const countryCode of codes) c.push({ kind: 'normalizePhone', countryCode });
  c.push(...padCandidates(examples));
  c.push(...substringCandidates(examples));
  return c;
}

/** Outputs of one width that end with their input, filled on the left with one character. */
function padCandidates(pairs: readonly (readonly [string, string])[]): FieldTransform[] {
  const grown = pairs.filter(([i, o]) => o.length > i.length);
  if (!grown.length || !pairs.every(([i, o]) => o.endsWith(i))) return [];
  const length = grown[0][1].length;
  const char = grown[0][1][0];
  if (!grown.every(([i, o]) => o.length === length && [...o.slice(0, o.length - i.length)].every((x) => x === char))) return [];
  return [{ kind: 'padStart', length, char }];
}

/**
 * Substrings at one place (from the start or from the end) in every example. Not offered when the
 * output is a whole word of the input: a word, not a position, is what the person meant ("John"
 * of "John Smith" is the first word, not the first four characters).
 */
function substringCandidates(pairs: readonly (readonly [string, string])[]): FieldTransform[] {
  const [first] = pairs;
  if (!first || first[1] === '' || words(first[0]).includes(first[1])) return [];
  const out: FieldTransform[] = [];
  const chars = Array.from(first[0]);
  const want = Array.from(first[1]);
  for (let at = 0; at + want.length <= chars.length; at++) {
    if (chars.slice(at, at + want.length).join('') !== first[1]) continue;
    out.push({ kind: 'substring', start: at, length: want.length }, { kind: 'substring', start: at }, { kind: 'substring', start: at - chars.length, length: want.length }, { kind: 'substring', start: at - chars.length });
  }
  return out.slice(0, 24);
}

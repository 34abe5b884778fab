import { Environment } from '@marcbachmann/cel-js';
import { compileUserRegex } from '../../../../shared/transforms/user-regex';
import { titleCase } from '../transforms/title-case';

/**
 * cel-js's own shape limits, tighter than its defaults: an expression of a mapping is a line or
 * two, so 48 levels of nesting and 2,000 nodes are plenty, and 10,000-deep nesting is refused by
 * the parser at the first level too many (with its position) before anything recurses deeper.
 */
export const CEL_LIMITS = { maxAstNodes: 2_000, maxDepth: 48, maxListElements: 1_000, maxMapEntries: 200, maxCallArguments: 16 } as const;

/** Longest expression text handed to the parser (the mapping screen warns far earlier, at 4,000). */
export const EXPRESSION_PARSE_MAX = 50_000;

/**
 * The name CEL's `matches` is given before parsing. cel-js's own `matches` runs JavaScript's
 * backtracking RegExp (`^(a+)+$` on "aaaa…!" runs for minutes) and cannot be replaced in place,
 * so each call is renamed to this one, the same length so every position stays true, which runs
 * on re2js (linear time). src/main/engine/mapping/expressions/compile-expression.ts checks no
 * call to the built-in one survives.
 */
export const RE2_MATCHES = 'matchRE';

/** A fresh environment with the studio's limits and functions; the caller declares the variables. */
export function studioEnvironment(): Environment {
  const env = new Environment({ limits: CEL_LIMITS, homogeneousAggregateLiterals: false });
  const matches = (text: string, pattern: string): boolean => compileUserRegex(pattern).test(text);
  env.registerFunction(`string.${RE2_MATCHES}(string): bool`, matches, { description: 'True when the RE2 pattern finds a match in the text.' });
  env.registerFunction(`${RE2_MATCHES}(string, string): bool`, matches, { description: 'True when the RE2 pattern finds a match in the text.' });
  // Text helpers CEL lacks (its upperAscii/lowerAscii leave "É" and "ß" alone); transform by example writes with them.
  env.registerFunction('words(string): list<string>', words, { description: 'The words of a text: runs of letters and digits (an apostrophe inside a word keeps it whole: O’Brien).' });
  env.registerFunction('upper(string): string', (s: string) => s.toUpperCase(), { description: 'Upper case, any script.' });
  env.registerFunction('lower(string): string', (s: string) => s.toLowerCase(), { description: 'Lower case, any script.' });
  env.registerFunction('title(string): string', titleCase, { description: 'Title case, as the titleCase transform does it.' });
  return env;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** The words of a text, as `words()` in an expression gives them. */
export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

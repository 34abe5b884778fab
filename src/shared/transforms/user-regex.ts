import { RE2JS } from 're2js';

/**
 * Every regular expression a person writes (the regex transforms, CEL's `matches`) is compiled
 * by re2js, which runs in time linear in the input: `^(a+)+$` on a long "aaaa…!" answers at once
 * instead of hanging the run as JavaScript's backtracking RegExp would. The price is RE2's syntax:
 * no back-references (`\1`) and no look-arounds.
 */

/** Longest pattern accepted: a pattern is a few dozen characters; a huge one is a mistake or an attack. */
export const USER_REGEX_MAX_LENGTH = 1000;

const cache = new Map<string, RE2JS>();

/** A compiled user pattern; throws `UserRegexError` with RE2's words for a pattern it cannot read. */
export function compileUserRegex(pattern: string, ignoreCase = false): RE2JS {
  const key = `${ignoreCase ? 'i' : '-'}${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  if (pattern.length > USER_REGEX_MAX_LENGTH) throw new UserRegexError(`The pattern is ${pattern.length} characters long; at most ${USER_REGEX_MAX_LENGTH} are accepted.`);
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (err) {
    throw new UserRegexError(`The pattern ${JSON.stringify(pattern)} cannot be read: ${(err as Error).message.replace(/^error parsing regexp: /, '')}.`);
  }
  if (cache.size > 500) cache.clear();
  cache.set(key, re);
  return re;
}

/** Why a pattern cannot be used, or null when it can. */
export function userRegexProblem(pattern: string): string | null {
  try {
    compileUserRegex(pattern);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** A pattern re2js refuses (RE2 syntax: no back-references or look-arounds). */
export class UserRegexError extends Error {
  readonly code = 'REGEX_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'UserRegexError';
  }
}

/** The hint every regex remark gives. */
export const USER_REGEX_HINT = 'Patterns use RE2 syntax (as in Go or Kubernetes): no back-references such as \\1 and no look-arounds; test it on the preview.';

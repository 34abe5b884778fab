/**
 * Which source columns hold secrets: password hashes, salts, tokens, API keys, security answers.
 * One classifier for every place that reads source values (discovery, previews, profiling, runs),
 * so a column is either secret everywhere or nowhere. A secret column's values are dropped as they
 * are read (`connectors/secret-guard.ts`): the studio never needs them, and a value it never holds
 * cannot end up in the project file, a report, a log or a request.
 *
 * Names decide first; values decide where a name cannot. Two kinds of name word:
 * - strong (password, pwd, hash, salt, token, secret, answer…): enough alone, whatever the values
 *   (a security answer is ordinary text);
 * - weak (key, auth, digest, credential, signature): common in innocent names (`course_key`), so
 *   the column is secret only when its values look like a digest (32/40/64 hex characters or the
 *   base64 of 16/20/32 bytes).
 * Values alone decide for the self-describing hash formats (bcrypt `$2a$/$2b$/$2y$`, `$argon2`,
 * `pbkdf2_`, `$1$/$5$/$6$` crypt): such a value is a secret in any column.
 * False positives checked by tests: `passport_no`, `bypass_reason`, `hashtag`, `pass_mark`,
 * `compass`, a `row_guid` of 32 hex digits, a `course_key` of codes.
 */

/** Name words that make a column secret on their own (compared on normalised name words). */
const STRONG_WORDS = new Set(['password', 'passwd', 'passwords', 'pwd', 'pw', 'pword', 'passcode', 'passphrase', 'pin', 'hash', 'hashed', 'salt', 'token', 'tokens', 'secret', 'secrets', 'answer', 'otp', 'totp', 'mfa', 'apikey', 'pwdhash', 'passhash', 'passwordhash', 'passwordsalt']);
/** `pass` is a word of `pass_mark`, `pass_rate`, `pass_grade`: secret only without these beside it. */
const PASS_INNOCENT = new Set(['mark', 'marks', 'rate', 'grade', 'score', 'level', 'fail', 'percent', 'pct', 'count', 'date', 'status', 'flag', 'port', 'through', 'by']);
/** `answer` in `answer_count`, `answers_total`, `correct_answer_id` counts, not secrets… */
const ANSWER_INNOCENT = new Set(['count', 'total', 'number', 'num', 'no', 'id', 'option', 'options', 'choice', 'correct', 'key', 'sheet', 'quiz', 'exam', 'test']);
/** Name words that make a column secret only with a digest-shaped value. */
const WEAK_WORDS = new Set(['key', 'auth', 'digest', 'credential', 'credentials', 'signature', 'sig', 'nonce', 'cred']);
/** Joined names (no separators) that still say password: `userpassword`, `pwdhash`, `loginpwd`. */
const GLUED = /(?:password|passwd|pwd|passcode|passphrase|apikey|secret|token|salt)(?:hash|salt|s)?$|^(?:password|passwd|pwd|secret|token|salt)/;

/** Splits `api_token`, `apiToken`, `API Token` into lower-case words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Why a column's name says it is secret, or null. */
export function secretByName(name: string): string | null {
  const w = words(name);
  for (const word of w) {
    if (word === 'pass' && !w.some((x) => PASS_INNOCENT.has(x))) return `its name (${name}) says it holds a password`;
    if (word === 'answer' || word === 'answers') {
      if (w.some((x) => ANSWER_INNOCENT.has(x))) continue;
      return `its name (${name}) says it holds a security answer`;
    }
    if (STRONG_WORDS.has(word)) return `its name (${name}) says it holds a ${word === 'pin' ? 'PIN' : word.replace(/s$/, '')}`;
  }
  const glued = w.join('');
  if (w.length === 1 && GLUED.test(glued)) return `its name (${name}) says it holds a password or token`;
  return null;
}

/** Is one of the name's words a weak secret word (key, auth, digest…)? */
export function weakSecretName(name: string): boolean {
  return words(name).some((w) => WEAK_WORDS.has(w));
}

const BCRYPT = /^\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}$/;
const ARGON2 = /^\$argon2(?:id|i|d)\$/;
const PBKDF2 = /^pbkdf2[_$-]/i;
const CRYPT = /^\$(?:1|5|6|md5|sha1|y|gy|7)\$(?:rounds=\d{1,9}\$)?[^\s$]{1,64}\$[./A-Za-z0-9]{16,}$/;
const SCRYPT = /^(?:\$scrypt\$|scrypt:)/;

/** The self-describing hash format a value is written in (a secret in any column), or null. */
export function hashFormatOf(value: unknown): string | null {
  if (typeof value !== 'string' || value.length < 10 || value.length > 512) return null;
  const v = value.trim();
  if (BCRYPT.test(v)) return 'bcrypt';
  if (ARGON2.test(v)) return 'argon2';
  if (PBKDF2.test(v)) return 'pbkdf2';
  if (SCRYPT.test(v)) return 'scrypt';
  if (CRYPT.test(v)) return 'crypt';
  return null;
}

const HEX = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9A-F]{32}|[0-9A-F]{40}|[0-9A-F]{64})$/;
/** Base64 of 16, 20 or 32 bytes (24, 28 or 44 characters with padding; url-safe too). */
const BASE64 = /^(?:[A-Za-z0-9+/_-]{22}(?:==)?|[A-Za-z0-9+/_-]{27}=?|[A-Za-z0-9+/_-]{43}=?)$/;

/** Does a value look like a digest (hex or base64 of a 128/160/256-bit hash)? Only meaningful with a secret name. */
export function digestShaped(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const v = value.trim();
  if (HEX.test(v)) return true;
  // Base64 must mix cases and digits, so a 22-letter word is not a digest.
  return BASE64.test(v) && /[a-z]/.test(v) && /[A-Z]/.test(v) && /\d/.test(v);
}

/** The verdict on one column. */
export interface SecretVerdict {
  secret: boolean;
  reason: string | null;
}

/**
 * Classifies a column from its name and some of its values (a sample, or a read's first batch).
 * Weak names need most non-empty sampled values digest-shaped; one value in a hash format is enough.
 */
export function classifySecretColumn(name: string, values: readonly unknown[] = []): SecretVerdict {
  const byName = secretByName(name);
  if (byName) return { secret: true, reason: byName };
  let filled = 0;
  let digests = 0;
  for (const v of values) {
    const format = hashFormatOf(v);
    if (format) return { secret: true, reason: `its values are ${format} password hashes` };
    if (typeof v === 'string' && v.trim() !== '') {
      filled++;
      if (digestShaped(v)) digests++;
    }
  }
  if (filled > 0 && digests / filled >= 0.8 && weakSecretName(name)) return { secret: true, reason: `its name (${name}) and its values (hex or base64 digests) say it holds keys` };
  return { secret: false, reason: null };
}

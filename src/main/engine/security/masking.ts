/**
 * Masking for text that is kept or shown (audit summaries, logs, exports). Heuristic by nature:
 * it errs towards masking too much. The vault is the real guarantee that a secret is not stored
 * in clear; these helpers catch a secret or a person's details that slipped into free text.
 */

export const MASK = '****';

// Quantifiers are bounded throughout so masking stays linear on long or hostile text.
const SECRET_WORD = String.raw`[\w.-]{0,40}(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|private[_-]?key|credentials?|auth[_-]?key|signature)[\w.-]{0,40}`;
// An unquoted value ends at whitespace, `;`, `,`, a closing bracket, or `&` starting the next
// query parameter (`&user=`); a lone `&` belongs to the value (ADO passwords may contain one).
const BARE_VALUE = String.raw`(?:[^\s;,&)}\]]|&(?![\w.-]{1,64}=))+`;
/** `password=x`, `"client_secret": "x"`, `Pwd=x;` (ADO/ODBC strings), `token: x`. */
const KEY_VALUE = new RegExp(String.raw`(["']?)\b(${SECRET_WORD})\1(\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|${BARE_VALUE})`, 'gi');
/** The password part of `scheme://user:password@host`. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]{0,30}:\/\/[^\s:/@]{0,256}):[^\s@]{0,256}@/gi;
const AUTH_HEADER = /\b(Bearer|Basic|Token|Digest)\s+[A-Za-z0-9._~+/=-]{8,}/g;
const JWT = /\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g;
/** Long opaque runs (API keys, hex or base64 secrets): masked when they mix letters and digits and are not absolute paths. */
const OPAQUE = /[A-Za-z0-9+/_=]{32,}/g;

/** Masks anything in free text that looks like a secret: connection-string passwords, tokens, keys. */
export function maskSecrets(text: string): string {
  return text
    .replace(URL_PASSWORD, `$1:${MASK}@`)
    .replace(KEY_VALUE, (whole, quote: string, key: string, sep: string, value: string) => {
      if (/^(true|false|null|undefined)$/i.test(value) || value === MASK || value === `"${MASK}"` || value === `'${MASK}'`) return whole;
      const q = value.startsWith('"') ? '"' : value.startsWith("'") ? "'" : '';
      return `${quote}${key}${quote}${sep}${q}${MASK}${q}`;
    })
    .replace(AUTH_HEADER, `$1 ${MASK}`)
    .replace(JWT, MASK)
    .replace(OPAQUE, (run) => (/\d/.test(run) && /[A-Za-z]/.test(run) && !run.startsWith('/') ? MASK : run));
}

const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{0,63}@([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24})/g;
const PHONE = /(?<![\w/:.*-])\+?\d(?:[ ().-]{0,2}\d){6,14}(?![\w/:*-])/g;
const DATE_LIKE = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/;
const PERSONAL_FIELD = new RegExp(
  String.raw`\b(first[_ -]?name|last[_ -]?name|given[_ -]?name|family[_ -]?name|full[_ -]?name|middle[_ -]?name|birth[_ -]?date|date[_ -]of[_ -]birth|dob|ssn|national[_ -]?id|passport(?:[_ -]?(?:no|number))?|address|phone|mobile|email)\b(\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|${BARE_VALUE})`,
  'gi',
);

export interface PersonalMaskOptions {
  /** Values known to be personal (a student's name, an id number): masked wherever they appear. */
  personal?: readonly string[];
}

/**
 * Masks personal data in free text: e-mail addresses (`j***@school.org`), phone numbers
 * (`***45`), values of personal fields (`birthDate=****`), and any known personal values given.
 */
export function maskPersonalData(text: string, options: PersonalMaskOptions = {}): string {
  let out = text;
  const known = [...new Set((options.personal ?? []).filter((v) => typeof v === 'string' && v.trim().length > 1))].sort((a, b) => b.length - a.length);
  for (const value of known) out = out.replace(new RegExp(escapeRegExp(value), 'gi'), (m) => maskName(m));
  out = out.replace(PERSONAL_FIELD, (whole, key: string, sep: string, value: string) => {
    if (value === MASK) return whole;
    const q = value.startsWith('"') ? '"' : value.startsWith("'") ? "'" : '';
    return `${key}${sep}${q}${MASK}${q}`;
  });
  out = out.replace(EMAIL, (whole, first: string, domain: string, offset: number, all: string) => {
    // `mysql://sis@db.school.org/x` names a database account and host, not a person.
    if (/:\/\/[^\s@]*$/.test(all.slice(Math.max(0, offset - 300), offset))) return whole;
    return `${first}***@${domain}`;
  });
  out = out.replace(PHONE, (m) => {
    if (DATE_LIKE.test(m)) return m;
    const digits = m.replace(/\D/g, '');
    const hasSeparator = /[ ().-]/.test(m);
    // A bare run of digits is a count or an id unless it is written like a phone number.
    if (!hasSeparator && !m.startsWith('+') && !m.startsWith('0')) return m;
    return `***${digits.slice(-2)}`;
  });
  return out;
}

/** "Jane Doe" → "J*** D***": enough for a person to recognise a record, not to identify someone. */
export function maskName(value: string): string {
  return value
    .split(/(\s+)/)
    .map((part) => (/^\s+$/.test(part) || part === '' ? part : `${[...part][0]}***`))
    .join('');
}

/** Longest summary kept in the audit trail (longer ones are cut, with a marker). */
export const MAX_SUMMARY_LENGTH = 2000;

/** What every audit summary goes through: secrets and personal data masked, length bounded. */
export function maskSummary(text: string, options: PersonalMaskOptions = {}): string {
  const masked = maskPersonalData(maskSecrets(text), options);
  return masked.length > MAX_SUMMARY_LENGTH ? `${masked.slice(0, MAX_SUMMARY_LENGTH - 1)}…` : masked;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

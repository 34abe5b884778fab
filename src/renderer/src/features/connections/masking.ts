/**
 * Masking personal data in grids: children's names, addresses and birth dates must not sit on
 * screen (or in a screenshot) unless the user asks to see them.
 */

/** What a masked cell shows; always the same length so it gives nothing away. */
export const MASK = '••••••';

/** Words that make a column an identifier or code (safe to show, needed to find rows). */
const ID_WORDS = new Set(['id', 'ids', 'code', 'codes', 'key', 'ref', 'guid', 'uuid', 'no', 'num']);
/** Identifiers that are personal data themselves (national numbers, contact details). */
const PERSONAL_WORDS = new Set(['national', 'passport', 'ssn', 'social', 'tax', 'nhs', 'insurance', 'email', 'mail', 'phone', 'mobile', 'tel', 'postcode', 'postal', 'zip', 'upn', 'uln']);

/** `StudentID` → [student, id]; `class_code` → [class, code]; `HTTPCode` → [http, code]. */
export function columnWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** True for columns whose values identify a row rather than describe a person (kept visible). */
export function isIdentifierColumn(name: string): boolean {
  const words = columnWords(name);
  if (words.length === 0) return false;
  if (words.some((w) => PERSONAL_WORDS.has(w))) return false;
  return ID_WORDS.has(words[words.length - 1]) || words[0] === 'id';
}

/** True when the cell must be masked: every text value outside identifier columns. */
export function shouldMaskCell(column: string, value: unknown, masking: boolean): boolean {
  return masking && typeof value === 'string' && value !== '' && !isIdentifierColumn(column);
}

/**
 * Hides a password that slipped into a connection string or path shown on screen. The engine
 * already masks it; this is a second guard for a value that should never be shown.
 */
export function maskLocation(location: string): string {
  return location
    .replace(/(\/\/[^/:@\s]+:)([^@\s]+)(@)/, `$1${MASK}$3`)
    .replace(/((?:password|pwd|pass)\s*=\s*)([^;&\s]+)/gi, `$1${MASK}`);
}

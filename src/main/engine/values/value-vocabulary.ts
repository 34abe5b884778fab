/**
 * Word lists the profiler matches values against: placeholders that mean "unknown", the texts
 * of boolean flags. Lookups are exact-text Set hits (case variants listed) so the hot path never
 * allocates an upper-cased copy.
 */

/** Dates legacy systems wrote for "unknown" (epochs, minimums, "end of time", zero dates). */
export const DATE_SENTINEL_TEXTS: readonly string[] = [
  '1900-01-01',
  '1899-12-30',
  '1899-12-31',
  '1753-01-01',
  '0001-01-01',
  '9999-12-31',
  '0000-00-00',
  '1900-01-00',
  '01/01/1900',
  '1/1/1900',
  '12/30/1899',
  '30/12/1899',
  '12/31/1899',
  '31/12/1899',
  '12/30/99',
  '01/01/0001',
  '00/00/0000',
  '00/00/00',
  '31/12/9999',
  '12/31/9999',
  '01.01.1900',
  '00.00.0000',
];
export const DATE_SENTINELS: ReadonlySet<string> = new Set(DATE_SENTINEL_TEXTS);

const PLACEHOLDER_WORDS = ['N/A', 'NA', 'N.A.', '#N/A', 'NULL', '(NULL)', '<NULL>', 'NONE', 'NIL', 'UNKNOWN', 'NOT KNOWN', 'TBC', 'TBA', 'TBD', 'NOT APPLICABLE', 'MISSING', 'BLANK', 'EMPTY'];

/** Non-date placeholders, with their usual case variants ("N/A", "n/a", "None", "none"…). */
export const TEXT_SENTINELS: ReadonlySet<string> = new Set([
  ...PLACEHOLDER_WORDS.flatMap((w) => [w, w.toLowerCase(), w[0] + w.slice(1).toLowerCase()]),
  '-',
  '--',
  '---',
  '?',
  '??',
  '???',
  '.',
  '..',
  '...',
  '*',
  'x',
  'xx',
  'xxx',
  'XX',
  'XXX',
]);

/** True for digit strings of six or more zeros or nines ("000000000", "999999"): placeholder numbers. */
export function isPlaceholderNumber(text: string): boolean {
  if (text.length < 6) return false;
  const first = text.charCodeAt(0);
  if (first !== 48 && first !== 57) return false;
  for (let i = 1; i < text.length; i++) if (text.charCodeAt(i) !== first) return false;
  return true;
}

const BOOLEAN_WORDS = ['Y', 'N', 'YES', 'NO', 'T', 'F', 'TRUE', 'FALSE', 'ON', 'OFF'];
/** Texts of a yes/no flag, in the case variants old systems use, plus 0/1 and Access's -1. */
export const BOOLEAN_TEXTS: ReadonlySet<string> = new Set([...BOOLEAN_WORDS.flatMap((w) => [w, w.toLowerCase(), w[0] + w.slice(1).toLowerCase()]), '0', '1', '-1']);

/** `^[^\s@]+@[^\s@]+\.[^\s@]+$`: name@domain.tld without spaces; the same rule the demo's manifest uses. */
export const SIMPLE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** British, Canadian and US postcodes (upper-case, trimmed). */
export const POSTCODE_SHAPES: readonly RegExp[] = [/^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/, /^[A-Z]\d[A-Z] ?\d[A-Z]\d$/, /^\d{5}(?:-\d{4})?$/, /^\d{4,6}$/];
/** The first two shapes are distinctive enough on their own; digit-only ones need a column name that says postcode. */
export const DISTINCTIVE_POSTCODE_SHAPES = 2;

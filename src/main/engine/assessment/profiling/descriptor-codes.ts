/**
 * Codes with a namespace: Ed-Fi's descriptor URIs (`uri://ed-fi.org/SexDescriptor#Female`) and
 * their like (`http://…/GradeLevelDescriptor#Ninth grade`). The part after `#` is the code; the
 * rest says which list it belongs to. A column of them is a code column, and a crosswalk reads
 * the code value.
 */
const DESCRIPTOR_URI = /^[a-z][a-z0-9+.-]*:\/\/[^\s#]+#(.+)$/i;

/** The code value of a descriptor URI, or null for any other text. */
export function descriptorCode(text: string): string | null {
  const m = DESCRIPTOR_URI.exec(text.trim());
  return m ? m[1].trim() : null;
}

/** True when every distinct non-blank value is a descriptor URI (at least one). */
export function allDescriptors(values: readonly { value: unknown }[]): boolean {
  let seen = 0;
  for (const { value } of values) {
    if (typeof value !== 'string' || value.trim() === '') continue;
    if (descriptorCode(value) === null) return false;
    seen++;
  }
  return seen > 0;
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth', 'thirteenth'];

/** A grade written in words ("Ninth grade", "Kindergarten", "Preschool/Prekindergarten"): -1 for pre-K, 0 for K, 1–13, else null. */
export function gradeInWords(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (/^(?:pre-?school|pre-?k(?:indergarten)?|preschool\/prekindergarten|infant\/toddler|early education)$/.test(t)) return -1;
  if (/^(?:kindergarten|k)$/.test(t)) return 0;
  const m = /^([a-z]+)\s+grade$/.exec(t);
  const i = m ? ORDINALS.indexOf(m[1]) : -1;
  return i >= 0 ? i + 1 : null;
}

/**
 * Words of a table or column name, whatever its style: `PUPIL_NO`, `studentId`, `Student ID`,
 * `tblStudents`, `FK_Class` all split into lower-case words (`pupil no`, `student id` …).
 */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Word endings that mark a column as an identifier or a reference: `_ID`, `_NO`, `_CODE`, `Key`. */
export const KEY_SUFFIXES = ['id', 'no', 'nr', 'num', 'number', 'code', 'cd', 'key', 'ref', 'uid', 'guid', 'pk', 'fk'] as const;
const KEY_SUFFIX_SET = new Set<string>(KEY_SUFFIXES);
/** Prefixes that legacy schemas put before table or column names (`tblPupils`, `FK_Class`). */
const PREFIXES = new Set(['fk', 'tbl', 'tb', 't', 'ref', 'lnk', 'lk']);

/** A column name read as a reference: its subject words (`pupil`, `course period`) and its suffix. */
export interface ReferenceName {
  /** Subject words, singular, prefixes and key suffixes removed; [] for a bare `id`. */
  subject: string[];
  /** The key word it ended with (`id`, `no`, `code` …), or null. */
  suffix: string | null;
}

/** Splits `PUPIL_NO` into subject `pupil` + suffix `no`, `FK_ClassID` into `class` + `id`. */
export function readReferenceName(column: string): ReferenceName {
  let words = nameTokens(column);
  // `studentid`, `pupilno` written as one word.
  if (words.length === 1) {
    const glued = /^([a-z]{4,}?)(id|code|key)$/.exec(words[0]);
    if (glued && !KEY_SUFFIX_SET.has(words[0])) words = [glued[1], glued[2]];
  }
  while (words.length > 1 && PREFIXES.has(words[0])) words = words.slice(1);
  let suffix: string | null = null;
  if (words.length && KEY_SUFFIX_SET.has(words[words.length - 1])) {
    suffix = words[words.length - 1];
    words = words.slice(0, -1);
  }
  return { subject: words.map(singular), suffix };
}

/** A table name as the thing each row is: `PUPILS` → `pupil`, `tblClassEnrolments` → `class enrolment`. */
export function entityWords(table: string): string[] {
  let words = nameTokens(table.includes('.') ? table.slice(table.lastIndexOf('.') + 1) : table);
  while (words.length > 1 && PREFIXES.has(words[0])) words = words.slice(1);
  return words.map(singular);
}

/** True when a column's name says it is an identifier or a reference (`…_ID`, `…_NO`, `id`). */
export function looksLikeIdentifier(column: string): boolean {
  const { suffix, subject } = readReferenceName(column);
  return suffix !== null || (subject.length === 1 && subject[0] === 'id');
}

const IRREGULAR: Record<string, string> = { children: 'child', people: 'person', staff: 'staff', series: 'series', status: 'status', address: 'address', class: 'class', classes: 'class', courses: 'course', analyses: 'analysis', data: 'data', indices: 'index', matrices: 'matrix', mice: 'mouse', men: 'man', women: 'woman' };

/** English singular of one lower-case word, enough for table names (pupils, classes, families). */
export function singular(word: string): string {
  if (IRREGULAR[word]) return IRREGULAR[word];
  if (word.length <= 3) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(ss|sh|ch|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('ses') && word.length > 5) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}

/**
 * Words that name the same kind of thing in school databases: a `TEACHER_ID` points at staff,
 * a `GUARDIAN_ID` at contacts, a `LEARNER_ID` at pupils. Each group is one meaning.
 */
const SYNONYM_GROUPS: readonly string[][] = [
  ['pupil', 'student', 'learner', 'child', 'kid'],
  ['staff', 'teacher', 'employee', 'tutor', 'instructor', 'faculty', 'personnel', 'user'],
  ['contact', 'guardian', 'parent', 'carer', 'caregiver', 'relative'],
  ['family', 'household', 'home'],
  ['class', 'section', 'group', 'set', 'form'],
  ['course', 'subject'],
  ['enrol', 'enrolment', 'enrollment', 'enroll', 'registration'],
  ['invoice', 'inv', 'bill'],
  ['payment', 'pay', 'receipt'],
  ['school', 'campus', 'site'],
  ['room', 'classroom', 'location'],
  ['term', 'marking period', 'semester', 'quarter'],
];

/** True when the two words (or phrases) mean the same thing by the groups above. */
export function synonymous(a: string, b: string): boolean {
  if (a === b) return true;
  return SYNONYM_GROUPS.some((g) => g.includes(a) && g.includes(b));
}

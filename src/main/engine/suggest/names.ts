/**
 * How legacy names are read: split into words (camelCase, snake_case, spaces, digits), common
 * abbreviations expanded (`NM` name, `DT` date, `NO` number), and vowel-dropped abbreviations
 * recognised (`FRST` first, `LST` last). Table prefixes (`tbl`, `dbo.`) and plurals are stripped,
 * so `tblPupils`, `PUPIL` and `pupils` are the same word.
 */

/** Abbreviations found in school databases, each to the word it stands for. */
const ABBREVIATIONS: Record<string, string> = {
  nm: 'name',
  nme: 'name',
  nms: 'names',
  dt: 'date',
  dte: 'date',
  no: 'number',
  num: 'number',
  nbr: 'number',
  nr: 'number',
  cd: 'code',
  desc: 'description',
  descr: 'description',
  addr: 'address',
  tel: 'phone',
  telephone: 'phone',
  ph: 'phone',
  phn: 'phone',
  mob: 'mobile',
  yr: 'year',
  grp: 'group',
  acad: 'academic',
  enrol: 'enrollment',
  enroll: 'enrollment',
  enrolment: 'enrollment',
  stu: 'student',
  stud: 'student',
  emp: 'employee',
  ref: 'reference',
  amt: 'amount',
  inv: 'invoice',
  pay: 'payment',
  pmt: 'payment',
  att: 'attendance',
  attend: 'attendance',
  lang: 'language',
  dept: 'department',
  qty: 'quantity',
  pref: 'preferred',
  fname: 'first name',
  lname: 'last name',
  mname: 'middle name',
  dob: 'birth date',
  bday: 'birth date',
  sex: 'gender',
  crs: 'course',
  cls: 'class',
  sch: 'school',
  schl: 'school',
  id: 'id',
  cnt: 'count',
  max: 'maximum',
  beg: 'begin',
  stat: 'status',
  sts: 'status',
  ext: 'extension',
  rm: 'room',
  mth: 'method',
  mtd: 'method',
};

/** Whole words the vowel-dropped abbreviation check may expand to. */
const VOCABULARY = ['first', 'last', 'middle', 'name', 'names', 'date', 'birth', 'gender', 'grade', 'level', 'email', 'phone', 'mobile', 'status', 'start', 'end', 'code', 'title', 'number', 'student', 'class', 'course', 'term', 'school', 'teacher', 'staff', 'guardian', 'parent', 'relationship', 'amount', 'invoice', 'payment', 'method', 'reference', 'description', 'room', 'section', 'subject', 'credits', 'score', 'comment', 'language', 'address', 'department', 'role', 'period', 'day', 'time', 'year', 'entry', 'hire', 'issue', 'due', 'paid', 'currency', 'capacity', 'letter', 'note', 'points', 'possible', 'minutes', 'late', 'preferred', 'allergies', 'extension', 'available', 'maximum'];

/** Words that say a table is a copy of another, never the live data. */
export const BACKUP_WORDS = new Set(['backup', 'bak', 'bkp', 'bck', 'old', 'copy', 'tmp', 'temp', 'archive', 'archived', 'arch', 'save', 'saved', 'orig', 'original', 'prev', 'previous', 'deleted', 'del', 'hist', 'history', 'snapshot', 'snap', 'test', 'import', 'staging', 'stg', 'migrated', 'legacy']);

/** Splits `FAMILY_ID`, `familyId`, `Family Id`, `address1` into lower-case words. */
export function splitWords(name: string): string[] {
  const base = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;
  return base
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([a-zA-Z])([0-9])/g, '$1 $2')
    .replace(/([0-9])([a-zA-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** A word without its plural ending (`pupils` → `pupil`, `classes` → `class`, `activities` → `activity`). */
export function singular(word: string): string {
  // `userIds`, `agentIds`: a list of identifiers is still identifiers (no data such as allergies).
  if (word === 'ids') return 'id';
  if (word.length <= 3) return word;
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(?:ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (/ss$|us$|is$/.test(word)) return word;
  if (/s$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Expands one word: a known abbreviation, else a vowel-dropped form of a vocabulary word, else itself. */
export function expandWord(word: string): { words: string[]; abbreviation: boolean } {
  const known = ABBREVIATIONS[word];
  if (known && known !== word) return { words: known.split(' '), abbreviation: true };
  if (known) return { words: [word], abbreviation: false };
  if (VOCABULARY.includes(word) || VOCABULARY.includes(singular(word))) return { words: [word], abbreviation: false };
  if (word.length >= 3 && !/[aeiou]/.test(word.slice(1))) {
    // Vowels dropped: FRST first, LST last, PTS points.
    const hits = VOCABULARY.filter((v) => v[0] === word[0] && v.length > word.length && isSubsequence(word, consonants(v)));
    if (hits.length === 1) return { words: [hits[0]], abbreviation: true };
  }
  if (word.length >= 3 && /[aeiou]/.test(word)) {
    // Cut short: MID middle, REL relationship, GEN gender (only when one word fits).
    const hits = VOCABULARY.filter((v) => v.length > word.length + 1 && v.startsWith(word));
    if (hits.length === 1) return { words: [hits[0]], abbreviation: true };
  }
  return { words: [word], abbreviation: false };
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

function consonants(word: string): string {
  return word[0] + word.slice(1).replace(/[aeiou]/g, '');
}

/** A name read as words: split, table prefixes dropped, abbreviations expanded, singular. */
export interface ReadName {
  /** The words as written (lower-case). */
  raw: string[];
  /** After expansion and singular forms. */
  words: string[];
  /** True when an abbreviation was expanded to get `words`. */
  abbreviated: boolean;
  /** `words` joined without spaces: the comparable form. */
  key: string;
}

const TABLE_PREFIXES = new Set(['tbl', 'tb', 't', 'dbo', 'vw', 'tab', 'sis']);

const readCache = { table: new Map<string, ReadName>(), column: new Map<string, ReadName>() };

/** Reads a name (memoised: the recogniser asks for the same few hundred names many times). */
export function readName(name: string, opts: { table?: boolean } = {}): ReadName {
  const cache = opts.table ? readCache.table : readCache.column;
  let hit = cache.get(name);
  if (!hit) {
    hit = readNameUncached(name, opts);
    if (cache.size > 50_000) cache.clear();
    cache.set(name, hit);
  }
  return hit;
}

function readNameUncached(name: string, opts: { table?: boolean }): ReadName {
  let raw = splitWords(name);
  if (opts.table && raw.length > 1 && TABLE_PREFIXES.has(raw[0])) raw = raw.slice(1);
  if (opts.table && raw.length === 1) {
    const m = /^(?:tbl|tb)([a-z]{3,})$/.exec(raw[0]);
    if (m) raw = [m[1]];
  }
  let abbreviated = false;
  const words: string[] = [];
  for (const w of raw) {
    const e = expandWord(w);
    if (e.abbreviation) abbreviated = true;
    for (const x of e.words) words.push(singular(x));
  }
  return { raw, words, abbreviated, key: words.join('') };
}

/** Lower-case letters and digits only: `DATE_OF_BIRTH`, `DateOfBirth`, `date of birth` are one name. */
export function compactName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

import { parseGradeLabel } from '../profiling/age-grade';
import { descriptorCode, gradeInWords } from '../profiling/descriptor-codes';

/**
 * A first crosswalk from a column's observed codes onto a target enum: what the codes usually
 * mean in school systems (M/F and ISO 5218 1/2 for sex, N/R/Y7 for English year groups, MUM/DAD
 * for relationships, BACS/CHQ for payment methods…), then case-insensitive and unique-prefix
 * matches. Codes it cannot place are left out and listed, for a person to decide.
 */
export interface CrosswalkSuggestion {
  table: Record<string, string>;
  unmapped: string[];
}

/** Known codes per target field: lower-case legacy code → target value. */
const KNOWN: Record<string, Record<string, string>> = {
  gender: {
    m: 'male', male: 'male', boy: 'male', b: 'male', '1': 'male', man: 'male',
    f: 'female', female: 'female', girl: 'female', g: 'female', '2': 'female', woman: 'female', w: 'female',
    '': 'unknown', u: 'unknown', unknown: 'unknown', '0': 'unknown', '9': 'unknown', 'not known': 'unknown', 'not stated': 'unknown', n: 'unknown', 'not selected': 'unknown',
    o: 'other', other: 'other', x: 'other', nb: 'other', 'non-binary': 'other', nonbinary: 'other',
  },
  enrollmentStatus: {
    c: 'active', current: 'active', a: 'active', active: 'active', enrolled: 'active', e: 'active', 'on roll': 'active', onroll: 'active', y: 'active',
    l: 'withdrawn', left: 'withdrawn', leaver: 'withdrawn', w: 'withdrawn', withdrawn: 'withdrawn', transferred: 'withdrawn', t: 'withdrawn',
    g: 'graduated', graduated: 'graduated', grad: 'graduated', completed: 'graduated',
    i: 'inactive', inactive: 'inactive', suspended: 'inactive', n: 'inactive',
  },
  relationship: {
    mum: 'mother', mom: 'mother', mother: 'mother', mam: 'mother', ma: 'mother', mummy: 'mother', mommy: 'mother',
    dad: 'father', father: 'father', pa: 'father', daddy: 'father', papa: 'father',
    gran: 'grandparent', nan: 'grandparent', nana: 'grandparent', grandma: 'grandparent', grandmother: 'grandparent', granny: 'grandparent', grandad: 'grandparent', granddad: 'grandparent', grandfather: 'grandparent', grandpa: 'grandparent', grandparent: 'grandparent',
    carer: 'guardian', guardian: 'guardian', 'legal guardian': 'guardian', 'foster carer': 'guardian', foster: 'guardian', 'foster parent': 'guardian', 'social worker': 'guardian',
    'step-dad': 'other', 'step-mum': 'other', stepfather: 'other', stepmother: 'other', 'step father': 'other', 'step mother': 'other', partner: 'other', aunt: 'other', uncle: 'other', sibling: 'other', brother: 'other', sister: 'other', other: 'other', friend: 'other', neighbour: 'other',
  },
  method: {
    bacs: 'bank-transfer', bank: 'bank-transfer', transfer: 'bank-transfer', 'bank transfer': 'bank-transfer', bt: 'bank-transfer', dd: 'bank-transfer', 'direct debit': 'bank-transfer', so: 'bank-transfer', 'standing order': 'bank-transfer', chaps: 'bank-transfer', ach: 'bank-transfer', wire: 'bank-transfer', eft: 'bank-transfer',
    card: 'card', cc: 'card', 'credit card': 'card', 'debit card': 'card', visa: 'card', mastercard: 'card',
    chq: 'cheque', cheque: 'cheque', check: 'cheque', chk: 'cheque',
    cash: 'cash', csh: 'cash',
    online: 'online', web: 'online', paypal: 'online', stripe: 'online', internet: 'online',
  },
  status: {
    paid: 'paid', pd: 'paid', settled: 'paid',
    part: 'partially-paid', partial: 'partially-paid', pp: 'partially-paid', 'part paid': 'partially-paid', 'part-paid': 'partially-paid', 'partially paid': 'partially-paid',
    open: 'open', unpaid: 'open', due: 'open', outstanding: 'open', issued: 'open',
    overdue: 'overdue', late: 'overdue', arrears: 'overdue',
    void: 'void', cancelled: 'void', canceled: 'void', voided: 'void', 'written off': 'void',
    '/': 'present', '\\': 'present', p: 'present', present: 'present', l: 'late', absent: 'absent', abs: 'absent', a: 'absent', excused: 'excused', x: 'excused',
    active: 'active', completed: 'completed', dropped: 'dropped',
  },
  role: {
    teacher: 'teacher', 'class teacher': 'teacher', tutor: 'teacher', 'head teacher': 'administrator', headteacher: 'administrator', principal: 'administrator', head: 'administrator',
    administrator: 'administrator', admin: 'administrator', office: 'administrator', secretary: 'administrator', bursar: 'administrator',
    counselor: 'counselor', counsellor: 'counselor',
    'teaching assistant': 'support', ta: 'support', technician: 'support', support: 'support', caretaker: 'support', 'learning support': 'support',
    primary: 'primary', main: 'primary', assistant: 'assistant', substitute: 'substitute', cover: 'substitute', supply: 'substitute',
  },
  dayOfWeek: { mon: 'monday', tue: 'tuesday', tues: 'tuesday', wed: 'wednesday', thu: 'thursday', thur: 'thursday', thurs: 'thursday', fri: 'friday', sat: 'saturday', sun: 'sunday', m: 'monday', t: 'tuesday', w: 'wednesday', r: 'thursday', f: 'friday' },
};

const GRADE_VALUES = (g: number): string => (g === -1 ? 'PK' : g === 0 ? 'KG' : String(g).padStart(2, '0'));

/** Suggests a crosswalk for the observed codes of a column feeding `field` (whose allowed values are `allowed`). */
export function suggestCrosswalk(field: string, allowed: readonly string[], observed: readonly string[]): CrosswalkSuggestion {
  const table: Record<string, string> = {};
  const unmapped: string[] = [];
  const allowedSet = new Set(allowed);
  const known = KNOWN[field] ?? {};
  for (const code of observed) {
    const target = guess(field, code, allowed, allowedSet, known);
    if (target !== null) table[code] = target;
    else unmapped.push(code);
  }
  return { table, unmapped };
}

function guess(field: string, code: string, allowed: readonly string[], allowedSet: ReadonlySet<string>, known: Record<string, string>): string | null {
  // A descriptor URI (`uri://ed-fi.org/SexDescriptor#Female`) is read by its code value.
  const descriptor = descriptorCode(code);
  if (descriptor !== null) return guess(field, descriptor, allowed, allowedSet, known);
  const loose = code.trim().toLowerCase().replace(/\s+/g, ' ');
  if (allowedSet.has(code)) return code;
  const hit = known[loose];
  if (hit !== undefined && allowedSet.has(hit)) return hit;
  if (field === 'gradeLevel') {
    const g = parseGradeLabel(code) ?? gradeInWords(code);
    if (g !== null && allowedSet.has(GRADE_VALUES(g))) return GRADE_VALUES(g);
  }
  const same = allowed.find((a) => a.toLowerCase() === loose || a.toLowerCase() === loose.replace(/[\s_]+/g, '-'));
  if (same) return same;
  if (loose.length >= 1) {
    const prefixed = allowed.filter((a) => a.toLowerCase().startsWith(loose));
    if (prefixed.length === 1 && loose.length >= Math.min(3, prefixed[0].length)) return prefixed[0];
  }
  return null;
}

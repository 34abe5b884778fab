import { civilFromDays, daysFromCivil, isoOfDays, pad2, weekday } from './civil-days';
import { ALLERGENS, NAME_VARIANTS, type NameCulture, type NameEntry } from './demo-names';
import { DOB_SENTINEL_TEXTS } from './planted-problems';
import type { SeededRandom } from './seeded-random';

/*
 * The demo school's calendar, codes and value makers: how one legacy value is written (a date of
 * birth in one of several hands, a sex code, a packed allergy list, a second registration's name).
 * The generator decides which rows get which; these functions decide what the text looks like.
 */

/** The demo school's code, the same for every seed and size (it is the target's schoolId). */
export const DEMO_SCHOOL_CODE = 'NPS-4021';

/** Year groups as the legacy system names them, youngest first: nursery, reception, Y1–Y13. */
export const YEAR_GROUPS = ['N', 'R', 'Y1', 'Y2', 'Y3', 'Y4', 'Y5', 'Y6', 'Y7', 'Y8', 'Y9', 'Y10', 'Y11', 'Y12', 'Y13'] as const;

export const ACAD_YEAR = '2024/25';
export const SEP_1_2024 = daysFromCivil(2024, 9, 1);
export const AUTUMN_START = daysFromCivil(2024, 9, 4);
export const AUTUMN_END = daysFromCivil(2024, 12, 20);
export const EXPORT_DAY = daysFromCivil(2025, 3, 21);
export const NEXT_SEPTEMBER = daysFromCivil(2025, 9, 3);
export const AUTUMN_END_ISO = isoOfDays(AUTUMN_END);
/** The four weeks of registers the export holds: 20 school days. */
export const ATTENDANCE_DAYS: readonly string[] = (() => {
  const days: string[] = [];
  for (let d = daysFromCivil(2025, 2, 24); days.length < 20; d++) if (weekday(d) >= 1 && weekday(d) <= 5) days.push(isoOfDays(d));
  return days;
})();

export const SUBJECTS = [
  ['REG', 'Registration', 'Pastoral'],
  ['MA', 'Mathematics', 'Mathematics'],
  ['EN', 'English', 'English'],
  ['SC', 'Science', 'Science'],
  ['HI', 'History', 'Humanities'],
  ['GE', 'Geography', 'Humanities'],
  ['FR', 'French', 'Languages'],
  ['ES', 'Spanish', 'Languages'],
  ['AR', 'Arabic', 'Languages'],
  ['HE', 'Modern Hebrew', 'Languages'],
  ['MU', 'Music', 'Creative Arts'],
  ['ART', 'Art & Design', 'Creative Arts'],
  ['PE', 'Physical Education', 'PE'],
  ['CO', 'Computing', 'Computing'],
  ['RE', 'Religious Education', 'Humanities'],
] as const;
/** Courses that have classes: registration (forms) for everyone, maths and English sets from Y1. */
export const TAUGHT = ['MA', 'EN'] as const;

export const RELATIONSHIP_CODES = {
  mother: ['MUM', 'MUM', 'MOTHER', 'MOTHER', 'Mother'],
  father: ['DAD', 'DAD', 'FATHER', 'FATHER', 'Father'],
  grandparent: ['GRAN', 'GRANDAD', 'GRANDMOTHER', 'NAN'],
  guardian: ['CARER', 'FOSTER CARER', 'GUARDIAN'],
  stepParent: ['STEP-DAD', 'STEP-MUM', 'PARTNER'],
  other: ['AUNT', 'UNCLE', 'OTHER'],
} as const;

type DobStyle = 'iso' | 'dmy' | 'mdy' | 'dmy2' | 'sentinel' | 'missing' | 'impossible';
const DOB_STYLES: readonly DobStyle[] = ['iso', 'dmy', 'mdy', 'dmy2', 'sentinel', 'missing', 'impossible'];
const DOB_STYLE_WEIGHTS = [860, 60, 30, 20, 13, 9, 8];
const DOB_STYLE_TOTAL = DOB_STYLE_WEIGHTS.reduce((a, b) => a + b, 0);

export const VARIANT_OF = new Map<string, string>();
for (const [a, b] of NAME_VARIANTS) {
  if (!VARIANT_OF.has(a)) VARIANT_OF.set(a, b);
  if (!VARIANT_OF.has(b)) VARIANT_OF.set(b, a);
}
/** Same name class as far as duplicates go (variants, accents, case). */
export const nameClass = (() => {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    const p = parent.get(x);
    if (p === undefined || p === x) return x;
    const root = find(p);
    parent.set(x, root);
    return root;
  };
  const key = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  for (const [a, b] of NAME_VARIANTS) parent.set(find(key(a)), find(key(b)));
  const memo = new Map<string, string>();
  return (name: string) => {
    let cls = memo.get(name);
    if (cls === undefined) memo.set(name, (cls = find(key(name))));
    return cls;
  };
})();

export const ATTENDANCE_ABSENCE = ['I', 'I', 'I', 'M', 'C', 'N', 'O', 'E'] as const;
export const ASSESSMENTS: readonly (readonly [string, string])[] = [
  ['Autumn assessment', '2024-12-06'],
  ['Spring assessment', '2025-03-14'],
];
export const TERMS = [
  { code: 'AUT24', description: 'Tuition fees Autumn term 2024', issued: '2024-08-15', due: '2024-09-01', dueDay: daysFromCivil(2024, 9, 1), paid: 95, part: 4 },
  { code: 'SPR25', description: 'Tuition fees Spring term 2025', issued: '2024-12-13', due: '2025-01-06', dueDay: daysFromCivil(2025, 1, 6), paid: 80, part: 10 },
] as const;

export function pupilNoText(n: number): string {
  return String(n).padStart(6, '0');
}

export function birthDay(rng: SeededRandom, g: number): number {
  const age = 3 + g;
  const from = daysFromCivil(2024 - age - 1, 9, 1);
  const to = daysFromCivil(2024 - age, 8, 31);
  return from + rng.int(to - from + 1);
}

export function admissionFor(rng: SeededRandom, g: number): number {
  // Most joined in a September; some mid-year.
  const yearsAgo = rng.int(g + 1);
  const september = daysFromCivil(2024 - yearsAgo, 9, 4);
  return rng.chance(0.85) ? september : Math.min(EXPORT_DAY - 30, september + rng.int(200));
}

/** A DOB as the legacy column holds it, and whether it was written from the real birth date. */
export interface DobText {
  text: string | null;
  real: boolean;
}

/** Mostly ISO, with hand-typed formats, placeholders, blanks and impossible dates. */
export function dobText(rng: SeededRandom, day: number): DobText {
  const style = DOB_STYLES[rng.weighted(DOB_STYLE_WEIGHTS, DOB_STYLE_TOTAL)];
  const { year, month, day: d } = civilFromDays(day);
  const yyyy = String(year);
  const mm = pad2(month);
  const dd = pad2(d);
  switch (style) {
    case 'iso':
      return { text: `${yyyy}-${mm}-${dd}`, real: true };
    case 'dmy':
      return { text: `${dd}/${mm}/${yyyy}`, real: true };
    case 'mdy':
      return { text: `${mm}/${dd}/${yyyy}`, real: true };
    case 'dmy2':
      return { text: `${dd}/${mm}/${yyyy.slice(2)}`, real: true };
    case 'sentinel':
      return { text: rng.pick(DOB_SENTINEL_TEXTS), real: false };
    case 'missing':
      return { text: rng.chance(0.75) ? '' : null, real: false };
    case 'impossible': {
      const nonLeap = year % 4 === 0 ? year + 1 : year;
      return { text: rng.pick([`30/02/${yyyy}`, `31/04/${yyyy}`, `31/09/${yyyy}`, `${yyyy}-02-30`, `${yyyy}-13-${dd}`, `${nonLeap}-02-29`]), real: false };
    }
  }
}

export function sexCode(rng: SeededRandom, female: boolean): string {
  const r = rng.int(100);
  if (r < 80) return female ? 'F' : 'M';
  if (r < 92) return female ? '2' : '1';
  if (r < 97) return female ? 'f' : 'm';
  return '';
}

export function allergyText(rng: SeededRandom): string {
  const r = rng.int(100);
  if (r < 85) return '';
  const n = r < 95 ? 1 : rng.between(2, 3);
  const items = new Set<string>();
  while (items.size < n) items.add(rng.pick(ALLERGENS));
  return [...items].join(', ');
}

export function gradeFor(score: number): string {
  return score >= 80 ? 'A' : score >= 65 ? 'B' : score >= 50 ? 'C' : score >= 35 ? 'D' : 'E';
}

/** How a second registration of the same child differs from the first. */
export function nameVariant(rng: SeededRandom, first: NameEntry, surname: NameEntry, culture: NameCulture): [forename: string, surname: string] {
  const kinds: string[] = ['swap', 'spaces'];
  if (VARIANT_OF.has(first[0])) kinds.push('nickname', 'nickname');
  if (first[0] !== first[1] && culture.id !== 'hebrew' && culture.id !== 'arabic') kinds.push('plain');
  if (surname[0].toUpperCase() !== surname[0]) kinds.push('caps');
  switch (rng.pick(kinds)) {
    case 'nickname':
      return [VARIANT_OF.get(first[0]) as string, surname[0]];
    case 'plain':
      return [first[1], surname[1]];
    case 'caps':
      return [first[0], surname[0].toUpperCase()];
    case 'swap':
      return [surname[0], first[0]];
    default:
      return [`${first[0]} `, `  ${surname[0]}`];
  }
}

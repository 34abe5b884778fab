import { fixMojibake, isMojibake } from '../values/cp1252';
import { parseDateWith } from '../values/date-formats';
import { isAllCapsText } from '../mapping/transforms';

/**
 * The data problems planted in the demo school, each with the exact rule that decides whether a
 * value has it. The generator runs these rules over every value it writes to the named column, so
 * the manifest's counts are exact by construction; docs/demo-school.md states the same rules in
 * words and the tests re-check them with independent SQL.
 */
export type PlantedCode =
  | 'DUPLICATE_PERSON'
  | 'LEADING_ZERO_ID'
  | 'UNTRIMMED_TEXT'
  | 'MOJIBAKE'
  | 'ALL_CAPS_TEXT'
  | 'MISSING_VALUE'
  | 'SENTINEL_DATE'
  | 'MIXED_DATE_FORMATS'
  | 'AMBIGUOUS_DATE'
  | 'TWO_DIGIT_YEAR'
  | 'IMPOSSIBLE_DATE'
  | 'CODE_NEEDS_CROSSWALK'
  | 'PACKED_LIST'
  | 'INVALID_EMAIL'
  | 'ORPHAN_REFERENCE';

/** One planted problem: where it is, what it is, and (for per-value problems) the rule. */
export interface PlantedDefinition {
  code: PlantedCode;
  table: string;
  column: string | null;
  description: string;
  /** The rule for one value; absent for problems that span rows (duplicates, orphans). */
  test?: (value: string | null) => boolean;
}

/** DOB texts the legacy system used for "unknown". */
export const DOB_SENTINEL_TEXTS: readonly string[] = ['1900-01-01', '01/01/1900', '12/30/1899', '30/12/1899', '1899-12-30', '0000-00-00'];

/** The formats a date in the DOB column could have been written in. */
export const DOB_READABLE_FORMATS: readonly string[] = ['yyyy-MM-dd', 'dd/MM/yyyy', 'MM/dd/yyyy', 'dd/MM/yy'];

const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const SLASH_DATE = /^(\d{2})\/(\d{2})\/(\d{2}|\d{4})$/;
const TWO_DIGIT_YEAR = /^\d{2}\/\d{2}\/\d{2}$/;
const LEADING_ZERO = /^0\d+$/;
const SIMPLE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const isBlank = (v: string | null): boolean => v === null || v.trim() === '';
const isSentinel = (v: string | null): boolean => v !== null && DOB_SENTINEL_TEXTS.includes(v);
const isDatedText = (v: string | null): v is string => !isBlank(v) && !isSentinel(v);

/** Target enum values; a legacy code outside these needs a crosswalk. */
export const TARGET_ENUMS = {
  gender: ['female', 'male', 'other', 'unknown'],
  gradeLevel: ['PK', 'KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13'],
  enrollmentStatus: ['active', 'inactive', 'graduated', 'withdrawn'],
  relationship: ['mother', 'father', 'guardian', 'grandparent', 'other'],
} as const;

const notIn = (values: readonly string[]) => (v: string | null) => v !== null && !values.includes(v);

export const PLANTED_DEFINITIONS: readonly PlantedDefinition[] = [
  {
    code: 'DUPLICATE_PERSON',
    table: 'PUPILS',
    column: null,
    description:
      'Pairs of PUPILS rows for the same child registered twice: same FAMILY_ID, same DOB text, and names that match once mojibake is undone, accents and case and spacing are ignored, first name and surname may be swapped, and first names are compared through NAME_VARIANTS (Jon/John, Mohammed/Muhammad/محمد …). Count = pairs; examples are "original|second" PUPIL_NOs. Twins (same family and DOB, different first names) are not duplicates.',
  },
  { code: 'LEADING_ZERO_ID', table: 'PUPILS', column: 'PUPIL_NO', description: 'Rows whose PUPIL_NO is all digits and starts with 0 (e.g. "000123"); read as a number it would lose its zeros.', test: (v) => v !== null && LEADING_ZERO.test(v) },
  { code: 'UNTRIMMED_TEXT', table: 'PUPILS', column: 'FORENAME', description: 'Rows whose FORENAME has leading or trailing spaces.', test: (v) => v !== null && v !== v.trim() },
  { code: 'UNTRIMMED_TEXT', table: 'PUPILS', column: 'SURNAME', description: 'Rows whose SURNAME has leading or trailing spaces.', test: (v) => v !== null && v !== v.trim() },
  { code: 'MOJIBAKE', table: 'PUPILS', column: 'FORENAME', description: 'Rows whose FORENAME is UTF-8 read as Windows-1252 ("JosÃ©"): re-encoding it as Windows-1252 gives valid UTF-8 that differs from it.', test: (v) => v !== null && isMojibake(v) },
  { code: 'MOJIBAKE', table: 'PUPILS', column: 'SURNAME', description: 'Rows whose SURNAME is UTF-8 read as Windows-1252 (same rule as for FORENAME).', test: (v) => v !== null && isMojibake(v) },
  {
    code: 'ALL_CAPS_TEXT',
    table: 'PUPILS',
    column: 'SURNAME',
    description: 'Rows whose SURNAME, once any mojibake is undone, has at least two capital letters and no lower-case letter ("SMITH", "MÜLLER" among "Smith"s); Hebrew and Arabic have no case and never count.',
    test: (v) => v !== null && isAllCapsText(fixMojibake(v)),
  },
  { code: 'MISSING_VALUE', table: 'PUPILS', column: 'DOB', description: 'Rows whose DOB is NULL or blank.', test: isBlank },
  { code: 'SENTINEL_DATE', table: 'PUPILS', column: 'DOB', description: `Rows whose DOB is a placeholder for "unknown": exactly one of ${DOB_SENTINEL_TEXTS.join(', ')}.`, test: isSentinel },
  { code: 'MIXED_DATE_FORMATS', table: 'PUPILS', column: 'DOB', description: 'Rows whose DOB, not blank and not a sentinel, is not in the column\'s main format yyyy-MM-dd (so dd/MM/yyyy, MM/dd/yyyy, dd/MM/yy and impossible slash dates).', test: (v) => isDatedText(v) && !ISO_SHAPE.test(v) },
  {
    code: 'AMBIGUOUS_DATE',
    table: 'PUPILS',
    column: 'DOB',
    description: 'Rows whose DOB is NN/NN/NNNN or NN/NN/NN with both leading numbers between 1 and 12 and different (03/04/2012): day-first and month-first readings give two real, different dates.',
    test: (v) => {
      const m = v === null ? null : SLASH_DATE.exec(v);
      if (!m) return false;
      const a = Number(m[1]);
      const b = Number(m[2]);
      return a >= 1 && a <= 12 && b >= 1 && b <= 12 && a !== b;
    },
  },
  { code: 'TWO_DIGIT_YEAR', table: 'PUPILS', column: 'DOB', description: 'Rows whose DOB is NN/NN/NN (a two-digit year).', test: (v) => v !== null && TWO_DIGIT_YEAR.test(v) },
  {
    code: 'IMPOSSIBLE_DATE',
    table: 'PUPILS',
    column: 'DOB',
    description: `Rows whose DOB, not blank and not a sentinel, is no real calendar date in any of ${DOB_READABLE_FORMATS.join(', ')} (30/02/2016, 2014-02-29, 2013-13-05).`,
    test: (v) => isDatedText(v) && DOB_READABLE_FORMATS.every((f) => parseDateWith(v, f) === null),
  },
  { code: 'CODE_NEEDS_CROSSWALK', table: 'PUPILS', column: 'SEX', description: `Rows whose SEX is not one of the target's gender values (${TARGET_ENUMS.gender.join(', ')}); the column mixes M/F, 1/2 (ISO 5218), m/f and blanks.`, test: notIn(TARGET_ENUMS.gender) },
  { code: 'CODE_NEEDS_CROSSWALK', table: 'PUPILS', column: 'YEAR_GROUP', description: "Rows whose YEAR_GROUP is not one of the target's grade levels (PK, KG, 01–13); the column holds N, R, Y1–Y13.", test: notIn(TARGET_ENUMS.gradeLevel) },
  { code: 'CODE_NEEDS_CROSSWALK', table: 'PUPILS', column: 'STATUS', description: "Rows whose STATUS is not one of the target's enrolment statuses; the column holds C (current), L (left), P (applicant).", test: notIn(TARGET_ENUMS.enrollmentStatus) },
  { code: 'PACKED_LIST', table: 'PUPILS', column: 'SIBLING_IDS', description: 'Rows whose SIBLING_IDS holds several PUPIL_NOs in one text (contains a comma: "000123, 000124").', test: (v) => v !== null && v.includes(',') },
  { code: 'PACKED_LIST', table: 'PUPILS', column: 'ALLERGIES', description: 'Rows whose ALLERGIES holds several items in one text (contains a comma: "Peanuts, Eggs").', test: (v) => v !== null && v.includes(',') },
  { code: 'MISSING_VALUE', table: 'CONTACTS', column: 'FORENAME', description: 'Rows whose FORENAME is NULL or blank (only title and surname were recorded).', test: isBlank },
  { code: 'UNTRIMMED_TEXT', table: 'CONTACTS', column: 'EMAIL', description: 'Rows whose EMAIL has leading or trailing spaces.', test: (v) => v !== null && v !== v.trim() },
  { code: 'MOJIBAKE', table: 'CONTACTS', column: 'FORENAME', description: 'Rows whose FORENAME is UTF-8 read as Windows-1252.', test: (v) => v !== null && isMojibake(v) },
  { code: 'MOJIBAKE', table: 'CONTACTS', column: 'SURNAME', description: 'Rows whose SURNAME is UTF-8 read as Windows-1252.', test: (v) => v !== null && isMojibake(v) },
  { code: 'INVALID_EMAIL', table: 'CONTACTS', column: 'EMAIL', description: 'Rows whose EMAIL, trimmed and not blank, does not look like name@domain.tld (no @, two @, no dot after the @, spaces inside): "n/a", "jsmith@", "mary.jones@gmail".', test: (v) => !isBlank(v) && !SIMPLE_EMAIL.test((v as string).trim()) },
  { code: 'CODE_NEEDS_CROSSWALK', table: 'CONTACTS', column: 'RELATIONSHIP', description: "Rows whose RELATIONSHIP is not one of the target's relationship values; the column holds MUM, MOTHER, DAD, FATHER, GRAN, GRANDAD, CARER, STEP-DAD, AUNT, OTHER ….", test: notIn(TARGET_ENUMS.relationship) },
  { code: 'ORPHAN_REFERENCE', table: 'CLASS_ENROL', column: 'PUPIL_NO', description: 'Rows whose PUPIL_NO matches no PUPILS.PUPIL_NO (exact text): enrolments left behind by deleted pupils.' },
  { code: 'LEADING_ZERO_ID', table: 'CLASS_ENROL', column: 'PUPIL_NO', description: 'Rows whose PUPIL_NO is all digits and starts with 0.', test: (v) => v !== null && LEADING_ZERO.test(v) },
  { code: 'LEADING_ZERO_ID', table: 'ATTENDANCE', column: 'PUPIL_NO', description: 'Rows whose PUPIL_NO is all digits and starts with 0.', test: (v) => v !== null && LEADING_ZERO.test(v) },
  { code: 'LEADING_ZERO_ID', table: 'MARKS', column: 'PUPIL_NO', description: 'Rows whose PUPIL_NO is all digits and starts with 0.', test: (v) => v !== null && LEADING_ZERO.test(v) },
  { code: 'LEADING_ZERO_ID', table: 'INVOICES', column: 'PUPIL_NO', description: 'Rows whose PUPIL_NO is all digits and starts with 0.', test: (v) => v !== null && LEADING_ZERO.test(v) },
];

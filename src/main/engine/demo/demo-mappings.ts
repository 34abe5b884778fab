import type { EntityMapping, FieldMapping, FieldTransform } from '../../../shared/model/mapping';

/** The legacy tables the demo maps, by Academia Pro entity. */
export const DEMO_STREAMS = {
  schools: 'SCHOOL_INFO',
  students: 'PUPILS',
  guardians: 'CONTACTS',
} as const;

/**
 * How the demo reads dates of birth. The school is in England, where people write the day first,
 * so dd/MM wins over MM/dd: a month-first date whose day is above 12 (03/25/2012) still reads
 * correctly because day-first fails on it, but an ambiguous one (03/04/2012) is read day-first.
 * The manifest's AMBIGUOUS_DATE count says how many rows that choice affects.
 */
export const DEMO_DOB_FORMATS = ['yyyy-MM-dd', 'dd/MM/yyyy', 'MM/dd/yyyy', 'dd/MM/yy'];

/** Legacy SEX codes: letters in either case, and ISO/IEC 5218 digits (1 male, 2 female, 0 not known, 9 not applicable). */
export const SEX_CROSSWALK: Record<string, string> = { M: 'male', F: 'female', m: 'male', f: 'female', '1': 'male', '2': 'female', '0': 'unknown', '9': 'unknown', '': 'unknown' };

/** English year groups onto Academia Pro grade levels: nursery PK, reception KG, Year n → n. */
export const YEAR_GROUP_CROSSWALK: Record<string, string> = {
  N: 'PK',
  R: 'KG',
  ...Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`Y${i + 1}`, String(i + 1).padStart(2, '0')])),
};

/** C current, L left (before the end of their course), P applicant (skipped, not yet a student). */
export const PUPIL_STATUS_CROSSWALK: Record<string, string> = { C: 'active', L: 'withdrawn' };

export const RELATIONSHIP_CROSSWALK: Record<string, string> = {
  MUM: 'mother',
  MOTHER: 'mother',
  DAD: 'father',
  FATHER: 'father',
  GRAN: 'grandparent',
  NAN: 'grandparent',
  GRANDAD: 'grandparent',
  GRANDMOTHER: 'grandparent',
  GRANDFATHER: 'grandparent',
  CARER: 'guardian',
  'FOSTER CARER': 'guardian',
  GUARDIAN: 'guardian',
  'STEP-DAD': 'other',
  'STEP-MUM': 'other',
  PARTNER: 'other',
  AUNT: 'other',
  UNCLE: 'other',
  OTHER: 'other',
};

export const HOME_LANGUAGE_CROSSWALK: Record<string, string> = { ENG: 'English', SPA: 'Spanish', POL: 'Polish', HEB: 'Hebrew', ARA: 'Arabic', FRE: 'French', POR: 'Portuguese' };

/** Names: undo mojibake first (trimming could cut into it), then trim; blank means none. */
const NAME: FieldTransform[] = [{ kind: 'fixMojibake' }, { kind: 'trim' }, { kind: 'emptyToNull' }];
const TEXT: FieldTransform[] = [{ kind: 'trim' }, { kind: 'emptyToNull' }];
const ADDRESS: FieldTransform[] = [{ kind: 'concat', columns: ['ADDRESS_1', 'ADDRESS_2', 'TOWN', 'POSTCODE'], separator: ', ' }];

const field = (name: string, column: string | null, transforms: FieldTransform[]): FieldMapping => ({ field: name, column, transforms });

/**
 * The demo's mappings from the generated legacy school onto Academia Pro: schools, students and
 * guardians. They repair what can be repaired (spaces, mojibake, capitals, codes, date formats);
 * what cannot (placeholder, missing or impossible birth dates, unusable e-mail addresses, contacts
 * without a first name) is left for target validation to reject, with the reason kept.
 */
export function demoMappings(connectionId: string, schoolCode: string, updatedAt = '2025-03-21T00:00:00.000Z'): EntityMapping[] {
  const id = (entity: string) => `demo-${schoolCode}-${entity}`;
  return [
    {
      id: id('schools'),
      entity: 'schools',
      connectionId,
      stream: DEMO_STREAMS.schools,
      keyColumns: ['SCHOOL_CODE'],
      fields: [
        field('name', 'SCHOOL_NAME', TEXT),
        field('code', 'DFE_NO', TEXT),
        field('phone', 'TELEPHONE', TEXT),
        field('address', null, ADDRESS),
        field('timezone', null, [{ kind: 'constant', value: 'Europe/London' }]),
      ],
      updatedAt,
    },
    {
      id: id('students'),
      entity: 'students',
      connectionId,
      stream: DEMO_STREAMS.students,
      keyColumns: ['PUPIL_NO'],
      fields: [
        field('firstName', 'FORENAME', NAME),
        field('lastName', 'SURNAME', [...NAME, { kind: 'titleCase', onlyIfAllCaps: true }]),
        field('middleName', 'MIDDLE_NAMES', NAME),
        field('preferredName', 'PREF_NAME', NAME),
        field('birthDate', 'DOB', [{ kind: 'parseDate', formats: DEMO_DOB_FORMATS }]),
        field('gender', 'SEX', [{ kind: 'crosswalk', table: SEX_CROSSWALK, fallback: 'reject' }]),
        field('gradeLevel', 'YEAR_GROUP', [{ kind: 'trim' }, { kind: 'crosswalk', table: YEAR_GROUP_CROSSWALK, fallback: 'reject' }]),
        field('email', 'EMAIL', TEXT),
        field('enrollmentStatus', 'STATUS', [{ kind: 'crosswalk', table: PUPIL_STATUS_CROSSWALK, fallback: 'null' }]),
        field('entryDate', 'ADMISSION_DATE', [{ kind: 'parseDate', formats: ['yyyy-MM-dd'] }]),
        field('homeLanguage', 'HOME_LANG', [...TEXT, { kind: 'crosswalk', table: HOME_LANGUAGE_CROSSWALK, fallback: 'keep' }]),
        field('allergies', 'ALLERGIES', [{ kind: 'fixMojibake' }, { kind: 'split', separator: ',' }]),
      ],
      skipWhen: [{ column: 'STATUS', values: ['P'] }],
      updatedAt,
    },
    {
      id: id('guardians'),
      entity: 'guardians',
      connectionId,
      stream: DEMO_STREAMS.guardians,
      keyColumns: ['CONTACT_ID'],
      fields: [
        field('firstName', 'FORENAME', NAME),
        field('lastName', 'SURNAME', NAME),
        field('relationship', 'RELATIONSHIP', [{ kind: 'trim' }, { kind: 'crosswalk', table: RELATIONSHIP_CROSSWALK, fallback: 'null' }]),
        field('email', 'EMAIL', TEXT),
        field('phone', 'MOBILE', TEXT),
        field('address', null, ADDRESS),
      ],
      updatedAt,
    },
  ];
}

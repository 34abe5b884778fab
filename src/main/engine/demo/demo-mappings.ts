import type { EntityMapping, FieldMapping, FieldTransform } from '../../../shared/model/mapping';

/** The legacy tables the demo maps, by Academia Pro entity. */
export const DEMO_STREAMS = {
  schools: 'SCHOOL_INFO',
  'academic-years': 'SCHOOL_INFO',
  terms: 'SCHOOL_INFO',
  staff: 'STAFF',
  courses: 'COURSES',
  classes: 'CLASSES',
  'class-teachers': 'CLASSES',
  students: 'PUPILS',
  guardians: 'CONTACTS',
  'student-guardians': 'PUPILS',
  enrollments: 'CLASS_ENROL',
  attendance: 'ATTENDANCE',
  grades: 'MARKS',
  'fee-invoices': 'INVOICES',
  payments: 'PAYMENTS',
} as const;

/**
 * The school's terms. The legacy system kept only the current term's code (SCHOOL_INFO.CURRENT_TERM)
 * and term codes on invoices (AUT24, SPR25); the calendar itself is what a person mapping the school
 * knows, so the terms are fanned out of the one SCHOOL_INFO row with their dates as constants.
 * Their externalIds are the invoices' TERM codes.
 */
export const DEMO_TERMS = [
  { code: 'AUT', name: 'Autumn term 2024', start: '2024-09-04', end: '2024-12-20' },
  { code: 'SPR', name: 'Spring term 2025', start: '2025-01-06', end: '2025-04-04' },
  { code: 'SUM', name: 'Summer term 2025', start: '2025-04-22', end: '2025-07-18' },
] as const;

/** STAFF.ROLE onto Academia Pro staff roles. */
export const STAFF_ROLE_CROSSWALK: Record<string, string> = { Teacher: 'teacher', 'Head Teacher': 'administrator', Administrator: 'administrator', 'Teaching Assistant': 'support', Technician: 'support' };

/** Register marks (UK DfE codes): / and \ present, L late, N O unauthorised absence, the rest authorised. */
export const ATTENDANCE_CROSSWALK: Record<string, string> = { '/': 'present', '\\': 'present', L: 'late', N: 'absent', O: 'absent', I: 'excused', M: 'excused', C: 'excused', E: 'excused' };

/** INVOICES.STATUS onto invoice statuses. */
export const INVOICE_STATUS_CROSSWALK: Record<string, string> = { PAID: 'paid', PART: 'partially-paid', OPEN: 'open' };

/** PAYMENTS.METHOD onto payment methods. */
export const PAYMENT_METHOD_CROSSWALK: Record<string, string> = { BACS: 'bank-transfer', CARD: 'card', CHQ: 'cheque', CASH: 'cash' };

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

const ISO_DATE: FieldTransform[] = [{ kind: 'trim' }, { kind: 'emptyToNull' }, { kind: 'parseDate', formats: ['yyyy-MM-dd'] }];

const field = (name: string, column: string | null, transforms: FieldTransform[]): FieldMapping => ({ field: name, column, transforms });
/** A reference to another entity: its legacy key as text, exactly as that entity's keyColumns make its externalId. */
const ref = (name: string, ...columns: string[]): FieldMapping => field(name, null, [{ kind: 'concat', columns, separator: '-' }]);
const constant = (name: string, value: string): FieldMapping => field(name, null, [{ kind: 'constant', value }]);

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
      id: id('academic-years'),
      entity: 'academic-years',
      connectionId,
      stream: DEMO_STREAMS['academic-years'],
      keyColumns: ['ACAD_YEAR'],
      specVersion: 2,
      fields: [
        field('name', 'ACAD_YEAR', TEXT),
        // "2024/25": an English school year runs from 1 September to 31 August.
        field('startDate', 'ACAD_YEAR', [{ kind: 'expression', expression: 'value.substring(0, 4) + "-09-01"' }]),
        field('endDate', 'ACAD_YEAR', [{ kind: 'expression', expression: '"20" + value.substring(5, 7) + "-08-31"' }]),
        field('isCurrent', null, [{ kind: 'constant', value: 'Y' }, { kind: 'parseBoolean' }]),
      ],
      updatedAt,
    },
    {
      id: id('terms'),
      entity: 'terms',
      connectionId,
      stream: DEMO_STREAMS.terms,
      keyColumns: ['ACAD_YEAR', 'fanOut.branch'],
      specVersion: 2,
      fanOut: { branches: DEMO_TERMS.map((t) => ({ name: t.code, columns: {}, constants: { TERM_NAME: t.name, TERM_START: t.start, TERM_END: t.end } })) },
      fields: [ref('academicYearExternalId', 'ACAD_YEAR'), field('name', 'TERM_NAME', TEXT), field('startDate', 'TERM_START', ISO_DATE), field('endDate', 'TERM_END', ISO_DATE)],
      updatedAt,
    },
    {
      id: id('staff'),
      entity: 'staff',
      connectionId,
      stream: DEMO_STREAMS.staff,
      keyColumns: ['STAFF_ID'],
      fields: [
        field('firstName', 'FORENAME', NAME),
        field('lastName', 'SURNAME', NAME),
        field('email', 'EMAIL', TEXT),
        field('role', 'ROLE', [{ kind: 'trim' }, { kind: 'crosswalk', table: STAFF_ROLE_CROSSWALK, fallback: 'null' }]),
        field('department', 'DEPARTMENT', TEXT),
        field('hireDate', 'START_DATE', ISO_DATE),
        field('employmentStatus', null, [{ kind: 'when', column: 'LEAVE_DATE', op: 'isNotEmpty', then: 'terminated', else: 'active' }]),
      ],
      updatedAt,
    },
    {
      id: id('courses'),
      entity: 'courses',
      connectionId,
      stream: DEMO_STREAMS.courses,
      keyColumns: ['COURSE_CODE'],
      fields: [field('code', 'COURSE_CODE', TEXT), field('name', 'COURSE_NAME', TEXT), field('subject', 'DEPARTMENT', TEXT)],
      updatedAt,
    },
    {
      id: id('classes'),
      entity: 'classes',
      connectionId,
      stream: DEMO_STREAMS.classes,
      keyColumns: ['CLASS_ID'],
      specVersion: 2,
      // Classes run all year; the legacy system names no term for them, so they belong to the school's current one.
      joins: [{ as: 'school', stream: DEMO_STREAMS.schools, on: [{ column: 'ACAD_YEAR', joinColumn: 'ACAD_YEAR' }] }],
      fields: [ref('courseExternalId', 'COURSE_CODE'), ref('termExternalId', 'ACAD_YEAR', 'school.CURRENT_TERM'), field('name', 'CLASS_CODE', TEXT), field('section', 'DESCRIPTION', TEXT), field('room', 'ROOM', TEXT)],
      updatedAt,
    },
    {
      id: id('class-teachers'),
      entity: 'class-teachers',
      connectionId,
      stream: DEMO_STREAMS['class-teachers'],
      keyColumns: ['CLASS_ID'],
      fields: [ref('classExternalId', 'CLASS_ID'), ref('staffExternalId', 'TEACHER_ID'), constant('role', 'primary')],
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
    {
      id: id('student-guardians'),
      entity: 'student-guardians',
      connectionId,
      stream: DEMO_STREAMS['student-guardians'],
      keyColumns: ['PUPIL_NO', 'contact.CONTACT_ID'],
      specVersion: 2,
      // Each pupil × each contact of the same family; applicants are not students yet.
      joins: [{ as: 'contact', stream: DEMO_STREAMS.guardians, on: [{ column: 'FAMILY_ID', joinColumn: 'FAMILY_ID' }], kind: 'inner', match: 'many' }],
      filters: [{ column: 'STATUS', op: 'notEquals', values: ['P'], label: 'applicants (not students yet)' }],
      fields: [
        ref('studentExternalId', 'PUPIL_NO'),
        ref('guardianExternalId', 'contact.CONTACT_ID'),
        field('relationship', 'contact.RELATIONSHIP', [{ kind: 'trim' }, { kind: 'crosswalk', table: RELATIONSHIP_CROSSWALK, fallback: 'null' }]),
        field('isPrimaryContact', 'contact.PRIORITY', [{ kind: 'when', op: 'equals', values: ['1'], then: 'Y', else: 'N' }, { kind: 'parseBoolean' }]),
        field('livesWith', 'contact.LIVES_WITH', [{ kind: 'trim' }, { kind: 'emptyToNull' }, { kind: 'parseBoolean' }]),
      ],
      updatedAt,
    },
    {
      id: id('enrollments'),
      entity: 'enrollments',
      connectionId,
      stream: DEMO_STREAMS.enrollments,
      keyColumns: ['ENROL_ID'],
      fields: [
        ref('studentExternalId', 'PUPIL_NO'),
        ref('classExternalId', 'CLASS_ID'),
        field('startDate', 'START_DATE', ISO_DATE),
        field('endDate', 'END_DATE', ISO_DATE),
        field('status', null, [{ kind: 'when', column: 'END_DATE', op: 'isNotEmpty', then: 'completed', else: 'active' }]),
      ],
      updatedAt,
    },
    {
      id: id('attendance'),
      entity: 'attendance',
      connectionId,
      stream: DEMO_STREAMS.attendance,
      keyColumns: ['PUPIL_NO', 'ATT_DATE', 'fanOut.branch'],
      specVersion: 2,
      // One register row holds two sessions: morning and afternoon marks become two records.
      fanOut: {
        branches: [
          { name: 'AM', columns: { AM: 'MARK' }, constants: { SESSION: 'Morning register' } },
          { name: 'PM', columns: { PM: 'MARK' }, constants: { SESSION: 'Afternoon register' } },
        ],
      },
      fields: [
        ref('studentExternalId', 'PUPIL_NO'),
        field('date', 'ATT_DATE', ISO_DATE),
        field('status', 'MARK', [{ kind: 'trim' }, { kind: 'crosswalk', table: ATTENDANCE_CROSSWALK, fallback: 'reject' }]),
        field('note', 'SESSION', TEXT),
      ],
      updatedAt,
    },
    {
      id: id('grades'),
      entity: 'grades',
      connectionId,
      stream: DEMO_STREAMS.grades,
      keyColumns: ['MARK_ID'],
      fields: [
        ref('studentExternalId', 'PUPIL_NO'),
        ref('classExternalId', 'CLASS_ID'),
        field('assessment', 'ASSESSMENT', TEXT),
        // ABS (absent from the sitting) has no score; the letter grade column says the same.
        field('score', 'RESULT', [{ kind: 'regexExtract', pattern: '^\\d+(\\.\\d+)?$', fallback: 'null' }]),
        field('maxScore', 'OUT_OF', TEXT),
        field('letterGrade', 'GRADE', TEXT),
        field('gradedOn', 'MARK_DATE', ISO_DATE),
      ],
      updatedAt,
    },
    {
      id: id('fee-invoices'),
      entity: 'fee-invoices',
      connectionId,
      stream: DEMO_STREAMS['fee-invoices'],
      keyColumns: ['INV_NO'],
      fields: [
        ref('studentExternalId', 'PUPIL_NO'),
        ref('invoiceNumber', 'INV_NO'),
        field('issueDate', 'ISSUE_DATE', ISO_DATE),
        field('dueDate', 'DUE_DATE', ISO_DATE),
        field('amount', 'AMOUNT', TEXT),
        constant('currency', 'GBP'),
        field('description', 'DESCRIPTION', TEXT),
        field('status', 'STATUS', [{ kind: 'trim' }, { kind: 'crosswalk', table: INVOICE_STATUS_CROSSWALK, fallback: 'null' }]),
      ],
      updatedAt,
    },
    {
      id: id('payments'),
      entity: 'payments',
      connectionId,
      stream: DEMO_STREAMS.payments,
      keyColumns: ['PAY_ID'],
      fields: [
        ref('invoiceExternalId', 'INV_NO'),
        field('paidOn', 'PAID_DATE', ISO_DATE),
        field('amount', 'AMOUNT', TEXT),
        constant('currency', 'GBP'),
        field('method', 'METHOD', [{ kind: 'trim' }, { kind: 'crosswalk', table: PAYMENT_METHOD_CROSSWALK, fallback: 'keep' }]),
        field('reference', 'REFERENCE', TEXT),
      ],
      updatedAt,
    },
  ];
}

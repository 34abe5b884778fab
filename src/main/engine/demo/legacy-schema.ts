/**
 * The demo legacy school's tables, in the style of an old school information system: UPPER_SNAKE
 * names, nearly everything stored as text (dates, codes, amounts, even the pupil number), no
 * declared foreign keys. `mysql` is the column type used when the school is loaded into
 * MySQL/MariaDB, in the same legacy spirit (VARCHAR dates, text ids kept as text).
 * Documented column by column in docs/demo-school.md.
 */
export interface LegacyColumn {
  name: string;
  sqlite: 'TEXT' | 'INTEGER';
  mysql: string;
  /** Part of the table's declared primary key. */
  primaryKey?: boolean;
}

export interface LegacyTable {
  name: string;
  columns: readonly LegacyColumn[];
}

const text = (name: string, mysql: string, primaryKey = false): LegacyColumn => ({ name, sqlite: 'TEXT', mysql, primaryKey });
const int = (name: string, primaryKey = false): LegacyColumn => ({ name, sqlite: 'INTEGER', mysql: 'INT', primaryKey });

export const SCHOOL_INFO: LegacyTable = {
  name: 'SCHOOL_INFO',
  columns: [
    text('SCHOOL_CODE', 'VARCHAR(20)', true),
    text('SCHOOL_NAME', 'VARCHAR(120)'),
    text('DFE_NO', 'VARCHAR(12)'),
    text('ADDRESS_1', 'VARCHAR(100)'),
    text('ADDRESS_2', 'VARCHAR(100)'),
    text('TOWN', 'VARCHAR(60)'),
    text('POSTCODE', 'VARCHAR(10)'),
    text('TELEPHONE', 'VARCHAR(30)'),
    text('EMAIL', 'VARCHAR(120)'),
    text('HEAD_TEACHER', 'VARCHAR(100)'),
    text('ACAD_YEAR', 'VARCHAR(9)'),
    text('CURRENT_TERM', 'VARCHAR(10)'),
  ],
};

export const COURSES: LegacyTable = {
  name: 'COURSES',
  columns: [text('COURSE_CODE', 'VARCHAR(8)', true), text('COURSE_NAME', 'VARCHAR(60)'), text('DEPARTMENT', 'VARCHAR(40)'), text('ACTIVE', 'CHAR(1)')],
};

export const STAFF: LegacyTable = {
  name: 'STAFF',
  columns: [
    int('STAFF_ID', true),
    text('STAFF_CODE', 'VARCHAR(6)'),
    text('TITLE', 'VARCHAR(10)'),
    text('FORENAME', 'VARCHAR(60)'),
    text('SURNAME', 'VARCHAR(60)'),
    text('ROLE', 'VARCHAR(30)'),
    text('DEPARTMENT', 'VARCHAR(40)'),
    text('EMAIL', 'VARCHAR(120)'),
    text('PHONE_EXT', 'VARCHAR(6)'),
    text('START_DATE', 'VARCHAR(10)'),
    text('LEAVE_DATE', 'VARCHAR(10)'),
  ],
};

export const CLASSES: LegacyTable = {
  name: 'CLASSES',
  columns: [
    int('CLASS_ID', true),
    text('CLASS_CODE', 'VARCHAR(12)'),
    text('DESCRIPTION', 'VARCHAR(80)'),
    text('COURSE_CODE', 'VARCHAR(8)'),
    text('YEAR_GROUP', 'VARCHAR(4)'),
    int('TEACHER_ID'),
    text('ROOM', 'VARCHAR(8)'),
    text('ACAD_YEAR', 'VARCHAR(9)'),
  ],
};

export const FAMILIES: LegacyTable = {
  name: 'FAMILIES',
  columns: [
    text('FAMILY_ID', 'VARCHAR(10)', true),
    text('SALUTATION', 'VARCHAR(120)'),
    text('ADDRESS_1', 'VARCHAR(100)'),
    text('ADDRESS_2', 'VARCHAR(100)'),
    text('TOWN', 'VARCHAR(60)'),
    text('POSTCODE', 'VARCHAR(10)'),
    text('HOME_PHONE', 'VARCHAR(30)'),
  ],
};

export const CONTACTS: LegacyTable = {
  name: 'CONTACTS',
  columns: [
    int('CONTACT_ID', true),
    text('FAMILY_ID', 'VARCHAR(10)'),
    text('TITLE', 'VARCHAR(10)'),
    text('FORENAME', 'VARCHAR(60)'),
    text('SURNAME', 'VARCHAR(60)'),
    text('RELATIONSHIP', 'VARCHAR(20)'),
    text('PRIORITY', 'VARCHAR(2)'),
    text('MOBILE', 'VARCHAR(30)'),
    text('WORK_PHONE', 'VARCHAR(30)'),
    text('EMAIL', 'VARCHAR(120)'),
    text('ADDRESS_1', 'VARCHAR(100)'),
    text('ADDRESS_2', 'VARCHAR(100)'),
    text('TOWN', 'VARCHAR(60)'),
    text('POSTCODE', 'VARCHAR(10)'),
    text('PAR_RESP', 'CHAR(1)'),
    text('LIVES_WITH', 'CHAR(1)'),
  ],
};

export const PUPILS: LegacyTable = {
  name: 'PUPILS',
  columns: [
    text('PUPIL_NO', 'VARCHAR(10)', true),
    text('SURNAME', 'VARCHAR(60)'),
    text('FORENAME', 'VARCHAR(60)'),
    text('MIDDLE_NAMES', 'VARCHAR(60)'),
    text('PREF_NAME', 'VARCHAR(60)'),
    text('SEX', 'VARCHAR(2)'),
    text('DOB', 'VARCHAR(12)'),
    text('YEAR_GROUP', 'VARCHAR(4)'),
    text('REG_GROUP', 'VARCHAR(12)'),
    text('STATUS', 'CHAR(1)'),
    text('ADMISSION_DATE', 'VARCHAR(10)'),
    text('LEAVING_DATE', 'VARCHAR(10)'),
    text('FAMILY_ID', 'VARCHAR(10)'),
    text('SIBLING_IDS', 'VARCHAR(100)'),
    text('HOME_LANG', 'VARCHAR(4)'),
    text('ALLERGIES', 'VARCHAR(200)'),
    text('EMAIL', 'VARCHAR(120)'),
    text('SEN_FLAG', 'CHAR(1)'),
    text('FSM', 'CHAR(1)'),
    text('LAST_UPDATED', 'VARCHAR(19)'),
  ],
};

export const CLASS_ENROL: LegacyTable = {
  name: 'CLASS_ENROL',
  columns: [int('ENROL_ID', true), int('CLASS_ID'), text('PUPIL_NO', 'VARCHAR(10)'), text('START_DATE', 'VARCHAR(10)'), text('END_DATE', 'VARCHAR(10)')],
};

export const ATTENDANCE: LegacyTable = {
  name: 'ATTENDANCE',
  columns: [text('PUPIL_NO', 'VARCHAR(10)'), text('ATT_DATE', 'VARCHAR(10)'), text('AM', 'CHAR(1)'), text('PM', 'CHAR(1)')],
};

export const MARKS: LegacyTable = {
  name: 'MARKS',
  columns: [
    int('MARK_ID', true),
    text('PUPIL_NO', 'VARCHAR(10)'),
    int('CLASS_ID'),
    text('ASSESSMENT', 'VARCHAR(40)'),
    text('MARK_DATE', 'VARCHAR(10)'),
    text('RESULT', 'VARCHAR(6)'),
    text('OUT_OF', 'VARCHAR(6)'),
    text('GRADE', 'VARCHAR(3)'),
  ],
};

export const INVOICES: LegacyTable = {
  name: 'INVOICES',
  columns: [
    int('INV_NO', true),
    text('FAMILY_ID', 'VARCHAR(10)'),
    text('PUPIL_NO', 'VARCHAR(10)'),
    text('TERM', 'VARCHAR(10)'),
    text('DESCRIPTION', 'VARCHAR(80)'),
    text('AMOUNT', 'VARCHAR(12)'),
    text('ISSUE_DATE', 'VARCHAR(10)'),
    text('DUE_DATE', 'VARCHAR(10)'),
    text('STATUS', 'VARCHAR(4)'),
  ],
};

export const PAYMENTS: LegacyTable = {
  name: 'PAYMENTS',
  columns: [int('PAY_ID', true), int('INV_NO'), text('PAID_DATE', 'VARCHAR(10)'), text('AMOUNT', 'VARCHAR(12)'), text('METHOD', 'VARCHAR(6)'), text('REFERENCE', 'VARCHAR(30)')],
};

/** Every table, in the order they are written (and listed in the manifest). */
export const LEGACY_TABLES: readonly LegacyTable[] = [SCHOOL_INFO, COURSES, STAFF, CLASSES, FAMILIES, CONTACTS, PUPILS, CLASS_ENROL, ATTENDANCE, MARKS, INVOICES, PAYMENTS];

/** SQLite DDL of a table: legacy-style, no foreign keys. */
export function sqliteCreateTable(table: LegacyTable): string {
  const pk = table.columns.filter((c) => c.primaryKey);
  const cols = table.columns.map((c) => {
    const alias = pk.length === 1 && c.primaryKey && c.sqlite === 'INTEGER' ? ' PRIMARY KEY' : '';
    return `  "${c.name}" ${c.sqlite}${alias}`;
  });
  if (pk.length && !(pk.length === 1 && pk[0].sqlite === 'INTEGER')) cols.push(`  PRIMARY KEY (${pk.map((c) => `"${c.name}"`).join(', ')})`);
  return `CREATE TABLE "${table.name}" (\n${cols.join(',\n')}\n)`;
}

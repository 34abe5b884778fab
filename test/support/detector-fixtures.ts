import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceConnector } from '../../src/main/engine/connectors/connector';
import { openSqlite } from '../../src/platform/open-sqlite';

/**
 * Small sources that each plant one pattern of issue 16 (tracker #16: orphans that hide
 * themselves, required fields left empty, false alarms, damage still missed), written from the
 * pattern's description before its detector, so the tests prove the pattern and not the
 * fixture. Every value is fixed; each manifest says exactly what must be found (code, table,
 * column, count) and what must not.
 */

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

// ─── 1. Orphans that hide themselves ──────────────────────────────────────────────────────────

/**
 * A family-membership link table with 6 of its 15 rows pointing at families that are not there
 * (40 %), and a fee-account table with 6 of 10 (60 %): the worse the rate, the more it matters.
 * students.family_id and family_members.student_id are whole.
 */
export const ORPHANS_MANIFEST = {
  orphans: {
    'family_members.family_id': { to: 'families.family_id', count: 6, referencing: 15, rate: 0.4 },
    'fee_accounts.family_id': { to: 'families.family_id', count: 6, referencing: 10, rate: 0.6 },
  },
  whole: ['family_members.student_id', 'students.family_id'],
} as const;

export function writeOrphansFixture(dir: string): string {
  const file = join(dir, 'orphans.sqlite');
  const db = openSqlite(file);
  db.exec(`CREATE TABLE families (family_id INTEGER PRIMARY KEY, family_name TEXT);
    CREATE TABLE students (student_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, family_id INTEGER);
    CREATE TABLE family_members (member_id INTEGER PRIMARY KEY, family_id INTEGER, student_id INTEGER, relationship TEXT);
    CREATE TABLE fee_accounts (account_id INTEGER PRIMARY KEY, family_id INTEGER, balance REAL);`);
  const names = ['Adams', 'Baker', 'Clark', 'Davis', 'Evans', 'Frost', 'Gray', 'Hill', 'Irwin', 'Jones', 'King', 'Lane', 'Moss', 'Nash', 'Owen', 'Price', 'Quinn', 'Reid', 'Shaw', 'Todd'];
  const fam = db.prepare('INSERT INTO families VALUES (?, ?)');
  names.forEach((n, i) => fam.run(i + 1, `${n} family`));
  const first = ['Ava', 'Ben', 'Cleo', 'Dan', 'Eve', 'Finn', 'Gus', 'Hana', 'Ivo', 'Jade', 'Kit', 'Lea', 'Max', 'Nia', 'Oli', 'Pia', 'Rex', 'Sia', 'Tom', 'Uma', 'Vic', 'Wes', 'Xia', 'Yan'];
  const st = db.prepare('INSERT INTO students VALUES (?, ?, ?, ?)');
  first.forEach((f, i) => st.run(i + 1, f, names[i % 20], (i % 20) + 1));
  const fm = db.prepare('INSERT INTO family_members VALUES (?, ?, ?, ?)');
  for (let i = 1; i <= 15; i++) fm.run(i, i <= 9 ? i : 30 + i, i, i % 2 ? 'child' : 'ward');
  const fa = db.prepare('INSERT INTO fee_accounts VALUES (?, ?, ?)');
  for (let i = 1; i <= 10; i++) fa.run(i, i <= 4 ? i + 2 : 60 + i, 100 + i);
  db.close();
  return file;
}

// ─── 3. Required fields left empty ────────────────────────────────────────────────────────────

/** Pupils whose date of birth (students.birthDate, required) is empty in all 8 rows. */
export const REQUIRED_EMPTY_MANIFEST = {
  table: 'pupils',
  column: 'dob',
  rows: 8,
  /** The only finding on pupils.dob: a blocking error naming the three ways out. */
  finding: { code: 'EMPTY_COLUMN', severity: 'error', count: 8 },
  choices: [/another source/i, /default.*in writing/i, /leav\w* (those|these) (records|rows|pupils) out|leave out/i],
} as const;

export function writeRequiredEmptyFixture(dir: string): string {
  const file = join(dir, 'required-empty.sqlite');
  const db = openSqlite(file);
  db.exec('CREATE TABLE pupils (pupil_id INTEGER PRIMARY KEY, forename TEXT, surname TEXT, dob TEXT, sex TEXT, year_group TEXT)');
  const ins = db.prepare('INSERT INTO pupils VALUES (?, ?, ?, NULL, ?, ?)');
  const rows: [string, string, string, string][] = [
    ['Amira', 'Haddad', 'F', '07'], ['Bruno', 'Costa', 'M', '07'], ['Chloe', 'Martin', 'F', '08'], ['Dylan', 'Reyes', 'M', '08'],
    ['Esme', 'Walsh', 'F', '09'], ['Femi', 'Okafor', 'M', '09'], ['Greta', 'Lind', 'F', '10'], ['Hugo', 'Brandt', 'M', '10'],
  ];
  rows.forEach((r, i) => ins.run(i + 1, ...r));
  db.close();
  return file;
}

// ─── 4. False alarms ──────────────────────────────────────────────────────────────────────────

/** "Today" for the false-alarm fixture: the calendars' end dates lie after it. */
export const FALSE_ALARMS_NOW = new Date('2025-10-15T09:00:00Z');

/**
 * Version strings, codes and ranges that happen to parse as dates (`10.2.21`, `01-02-03`), a
 * school calendar whose terms end after today, a one-row settings table; and, so the date
 * detector is seen to still work, an incidents table with 2 dates really in the future.
 */
export const FALSE_ALARMS_MANIFEST = {
  noDateFindings: ['software_modules.version', 'software_modules.build_code', 'software_modules.grade_range', 'school_terms.start_date', 'school_terms.end_date', 'calendar_days.school_date'],
  future: { table: 'incidents', column: 'incident_date', count: 2 },
  settingsTable: 'app_settings',
  /** The one-row settings table moves the score by at most this much. */
  settingsMaxEffect: 1,
  /** A clean five-row CSV of pupils scores at least this. */
  cleanCsvMinScore: 95,
} as const;

export function writeFalseAlarmsFixture(dir: string): string {
  const file = join(dir, 'false-alarms.sqlite');
  const db = openSqlite(file);
  db.exec(`CREATE TABLE software_modules (module_id INTEGER PRIMARY KEY, module_name TEXT, version TEXT, build_code TEXT, grade_range TEXT);
    CREATE TABLE school_terms (term_id INTEGER PRIMARY KEY, title TEXT, start_date TEXT, end_date TEXT);
    CREATE TABLE calendar_days (day_id INTEGER PRIMARY KEY, school_date TEXT, minutes INTEGER);
    CREATE TABLE incidents (incident_id INTEGER PRIMARY KEY, incident_date TEXT, category TEXT);`);
  const mod = db.prepare('INSERT INTO software_modules VALUES (?, ?, ?, ?, ?)');
  const modules: [string, string, string, string][] = [
    ['Timetable', '10.2.21', '01-02-03', '9-12'], ['Gradebook', '7.13.05', '12-31-99', '6-8'], ['Attendance', '2.31.17', '04-05-06', 'K-5'],
    ['Fees', '3.4.19', '07-08-09', '9-12'], ['Library', '1.12.08', '10-11-12', '6-8'], ['Reports', '12.1.22', '02-03-04', 'K-5'],
  ];
  modules.forEach((m, i) => mod.run(i + 1, ...m));
  const term = db.prepare('INSERT INTO school_terms VALUES (?, ?, ?, ?)');
  [['Autumn 2025', iso(2025, 9, 3), iso(2025, 12, 19)], ['Spring 2026', iso(2026, 1, 5), iso(2026, 3, 27)], ['Summer 2026', iso(2026, 4, 13), iso(2026, 7, 22)]].forEach((t, i) => term.run(i + 1, ...t));
  const day = db.prepare('INSERT INTO calendar_days VALUES (?, ?, ?)');
  for (let i = 0; i < 20; i++) day.run(i + 1, iso(2025, 10, 1 + i), 390);
  const inc = db.prepare('INSERT INTO incidents VALUES (?, ?, ?)');
  [iso(2025, 9, 12), iso(2025, 10, 2), iso(2026, 10, 2), iso(2025, 10, 9), iso(2035, 10, 9), iso(2025, 9, 30)].forEach((d, i) => inc.run(i + 1, d, i % 2 ? 'late' : 'uniform'));
  db.close();
  return file;
}

/** The one-row settings table, alone in its own file so the score can be compared with and without it. */
export function writeSettingsTable(file: string, withPupils: boolean): void {
  const db = openSqlite(file);
  if (withPupils) writePupilsTable(db);
  db.exec('CREATE TABLE app_settings (setting_id INTEGER PRIMARY KEY, app_version TEXT, db_version TEXT, admin_email TEXT, school_name TEXT, theme TEXT, installed_on TEXT)');
  db.prepare('INSERT INTO app_settings VALUES (1, ?, ?, ?, ?, ?, ?)').run('10.2.21', '7.1.03', 'n/a', 'HILLSIDE ACADEMY ', '', '0000-00-00');
  db.close();
}

function writePupilsTable(db: ReturnType<typeof openSqlite>): void {
  db.exec('CREATE TABLE pupils (pupil_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, date_of_birth TEXT, gender TEXT, year_group TEXT)');
  const ins = db.prepare('INSERT INTO pupils VALUES (?, ?, ?, ?, ?, ?)');
  CLEAN_PUPILS.forEach((p, i) => ins.run(i + 1, ...p));
}

/** Five pupils as a careful school office would export them (UK year groups 7–8 in the 2025-26 school year). */
const CLEAN_PUPILS: [string, string, string, string, string][] = [
  ['Amelia', 'Hughes', '2013-10-14', 'F', '7'],
  ['Oscar', 'Bennett', '2014-02-03', 'M', '7'],
  ['Isla', 'Patel', '2013-05-21', 'F', '7'],
  ['Noah', 'Williams', '2012-11-30', 'M', '8'],
  ['Freya', 'Nowak', '2013-03-09', 'F', '8'],
];

/** A folder with `pupils.csv`: five clean pupils. */
export function writeCleanPupilsCsv(dir: string): string {
  const folder = join(dir, 'clean-csv');
  mkdirSync(folder, { recursive: true });
  const lines = ['pupil_id,first_name,last_name,date_of_birth,gender,year_group', ...CLEAN_PUPILS.map((p, i) => [i + 1, ...p].join(','))];
  writeFileSync(join(folder, 'pupils.csv'), `${lines.join('\r\n')}\r\n`);
  return folder;
}

// ─── 5. Damage still missed ───────────────────────────────────────────────────────────────────

/** UTF-8 read as a single-byte code page and saved again: once (Windows-1252 or Latin-1) or twice. */
function asCp1252(text: string): string {
  const high = [0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178];
  return [...Buffer.from(text, 'utf8')].map((b) => String.fromCharCode(b >= 0x80 && b <= 0x9f ? high[b - 0x80] : b)).join('');
}
const asLatin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

/**
 * - course_levels.level_range: ranges, fractions and codes of which 5 a spreadsheet turned into
 *   dates (`2-Jan` for 1-2, `Apr-03` for 4-3, `2024-05-06`, `07/08/2024`, `09.10.2024`); the
 *   ranges themselves are not dates.
 * - pupils.surname: 5 names encoded twice (Windows-1252 once, Latin-1 once, Windows-1252 twice),
 *   repaired exactly by the offered fix; the clean accented names are left alone.
 * - pupils.status, an enum('active','left') as MySQL reports it (`withNativeTypes`): 3 rows hold ''
 *   (MySQL's mark for a value that was not a member).
 * - backup and copy tables (prefix, suffix, dated, "Copy of"): flagged, left out of the score and
 *   of duplicate matching, although they repeat the pupils; pupil_history is not one.
 * - pupils' ages: the school year migrated is 2025-26 (scope), while the file's latest date is
 *   2019; measured at the scope, 2 pupils are implausible for their year group (born 2005).
 */
export const DAMAGE_MANIFEST = {
  spreadsheetDates: { table: 'course_levels', column: 'level_range', count: 5, notFlagged: ['course_levels.level_code'] },
  mojibake: {
    table: 'pupils',
    column: 'surname',
    count: 5,
    repaired: ['Müller', 'Zięba', 'Łukasiewicz', 'Gonçalves', 'Núñez'],
  },
  blankEnum: { table: 'pupils', column: 'status', count: 3 },
  backups: ['pupils_backup', 'copy_of_pupils', 'bak_pupils', 'pupils_20190901', 'Copy of pupils'],
  notBackups: ['pupils', 'pupil_history', 'course_levels'],
  ageForGrade: { table: 'pupils', column: 'date_of_birth', count: 2, schoolYearStart: '2025-09-01', examples: ['11', '12'] },
} as const;

export function writeDamageFixture(dir: string): string {
  const file = join(dir, 'damage.sqlite');
  const db = openSqlite(file);
  db.exec(`CREATE TABLE course_levels (level_id INTEGER PRIMARY KEY, level_code TEXT, level_range TEXT);
    CREATE TABLE pupils (pupil_id INTEGER PRIMARY KEY, forename TEXT, surname TEXT, date_of_birth TEXT, year_group INTEGER, status TEXT, updated_on TEXT);
    CREATE TABLE pupil_history (history_id INTEGER PRIMARY KEY, pupil_id INTEGER, event TEXT, event_date TEXT);`);
  const lv = db.prepare('INSERT INTO course_levels VALUES (?, ?, ?)');
  const ranges = ['1-3', '4-6', '7-9', '10-12', '1/2', '3/4', '10-20%', '20-30%', '2-Jan', 'Apr-03', '2024-05-06', '07/08/2024', '09.10.2024', '13-15'];
  ranges.forEach((r, i) => lv.run(i + 1, ['A1-02-03', 'B2-04-05', 'C3-06-07'][i % 3], r));

  const pupils: [string, string, string, number, string][] = [
    ['Lena', asCp1252('Müller'), '2014-03-02', 6, 'active'],
    ['Kasia', asLatin1('Zięba'), '2014-06-11', 6, 'active'],
    ['Jan', asCp1252('Łukasiewicz'), '2013-12-01', 6, ''],
    ['Rui', asCp1252(asCp1252('Gonçalves')), '2014-01-20', 6, 'active'],
    ['Sofía', asCp1252(asCp1252('Núñez')), '2014-08-30', 6, 'left'],
    ['Chloé', 'Dubois', '2014-04-04', 6, 'active'],
    ['Zoë', 'Brontë', '2013-11-15', 6, ''],
    ['Ada', 'Lovelace', '2014-02-28', 6, 'active'],
    ['Tom', 'Price', '2014-07-07', 6, 'active'],
    ['Mia', 'Khan', '2013-10-10', 6, 'active'],
    ['Ben', 'Osei', '2005-05-05', 6, ''],
    ['Eli', 'Grant', '2005-09-09', 6, 'active'],
  ];
  const pu = db.prepare('INSERT INTO pupils VALUES (?, ?, ?, ?, ?, ?, ?)');
  pupils.forEach((p, i) => pu.run(i + 1, ...p, iso(2019, 6, 1 + i)));
  for (const backup of DAMAGE_MANIFEST.backups) {
    db.exec(`CREATE TABLE "${backup}" AS SELECT * FROM pupils`);
  }
  const hi = db.prepare('INSERT INTO pupil_history VALUES (?, ?, ?, ?)');
  for (let i = 1; i <= 6; i++) hi.run(i, i, i % 2 ? 'joined' : 'moved class', iso(2018, 9, i));
  db.close();
  return file;
}

/** The damage fixture's column types as a MySQL catalog reports them (SQLite has no enum type). */
export const DAMAGE_NATIVE_TYPES: Record<string, string> = { 'pupils.status': "enum('active','left')" };

/** A connector whose discovery reports some columns with another native type, as a different database would. */
export function withNativeTypes<C extends SourceConnector>(connector: C, types: Record<string, string>): C {
  return new Proxy(connector, {
    get(target, prop) {
      if (prop === 'discover') {
        return async () =>
          (await target.discover()).map((s) => ({ ...s, columns: s.columns.map((c) => (types[`${s.name}.${c.name}`] ? { ...c, nativeType: types[`${s.name}.${c.name}`] } : c)) }));
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

// ─── 9. openSIS's documented quirks, as patterns ──────────────────────────────────────────────

/**
 * - courses.title: roman numerals typed with lower-case L's ("Algebra ll", "French lll"), 2 rows;
 *   "Il Postino club" (Italian article, first word) and "Physics II" are fine.
 * - courses.short_name: codes in three styles — LETTERS+3 digits (6 rows, the main one), LETTERS
 *   space digits (3), LETTERS+2 digits (1): 4 rows outside the main style; sections.code has
 *   one prefix with a plain counter (S1, S12, S123), which is no mix of styles.
 * - attendance_codes: "Late" and "Absent" carry the state code of Present (P): 2 rows; "Tardy"
 *   (T) and "Sick" (A) agree with theirs, "Half day" (H) has no status to compare.
 */
export const QUIRKS_MANIFEST = {
  lookalike: { table: 'courses', column: 'title', count: 2, repaired: { 'Algebra ll': 'Algebra II', 'French lll': 'French III' } },
  codeStyles: { table: 'courses', column: 'short_name', count: 4, notFlagged: ['sections.code'] },
  stateMismatch: { table: 'attendance_codes', column: 'state_code', count: 2, titles: ['Absent', 'Late'] },
} as const;

export function writeQuirksFixture(dir: string): string {
  const file = join(dir, 'quirks.sqlite');
  const db = openSqlite(file);
  db.exec(`CREATE TABLE courses (course_id INTEGER PRIMARY KEY, title TEXT, short_name TEXT);
    CREATE TABLE sections (section_id INTEGER PRIMARY KEY, code TEXT);
    CREATE TABLE attendance_codes (id INTEGER PRIMARY KEY, title TEXT, short_name TEXT, state_code TEXT);`);
  const co = db.prepare('INSERT INTO courses VALUES (?, ?, ?)');
  const courses: [string, string][] = [
    ['Algebra I', 'ALG101'], ['Algebra ll', 'ALG102'], ['French lll', 'FRE301'], ['Physics II', 'PHY201'], ['Il Postino club', 'ITA100'], ['Reading', 'READ001'],
    ['Biology', 'BIO 101'], ['Chemistry', 'CHEM 101'], ['Geology', 'GEO 101'], ['Geometry', 'GEOM02'],
  ];
  courses.forEach((c, i) => co.run(i + 1, ...c));
  const se = db.prepare('INSERT INTO sections VALUES (?, ?)');
  ['S1', 'S12', 'S123', 'S2', 'S22'].forEach((c, i) => se.run(i + 1, c));
  const at = db.prepare('INSERT INTO attendance_codes VALUES (?, ?, ?, ?)');
  [['Present', 'P', 'P'], ['Absent', 'A', 'P'], ['Tardy', 'T', 'T'], ['Late', 'L', 'P'], ['Sick', 'S', 'A'], ['Half day', 'H', 'H']].forEach((a, i) => at.run(i + 1, ...a));
  db.close();
  return file;
}

// ─── 10. Codes with a namespace ───────────────────────────────────────────────────────────────

const EDFI = (descriptor: string, value: string) => `uri://ed-fi.org/${descriptor}#${value}`;

/**
 * An Ed-Fi style export: sex and grade level as descriptor URIs. Both columns are codes, and each
 * gets a complete crosswalk onto Academia Pro's enums (6 rows each, nothing left to place).
 */
export const DESCRIPTORS_MANIFEST = {
  table: 'students',
  crosswalks: {
    SexDescriptor: { count: 6, table: { [EDFI('SexDescriptor', 'Female')]: 'female', [EDFI('SexDescriptor', 'Male')]: 'male', [EDFI('SexDescriptor', 'Not Selected')]: 'unknown' } },
    GradeLevelDescriptor: { count: 6, table: { [EDFI('GradeLevelDescriptor', 'Ninth grade')]: '09', [EDFI('GradeLevelDescriptor', 'Tenth grade')]: '10', [EDFI('GradeLevelDescriptor', 'Eleventh grade')]: '11', [EDFI('GradeLevelDescriptor', 'Twelfth grade')]: '12' } },
  },
} as const;

export function writeDescriptorsCsv(dir: string): string {
  const folder = join(dir, 'edfi');
  mkdirSync(folder, { recursive: true });
  const rows: [string, string, string, string, string][] = [
    ['Maria', 'Lopez', '2010-11-02', 'Female', 'Ninth grade'],
    ['James', 'Carter', '2009-09-14', 'Male', 'Tenth grade'],
    ['Aisha', 'Bello', '2011-01-20', 'Female', 'Ninth grade'],
    ['Sam', 'Rivera', '2008-12-05', 'Not Selected', 'Eleventh grade'],
    ['Ethan', 'Cho', '2007-10-30', 'Male', 'Twelfth grade'],
    ['Lily', 'Novak', '2008-03-17', 'Female', 'Eleventh grade'],
  ];
  const lines = ['StudentUniqueId,FirstName,LastSurname,BirthDate,SexDescriptor,GradeLevelDescriptor', ...rows.map(([f, l, b, sex, grade], i) => [`6040${i + 1}`, f, l, b, EDFI('SexDescriptor', sex), EDFI('GradeLevelDescriptor', grade)].join(','))];
  writeFileSync(join(folder, 'students.csv'), `${lines.join('\n')}\n`);
  return folder;
}

// ─── 2. People tables shared by roles ─────────────────────────────────────────────────────────

/**
 * One `people` table for pupils (8), staff (3) and parents (4), told apart by `role`; a link
 * table of pupils and parents and a junction of staff and activities, which are neither pupils
 * nor staff. Duplicates, within a role only: pupils Ana Silva twice with one birth date (1 pair);
 * parents Joe Bloggs twice without birth dates but with one family (1 pair). Not duplicates: the
 * teacher and the parent both called Kim Lee (different roles), two pupils called Tom Hart born
 * on different days.
 */
export const ROLES_MANIFEST = {
  table: 'people',
  roles: { students: 8, staff: 3, guardians: 4 },
  duplicates: [
    { role: 'student', ids: ['1', '2'] },
    { role: 'guardian', ids: ['12', '13'] },
  ],
  notLinkedAsPeople: ['student_parents', 'staff_activities'],
} as const;

export function writeRolesFixture(dir: string): string {
  const file = join(dir, 'roles.sqlite');
  const db = openSqlite(file);
  db.exec(`CREATE TABLE people (person_id INTEGER PRIMARY KEY, role TEXT, first_name TEXT, last_name TEXT, birth_date TEXT, family_id INTEGER, email TEXT);
    CREATE TABLE student_parents (student_id INTEGER, parent_id INTEGER, PRIMARY KEY (student_id, parent_id));
    CREATE TABLE staff_activities (staff_id INTEGER, activity_id INTEGER, PRIMARY KEY (staff_id, activity_id));`);
  const ins = db.prepare('INSERT INTO people VALUES (?, ?, ?, ?, ?, ?, ?)');
  const people: [string, string, string, string | null, number | null, string | null][] = [
    ['student', 'Ana', 'Silva', '2013-04-09', 1, null],
    ['student', 'Ana', 'Silva', '2013-04-09', 1, null],
    ['student', 'Tom', 'Hart', '2012-02-01', 2, null],
    ['student', 'Tom', 'Hart', '2014-07-19', 3, null],
    ['student', 'Ravi', 'Shah', '2013-09-30', 4, null],
    ['student', 'Lucy', 'Grey', '2012-12-12', 5, null],
    ['student', 'Omar', 'Aziz', '2014-01-15', 6, null],
    ['student', 'Nell', 'Pike', '2013-06-21', 7, null],
    ['staff', 'Kim', 'Lee', null, null, 'k.lee@school.example'],
    ['staff', 'Paul', 'Moss', null, null, 'p.moss@school.example'],
    ['staff', 'Rita', 'Vance', null, null, 'r.vance@school.example'],
    ['parent', 'Joe', 'Bloggs', null, 2, 'joe@mail.example'],
    ['parent', 'Joe', 'Bloggs', null, 2, 'jbloggs@mail.example'],
    ['parent', 'Kim', 'Lee', null, 4, 'kim.lee@mail.example'],
    ['parent', 'Mary', 'Shah', null, 4, 'mary@mail.example'],
  ];
  people.forEach((p, i) => ins.run(i + 1, ...p));
  const sp = db.prepare('INSERT INTO student_parents VALUES (?, ?)');
  [[1, 12], [3, 13], [5, 14], [5, 15], [4, 12], [6, 15]].forEach((r) => sp.run(...r));
  const sa = db.prepare('INSERT INTO staff_activities VALUES (?, ?)');
  [[9, 1], [9, 2], [10, 1], [11, 3], [10, 3]].forEach((r) => sa.run(...r));
  db.close();
  return file;
}

// ─── 2 + 3. Required fields per role in a shared people table ─────────────────────────────────

/**
 * Required fields are required of a role, not of a table: in one people table holding pupils,
 * staff and parents, a column that feeds a required field of one role is checked on that role's
 * rows only (Academia Pro requires a student's birthDate, gender and gradeLevel; of staff and
 * guardians only their names). Three sources:
 *
 * - `byRole` — `people`, told apart by `role` (student ×6; teacher ×4 and admin ×1 = staff ×5;
 *   parent ×4). birth_date is empty (NULL, '', spaces) in every student row while every staff row
 *   has one: a blocking error for the 6 student rows, although the column is not empty (9 of 15
 *   empty as a whole). last_name is missing in 1 student and 1 parent row, first_name in 1 staff
 *   row: counted per role. gender and grade_level are empty for every staff and parent row and
 *   filled for every pupil: no problem (9 empty rows as a whole). Duplicates within a role only:
 *   teacher Paul Moss twice with one birth date (rows 8 and 11) is one pair; teacher Kim Lee and
 *   parent Kim Lee, one name and one birth date, are a teacher who is also a parent: a record in
 *   each role, no duplicate.
 * - `staffBlank` — `people` again: birth_date empty for every staff (3) and parent (2) row, filled
 *   for the pupils but 2 of 5: the staff's blanks are no student problem, the 2 pupils are.
 * - `membership` — `persons` has no role column: students are the rows enrolments.student_id
 *   points at (5), staff those class_teachers.teacher_id points at (3), and one visitor is
 *   neither. birth_date is empty for every enrolled pupil (and the visitor), filled for staff.
 */
export const REQUIRED_BY_ROLE_MANIFEST = {
  byRole: {
    table: 'people',
    rolesRows: { students: 6, staff: 5, guardians: 4 },
    /** Per column, the one required-field finding it gets, its count and the count of each role. */
    findings: {
      birth_date: { code: 'EMPTY_COLUMN', severity: 'error', blocking: true, count: 6, roles: { students: 6 }, target: { entity: 'students', field: 'birthDate' } },
      last_name: { code: 'MISSING_VALUE', severity: 'error', blocking: undefined, count: 2, roles: { students: 1, guardians: 1 }, target: { entity: 'students', field: 'lastName' } },
      first_name: { code: 'MISSING_VALUE', severity: 'error', blocking: undefined, count: 1, roles: { staff: 1 }, target: { entity: 'staff', field: 'firstName' } },
    },
    /** Empty only where the role has no such field: no required-field finding at all. */
    fine: ['gender', 'grade_level', 'email'],
    blockers: ['birth_date'],
    duplicates: [['8', '11']],
  },
  staffBlank: {
    table: 'people',
    findings: {
      birth_date: { code: 'MISSING_VALUE', severity: 'error', blocking: undefined, count: 2, roles: { students: 2 }, target: { entity: 'students', field: 'birthDate' } },
    },
    fine: ['first_name', 'last_name', 'gender', 'grade_level'],
    blockers: [],
  },
  membership: {
    table: 'persons',
    rolesRows: { students: 5, staff: 3 },
    findings: {
      birth_date: { code: 'EMPTY_COLUMN', severity: 'error', blocking: true, count: 5, roles: { students: 5 }, target: { entity: 'students', field: 'birthDate' } },
    },
    fine: ['first_name', 'last_name'],
    blockers: ['birth_date'],
  },
  /** Codes of the required-field check: one of them per column at most. */
  codes: ['EMPTY_COLUMN', 'MISSING_VALUE', 'MISSING_REQUIRED'],
} as const;

type PersonRow = [role: string, first: string | null, last: string | null, birth: string | null, gender: string | null, grade: string | null, email: string | null];

function writePeople(file: string, rows: PersonRow[]): string {
  const db = openSqlite(file);
  db.exec('CREATE TABLE people (person_id INTEGER PRIMARY KEY, role TEXT, first_name TEXT, last_name TEXT, birth_date TEXT, gender TEXT, grade_level TEXT, email TEXT)');
  const ins = db.prepare('INSERT INTO people VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  rows.forEach((r, i) => ins.run(i + 1, ...r));
  db.close();
  return file;
}

export function writeRequiredByRoleFixture(dir: string): string {
  return writePeople(join(dir, 'required-by-role.sqlite'), [
    ['student', 'Amira', 'Haddad', null, 'female', '07', null],
    ['student', 'Bruno', 'Costa', '', 'male', '07', null],
    ['student', 'Chloe', null, '  ', 'female', '08', null],
    ['student', 'Dylan', 'Reyes', null, 'male', '08', null],
    ['student', 'Esme', 'Walsh', null, 'female', '09', null],
    ['student', 'Femi', 'Okafor', '', 'male', '09', null],
    ['teacher', 'Kim', 'Lee', '1981-03-14', null, null, 'k.lee@school.example'],
    ['teacher', 'Paul', 'Moss', '1975-11-02', null, null, 'p.moss@school.example'],
    ['teacher', '', 'Vance', '1990-06-30', null, null, 'r.vance@school.example'],
    ['admin', 'Sara', 'Ng', '1968-01-21', null, null, 's.ng@school.example'],
    ['teacher', 'Paul', 'Moss', '1975-11-02', null, null, 'paul.moss@school.example'],
    ['parent', 'Joe', 'Costa', null, null, null, 'joe@mail.example'],
    ['parent', 'Mary', null, null, null, null, 'mary@mail.example'],
    ['parent', 'Omar', 'Haddad', null, null, null, 'omar@mail.example'],
    ['parent', 'Kim', 'Lee', '1981-03-14', null, null, 'kim.lee@mail.example'],
  ]);
}

export function writeStaffBlankFixture(dir: string): string {
  return writePeople(join(dir, 'staff-blank.sqlite'), [
    ['student', 'Lena', 'Fischer', '2013-03-02', 'female', '07', null],
    ['student', 'Kasia', 'Nowak', null, 'female', '07', null],
    ['student', 'Jan', 'Berg', '2012-12-01', 'male', '08', null],
    ['student', 'Rui', 'Alves', '', 'male', '08', null],
    ['student', 'Sofia', 'Ruiz', '2013-08-30', 'female', '07', null],
    ['teacher', 'Ada', 'Byrne', null, null, null, 'a.byrne@school.example'],
    ['teacher', 'Tom', 'Price', null, null, null, 't.price@school.example'],
    ['teacher', 'Mia', 'Khan', '', null, null, 'm.khan@school.example'],
    ['parent', 'Eva', 'Berg', null, null, null, 'eva@mail.example'],
    ['parent', 'Luis', 'Alves', null, null, null, 'luis@mail.example'],
  ]);
}

export function writeMembershipFixture(dir: string): string {
  const file = join(dir, 'membership.sqlite');
  const db = openSqlite(file);
  db.exec(`CREATE TABLE persons (person_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, birth_date TEXT, email TEXT);
    CREATE TABLE enrolments (enrolment_id INTEGER PRIMARY KEY, student_id INTEGER REFERENCES persons (person_id), course TEXT);
    CREATE TABLE class_teachers (class_id INTEGER PRIMARY KEY, teacher_id INTEGER REFERENCES persons (person_id), class_name TEXT);`);
  const ins = db.prepare('INSERT INTO persons VALUES (?, ?, ?, ?, ?)');
  const persons: [string, string, string | null, string | null][] = [
    ['Nia', 'Obi', null, null],
    ['Leo', 'Marsh', '', null],
    ['Ivy', 'Chen', null, null],
    ['Sam', 'Doyle', null, null],
    ['Zara', 'Iqbal', ' ', null],
    ['Hugh', 'Grant', '1979-04-09', 'h.grant@school.example'],
    ['Nora', 'Quinn', '1985-10-17', 'n.quinn@school.example'],
    ['Olu', 'Ade', '1991-02-28', 'o.ade@school.example'],
    ['Vera', 'Holt', null, 'visitor@mail.example'],
  ];
  persons.forEach((p, i) => ins.run(i + 1, ...p));
  const en = db.prepare('INSERT INTO enrolments VALUES (?, ?, ?)');
  [[1, 'Maths'], [1, 'Art'], [2, 'Maths'], [3, 'Music'], [4, 'Maths'], [5, 'Art'], [5, 'Music']].forEach(([s, c], i) => en.run(i + 1, s, c));
  const ct = db.prepare('INSERT INTO class_teachers VALUES (?, ?, ?)');
  [[6, 'Maths 7A'], [7, 'Art 7A'], [8, 'Music 7A'], [6, 'Maths 7B']].forEach(([t, c], i) => ct.run(i + 1, t, c));
  db.close();
  return file;
}

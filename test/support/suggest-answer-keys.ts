/**
 * Answer keys for the mapping suggestions (issue 13), written down BEFORE the suggestion
 * algorithm was built or tuned, from what a person migrating each school would map by hand.
 * For each entity the source really has: the table it comes from and, for each target field
 * the table holds directly, the column that feeds it. Where a second column is just as right
 * (two school codes, a morning and an afternoon register mark) both are listed; the first is the
 * one a person would pick. Fields that need a join, a lookup or a constant are left out: a
 * suggestion for one table cannot be judged on them.
 *
 * Precision is measured against these keys: top-1 = the suggestion's first choice is in the
 * key, top-3 = one of its first three is. Changing a key to make a figure go up defeats the
 * purpose; add a key only with its reason.
 */
export interface EntityKey {
  entity: string;
  table: string;
  /** A role filter the entity needs when its table is shared (a person table of several roles). */
  filter?: { column: string; value: string };
  /** target field → the column that feeds it (or columns, equally right, the first preferred). */
  fields: Record<string, string | string[]>;
}

export interface SourceKey {
  source: string;
  entities: EntityKey[];
}

/** openSIS (../shared/fixtures/opensis-sqlite): the school, its calendar, people and timetable. */
export const OPENSIS_KEY: SourceKey = {
  source: 'openSIS (SQLite copy)',
  entities: [
    { entity: 'schools', table: 'schools', fields: { name: 'title', phone: 'phone', address: 'address' } },
    { entity: 'academic-years', table: 'school_years', fields: { name: 'title', startDate: 'start_date', endDate: 'end_date' } },
    { entity: 'terms', table: 'school_semesters', fields: { name: 'title', startDate: 'start_date', endDate: 'end_date', academicYearExternalId: 'year_id' } },
    {
      entity: 'students',
      table: 'students',
      fields: { firstName: 'first_name', lastName: 'last_name', middleName: 'middle_name', preferredName: 'common_name', birthDate: 'birthdate', gender: 'gender', email: 'email', phone: 'phone' },
    },
    { entity: 'guardians', table: 'people', fields: { firstName: 'first_name', lastName: 'last_name', email: 'email', phone: ['cell_phone', 'home_phone', 'work_phone'] } },
    { entity: 'student-guardians', table: 'students_join_people', fields: { studentExternalId: 'student_id', guardianExternalId: 'person_id', relationship: 'relationship' } },
    { entity: 'staff', table: 'staff', fields: { firstName: 'first_name', lastName: 'last_name', email: 'email', phone: 'phone', role: 'profile' } },
    { entity: 'courses', table: 'courses', fields: { name: 'title', code: 'short_name', gradeLevel: 'grade_level' } },
    { entity: 'classes', table: 'course_periods', fields: { courseExternalId: 'course_id', termExternalId: 'marking_period_id', name: 'title', capacity: 'total_seats' } },
    { entity: 'timetable-periods', table: 'course_period_var', fields: { classExternalId: 'course_period_id', dayOfWeek: 'days', startTime: 'start_time', endTime: 'end_time', room: 'room_id' } },
    { entity: 'enrollments', table: 'schedule', fields: { studentExternalId: 'student_id', classExternalId: 'course_period_id', startDate: 'start_date', endDate: 'end_date' } },
    { entity: 'attendance', table: 'attendance_period', fields: { studentExternalId: 'student_id', classExternalId: 'course_period_id', date: 'school_date', status: 'attendance_code', note: 'comment' } },
    {
      entity: 'grades',
      table: 'student_report_card_grades',
      fields: { studentExternalId: 'student_id', classExternalId: 'course_period_id', termExternalId: 'marking_period_id', score: 'grade_percent', letterGrade: 'grade_letter', comment: 'comment' },
    },
  ],
};

/** Microsoft's EF6 School (SQL Server): one Person table for students and instructors. */
export const EF6_SCHOOL_KEY: SourceKey = {
  source: 'EF6 School (SQL Server)',
  entities: [
    { entity: 'students', table: 'dbo.Person', filter: { column: 'Discriminator', value: 'Student' }, fields: { firstName: 'FirstName', lastName: 'LastName', entryDate: 'EnrollmentDate' } },
    { entity: 'staff', table: 'dbo.Person', filter: { column: 'Discriminator', value: 'Instructor' }, fields: { firstName: 'FirstName', lastName: 'LastName', hireDate: 'HireDate' } },
    { entity: 'courses', table: 'dbo.Course', fields: { name: 'Title', credits: 'Credits' } },
    { entity: 'class-teachers', table: 'dbo.CourseInstructor', fields: { classExternalId: 'CourseID', staffExternalId: 'PersonID' } },
    { entity: 'enrollments', table: 'dbo.StudentGrade', fields: { studentExternalId: 'StudentID', classExternalId: 'CourseID' } },
    { entity: 'grades', table: 'dbo.StudentGrade', fields: { studentExternalId: 'StudentID', classExternalId: 'CourseID', score: 'Grade' } },
  ],
};

/** OneRoster 1.1 CSV (../shared/fixtures/oneroster-csv/Test_full_data_set): users of every role in one file. */
export const ONEROSTER_KEY: SourceKey = {
  source: 'OneRoster CSV bundle',
  entities: [
    { entity: 'schools', table: 'orgs', fields: { name: 'name', code: 'identifier' } },
    { entity: 'terms', table: 'academicSessions', fields: { name: 'title', startDate: 'startDate', endDate: 'endDate', academicYearExternalId: 'parentSourcedId' } },
    {
      entity: 'students',
      table: 'users',
      filter: { column: 'role', value: 'student' },
      fields: { firstName: 'givenName', lastName: 'familyName', middleName: 'middleName', email: 'email', phone: 'phone', gradeLevel: 'grades' },
    },
    { entity: 'staff', table: 'users', filter: { column: 'role', value: 'teacher' }, fields: { firstName: 'givenName', lastName: 'familyName', email: 'email', phone: 'phone', role: 'role' } },
    { entity: 'guardians', table: 'users', filter: { column: 'role', value: 'parent' }, fields: { firstName: 'givenName', lastName: 'familyName', email: 'email', phone: 'phone' } },
    { entity: 'classes', table: 'classes', fields: { name: 'title', courseExternalId: 'courseSourcedId', termExternalId: 'termSourcedIds', room: 'location' } },
    {
      entity: 'enrollments',
      table: 'enrollments',
      filter: { column: 'role', value: 'student' },
      fields: { studentExternalId: 'userSourcedId', classExternalId: 'classSourcedId', startDate: 'beginDate', endDate: 'endDate', status: 'status' },
    },
  ],
};

/** The generated demo school (docs/demo-school.md). */
export const DEMO_KEY: SourceKey = {
  source: 'demo school',
  entities: [
    { entity: 'schools', table: 'SCHOOL_INFO', fields: { name: 'SCHOOL_NAME', code: ['DFE_NO', 'SCHOOL_CODE'], phone: 'TELEPHONE' } },
    { entity: 'staff', table: 'STAFF', fields: { firstName: 'FORENAME', lastName: 'SURNAME', email: 'EMAIL', phone: 'PHONE_EXT', role: 'ROLE', department: 'DEPARTMENT', hireDate: 'START_DATE' } },
    { entity: 'courses', table: 'COURSES', fields: { code: 'COURSE_CODE', name: 'COURSE_NAME' } },
    { entity: 'classes', table: 'CLASSES', fields: { courseExternalId: 'COURSE_CODE', name: ['DESCRIPTION', 'CLASS_CODE'], room: 'ROOM' } },
    { entity: 'guardians', table: 'CONTACTS', fields: { firstName: 'FORENAME', lastName: 'SURNAME', relationship: 'RELATIONSHIP', email: 'EMAIL', phone: 'MOBILE' } },
    {
      entity: 'students',
      table: 'PUPILS',
      fields: {
        firstName: 'FORENAME',
        lastName: 'SURNAME',
        middleName: 'MIDDLE_NAMES',
        preferredName: 'PREF_NAME',
        birthDate: 'DOB',
        gender: 'SEX',
        gradeLevel: 'YEAR_GROUP',
        email: 'EMAIL',
        enrollmentStatus: 'STATUS',
        entryDate: 'ADMISSION_DATE',
        homeLanguage: 'HOME_LANG',
        allergies: 'ALLERGIES',
      },
    },
    { entity: 'enrollments', table: 'CLASS_ENROL', fields: { studentExternalId: 'PUPIL_NO', classExternalId: 'CLASS_ID', startDate: 'START_DATE', endDate: 'END_DATE' } },
    { entity: 'attendance', table: 'ATTENDANCE', fields: { studentExternalId: 'PUPIL_NO', date: 'ATT_DATE', status: ['AM', 'PM'] } },
    {
      entity: 'grades',
      table: 'MARKS',
      fields: { studentExternalId: 'PUPIL_NO', classExternalId: 'CLASS_ID', assessment: 'ASSESSMENT', gradedOn: 'MARK_DATE', score: 'RESULT', maxScore: 'OUT_OF', letterGrade: 'GRADE' },
    },
    {
      entity: 'fee-invoices',
      table: 'INVOICES',
      fields: { studentExternalId: 'PUPIL_NO', invoiceNumber: 'INV_NO', issueDate: 'ISSUE_DATE', dueDate: 'DUE_DATE', amount: 'AMOUNT', description: 'DESCRIPTION', status: 'STATUS' },
    },
    { entity: 'payments', table: 'PAYMENTS', fields: { invoiceExternalId: 'INV_NO', paidOn: 'PAID_DATE', amount: 'AMOUNT', method: 'METHOD', reference: 'REFERENCE' } },
  ],
};

/**
 * The generalisation check: the demo with its columns renamed the way other legacy systems
 * name them, with words the suggestion dictionary must NOT contain (a unit test holds it to
 * that). What finds them is what generalises: abbreviations, word parts, the values' profile,
 * enum overlap and the keys between tables. table → old column → new column.
 */
export const DEMO_RENAMES: Record<string, Record<string, string>> = {
  SCHOOL_INFO: { SCHOOL_CODE: 'EST_CODE', SCHOOL_NAME: 'EST_DESIGNATION', DFE_NO: 'GOV_REF', TELEPHONE: 'SWITCHBOARD', EMAIL: 'E_ADDR', HEAD_TEACHER: 'PRINCIPAL_NM', TOWN: 'LOCALITY' },
  STAFF: { STAFF_ID: 'EMP_REF', FORENAME: 'FRST_NM', SURNAME: 'LST_NM', ROLE: 'DUTIES', DEPARTMENT: 'DIVISION', EMAIL: 'E_ADDR', PHONE_EXT: 'EXTN', START_DATE: 'JOINED_ON', LEAVE_DATE: 'LEFT_ON' },
  COURSES: { COURSE_CODE: 'SYLLABUS_CD', COURSE_NAME: 'SYLLABUS_CAPTION', DEPARTMENT: 'DIVISION' },
  CLASSES: { CLASS_ID: 'SET_REF', CLASS_CODE: 'SET_CD', DESCRIPTION: 'SET_CAPTION', COURSE_CODE: 'SYLLABUS_CD', TEACHER_ID: 'EMP_REF', ROOM: 'TEACHING_SPACE' },
  CONTACTS: { CONTACT_ID: 'KIN_REF', FORENAME: 'FRST_NM', SURNAME: 'LST_NM', RELATIONSHIP: 'KINSHIP', MOBILE: 'HANDSET', EMAIL: 'E_ADDR', FAMILY_ID: 'HOUSEHOLD_REF' },
  FAMILIES: { FAMILY_ID: 'HOUSEHOLD_REF' },
  PUPILS: {
    PUPIL_NO: 'SCHOLAR_REF',
    SURNAME: 'LST_NM',
    FORENAME: 'FRST_NM',
    MIDDLE_NAMES: 'MID_NMS',
    PREF_NAME: 'CALLED_BY',
    SEX: 'M_F',
    DOB: 'BORN_ON',
    YEAR_GROUP: 'COHORT',
    STATUS: 'ON_ROLL',
    ADMISSION_DATE: 'JOINED_ON',
    LEAVING_DATE: 'LEFT_ON',
    FAMILY_ID: 'HOUSEHOLD_REF',
    HOME_LANG: 'MOTHER_TONGUE',
    ALLERGIES: 'INTOLERANCES',
    EMAIL: 'E_ADDR',
  },
  CLASS_ENROL: { ENROL_ID: 'MEMBERSHIP_REF', CLASS_ID: 'SET_REF', PUPIL_NO: 'SCHOLAR_REF', START_DATE: 'JOINED_ON', END_DATE: 'LEFT_ON' },
  ATTENDANCE: { PUPIL_NO: 'SCHOLAR_REF', ATT_DATE: 'TAKEN_ON', AM: 'MORNING_MARK', PM: 'AFTERNOON_MARK' },
  MARKS: { MARK_ID: 'OUTCOME_REF', PUPIL_NO: 'SCHOLAR_REF', CLASS_ID: 'SET_REF', ASSESSMENT: 'EXERCISE', MARK_DATE: 'SAT_ON', RESULT: 'PTS', OUT_OF: 'PTS_AVAILABLE', GRADE: 'BAND' },
  INVOICES: { INV_NO: 'DEMAND_REF', PUPIL_NO: 'SCHOLAR_REF', FAMILY_ID: 'HOUSEHOLD_REF', DESCRIPTION: 'NARRATIVE', AMOUNT: 'SUM_DUE', ISSUE_DATE: 'RAISED_ON', DUE_DATE: 'PAYABLE_BY', STATUS: 'SETTLED' },
  PAYMENTS: { PAY_ID: 'REMITTANCE_REF', INV_NO: 'DEMAND_REF', PAID_DATE: 'BANKED_ON', AMOUNT: 'SUM_RECEIVED', METHOD: 'TENDER', REFERENCE: 'BANK_TEXT' },
};

/** The demo's key with the renames applied: same tables, the columns under their new names. */
export function renamedDemoKey(): SourceKey {
  return {
    source: 'demo school, columns renamed',
    entities: DEMO_KEY.entities.map((e) => ({
      ...e,
      fields: Object.fromEntries(
        Object.entries(e.fields).map(([field, columns]) => {
          const rename = (c: string) => DEMO_RENAMES[e.table]?.[c] ?? c;
          return [field, Array.isArray(columns) ? columns.map(rename) : rename(columns)];
        }),
      ),
    })),
  };
}

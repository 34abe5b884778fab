import { fileRule, MANIFEST_FILES, ROLE_VALUES } from './column-rules';

/** A record as Academia Pro holds it. */
export type SchoolRecord = Record<string, unknown> & { externalId: string };

/** What the bundle is written from: the school and its records, by Academia Pro entity. */
export interface SchoolData {
  school: SchoolRecord;
  records: Partial<Record<string, SchoolRecord[]>>;
}

export interface BundleFile {
  file: string;
  header: string[];
  rows: string[][];
}

/** The Academia Pro entities the bundle is written from. */
export const BUNDLE_ENTITIES = ['academic-years', 'terms', 'courses', 'classes', 'students', 'staff', 'guardians', 'student-guardians', 'class-teachers', 'enrollments'] as const;

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
/** A DateTime as the binding writes it: UTC with milliseconds and Z. */
const dateTime = (v: unknown): string => {
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isNaN(t) ? '' : new Date(t).toISOString();
};

/**
 * One OneRoster file may hold several Academia Pro entities (users: students, staff and
 * guardians), whose externalIds may coincide; their sourcedIds carry the entity's kind.
 */
export const userId = {
  student: (id: unknown) => `student-${str(id)}`,
  staff: (id: unknown) => `staff-${str(id)}`,
  guardian: (id: unknown) => `guardian-${str(id)}`,
};
export const sessionId = { year: (id: unknown) => `year-${str(id)}`, term: (id: unknown) => `term-${str(id)}` };

const STAFF_ROLES: Record<string, (typeof ROLE_VALUES)[number]> = { teacher: 'teacher', administrator: 'siteAdministrator', counselor: 'counselor', support: 'aide', other: 'aide' };
const GUARDIAN_ROLES: Record<string, (typeof ROLE_VALUES)[number]> = { mother: 'parent', father: 'parent', guardian: 'guardian', grandparent: 'relative', other: 'relative' };
const SEX: Record<string, string> = { female: 'female', male: 'male', other: 'other', unknown: 'unspecified' };

/**
 * The school's data as OneRoster 1.2 CSV files (bulk): orgs, academicSessions, courses, classes,
 * users, roles, enrollments, demographics and the manifest, with each file's header exactly as
 * the column rules list it. Deleted records are left out (a bulk file is the whole current set);
 * `dateLastModified` is the record's last change in Academia Pro.
 */
export function bundleFiles(data: SchoolData): BundleFile[] {
  const rec = (entity: string) => data.records[entity] ?? [];
  const school = data.school.externalId;
  const common = (r: SchoolRecord, id: string) => ({ sourcedId: id, status: 'active', dateLastModified: dateTime(r.updatedAt) });
  const years = new Map(rec('academic-years').map((y) => [y.externalId, y]));
  const endYear = (y: SchoolRecord | undefined, fallback: unknown) => str(y?.endDate ?? fallback).slice(0, 4);
  const courses = new Map(rec('courses').map((c) => [c.externalId, c]));
  const guardiansOf = new Map<string, string[]>();
  const studentsOf = new Map<string, string[]>();
  for (const link of rec('student-guardians')) {
    const s = str(link.studentExternalId);
    const g = str(link.guardianExternalId);
    guardiansOf.set(s, [...(guardiansOf.get(s) ?? []), userId.guardian(g)]);
    studentsOf.set(g, [...(studentsOf.get(g) ?? []), userId.student(s)]);
  }

  const files: Record<string, Record<string, string>[]> = {
    orgs: [{ ...common(data.school, school), name: str(data.school.name), type: 'school', identifier: str(data.school.code), parentSourcedId: '' }],
    academicSessions: [
      ...rec('academic-years').map((y) => ({ ...common(y, sessionId.year(y.externalId)), title: str(y.name), type: 'schoolYear', startDate: str(y.startDate), endDate: str(y.endDate), parentSourcedId: '', schoolYear: endYear(y, y.endDate) })),
      ...rec('terms').map((t) => ({ ...common(t, sessionId.term(t.externalId)), title: str(t.name), type: 'term', startDate: str(t.startDate), endDate: str(t.endDate), parentSourcedId: sessionId.year(t.academicYearExternalId), schoolYear: endYear(years.get(str(t.academicYearExternalId)), t.endDate) })),
    ],
    courses: rec('courses').map((c) => ({ ...common(c, c.externalId), schoolYearSourcedId: '', title: str(c.name), courseCode: str(c.code), grades: str(c.gradeLevel), orgSourcedId: school, subjects: str(c.subject), subjectCodes: '' })),
    classes: rec('classes').map((c) => {
      const course = courses.get(str(c.courseExternalId));
      return { ...common(c, c.externalId), title: str(c.name), grades: str(course?.gradeLevel), courseSourcedId: str(c.courseExternalId), classCode: str(c.section), classType: 'scheduled', location: str(c.room), schoolSourcedId: school, termSourcedIds: sessionId.term(c.termExternalId), subjects: str(course?.subject), subjectCodes: '', periods: '' };
    }),
    users: [
      ...rec('students').map((s) => user(s, userId.student(s.externalId), { enabled: str(s.enrollmentStatus) === '' || s.enrollmentStatus === 'active', agents: guardiansOf.get(s.externalId) ?? [], grades: str(s.gradeLevel), preferred: str(s.preferredName) })),
      ...rec('staff').map((s) => user(s, userId.staff(s.externalId), { enabled: s.employmentStatus !== 'terminated' && s.employmentStatus !== 'inactive', agents: [], grades: '', preferred: '' })),
      ...rec('guardians').map((g) => user(g, userId.guardian(g.externalId), { enabled: true, agents: studentsOf.get(g.externalId) ?? [], grades: '', preferred: '' })),
    ],
    roles: [
      ...rec('students').map((s) => role(s, userId.student(s.externalId), 'student', s.entryDate)),
      ...rec('staff').map((s) => role(s, userId.staff(s.externalId), STAFF_ROLES[str(s.role)] ?? 'teacher', s.hireDate)),
      ...rec('guardians').map((g) => role(g, userId.guardian(g.externalId), GUARDIAN_ROLES[str(g.relationship)] ?? 'guardian', null)),
    ],
    enrollments: [
      ...rec('enrollments').map((e) => ({ ...common(e, `enrollment-${e.externalId}`), classSourcedId: str(e.classExternalId), schoolSourcedId: school, userSourcedId: userId.student(e.studentExternalId), role: 'student', primary: 'false', beginDate: str(e.startDate), endDate: str(e.endDate) })),
      ...rec('class-teachers').map((t) => ({ ...common(t, `class-teacher-${t.externalId}`), classSourcedId: str(t.classExternalId), schoolSourcedId: school, userSourcedId: userId.staff(t.staffExternalId), role: 'teacher', primary: t.role === 'primary' ? 'true' : 'false', beginDate: str(t.startDate), endDate: str(t.endDate) })),
    ],
    demographics: rec('students').map((s) => ({ ...common(s, userId.student(s.externalId)), birthDate: str(s.birthDate), sex: SEX[str(s.gender)] ?? '' })),
  };

  function user(r: SchoolRecord, id: string, o: { enabled: boolean; agents: string[]; grades: string; preferred: string }): Record<string, string> {
    return {
      ...common(r, id),
      enabledUser: o.enabled ? 'true' : 'false',
      // Academia Pro keeps no log-in name; the e-mail address is the usual one, the sourcedId otherwise.
      username: str(r.email) || id,
      userIds: '',
      givenName: str(r.firstName),
      familyName: str(r.lastName),
      middleName: str(r.middleName),
      identifier: r.externalId,
      email: str(r.email),
      sms: '',
      phone: str(r.phone),
      agentSourcedIds: o.agents.join(','),
      grades: o.grades,
      password: '',
      userMasterIdentifier: '',
      preferredGivenName: o.preferred,
      preferredMiddleName: '',
      preferredFamilyName: '',
      primaryOrgSourcedId: school,
      pronouns: '',
    };
  }
  function role(r: SchoolRecord, id: string, name: string, begin: unknown): Record<string, string> {
    return { ...common(r, `role-${id}`), userSourcedId: id, roleType: 'primary', role: name, beginDate: str(begin), endDate: '', orgSourcedId: school, userProfileSourcedId: '' };
  }

  const out: BundleFile[] = [];
  for (const [file, rows] of Object.entries(files)) {
    const header = fileRule(file)!.columns.map((c) => c.name);
    out.push({ file, header, rows: rows.map((r) => header.map((h) => r[h] ?? '')) });
  }
  const written = new Set(Object.keys(files));
  out.unshift({
    file: 'manifest',
    header: ['propertyName', 'value'],
    rows: [['manifest.version', '1.0'], ['oneroster.version', '1.2'], ...MANIFEST_FILES.map((f) => [`file.${f}`, written.has(f) ? 'bulk' : 'absent']), ['source.systemName', 'Academia Pro'], ['source.systemCode', school]],
  });
  return out;
}

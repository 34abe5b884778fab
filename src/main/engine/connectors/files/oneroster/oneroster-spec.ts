import type { ColumnType } from '../../../../../shared/model/connection';

/**
 * The columns of the OneRoster 1.1 / 1.2 CSV binding (IMS Global), typed the way the spec says.
 * Codes: `id` sourcedId (GUID, required), `ref:<file>` a GUID naming a row of another file,
 * `refs:<file>` a comma list of them, `dt` DateTime, `date` Date, `year` a 4-digit year, `bool`
 * a true/false enumeration, `enum` another enumeration, `list` a comma list, `float` a number,
 * `str` text. Values are still read as the text in the file; these types are what discovery shows.
 */
const COMMON = { sourcedId: 'id', status: 'enum', dateLastModified: 'dt' } as const;

export const ONEROSTER_FILES: Record<string, Record<string, string>> = {
  manifest: { propertyName: 'str', value: 'str' },
  academicSessions: { ...COMMON, title: 'str', type: 'enum', startDate: 'date', endDate: 'date', parentSourcedId: 'ref:academicSessions', schoolYear: 'year' },
  categories: { ...COMMON, title: 'str', weight: 'float' },
  classes: {
    ...COMMON,
    title: 'str',
    grades: 'list',
    courseSourcedId: 'ref:courses',
    classCode: 'str',
    classType: 'enum',
    location: 'str',
    schoolSourcedId: 'ref:orgs',
    termSourcedIds: 'refs:academicSessions',
    subjects: 'list',
    subjectCodes: 'list',
    periods: 'list',
  },
  classResources: { ...COMMON, title: 'str', classSourcedId: 'ref:classes', resourceSourcedId: 'ref:resources' },
  courses: { ...COMMON, schoolYearSourcedId: 'ref:academicSessions', title: 'str', courseCode: 'str', grades: 'list', orgSourcedId: 'ref:orgs', subjects: 'list', subjectCodes: 'list' },
  courseResources: { ...COMMON, title: 'str', courseSourcedId: 'ref:courses', resourceSourcedId: 'ref:resources' },
  demographics: {
    ...COMMON,
    sourcedId: 'ref:users',
    birthDate: 'date',
    sex: 'enum',
    americanIndianOrAlaskaNative: 'bool',
    asian: 'bool',
    blackOrAfricanAmerican: 'bool',
    nativeHawaiianOrOtherPacificIslander: 'bool',
    white: 'bool',
    demographicRaceTwoOrMoreRaces: 'bool',
    hispanicOrLatinoEthnicity: 'bool',
    countryOfBirthCode: 'str',
    stateOfBirthAbbreviation: 'str',
    cityOfBirth: 'str',
    publicSchoolResidenceStatus: 'str',
  },
  enrollments: { ...COMMON, classSourcedId: 'ref:classes', schoolSourcedId: 'ref:orgs', userSourcedId: 'ref:users', role: 'enum', primary: 'bool', beginDate: 'date', endDate: 'date' },
  lineItems: {
    ...COMMON,
    title: 'str',
    description: 'str',
    assignDate: 'date',
    dueDate: 'date',
    classSourcedId: 'ref:classes',
    categorySourcedId: 'ref:categories',
    gradingPeriodSourcedId: 'ref:academicSessions',
    resultValueMin: 'float',
    resultValueMax: 'float',
    schoolSourcedId: 'ref:orgs',
  },
  orgs: { ...COMMON, name: 'str', type: 'enum', identifier: 'str', parentSourcedId: 'ref:orgs' },
  resources: { ...COMMON, vendorResourceId: 'str', title: 'str', roles: 'list', importance: 'enum', vendorId: 'str', applicationId: 'str' },
  results: { ...COMMON, lineItemSourcedId: 'ref:lineItems', studentSourcedId: 'ref:users', classSourcedId: 'ref:classes', scoreStatus: 'enum', score: 'float', scoreDate: 'date', comments: 'str' },
  roles: { ...COMMON, userSourcedId: 'ref:users', roleType: 'enum', role: 'enum', beginDate: 'date', endDate: 'date', orgSourcedId: 'ref:orgs', userProfileSourcedId: 'ref:userProfiles' },
  userProfiles: { ...COMMON, userSourcedId: 'ref:users', profileType: 'str', vendorId: 'str', applicationId: 'str', description: 'str', credentialType: 'str', username: 'str', password: 'str' },
  userResources: { ...COMMON, userSourcedId: 'ref:users', resourceSourcedId: 'ref:resources', applicationId: 'str' },
  users: {
    ...COMMON,
    enabledUser: 'bool',
    orgSourcedIds: 'refs:orgs',
    role: 'enum',
    username: 'str',
    userIds: 'list',
    givenName: 'str',
    familyName: 'str',
    middleName: 'str',
    identifier: 'str',
    email: 'str',
    sms: 'str',
    phone: 'str',
    agentSourcedIds: 'refs:users',
    grades: 'list',
    password: 'str',
    userMasterIdentifier: 'str',
    preferredGivenName: 'str',
    preferredMiddleName: 'str',
    preferredFamilyName: 'str',
    primaryOrgSourcedId: 'ref:orgs',
    pronouns: 'str',
  },
};

/** 1.2 made these DateTime where 1.1 had Date. */
const DATETIME_IN_V12 = new Set(['lineItems.assignDate', 'lineItems.dueDate', 'results.scoreDate']);

/** The spec's name for a file stem, matched without regard to case (`userprofiles` → `userProfiles`). */
export function oneRosterFileName(stem: string): string | null {
  const lower = stem.toLowerCase();
  return Object.keys(ONEROSTER_FILES).find((name) => name.toLowerCase() === lower) ?? null;
}

/** How one column of a OneRoster file is typed. */
export interface OneRosterColumn {
  type: ColumnType;
  nativeType: string;
  required: boolean;
  /** The file a GUID column points at (single references only). */
  ref?: string;
}

export function oneRosterColumn(file: string, column: string, version: string): OneRosterColumn | null {
  const code = ONEROSTER_FILES[file]?.[column];
  if (!code) return null;
  const [kind, target] = code.split(':');
  switch (kind) {
    case 'id':
      return { type: 'string', nativeType: 'OneRoster GUID (sourcedId)', required: true };
    case 'ref':
      return { type: 'string', nativeType: `OneRoster GUID → ${target}`, required: column === 'sourcedId', ref: target };
    case 'refs':
      return { type: 'string', nativeType: `OneRoster list of GUIDs → ${target}`, required: false };
    case 'dt':
      return { type: 'datetime', nativeType: 'OneRoster DateTime', required: false };
    case 'date': {
      const datetime = version.startsWith('1.2') && DATETIME_IN_V12.has(`${file}.${column}`);
      return { type: datetime ? 'datetime' : 'date', nativeType: datetime ? 'OneRoster DateTime' : 'OneRoster Date', required: false };
    }
    case 'year':
      return { type: 'integer', nativeType: 'OneRoster Year', required: false };
    case 'bool':
      return { type: 'boolean', nativeType: 'OneRoster Enumeration (true/false)', required: false };
    case 'enum':
      return { type: 'string', nativeType: 'OneRoster Enumeration', required: false };
    case 'list':
      return { type: 'string', nativeType: 'OneRoster List', required: false };
    case 'float':
      return { type: 'number', nativeType: 'OneRoster Float', required: false };
    default:
      return { type: 'string', nativeType: 'OneRoster String', required: column === 'propertyName' };
  }
}

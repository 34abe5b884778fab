/**
 * The column rules of the OneRoster 1.2 CSV binding (1EdTech, "CSV Binding 1.2"), as data: for
 * each file, its columns in the spec's order, whether a value is required, and the value's format
 * (enumerations with their values). The validator (`validate-bundle.ts`) reads nothing else, so a
 * change to the rules is a change to this table. Kept as written in the binding's tables; where a
 * column's rule is not in this table the validator says so (FILE_NOT_CHECKED) rather than guess.
 *
 * Formats: `id` the row's sourcedId; `ref:<file>` one sourcedId of another file; `refs:<file>` a
 * comma list of them; `string`; `date` (YYYY-MM-DD); `datetime` (YYYY-MM-DDThh:mm:ss[.sss]Z, UTC);
 * `year` (YYYY); `enum` (one of `values`); `bool` (true or false); `list` (comma list of strings);
 * `grades` (comma list of CEDS grade codes); `float`.
 */
export type ColumnFormat = 'id' | `ref:${string}` | `refs:${string}` | 'string' | 'date' | 'datetime' | 'year' | 'enum' | 'bool' | 'list' | 'grades' | 'float';

export interface ColumnRule {
  name: string;
  /** A value is required in every row (status and dateLastModified: in delta files only). */
  required: boolean | 'delta';
  format: ColumnFormat;
  values?: readonly string[];
}

export interface FileRule {
  /** The spec's file name without `.csv`. */
  file: string;
  columns: ColumnRule[];
}

/** OneRoster's status values; `inactive` was OneRoster 1.0's and is kept below as retired. */
export const STATUS_VALUES = ['active', 'tobedeleted'] as const;

/** Values earlier OneRoster versions allowed that 1.2 dropped: a reader may still take them, so they are warnings. */
export const RETIRED_VALUES: Record<string, readonly string[]> = {
  status: ['inactive'],
};

/** The CEDS grade levels the binding's `grades` columns use. */
export const CEDS_GRADES = ['IT', 'PR', 'PK', 'TK', 'KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', 'PS', 'UG', 'Other'] as const;

export const BOOLEAN_VALUES = ['true', 'false'] as const;

const col = (name: string, format: ColumnFormat, required: boolean | 'delta' = false, values?: readonly string[]): ColumnRule => ({ name, required, format, ...(values ? { values } : {}) });

/** The three columns every data file starts with. */
const COMMON: ColumnRule[] = [col('sourcedId', 'id', true), col('status', 'enum', 'delta', STATUS_VALUES), col('dateLastModified', 'datetime', 'delta')];

export const ROLE_VALUES = ['aide', 'counselor', 'districtAdministrator', 'guardian', 'parent', 'principal', 'proctor', 'relative', 'siteAdministrator', 'student', 'systemAdministrator', 'teacher'] as const;

export const FILE_RULES: readonly FileRule[] = [
  {
    file: 'academicSessions',
    columns: [
      ...COMMON,
      col('title', 'string', true),
      col('type', 'enum', true, ['gradingPeriod', 'semester', 'schoolYear', 'term']),
      col('startDate', 'date', true),
      col('endDate', 'date', true),
      col('parentSourcedId', 'ref:academicSessions'),
      col('schoolYear', 'year', true),
    ],
  },
  {
    file: 'classes',
    columns: [
      ...COMMON,
      col('title', 'string', true),
      col('grades', 'grades'),
      col('courseSourcedId', 'ref:courses', true),
      col('classCode', 'string'),
      col('classType', 'enum', true, ['homeroom', 'scheduled']),
      col('location', 'string'),
      col('schoolSourcedId', 'ref:orgs', true),
      col('termSourcedIds', 'refs:academicSessions', true),
      col('subjects', 'list'),
      col('subjectCodes', 'list'),
      col('periods', 'list'),
    ],
  },
  {
    file: 'courses',
    columns: [...COMMON, col('schoolYearSourcedId', 'ref:academicSessions'), col('title', 'string', true), col('courseCode', 'string'), col('grades', 'grades'), col('orgSourcedId', 'ref:orgs', true), col('subjects', 'list'), col('subjectCodes', 'list')],
  },
  {
    file: 'demographics',
    columns: [
      ...COMMON,
      col('birthDate', 'date'),
      col('sex', 'enum', false, ['female', 'male', 'other', 'unspecified']),
      col('americanIndianOrAlaskaNative', 'bool'),
      col('asian', 'bool'),
      col('blackOrAfricanAmerican', 'bool'),
      col('nativeHawaiianOrOtherPacificIslander', 'bool'),
      col('white', 'bool'),
      col('demographicRaceTwoOrMoreRaces', 'bool'),
      col('hispanicOrLatinoEthnicity', 'bool'),
      col('countryOfBirthCode', 'string'),
      col('stateOfBirthAbbreviation', 'string'),
      col('cityOfBirth', 'string'),
      col('publicSchoolResidenceStatus', 'string'),
    ],
  },
  {
    file: 'enrollments',
    columns: [
      ...COMMON,
      col('classSourcedId', 'ref:classes', true),
      col('schoolSourcedId', 'ref:orgs', true),
      col('userSourcedId', 'ref:users', true),
      col('role', 'enum', true, ['administrator', 'proctor', 'student', 'teacher']),
      col('primary', 'bool'),
      col('beginDate', 'date'),
      col('endDate', 'date'),
    ],
  },
  {
    file: 'orgs',
    columns: [...COMMON, col('name', 'string', true), col('type', 'enum', true, ['department', 'school', 'district', 'local', 'state', 'national']), col('identifier', 'string'), col('parentSourcedId', 'ref:orgs')],
  },
  {
    file: 'roles',
    columns: [
      ...COMMON,
      col('userSourcedId', 'ref:users', true),
      col('roleType', 'enum', true, ['primary', 'secondary']),
      col('role', 'enum', true, ROLE_VALUES),
      col('beginDate', 'date'),
      col('endDate', 'date'),
      col('orgSourcedId', 'ref:orgs', true),
      col('userProfileSourcedId', 'ref:userProfiles'),
    ],
  },
  {
    file: 'userProfiles',
    columns: [
      ...COMMON,
      col('userSourcedId', 'ref:users', true),
      col('profileType', 'string', true),
      col('vendorId', 'string', true),
      col('applicationId', 'string'),
      col('description', 'string'),
      col('credentialType', 'string', true),
      col('username', 'string', true),
      col('password', 'string'),
    ],
  },
  {
    file: 'users',
    columns: [
      ...COMMON,
      col('enabledUser', 'bool', true, BOOLEAN_VALUES),
      col('username', 'string', true),
      col('userIds', 'list'),
      col('givenName', 'string', true),
      col('familyName', 'string', true),
      col('middleName', 'string'),
      col('identifier', 'string'),
      col('email', 'string'),
      col('sms', 'string'),
      col('phone', 'string'),
      col('agentSourcedIds', 'refs:users'),
      col('grades', 'grades'),
      col('password', 'string'),
      col('userMasterIdentifier', 'string'),
      col('preferredGivenName', 'string'),
      col('preferredMiddleName', 'string'),
      col('preferredFamilyName', 'string'),
      col('primaryOrgSourcedId', 'ref:orgs'),
      col('pronouns', 'string'),
    ],
  },
  {
    file: 'resources',
    columns: [...COMMON, col('vendorResourceId', 'string', true), col('title', 'string'), col('roles', 'list'), col('importance', 'enum', false, ['primary', 'secondary']), col('vendorId', 'string'), col('applicationId', 'string')],
  },
  { file: 'classResources', columns: [...COMMON, col('title', 'string'), col('classSourcedId', 'ref:classes', true), col('resourceSourcedId', 'ref:resources', true)] },
  { file: 'courseResources', columns: [...COMMON, col('title', 'string'), col('courseSourcedId', 'ref:courses', true), col('resourceSourcedId', 'ref:resources', true)] },
  { file: 'userResources', columns: [...COMMON, col('userSourcedId', 'ref:users', true), col('resourceSourcedId', 'ref:resources', true), col('applicationId', 'string')] },
];

/**
 * Every file a 1.2 manifest lists (`file.<name>`). The gradebook files (categories, lineItems,
 * results, score scales, learning-objective links) are listed but their columns are not in this
 * table: a bundle that carries one is told it was not checked.
 */
export const MANIFEST_FILES = [
  'academicSessions',
  'categories',
  'classes',
  'classResources',
  'courses',
  'courseResources',
  'demographics',
  'enrollments',
  'lineItemLearningObjectiveIds',
  'lineItems',
  'lineItemScoreScales',
  'orgs',
  'resources',
  'resultLearningObjectiveIds',
  'results',
  'resultScoreScales',
  'roles',
  'scoreScales',
  'userProfiles',
  'userResources',
  'users',
] as const;

/** The manifest's own properties and what each must hold. */
export const MANIFEST_PROPERTIES = { 'manifest.version': '1.0', 'oneroster.version': '1.2' } as const;

export const MANIFEST_MODES = ['bulk', 'delta', 'absent'] as const;

export function fileRule(file: string): FileRule | undefined {
  return FILE_RULES.find((r) => r.file === file);
}

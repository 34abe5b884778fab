import type { EntityMapping } from '../../../../shared/model/mapping';
import type { FieldContract, TargetContract } from '../../target/contract';
import { normalizeName } from '../profiling/column-hints';

/**
 * Which Academia Pro entity a legacy table probably becomes, and which target field a column
 * probably feeds: from the project's mappings when there are any, else from names. The guess
 * decides only what the target would say about the data (an enum the values must be in, a field
 * that must not be empty); it never maps anything.
 */
export interface TargetField {
  entity: string;
  field: string;
  required: boolean;
  enum?: string[];
  format?: string;
  /** `mapping` when a saved mapping says so, `name` when guessed from the table and column names. */
  source: 'mapping' | 'name';
}

/** Table-name words per entity (normalised: lower-case letters and digits). */
const ENTITY_NAMES: Record<string, string[]> = {
  schools: ['school', 'schools', 'schoolinfo', 'schooldetails', 'institution', 'institutions', 'campus', 'campuses'],
  'academic-years': ['academicyear', 'academicyears', 'schoolyear', 'schoolyears', 'acadyear', 'acadyears', 'sessions'],
  terms: ['term', 'terms', 'semester', 'semesters', 'markingperiod', 'markingperiods'],
  students: ['student', 'students', 'pupil', 'pupils', 'learner', 'learners', 'child', 'children', 'studentinfo', 'pupilinfo'],
  guardians: ['guardian', 'guardians', 'parent', 'parents', 'contact', 'contacts', 'carer', 'carers', 'familycontacts', 'studentcontacts', 'people'],
  'student-guardians': ['studentguardian', 'studentguardians', 'studentparent', 'studentparents', 'pupilcontacts', 'studentsjoinpeople', 'studentcontactrelationships'],
  staff: ['staff', 'staffs', 'teacher', 'teachers', 'employee', 'employees', 'staffmembers', 'personnel', 'faculty'],
  courses: ['course', 'courses', 'subject', 'subjects', 'coursecatalog'],
  classes: ['class', 'classes', 'section', 'sections', 'coursesection', 'coursesections', 'courseperiods', 'teachinggroups'],
  'class-teachers': ['classteacher', 'classteachers', 'sectionteachers', 'classstaff'],
  'timetable-periods': ['timetable', 'timetables', 'timetableperiods', 'periods', 'bellschedule'],
  enrollments: ['enrollment', 'enrollments', 'enrolment', 'enrolments', 'classenrol', 'classenrolment', 'enrol', 'roster', 'rosters', 'schedule', 'classmembers', 'studentenrollment'],
  attendance: ['attendance', 'attendances', 'attendanceperiod', 'register', 'registers', 'attendancerecords', 'dailyattendance'],
  grades: ['grade', 'grades', 'mark', 'marks', 'result', 'results', 'score', 'scores', 'gradebook', 'gradebookgrades', 'studentgrades', 'assessmentresults'],
  'fee-invoices': ['invoice', 'invoices', 'fee', 'fees', 'bill', 'bills', 'billing', 'charges', 'feeinvoices', 'studentfees'],
  payments: ['payment', 'payments', 'receipt', 'receipts', 'transactions', 'feepayments'],
};

/** Column-name words per target field, beside the field's own name. */
const FIELD_NAMES: Record<string, string[]> = {
  firstName: ['forename', 'firstname', 'givenname', 'fname', 'first', 'christianname'],
  lastName: ['surname', 'lastname', 'familyname', 'lname', 'last'],
  middleName: ['middlename', 'middlenames', 'middle', 'mname'],
  preferredName: ['prefname', 'preferredname', 'knownas', 'nickname'],
  birthDate: ['dob', 'dateofbirth', 'birthdate', 'birthday', 'bdate', 'birthdt'],
  gender: ['sex', 'gender', 'gendercode', 'sexcode'],
  gradeLevel: ['grade', 'gradelevel', 'yeargroup', 'year', 'yr', 'ncyear', 'gradelvl', 'currentgrade'],
  enrollmentStatus: ['status', 'enrolmentstatus', 'enrollmentstatus', 'enrolstatus', 'studentstatus', 'pupilstatus'],
  employmentStatus: ['status', 'employmentstatus', 'empstatus', 'staffstatus'],
  relationship: ['relationship', 'relation', 'relationtype', 'relationshiptype', 'rel'],
  role: ['role', 'position', 'stafftype', 'staffrole', 'jobrole'],
  method: ['method', 'paymentmethod', 'paytype', 'paymenttype'],
  dayOfWeek: ['day', 'dayofweek', 'weekday', 'dow'],
  email: ['email', 'emailaddress', 'mail', 'eMail'.toLowerCase()],
  phone: ['phone', 'telephone', 'tel', 'mobile', 'phonenumber'],
  entryDate: ['admissiondate', 'entrydate', 'startdate', 'enroldate', 'dateofadmission'],
  homeLanguage: ['homelang', 'homelanguage', 'language', 'firstlanguage'],
};

/** The entity a table probably becomes, or null when its name says nothing. */
export function guessEntity(table: string, contract: TargetContract): string | null {
  const base = table.includes('.') ? table.slice(table.lastIndexOf('.') + 1) : table;
  const n = normalizeName(base).replace(/^(?:tbl|tb|t|dbo)(?=[a-z]{3})/, '');
  let best: { entity: string; score: number } | null = null;
  for (const [entity, names] of Object.entries(ENTITY_NAMES)) {
    if (!contract.hasEntity(entity)) continue;
    for (const name of names) {
      const score = n === name ? 100 + name.length : n.endsWith(name) && name.length >= 4 ? 50 + name.length : n.startsWith(name) && name.length >= 5 ? 25 + name.length : 0;
      if (score > 0 && (!best || score > best.score)) best = { entity, score };
    }
  }
  return best?.entity ?? null;
}

/**
 * Resolves tables and columns to target fields once per assessment: mappings first, names
 * second. Fields the server sets (id, version…) are never a column's target.
 */
export class TargetFieldResolver {
  private readonly entityByTable = new Map<string, string | null>();

  constructor(
    private readonly contract: TargetContract,
    private readonly mappings: readonly EntityMapping[] = [],
  ) {}

  entityFor(table: string): string | null {
    const mapped = this.mappings.find((m) => m.stream === table);
    if (mapped && this.contract.hasEntity(mapped.entity)) return mapped.entity;
    if (!this.entityByTable.has(table)) this.entityByTable.set(table, guessEntity(table, this.contract));
    return this.entityByTable.get(table) ?? null;
  }

  /** The mapping of a table, if the project has one. */
  mappingFor(table: string): EntityMapping | undefined {
    return this.mappings.find((m) => m.stream === table && this.contract.hasEntity(m.entity));
  }

  fieldFor(table: string, column: string): TargetField | null {
    const mapping = this.mappingFor(table);
    if (mapping) {
      const fm = mapping.fields.find((f) => f.column === column);
      if (!fm) return null;
      const field = this.contract.entity(mapping.entity).fields.find((f) => f.name === fm.field);
      return field ? toTarget(mapping.entity, field, 'mapping') : null;
    }
    const entity = this.entityFor(table);
    if (!entity) return null;
    const n = normalizeName(column);
    const fields = this.contract.entity(entity).fields.filter((f) => !f.readOnly && f.name !== 'externalId');
    const direct = fields.find((f) => normalizeName(f.name) === n);
    if (direct) return toTarget(entity, direct, 'name');
    const bySynonym = fields.find((f) => FIELD_NAMES[f.name]?.includes(n));
    return bySynonym ? toTarget(entity, bySynonym, 'name') : null;
  }

  get targetContract(): TargetContract {
    return this.contract;
  }
}

function toTarget(entity: string, field: FieldContract, source: TargetField['source']): TargetField {
  const target: TargetField = { entity, field: field.name, required: field.required, source };
  if (field.enum) target.enum = field.enum.filter((v): v is string => typeof v === 'string');
  if (field.format) target.format = field.format;
  return target;
}

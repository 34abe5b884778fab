import type { EntityMapping } from '../../../../shared/model/mapping';
import type { FieldContract, TargetContract } from '../../../../academia-api/contract';
import { entityByName, type Recognition } from '../../suggest/recognise-entities';
import { targetModelOf } from '../../academia/target-model';
import { normalizeName } from '../../values/column-hints';

/**
 * Which Academia Pro entity a legacy table probably becomes, and which target field a column
 * probably feeds: from the project's mappings when there are any, else from the entity
 * recogniser (suggest/recognise-entities.ts: names, columns, link tables, backups,
 * shared person tables), else from the table's name alone. The guess
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

/** The entity a table's name says it becomes, or null when its name says nothing (no catalog at hand). */
export function guessEntity(table: string, contract: TargetContract): string | null {
  return entityByName(table, targetModelOf(contract));
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
    private readonly recognition: Recognition | null = null,
  ) {}

  entityFor(table: string): string | null {
    const mapped = this.mappings.find((m) => m.stream === table);
    if (mapped && this.contract.hasEntity(mapped.entity)) return mapped.entity;
    if (!this.entityByTable.has(table)) this.entityByTable.set(table, this.recognition ? this.recognition.entityOf(table) : guessEntity(table, this.contract));
    return this.entityByTable.get(table) ?? null;
  }

  /**
   * Every entity an unmapped table feeds, as the recogniser chose them, with the row filter of
   * each (a shared person table gives one per role). Empty for a mapped table or without a catalog.
   */
  entitiesFor(table: string): { entity: string; filter?: { column: string; values?: string[] } }[] {
    if (!this.recognition || this.mappings.some((m) => m.stream === table)) return [];
    return this.recognition.choices.filter((c) => c.stream === table).map((c) => (c.filter ? { entity: c.entity, filter: c.filter } : { entity: c.entity }));
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
    // `SexDescriptor`, `GradeLevelDescriptorId` (Ed-Fi) name the field their descriptor codes.
    const n = normalizeName(column).replace(/(?<=.)descriptor(?:id)?$/, '');
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

import type { EntityMapping } from '../../../../shared/model/mapping';
import type { FieldContract, TargetContract } from '../../../../academia-api/contract';
import { entityByName, type Recognition } from '../../suggest/recognise-entities';
import { targetModelOf } from '../../academia/target-model';
import { normalizeName } from '../../values/column-hints';
import { mappingKeepsRow, rowFilterColumns } from '../../mapping/row-filter';
import type { RowFilterSuggestion } from '../../../../shared/model/suggestion';
import type { RoleDefinition, RowSelector } from '../profiling/role-split';

/** One role of a table read as several entities, and the field each column feeds for it. */
export interface TableRole extends RoleDefinition {
  /** The mapping whose rows these are, for a role a mapping defines. */
  mappingId?: string;
  targetOf(column: string): TargetField | null;
}

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
  entitiesFor(table: string): { entity: string; filter?: RowFilterSuggestion }[] {
    if (!this.recognition || this.mappings.some((m) => m.stream === table)) return [];
    return this.recognition.choices.filter((c) => c.stream === table).map((c) => (c.filter ? { entity: c.entity, filter: c.filter } : { entity: c.entity }));
  }

  /**
   * The roles of a table read as several entities, each with the rows it holds and the target
   * field a column feeds for it: the mappings of a stream that several mappings read, or one
   * mapping with filters; else the recogniser's roles of a shared people table (a role column's
   * values, or membership). Null when one entity reads the whole table (the usual case).
   */
  rolesOf(table: string): TableRole[] | null {
    const mapped = this.mappings.filter((m) => m.stream === table && this.contract.hasEntity(m.entity));
    if (mapped.length) {
      if (mapped.length < 2 && !mapped.some((m) => m.filters?.length)) return null;
      return mapped.map((m) => ({
        entity: m.entity,
        mappingId: m.id,
        label: m.filters?.length || m.skipWhen?.length ? `the rows the ${m.entity} mapping keeps` : `every row (the ${m.entity} mapping)`,
        rows: m.filters?.length || m.skipWhen?.length ? { kind: 'test', columns: rowFilterColumns(m), test: mappingKeepsRow(m) } : { kind: 'all' },
        targetOf: (column: string) => this.mappedField(m, column),
      }));
    }
    const choices = this.entitiesFor(table);
    if (choices.length < 2 || !choices.some((c) => c.filter)) return null;
    return choices.map(({ entity, filter }) => {
      const rows: RowSelector = !filter
        ? { kind: 'all' }
        : filter.values?.length
          ? { kind: 'values', column: filter.column, values: filter.values }
          : filter.inStream && filter.inColumn
            ? { kind: 'members', column: filter.column, inStream: filter.inStream, inColumn: filter.inColumn }
            : { kind: 'all' };
      const label = rows.kind === 'values' ? `${rows.column} is ${rows.values.join(' or ')}` : rows.kind === 'members' ? `the rows ${rows.inStream}.${rows.inColumn} points at` : 'every row';
      return { entity, label, rows, targetOf: (column: string) => this.guessedField(entity, column) };
    });
  }

  /** The mapping of a table, if the project has one. */
  mappingFor(table: string): EntityMapping | undefined {
    return this.mappings.find((m) => m.stream === table && this.contract.hasEntity(m.entity));
  }

  fieldFor(table: string, column: string): TargetField | null {
    const mapping = this.mappingFor(table);
    if (mapping) return this.mappedField(mapping, column);
    const entity = this.entityFor(table);
    return entity ? this.guessedField(entity, column) : null;
  }

  /** The field a mapping feeds from a column. */
  private mappedField(mapping: EntityMapping, column: string): TargetField | null {
    const fm = mapping.fields.find((f) => f.column === column);
    if (!fm) return null;
    const field = this.contract.entity(mapping.entity).fields.find((f) => f.name === fm.field);
    return field ? toTarget(mapping.entity, field, 'mapping') : null;
  }

  /** The field of an entity a column's name says it feeds. */
  private guessedField(entity: string, column: string): TargetField | null {
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

/**
 * The Academia Pro target as plain data: every entity of one API version with its fields,
 * types, formats, enums, required fields and references, read from that version's OpenAPI
 * document (src/main/engine/academia/target-model.ts builds it). Plain JSON on purpose, so the
 * mapping screen, the CLI and suggestions share one description of what the target accepts.
 */
export interface TargetModelField {
  name: string;
  /** JSON type without null: string, integer, number, boolean, array, object. */
  type: string;
  /** date, date-time, email, decimal (a decimal number as a string) … */
  format?: string;
  enum?: string[];
  maxLength?: number;
  /** For arrays: the JSON type of the items. */
  itemType?: string;
  description?: string;
  required: boolean;
  nullable: boolean;
  /** Personal data: masked in grids and logs. */
  personal: boolean;
  /** Set by the server (id, version, createdAt…); never mapped. */
  readOnly: boolean;
  /** The entity whose externalId this field holds (x-references), when it is a reference. */
  references?: string;
}

export interface TargetModelEntity {
  /** Path segment and `entity` value, e.g. `student-guardians`. */
  name: string;
  title: string;
  /** `global` (schools) or `school` (written under a school). */
  scope: 'global' | 'school';
  required: string[];
  fields: TargetModelField[];
  references: { field: string; entity: string }[];
  /** Entities this one is loaded after. */
  dependsOn: string[];
}

export interface TargetModel {
  apiVersion: string;
  /** The document's own version (info.version). */
  documentVersion: string;
  /** In load order: referenced entities before the ones that reference them. */
  entities: TargetModelEntity[];
}

import type { EntityMapping } from './mapping';

/** A mapping as `create` / `update` take it: the id and time are the engine's to give. */
export type EntityMappingInput = Omit<EntityMapping, 'id' | 'updatedAt'> & { id?: string };

/** One saved version of a mapping: who changed what, when. */
export interface MappingVersionInfo {
  mappingId: string;
  /** 1, 2, 3… per mapping; a deleted mapping keeps its history, its last version says `delete`. */
  version: number;
  /** ISO 8601. */
  at: string;
  /** The OS account and computer (`jdoe@OFFICE-PC`). */
  actor: string;
  action: 'create' | 'update' | 'delete' | 'adopt-fix' | 'import' | 'migrate';
  /** One sentence: what changed (fields added, removed or changed; key; joins; filters). */
  change: string;
  /** SHA-256 of the spec's canonical JSON (without `updatedAt`). */
  hash: string;
}

/** A sign-off of one mapping version. Any later edit voids it (`valid` false). */
export interface MappingSignOffInfo {
  mappingId: string;
  version: number;
  hash: string;
  /** The OS account and computer of whoever signed. */
  account: string;
  /** The display name from Settings at the time, or null when none was set. */
  displayName: string | null;
  at: string;
  /** False once the mapping changed after the sign-off (or was deleted). */
  valid: boolean;
  /** The mapping's current version (equal to `version` while the sign-off holds). */
  currentVersion: number | null;
}

/** A mapping's history with its latest sign-off. */
export interface MappingHistory {
  versions: MappingVersionInfo[];
  signOff: MappingSignOffInfo | null;
}

/** One check remark on a mapping's plan, with its place (`field birthDate`, `settings.stream`, `joins[0].on`…). */
export interface MappingRemark {
  level: 'error' | 'warning' | 'info';
  /** The stage that made the remark (read, join, filter, map, validate…). */
  stage: string;
  place: string;
  message: string;
}

export interface MappingValidation {
  mappingId: string | null;
  entity: string;
  /** True when no remark is an error. */
  ok: boolean;
  remarks: MappingRemark[];
}

/** One target field of a mapping's output, described without reading any data. */
export interface OutputFieldInfo {
  field: string;
  type: string;
  format: string | null;
  enum: string[] | null;
  required: boolean;
  /** Masked in grids and logs (x-personal-data). */
  personal: boolean;
  /** The entity whose externalId the field holds, if it is a reference. */
  references: string | null;
  /** What feeds it: a column (or the key columns, for externalId), a constant, or nothing. */
  fedBy: { columns: string[]; transforms: string[] } | null;
}

export interface MappingOutputDescription {
  mappingId: string | null;
  entity: string;
  fields: OutputFieldInfo[];
  /** Required fields nothing feeds: every record would be rejected. */
  requiredUnfed: string[];
  /** True when every required field is fed. */
  complete: boolean;
}

export type PreviewOutcome = 'valid' | 'warnings' | 'rejected';

/** One previewed record: what would be sent, and whether it would pass. */
export interface MappingPreviewRow {
  /** 1-based row of the driving stream. */
  sourceRow: number | null;
  externalId: string | null;
  outcome: PreviewOutcome;
  /** The record's fields as they would be sent (personal fields masked unless Settings say otherwise). */
  fields: Record<string, unknown>;
  /** Why the row would be rejected: stage, field and message. */
  reasons: { stage: string; field: string | null; message: string; code?: string }[];
  /** What would pass but deserves a look (a source value that mapped to nothing). */
  warnings: { field: string; message: string }[];
}

export interface MappingPreview {
  mappingId: string | null;
  entity: string;
  rows: MappingPreviewRow[];
  /** Rows left out before mapping (filters, skip rules, inner joins without a match). */
  skipped: number;
  /** True when personal fields were masked. */
  masked: boolean;
}

/** A file of exported mappings (`mapping export`), readable by `mapping import`. */
export interface MappingExportFile {
  format: 'academia-studio.mappings';
  formatVersion: 1;
  exportedAt: string;
  mappings: EntityMapping[];
}

/**
 * A transform applied on a field edge, in order. Kept declarative so it can be saved and shown.
 * Text transforms (trim, fixMojibake, titleCase, parseDate, crosswalk, padStart) act on each item
 * of a list made by `split`. Semantics: src/main/engine/mapping/transforms.ts.
 */
export type FieldTransform =
  | { kind: 'trim' }
  | { kind: 'fixMojibake' }
  /** `onlyIfAllCaps`: leave text that already has lower-case letters alone ("McDonald", "de la Cruz"). */
  | { kind: 'titleCase'; onlyIfAllCaps?: boolean }
  /** First format that gives a real date wins; `sentinels` (default: 1900-01-01 and friends) become null. */
  | { kind: 'parseDate'; formats: string[]; sentinels?: string[] }
  | { kind: 'crosswalk'; table: Record<string, string>; fallback?: 'keep' | 'null' | 'reject' }
  | { kind: 'padStart'; length: number; char: string }
  | { kind: 'constant'; value: string }
  | { kind: 'concat'; columns: string[]; separator: string }
  | { kind: 'emptyToNull' }
  /** A packed list ("Peanuts, Eggs") becomes an array of its trimmed, non-empty items. */
  | { kind: 'split'; separator: string };

/** Every transform kind, in the order the mapping screen offers them. */
export const FIELD_TRANSFORM_KINDS = ['trim', 'fixMojibake', 'titleCase', 'parseDate', 'crosswalk', 'padStart', 'constant', 'concat', 'emptyToNull', 'split'] as const satisfies readonly FieldTransform['kind'][];

/** One target field fed from a source column (or a constant) through transforms. */
export interface FieldMapping {
  field: string;
  column: string | null;
  transforms: FieldTransform[];
}

/** How one source stream becomes one Academia Pro entity. */
export interface EntityMapping {
  id: string;
  entity: string;
  connectionId: string;
  stream: string;
  /** Source column(s) that identify a row; becomes `externalId`. */
  keyColumns: string[];
  fields: FieldMapping[];
  /** A SQL-free row filter: rows whose column equals one of these values are skipped. */
  skipWhen?: { column: string; values: string[] }[];
  /** Assessment findings whose suggested fix was adopted into this mapping (the Assessment screen shows them as adopted). */
  adoptedFixes?: AdoptedFix[];
  updatedAt: string;
}

/** One finding's fix adopted into a mapping: which finding, and when. */
export interface AdoptedFix {
  code: string;
  table: string;
  column: string | null;
  /** ISO 8601. */
  at: string;
}

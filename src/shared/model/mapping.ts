import type { FieldTransform } from '../transforms/registry';
import { TRANSFORM_KINDS } from '../transforms/registry';

/**
 * A transform applied on a field edge, in order. Kept declarative so it can be saved and shown.
 * The type is derived from the registered transforms (src/shared/transforms/registry.ts); what
 * each one does: src/main/engine/mapping/transforms/.
 */
export type { FieldTransform, TransformKind } from '../transforms/registry';

/** Every transform kind, in the order the mapping screen offers them. */
export const FIELD_TRANSFORM_KINDS = TRANSFORM_KINDS;

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

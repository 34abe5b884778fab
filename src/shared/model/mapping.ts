import type { FieldTransform } from '../transforms/registry';
import { TRANSFORM_KINDS } from '../transforms/registry';
import type { MappingRule } from './mapping-rules';

export type { MappingRule } from './mapping-rules';

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
  /** 2 when the mapping uses the plan additions below (joins, filters, fan-out); absent means 1. */
  specVersion?: 1 | 2;
  /** Streams joined onto `stream` by key, in order (see MappingJoin). */
  joins?: MappingJoin[];
  /** Rows must satisfy every filter to be kept (the count of those left out is kept per filter). */
  filters?: MappingFilter[];
  /** One source row → several records (see MappingFanOut). */
  fanOut?: MappingFanOut;
  /** Checks beyond the target's schema, run by the validate stage (src/shared/model/mapping-rules.ts). */
  rules?: MappingRule[];
}

/** One finding's fix adopted into a mapping: which finding, and when. */
export interface AdoptedFix {
  code: string;
  table: string;
  column: string | null;
  /** ISO 8601. */
  at: string;
}

// ── Mapping plan (spec version 2, docs/mapping.md "Mapping plan") ─────────────────────────────
// Everything below is optional on `EntityMapping`: a stored mapping without it is a version-1
// spec (one stream, `skipWhen`) and keeps working unchanged.

/**
 * Another stream joined onto the driving one by key. Its columns arrive as `<as>.<column>`
 * (`family.CONSENT`), so a field can read them and two joins never collide.
 */
export interface MappingJoin {
  /** Name the joined columns are prefixed with (`family` → `family.CONSENT`). */
  as: string;
  /** Defaults to the mapping's own connection; another one joins across two sources. */
  connectionId?: string;
  stream: string;
  /** Driving column = joined column, all of them (a composite key). */
  on: { column: string; joinColumn: string }[];
  /** `left` (default) keeps a driving row without a match, its joined columns null; `inner` leaves it out, counted. */
  kind?: 'left' | 'inner';
  /** `one` (default, a lookup): two joined rows with the same key reject the driving row as ambiguous; `many`: one row per match. */
  match?: 'one' | 'many';
}

/** A filter's comparison. Text is compared trimmed and case-insensitively, as `skipWhen` does. */
export type MappingFilterOp = 'equals' | 'notEquals' | 'in' | 'notIn' | 'isEmpty' | 'isNotEmpty';

/** A predicate a row must satisfy to be kept; rows left out are counted (skipped) under the filter's label. */
export interface MappingFilter {
  column: string;
  op: MappingFilterOp;
  values?: string[];
  /** Words for the count ("consent withheld"); defaults to the predicate itself. */
  label?: string;
}

/**
 * One source row becomes several (`mother_*` / `father_*` columns → two guardians). Each branch
 * copies its columns under the names the fields read (`columns`: source column → name) and sets
 * `fanOut.branch` to its name, so a key `[PUPIL_NO, fanOut.branch]` tells the records apart; a
 * branch is left out (counted skipped) when its `requireColumn` is empty (no father given).
 */
export interface MappingFanOut {
  branches: { name: string; columns: Record<string, string>; constants?: Record<string, string>; requireColumn?: string }[];
}

/** Mapping spec versions this studio reads; a mapping without `specVersion` is version 1. */
export const MAPPING_SPEC_VERSIONS = [1, 2] as const;

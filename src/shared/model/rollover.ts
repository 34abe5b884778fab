import { z } from 'zod';
import type { SyncChangeCount, SyncHold } from './sync';

/**
 * The school-year rollover (issue 22 point 7; docs/rollover.md): after go-live, the next school
 * year is planned from what Academia Pro holds — grade levels promoted, leavers graduated or
 * withdrawn, the year and its terms added, classes, their teachers and enrolments carried forward
 * — by rules kept as data, previewed through the change gate, and applied only when every held
 * category is approved.
 */

/** What happens to students in the last grade level (those the progression sends nowhere). */
export const LEAVER_ACTIONS = ['graduated', 'withdrawn'] as const;
export type LeaverAction = (typeof LEAVER_ACTIONS)[number];

/** Which term of the new year a carried class belongs to: the counterpart of its own, or the year's first. */
export const CLASS_TERM_RULES = ['first', 'matching'] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const rolloverRulesSchema = z
  .object({
    /** The new school year's name (e.g. 2025/26); default: the current one's, each year moved on by one. */
    schoolYear: z.string().trim().min(1).max(40).nullable().optional(),
    /**
     * Grade level → the one that follows it, or null for leavers. Default: the order of Academia
     * Pro's grade-level values (PK → KG → 01 … → 13 → leaves), or a named crosswalk's table.
     */
    progression: z.record(z.string().max(20), z.string().max(20).nullable()).nullable().optional(),
    /** A project crosswalk (grade → next grade; an empty value: leaves) to take the progression from. */
    progressionCrosswalk: z.string().max(100).nullable().optional(),
    leavers: z.object({ action: z.enum(LEAVER_ACTIONS), date: isoDate.nullable().optional() }).strict().optional(),
    classTerm: z.enum(CLASS_TERM_RULES).optional(),
    carry: z.object({ classes: z.boolean(), classTeachers: z.boolean(), enrollments: z.boolean() }).strict().optional(),
  })
  .strict();

export type RolloverRulesInput = z.infer<typeof rolloverRulesSchema>;

/** The rules as the plan used them, every default filled in. */
export interface RolloverRules {
  schoolYear: string | null;
  progression: Record<string, string | null>;
  /** Where the progression came from: the target model's grade levels, a crosswalk, or typed in. */
  progressionSource: 'target-model' | 'crosswalk' | 'rules';
  progressionCrosswalk: string | null;
  leavers: { action: LeaverAction; date: string | null };
  classTerm: (typeof CLASS_TERM_RULES)[number];
  carry: { classes: boolean; classTeachers: boolean; enrollments: boolean };
}

/** Something in the data or the rules that stops the rollover until fixed: where, and what to do. */
export interface RolloverProblem {
  code: 'NO_CURRENT_YEAR' | 'YEAR_EXISTS' | 'UNKNOWN_GRADE' | 'CLASS_WITHOUT_TERM' | 'CLASS_TERM_UNKNOWN' | 'BAD_RULE' | 'NO_TERMS';
  entity: string | null;
  externalId: string | null;
  field: string | null;
  message: string;
  fix: string;
}

/** One record the rollover adds or changes. */
export interface RolloverChange {
  entity: string;
  externalId: string;
  kind: 'insert' | 'update';
  /** The fields written (an update: only those that change). */
  fields: Record<string, unknown>;
  /** The same fields as the target holds them now (an update only). */
  before: Record<string, unknown> | null;
  /** Why, in words: "05 → 06", "graduates (last grade level)". */
  why: string;
}

export type RolloverStatus = 'blocked' | 'held' | 'ready' | 'applied' | 'nothing';

/** `migration rollover --json` and `migration.rollover*`. */
export interface RolloverPreview {
  status: RolloverStatus;
  /** Set when the preview was saved: what approving and applying refer to. */
  previewId: string;
  previewedAt: string;
  fromYear: { externalId: string; name: string } | null;
  toYear: { externalId: string; name: string; startDate: string; endDate: string } | null;
  rules: RolloverRules;
  changes: SyncChangeCount[];
  /** The plan in plain words, one sentence per kind of change. */
  summary: string[];
  /** The change gate's hold (categories `<entity>.<kind>`, each approved or not), or null. */
  held: SyncHold | null;
  problems: RolloverProblem[];
  /** A few changes of each entity and kind, to show what they look like. */
  samples: RolloverChange[];
  /** After apply: what the target answered, per entity. */
  applied: { at: string; by: string; results: { entity: string; created: number; updated: number; unchanged: number; rejected: number }[] } | null;
}

/** One applied rollover, kept in the project's history. */
export interface RolloverRecord {
  previewId: string;
  fromYear: string;
  toYear: string;
  appliedAt: string;
  by: string;
  changes: SyncChangeCount[];
  approved: string[];
  rejected: number;
}

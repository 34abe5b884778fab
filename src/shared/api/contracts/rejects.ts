import { z } from 'zod';

/**
 * The quarantine's first slice: a run's rejected rows, read page by page (`runs.rejects`) and
 * written to a CSV or xlsx file (`runs.exportRejects`, CLI `rejects`). Kept in a module of its own
 * (schemas and types together) so services.ts and schemas.ts only name it.
 *
 * A reject holds what the run kept of the row: the source columns its mapping reads (not the whole
 * source row), its 1-based source row number and key, and one reason per problem with the field,
 * the stage that rejected it and a stable code. Personal values (in the row and inside the
 * reasons' messages) are masked as previews mask them while the project's "mask personal data"
 * setting is on.
 */

const runId = z.string().min(1).max(200);
const filters = {
  entity: z.string().min(1).max(200).optional(),
  code: z.string().min(1).max(200).optional(),
  field: z.string().min(1).max(200).optional(),
};

export const rejectsRequestSchemas = {
  rejects: z
    .object({
      runId,
      ...filters,
      limit: z.number().int().min(1).max(10_000).optional(),
      offset: z.number().int().min(0).optional(),
      /** Page by key: the rejects after this id (what a scrolling grid asks for; cheap however deep). */
      afterId: z.number().int().min(0).optional(),
    })
    .strict(),
  exportRejects: z.object({ runId, out: z.string().min(1).max(4096), entity: filters.entity, overwrite: z.boolean().optional() }).strict(),
  fixRejects: z
    .object({
      runId,
      fixes: z
        .array(
          z
            .object({
              rejectId: z.number().int().min(1),
              /** The target field (as the reasons name it), e.g. `birthDate`. */
              field: z.string().min(1).max(200),
              /** The value the field takes in Academia Pro (dates `YYYY-MM-DD`); null or "" leaves it blank. Ignored with `remove`. */
              value: z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]).optional(),
              /** Forget the correction instead (the row goes back to what the mapping makes of the source). */
              remove: z.boolean().optional(),
            })
            .strict(),
        )
        .min(1)
        .max(10_000),
    })
    .strict(),
  rerunRejects: z.object({ runId, entities: z.array(z.string().min(1).max(200)).min(1).optional() }).strict(),
};

/** A value a person typed for one field of a reject (stored in the project file; the source is never touched). */
export interface RejectCorrection {
  field: string;
  /** Masked like the row while masking is on and the field is personal. */
  value: unknown;
  /** Who typed it (`user@computer`, as the audit trail names people) and when (ISO 8601). */
  by: string;
  at: string;
}

/** What the last re-run of rejects made of a reject. */
export interface RejectOutcome {
  /** `resolved`: it passed and was pushed; `failing`: rejected again (see `reasons`); `missing`: its row is no longer in the source. */
  status: 'resolved' | 'failing' | 'missing';
  rerunId: string;
  /** The reasons of the re-run that rejected it again (`failing`), else []. */
  reasons: RejectReason[];
  at: string;
}

/** Per entity: rejects not resolved yet and how many of them carry a correction. */
export interface RejectsPending {
  entity: string;
  pending: number;
  corrected: number;
}

/** `runs.fixRejects`: the rejects as they now stand. */
export interface RejectsFixed {
  runId: string;
  rows: RejectRecord[];
}

/** The stage that rejected a row. */
export type RejectStage = 'transform' | 'validate' | 'target';

/** One reason a row was rejected. */
export interface RejectReason {
  /** The target field at fault; null when the row as a whole is (an unreadable key). */
  field: string | null;
  stage: RejectStage;
  /** A stable code (`required`, `DUPLICATE_KEY`, `TARGET_REJECTED`…: as the rule that rejected it names it); `REJECTED` when the stage named none. */
  code: string;
  message: string;
  /** The value of the field when the row holds a column of that name (masked like the row), else null. */
  value: unknown;
}

/** One rejected row. */
export interface RejectRecord {
  /** The reject's number in the project file (stable: it orders the list). */
  id: number;
  entity: string;
  stage: RejectStage;
  /** The row's key (becomes externalId), when it got that far. */
  key: string | null;
  /** 1-based row number in the source read; null when the row is no source row (a record the target refused at the push). */
  sourceRow: number | null;
  reasons: RejectReason[];
  /** The columns the mapping reads, as kept (masked when personal). */
  row: Record<string, unknown>;
  /** Added with the quarantine's fix and re-run: the person's corrections ([] when none). */
  corrections?: RejectCorrection[];
  /** Added with the quarantine's fix and re-run: the last re-run's outcome, null before any. */
  outcome?: RejectOutcome | null;
}

/** `runs.rejects`: one page, the total matching the filters, and counts for the filters. */
export interface RejectsPage {
  runId: string;
  rows: RejectRecord[];
  /** Rejects matching entity, code and field. */
  total: number;
  /** The run's rejects of the chosen entity (or all) by reason code, most frequent first. */
  byCode: { code: string; count: number }[];
  /** The same by field (null: reasons naming no field). */
  byField: { field: string | null; count: number }[];
  /** Whether personal values were masked. */
  masked: boolean;
  /** Added with the quarantine's fix and re-run: per entity, rejects not resolved yet and how many are corrected. */
  pending?: RejectsPending[];
  /** Added with the quarantine's fix and re-run: the run this one re-ran the rejects of, or null. */
  rerunOf?: string | null;
}

/** `runs.exportRejects`: where the rejects were written. */
export interface RejectsExport {
  runId: string;
  file: string;
  format: 'csv' | 'xlsx';
  /** Rejected rows written (one line each). */
  rows: number;
  bytes: number;
  masked: boolean;
}

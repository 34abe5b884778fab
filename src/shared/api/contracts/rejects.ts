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
  rejects: z.object({ runId, ...filters, limit: z.number().int().min(1).max(10_000).optional(), offset: z.number().int().min(0).optional() }).strict(),
  exportRejects: z.object({ runId, out: z.string().min(1).max(4096), entity: filters.entity, overwrite: z.boolean().optional() }).strict(),
};

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

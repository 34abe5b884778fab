import { z } from 'zod';
import type { RunStatus } from '../../model/counters';
import type { ReconciliationLine } from '../../model/run';

/**
 * Reconciliation as a certificate (issue 18 point 8): per entity the counts of a run and the
 * field checksums of what it staged against what the target's list endpoints hold, with every
 * mismatch listed. Kept in a module of its own (schemas and types together) so the runs contract
 * only names it. Rules: docs/reconciliation.md.
 */

const runId = z.string().min(1).max(200);

export const reconcileRequestSchemas = {
  /** Reads the target back again, stores and answers the certificate. */
  reconcile: z.object({ runId }).strict(),
  /** The certificate as last stored (by the run or the last `reconcile`), without reading the target. */
  reconciliation: z.object({ runId, limit: z.number().int().min(1).max(100_000).optional(), offset: z.number().int().min(0).optional() }).strict(),
  /** The stored certificate rendered for download: HTML, PDF (printed from that HTML) or CSV. */
  reconciliationReport: z.object({ runId, format: z.enum(['html', 'pdf', 'csv']) }).strict(),
};

/** Why a record does not reconcile. */
export type MismatchKind =
  /** A field's value in the target differs from the staged value. */
  | 'field'
  /** The record was staged (and acknowledged, or never answered) but the target does not hold it. */
  | 'missing'
  /** The source row was merged into a survivor, yet the target still holds it as a record of its own. */
  | 'merged';

/** One mismatch (docs/conventions.md `reconcile --json`). */
export interface ReconciliationMismatch {
  entity: string;
  externalId: string;
  /** The field that differs; null when the whole record is at fault (`missing`, `merged`). */
  field: string | null;
  /** The staged value (the staged record's compared fields for `missing`; null for `merged`). */
  source: unknown;
  /** The value the target holds (null when it holds none; its compared fields for `merged`). */
  target: unknown;
  /** Additive: what kind of mismatch it is. */
  kind: MismatchKind;
  /** Additive, `merged` only: the externalId of the survivor the row was merged into. */
  survivor?: string;
}

/** `runs.reconcile` / `runs.reconciliation`: the document of `reconcile --json`. */
export interface ReconciliationDocument {
  runId: string;
  status: RunStatus;
  reconciliation: ReconciliationLine[];
  mismatches: ReconciliationMismatch[];
  /** Additive: when the target was last read back for this certificate (null: never, e.g. an older run). */
  checkedAt: string | null;
  /** Additive: every mismatch stored; `mismatches` may be a page of them (`limit`, `offset`). */
  mismatchesTotal: number;
  /** Additive: whether the run was a dry run (nothing pushed, so no target checksum). */
  dryRun: boolean;
}

/** A reconciliation report rendered for download (the same shape as an assessment report's). */
export interface ReconciliationReportFile {
  filename: string;
  contentType: string;
  /** UTF-8 text for HTML/CSV, base64 for PDF. */
  content: string;
  encoding: 'utf8' | 'base64';
}

/**
 * Assessment: what the studio learned about a source's data before migrating it. Shapes follow
 * docs/conventions.md (`assess --json`): severity error|warning|info, readiness score 0–100 (100 =
 * ready), confidence 0–1, `count` = affected rows (pairs, for duplicates).
 */
import type { FieldTransform } from './mapping';

export type Severity = 'error' | 'warning' | 'info';

/** Semantic types inferred by profiling, finer than the normalized column types. */
export type SemanticType =
  | 'integer'
  | 'decimal'
  | 'date'
  | 'datetime'
  | 'time'
  | 'boolean'
  | 'email'
  | 'phone'
  | 'postcode'
  | 'person-name'
  | 'code'
  | 'free-text'
  | 'identifier'
  | 'packed-list'
  | 'empty'
  | 'unknown';

export interface ValueCount {
  value: string;
  count: number;
}

/** One column's profile from a single streamed pass (bounded memory). */
export interface ColumnProfile {
  table: string;
  column: string;
  nativeType: string;
  semanticType: SemanticType;
  /** For dates: the formats seen, most common first (e.g. `dd/MM/yyyy`), and how d/m vs m/d was decided. */
  dateFormats?: { format: string; count: number }[];
  dateOrder?: { decided: 'dmy' | 'mdy' | 'ymd' | 'ambiguous'; evidence: string };
  rows: number;
  nulls: number;
  blanks: number;
  whitespaceOnly: number;
  untrimmed: number;
  distinct: number;
  /** True when `distinct` is exact; false when estimated (HyperLogLog above the threshold). */
  distinctExact: boolean;
  min?: string | number;
  max?: string | number;
  minLength?: number;
  maxLength?: number;
  meanLength?: number;
  topValues: ValueCount[];
  patterns: ValueCount[];
  sentinels: ValueCount[];
  mojibake: number;
  leadingZeros: number;
}

/** A suggested repair that the mapping can adopt in one click. */
export interface FindingFix {
  kind: 'transform' | 'crosswalk' | 'rule' | 'exclusion' | 'review';
  description: string;
  /** Machine-readable payload for the mapping (e.g. a FieldTransform, a crosswalk table). */
  payload?: unknown;
  /** For `transform` and `crosswalk` fixes: the transforms to append to the field fed by the finding's column, in order. */
  transforms?: FieldTransform[];
  /** The Academia Pro field the column feeds (from the project's mapping, or guessed from names), when known. */
  target?: { entity: string; field: string; source: 'mapping' | 'name' };
}

export interface Finding {
  code: string;
  severity: Severity;
  table: string;
  column: string | null;
  /** Affected rows (pairs, for duplicates). */
  count: number;
  message: string;
  /** Example rows or keys, personal data masked. */
  examples: Record<string, unknown>[];
  fix: FindingFix | null;
  /** True when the problem stops the migration until someone decides (a required field empty in every row): readiness lists it under `blockers`. */
  blocking?: boolean;
}

export interface Relationship {
  fromTable: string;
  fromColumns: string[];
  toTable: string;
  toColumns: string[];
  declared: boolean;
  /** 0–1: how sure an inferred relationship is. */
  confidence: number;
  orphans: number;
  orphanExamples: string[];
  /** Child rows holding a (non-blank) reference value: the base `orphans` is counted against. */
  referencingRows?: number;
  /** Share (0–1) of referencing rows whose value is among the parent's key values. */
  containment?: number;
  /** False when the parent had too many keys for an exact set: `orphans` is then a lower bound (Bloom filter, 0.1 % false positives). */
  orphansExact?: boolean;
  /** Why the relationship was inferred, in words. */
  reasons?: string[];
}

export interface DuplicateCandidate {
  table: string;
  /** Keys of the two rows (or table:key across tables). */
  left: string;
  right: string;
  /** 0–1 match score. */
  score: number;
  reasons: string[];
  decision?: 'same' | 'different' | null;
  /** Tables of the two rows (they differ for a match across tables, e.g. a member of staff who is also a guardian). */
  leftTable?: string;
  rightTable?: string;
  /** The cluster the pair belongs to (pairs chained by shared records): its smallest `table:key`. */
  cluster?: string;
}

export interface Readiness {
  /** 0–100; 100 = ready. */
  score: number;
  complexity: 'Low' | 'Medium' | 'High';
  effortDays: number;
  /** E.g. "1,200,000 attendance records at 600 requests/min in batches of 500 ≈ 4 min"; null when the target's limits are unknown. */
  pushEstimate: string | null;
  /** How the score was reached, line by line. */
  explanation: string[];
  perTable: { table: string; score: number; rows: number }[];
  /** The push estimate in minutes; null when it could not be made (the explanation says why). */
  pushMinutes?: number | null;
  /**
   * Records per Academia Pro entity, from the recognised (or mapped) tables: a person table
   * shared by roles counts each role's rows, a link table's rows are its own entity's, and tables
   * no entity is recognised for count for none. The push estimate is made from these.
   */
  entityRecords?: { entity: string; records: number }[];
  /** Findings that block the migration until someone decides (`Finding.blocking`); empty when nothing blocks it. */
  blockers?: { code: string; table: string; column: string | null; message: string }[];
}

export interface AssessmentResult {
  source: string;
  assessedAt: string;
  readiness: Readiness;
  findings: Finding[];
  duplicates: DuplicateCandidate[];
  relationships: Relationship[];
  profiles: ColumnProfile[];
  /** Tables or columns that could not be assessed, and why. */
  notAssessed: { table: string; column: string | null; reason: string }[];
}

/** An assessment as listed: the headline numbers without the profiles. */
export interface AssessmentSummary {
  assessmentId: string;
  connectionId: string;
  connectionName: string;
  status: 'Processing' | 'Completed' | 'Failed' | 'Cancelled' | 'Interrupted';
  startedAt: string;
  endedAt: string | null;
  score: number | null;
  complexity: Readiness['complexity'] | null;
  findings: { error: number; warning: number; info: number };
  error?: { code: string; message: string; hint: string };
}

/** Live progress of an assessment, per table. */
export interface AssessmentProgress {
  assessmentId: string;
  table: string;
  rowsDone: number;
  rowsTotal: number | null;
  tablesDone: number;
  tablesTotal: number;
}

/** A reviewer's decision on a duplicate pair, saved in the project file as part of the crosswalk. */
export interface MatchDecision {
  table: string;
  left: string;
  right: string;
  decision: 'same' | 'different';
  decidedAt: string;
  decidedBy: string;
}

/** How the surviving record of a confirmed duplicate cluster is chosen. */
export type SurvivorRule = 'most-recent' | 'most-complete' | 'keep-left';

/** A report rendered for download: HTML (primary), PDF (printed from the same HTML) or findings CSV. */
export interface AssessmentReportFile {
  filename: string;
  contentType: string;
  /** UTF-8 text for HTML/CSV, base64 for PDF. */
  content: string;
  encoding: 'utf8' | 'base64';
}

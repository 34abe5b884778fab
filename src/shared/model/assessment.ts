/**
 * Assessment: what the studio learned about a source's data before migrating it. Shapes follow
 * CONVENTIONS.md (`assess --json`): severity error|warning|info, readiness score 0–100 (100 =
 * ready), confidence 0–1, `count` = affected rows (pairs, for duplicates).
 */
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

import type { SurvivorFacts } from './survivor';

/**
 * The two records of a likely duplicate pair as the review queue compares them (`assessment.pair`):
 * read from the source by key, personal values masked unless revealed (an audited reveal).
 */

/** One record of the pair. */
export interface DuplicatePairSide {
  table: string;
  /** The record's key as the assessment names it (without a `TABLE:` prefix). */
  key: string;
  /** False when the source no longer holds the record (the run then leaves the pair apart). */
  found: boolean;
  /** The row's values (masked unless revealed; secret columns always null). */
  values: Record<string, unknown>;
  /** What the survivor rule weighs, taken from the unmasked row. */
  facts: SurvivorFacts;
}

export interface DuplicatePairColumn {
  name: string;
  /** Holds personal data (masked unless revealed). */
  personal: boolean;
  /** True when the two records' (unmasked) values differ; blank and missing count as the same. */
  differs: boolean;
}

export interface DuplicatePair {
  table: string;
  /** The pair's left as decisions store it (the smaller key): the record `keep-left` keeps. */
  left: DuplicatePairSide;
  right: DuplicatePairSide;
  /** Both records' columns, in the source's order. */
  columns: DuplicatePairColumn[];
  revealed: boolean;
  /**
   * Whether a run merges the pair once confirmed: `cross-table` pairs load as two entities and
   * stay apart; `positional` pairs (no declared key) cannot be found again; `missing` when a
   * record is no longer in the source.
   */
  merge: 'applies' | 'cross-table' | 'positional' | 'missing';
}

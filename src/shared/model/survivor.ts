import type { SurvivorRule } from './assessment';

/**
 * The survivor rule as one pure function, shared by the engine (the run's person crosswalk and
 * the fill of a survivor's blanks) and the renderer (the review queue's merged preview), so the
 * preview a reviewer decides on is the record the run will send, never a copy of the logic.
 */

/** What the survivor rules weigh about a record. */
export interface SurvivorFacts {
  /** Last-modified value as recorded (ISO-like text compares in time order). */
  updated?: string | null;
  /** Non-blank values in the source row. */
  filled?: number;
}

/** A record the rules rank: `id` breaks ties (the smallest wins), so order never matters. */
export interface SurvivorCandidate {
  id: string;
  facts?: SurvivorFacts;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Candidates best first: `most-recent` by last change, then completeness; `most-complete` by
 * non-blank values, then last change; ties on the smallest id. A new array; the input is kept.
 */
export function rankBySurvivorRule<T extends SurvivorCandidate>(candidates: readonly T[], rule: 'most-recent' | 'most-complete'): T[] {
  const recent = (x: T, y: T) => cmp(y.facts?.updated ?? '', x.facts?.updated ?? '');
  const complete = (x: T, y: T) => (y.facts?.filled ?? 0) - (x.facts?.filled ?? 0);
  return [...candidates].sort((x, y) => (rule === 'most-recent' ? recent(x, y) || complete(x, y) : complete(x, y) || recent(x, y)) || cmp(x.id, y.id));
}

/** Null, undefined, a blank string or an empty list: a value a duplicate may fill. */
export function isBlankValue(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

/**
 * The survivor's record with each field it leaves blank taken from the first donor that has it.
 * The survivor's own values always win, and `externalId` is never taken. `from` names, for each
 * filled field, the index of the donor it came from.
 */
export function fillBlanks(record: Record<string, unknown>, donors: readonly Record<string, unknown>[]): { record: Record<string, unknown>; filled: number; from: Map<string, number> } {
  const out = { ...record };
  const from = new Map<string, number>();
  donors.forEach((donor, index) => {
    for (const [field, value] of Object.entries(donor)) {
      if (field === 'externalId' || isBlankValue(value) || !isBlankValue(out[field])) continue;
      out[field] = value;
      from.set(field, index);
    }
  });
  return { record: from.size ? out : record, filled: from.size, from };
}

/** One side of a duplicate pair, as the survivor rule sees it. */
export interface PairRecord {
  /** The record's key (left is the pair's left as decisions store it: the smaller key). */
  key: string;
  values: Record<string, unknown>;
  facts: SurvivorFacts;
}

/** The record a confirmed pair becomes, and where each of its values comes from. */
export interface MergedPair {
  survivor: 'left' | 'right';
  record: Record<string, unknown>;
  /** Per field: the side its merged value comes from (null when both sides leave it blank). */
  from: Record<string, 'left' | 'right' | null>;
}

/**
 * What a run makes of a pair confirmed as one person under `rule`: the survivor (keep-left keeps
 * the pair's left; the others rank both sides as the crosswalk does) with its blanks filled from
 * the other record.
 */
export function mergePair(rule: SurvivorRule, left: PairRecord, right: PairRecord): MergedPair {
  const survivor: 'left' | 'right' =
    rule === 'keep-left' ? 'left' : rankBySurvivorRule([{ id: left.key, facts: left.facts, side: 'left' as const }, { id: right.key, facts: right.facts, side: 'right' as const }], rule)[0].side;
  const [kept, donor] = survivor === 'left' ? [left, right] : [right, left];
  const other = survivor === 'left' ? 'right' : 'left';
  const filled = fillBlanks(kept.values, [donor.values]);
  const from: Record<string, 'left' | 'right' | null> = {};
  for (const field of new Set([...Object.keys(left.values), ...Object.keys(right.values)])) {
    from[field] = filled.from.has(field) ? other : isBlankValue(filled.record[field]) ? null : survivor;
  }
  return { survivor, record: filled.record, from };
}

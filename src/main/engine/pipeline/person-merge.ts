import type { MatchDecision, SurvivorRule } from '../../../shared/model/assessment';
import { fillBlanks, rankBySurvivorRule } from '../../../shared/model/survivor';
import { buildPersonCrosswalk, type MatchDecision as CrosswalkDecision, type RecordFacts } from '../assessment/matching/crosswalk';

/**
 * The person crosswalk as a run applies it: reviewers confirmed that some records of a people
 * table are one person, so the run sends that person once (the survivor), skips the duplicates,
 * fills the survivor's blank fields from them, and points every reference to a duplicate at the
 * survivor. Pure: the run's reader collects the few rows involved and hands them in.
 */

/** One record of a confirmed cluster, as the run read and mapped it. */
export interface MemberRecord {
  /** The key the assessment named the record by (its declared key, parts joined by "|"). */
  personKey: string;
  /** The record's externalId under the mapping ('' when its key is blank). */
  externalId: string;
  /** The mapped record (fields that mapped cleanly), used to fill the survivor's blanks. */
  record: Record<string, unknown>;
  facts: RecordFacts;
}

/** What a run does with one people entity's confirmed duplicates. */
export interface PersonMergePlan {
  entity: string;
  /** Duplicate's externalId → its survivor's externalId (survivors are not in it). */
  mergedInto: Map<string, string>;
  /** Survivor's externalId → its duplicates' records, in the order they fill its blanks. */
  donors: Map<string, Record<string, unknown>[]>;
  /** Confirmed clusters applied. */
  clusters: number;
  /** Decisions the run could not apply, by reason (counts only: they name no one). */
  unapplied: { crossTable: number; positional: number; missing: number; conflicts: number };
}

/** Decisions on pairs inside one table, split from those the run cannot apply. */
export interface DecisionsForStream {
  decisions: MatchDecision[];
  /** Pairs across two tables (a member of staff who is also a parent): two entities, nothing to merge. */
  crossTable: number;
  /** Pairs named by row position (the table declares no key): positions are not stable between reads. */
  positional: number;
}

const POSITIONAL = /^row \d+$/;

/**
 * The decisions that concern one source table. The assessment names a pair across tables as
 * `TABLE:key` on both sides, under the left record's table; a pair inside a table by its bare keys.
 */
export function decisionsForStream(all: MatchDecision[], table: string): DecisionsForStream {
  const out: DecisionsForStream = { decisions: [], crossTable: 0, positional: 0 };
  for (const d of all) {
    if (d.table !== table) continue;
    const prefix = `${table}:`;
    if (d.left.startsWith(prefix) !== d.right.startsWith(prefix)) out.crossTable++;
    else if (POSITIONAL.test(d.left) || POSITIONAL.test(d.right)) out.positional++;
    else out.decisions.push(d);
  }
  return out;
}

/** The person keys the run must read to apply the decisions: every record of a `same` pair. */
export function keysToCollect(decisions: MatchDecision[]): Set<string> {
  const keys = new Set<string>();
  for (const d of decisions) {
    if (d.decision !== 'same') continue;
    keys.add(d.left);
    keys.add(d.right);
  }
  return keys;
}

/**
 * Builds the plan from the decisions on one table and the member records the run found. A `same`
 * decision naming a record that is no longer in the source is left out (merging into a missing
 * survivor would lose the person). Survivors follow the project's rule through
 * `buildPersonCrosswalk`; the duplicates fill the survivor's blanks in the same order of
 * preference (most complete first for `most-complete` and `keep-left`, most recent first for
 * `most-recent`).
 */
export function planPersonMerge(input: { entity: string; table: string; decisions: DecisionsForStream; rule: SurvivorRule; members: Map<string, MemberRecord> }): PersonMergePlan {
  const { entity, table, rule, members } = input;
  const plan: PersonMergePlan = {
    entity,
    mergedInto: new Map(),
    donors: new Map(),
    clusters: 0,
    unapplied: { crossTable: input.decisions.crossTable, positional: input.decisions.positional, missing: 0, conflicts: 0 },
  };
  const usable: CrosswalkDecision[] = [];
  for (const d of input.decisions.decisions) {
    const found = (key: string) => members.get(key)?.externalId;
    if (d.decision === 'same' && (!found(d.left) || !found(d.right))) {
      plan.unapplied.missing++;
      continue;
    }
    usable.push({ records: [{ table, key: d.left }, { table, key: d.right }], decision: d.decision, survivor: rule, decidedAt: d.decidedAt, decidedBy: d.decidedBy });
  }
  const crosswalk = buildPersonCrosswalk(usable, (ref) => members.get(ref.key)?.facts);
  plan.unapplied.conflicts = crosswalk.conflicts.length;

  const byCluster = new Map<string, { survivor: string; duplicates: MemberRecord[] }>();
  for (const e of crosswalk.entries) {
    const group = byCluster.get(e.cluster) ?? { survivor: e.survivorKey, duplicates: [] };
    byCluster.set(e.cluster, group);
    if (e.key !== e.survivorKey) group.duplicates.push(members.get(e.key)!);
  }
  for (const { survivor, duplicates } of byCluster.values()) {
    const survivorId = members.get(survivor)!.externalId;
    const merged = duplicates.filter((m) => m.externalId !== survivorId);
    if (!merged.length) continue;
    plan.clusters++;
    for (const m of merged) plan.mergedInto.set(m.externalId, survivorId);
    plan.donors.set(survivorId, donorsInOrder(merged, rule).map((m) => m.record));
  }
  return plan;
}

/** Donors in the rule's order of preference (the shared ranking, ties on the person key). */
function donorsInOrder(members: MemberRecord[], rule: SurvivorRule): MemberRecord[] {
  const ranking = rule === 'most-recent' ? 'most-recent' : 'most-complete';
  return rankBySurvivorRule(members.map((m) => ({ id: m.personKey, facts: m.facts, m })), ranking).map((x) => x.m);
}

/**
 * The survivor's record with each field it leaves blank taken from the first duplicate that has
 * it. The survivor's own values always win, and `externalId` is never taken (the shared
 * `fillBlanks`, which the review queue's merged preview uses too).
 */
export function fillFromDuplicates(record: Record<string, unknown>, donors: readonly Record<string, unknown>[]): { record: Record<string, unknown>; filled: number } {
  const { record: out, filled } = fillBlanks(record, donors);
  return { record: out, filled };
}

/**
 * A record whose references to merged people point at their survivors instead. `fields` are the
 * record's reference fields with the plan of the entity each references.
 */
export function redirectReferences(record: Record<string, unknown>, fields: readonly { field: string; plan: PersonMergePlan }[]): { record: Record<string, unknown>; redirected: number } {
  let out = record;
  let redirected = 0;
  for (const { field, plan } of fields) {
    const value = record[field];
    if (typeof value !== 'string') continue;
    const survivor = plan.mergedInto.get(value);
    if (survivor === undefined) continue;
    if (out === record) out = { ...record };
    out[field] = survivor;
    redirected++;
  }
  return { record: out, redirected };
}

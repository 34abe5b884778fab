import { rankBySurvivorRule, type SurvivorFacts } from '../../../../shared/model/survivor';
import { UnionFind } from './union-find';

/**
 * Review decisions on likely duplicate people, turned into a person crosswalk: every record of
 * a confirmed cluster maps to the one record that survives it. Pure and deterministic: the same
 * decisions (in any order of the array) give the same crosswalk.
 */

/** One record of a people table. */
export interface PersonRef {
  table: string;
  key: string;
}

/**
 * Which record of a confirmed cluster survives:
 * - `most-recent`: the one updated last (its last-modified column), then the most complete;
 * - `most-complete`: the one with the most non-blank values, then the most recent;
 * - `keep-left`: the first record of the decision (the pair's left side);
 * - `{ record }`: the record the reviewer picked.
 * Ties end on the smallest `table:key`, so the choice never depends on order.
 */
export type SurvivorRule = 'most-recent' | 'most-complete' | 'keep-left' | { record: PersonRef };

/** A reviewer's decision on a pair, or on a whole cluster at once. */
export interface MatchDecision {
  /** Two records (left, right) or all the members of a cluster. */
  records: PersonRef[];
  decision: 'same' | 'different';
  /** For `same`: who survives (default `most-complete`). */
  survivor?: SurvivorRule;
  /** When it was decided (ISO 8601); a later decision on the same records replaces an earlier one. */
  decidedAt: string;
  decidedBy?: string;
}

/** What the survivor rules need to know about a record. */
export type RecordFacts = SurvivorFacts;

/** One line of the crosswalk: this record is that survivor. */
export interface CrosswalkEntry {
  table: string;
  key: string;
  survivorTable: string;
  survivorKey: string;
  /** The cluster's smallest member, `table:key`. */
  cluster: string;
  /** The survivor rule applied, as text (`most-recent`, `chosen`…). */
  rule: string;
}

/** A decision that could not be honoured, and why. */
export interface CrosswalkConflict {
  decision: MatchDecision;
  reason: string;
}

export interface PersonCrosswalk {
  /** Every member of every confirmed cluster (survivors map to themselves), sorted by table and key. */
  entries: CrosswalkEntry[];
  conflicts: CrosswalkConflict[];
}

const refId = (r: PersonRef) => `${r.table}:${r.key}`;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Builds the crosswalk. Decisions apply in time order (then by their content, so the array order
 * never matters); the latest decision on a pair wins. `same` pairs join clusters; a `same` that
 * would put two records marked `different` into one cluster is refused and reported as a
 * conflict. Each cluster's survivor follows the rule of the latest `same` decision in it.
 */
export function buildPersonCrosswalk(decisions: MatchDecision[], facts: (ref: PersonRef) => RecordFacts | undefined = () => undefined): PersonCrosswalk {
  const ordered = decisions
    .map((d) => ({ d, sortKey: `${d.decidedAt}\u0000${d.decision}\u0000${d.records.map(refId).join('\u0001')}\u0000${JSON.stringify(d.survivor ?? null)}` }))
    .sort((x, y) => cmp(x.sortKey, y.sortKey))
    .map((x) => x.d);

  // The latest verdict per pair.
  const verdict = new Map<string, { decision: MatchDecision; at: number }>();
  ordered.forEach((d, at) => {
    for (const [a, b] of pairsOf(d.records)) verdict.set(pairId(a, b), { decision: d, at });
  });

  const different = new Set<string>();
  for (const [id, v] of verdict) if (v.decision.decision === 'different') different.add(id);

  const conflicts: CrosswalkConflict[] = [];
  const clusters = new UnionFind();
  const members = new Map<string, Set<string>>();
  const refs = new Map<string, PersonRef>();
  const ruleOf = new Map<string, { decision: MatchDecision; at: number }>();
  const sameEdges = [...verdict.entries()].filter(([, v]) => v.decision.decision === 'same').sort((x, y) => x[1].at - y[1].at || cmp(x[0], y[0]));
  const reported = new Set<MatchDecision>();
  for (const [id, v] of sameEdges) {
    const [a, b] = id.split('\u0002');
    for (const r of v.decision.records) refs.set(refId(r), r);
    const ra = clusters.find(a);
    const rb = clusters.find(b);
    const ma = members.get(ra) ?? new Set([a]);
    const mb = members.get(rb) ?? new Set([b]);
    if (ra !== rb && [...ma].some((x) => [...mb].some((y) => different.has(pairId(x, y))))) {
      if (!reported.has(v.decision)) {
        reported.add(v.decision);
        conflicts.push({ decision: v.decision, reason: `${a} and ${b} cannot be the same person: records in their clusters were marked as different people.` });
      }
      continue;
    }
    const root = clusters.union(a, b);
    const merged = new Set([...ma, ...mb]);
    members.delete(ra);
    members.delete(rb);
    members.set(root, merged);
    const latest = [ruleOf.get(ra), ruleOf.get(rb), v].filter((x): x is { decision: MatchDecision; at: number } => !!x).sort((x, y) => y.at - x.at)[0];
    ruleOf.delete(ra);
    ruleOf.delete(rb);
    ruleOf.set(root, latest);
  }

  const entries: CrosswalkEntry[] = [];
  for (const [root, set] of members) {
    const cluster = [...set].sort(cmp);
    const chosen = ruleOf.get(root)!.decision;
    const { survivor, rule } = pickSurvivor(cluster, chosen, refs, facts, conflicts);
    const s = refs.get(survivor)!;
    for (const m of cluster) {
      const r = refs.get(m)!;
      entries.push({ table: r.table, key: r.key, survivorTable: s.table, survivorKey: s.key, cluster: cluster[0], rule });
    }
  }
  entries.sort((x, y) => cmp(x.table, y.table) || cmp(x.key, y.key));
  return { entries, conflicts };
}

function pickSurvivor(cluster: string[], decision: MatchDecision, refs: Map<string, PersonRef>, facts: (ref: PersonRef) => RecordFacts | undefined, conflicts: CrosswalkConflict[]): { survivor: string; rule: string } {
  const rule = decision.survivor ?? 'most-complete';
  if (typeof rule === 'object') {
    const id = refId(rule.record);
    if (cluster.includes(id)) return { survivor: id, rule: 'chosen' };
    conflicts.push({ decision, reason: `The chosen survivor ${id} is not in the cluster ${cluster.join(', ')}; the most complete record survives instead.` });
    return { survivor: ranked(cluster, 'most-complete', refs, facts), rule: 'most-complete' };
  }
  if (rule === 'keep-left') {
    const left = refId(decision.records[0]);
    return { survivor: cluster.includes(left) ? left : ranked(cluster, 'most-complete', refs, facts), rule: 'keep-left' };
  }
  return { survivor: ranked(cluster, rule, refs, facts), rule };
}

function ranked(cluster: string[], rule: 'most-recent' | 'most-complete', refs: Map<string, PersonRef>, facts: (ref: PersonRef) => RecordFacts | undefined): string {
  // The shared rule, so the review queue's merged preview picks the survivor the run picks.
  return rankBySurvivorRule(cluster.map((id) => ({ id, facts: facts(refs.get(id)!) })), rule)[0].id;
}

function pairsOf(records: PersonRef[]): [string, string][] {
  const ids = [...new Set(records.map(refId))];
  const out: [string, string][] = [];
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) out.push([ids[i], ids[j]]);
  return out;
}

function pairId(a: string, b: string): string {
  return a < b ? `${a}\u0002${b}` : `${b}\u0002${a}`;
}

/**
 * The project-file tables for review decisions and the crosswalk they produce, for the lead to
 * add as a migration. `match_decisions` keeps every decision (a cluster decision is stored as
 * its pairs, sharing `batch_id`); `person_crosswalk` is rebuilt from them by
 * `buildPersonCrosswalk` and read by later runs to send each merged record as its survivor.
 */
export const MATCH_REVIEW_DDL = `
CREATE TABLE match_decisions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  batch_id TEXT NOT NULL,
  left_table TEXT NOT NULL,
  left_key TEXT NOT NULL,
  right_table TEXT NOT NULL,
  right_key TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('same', 'different')),
  survivor_rule TEXT CHECK (survivor_rule IN ('most-recent', 'most-complete', 'keep-left', 'chosen')),
  survivor_table TEXT,
  survivor_key TEXT,
  score REAL,
  reasons_json TEXT NOT NULL DEFAULT '[]',
  decided_by TEXT,
  decided_at TEXT NOT NULL,
  CHECK (survivor_rule <> 'chosen' OR (survivor_table IS NOT NULL AND survivor_key IS NOT NULL))
);
CREATE INDEX match_decisions_by_pair ON match_decisions(connection_id, left_table, left_key, right_table, right_key, decided_at);
CREATE TABLE person_crosswalk (
  connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  table_name TEXT NOT NULL,
  record_key TEXT NOT NULL,
  survivor_table TEXT NOT NULL,
  survivor_key TEXT NOT NULL,
  cluster TEXT NOT NULL,
  rule TEXT NOT NULL,
  built_at TEXT NOT NULL,
  PRIMARY KEY (connection_id, table_name, record_key)
);
CREATE INDEX person_crosswalk_by_survivor ON person_crosswalk(connection_id, survivor_table, survivor_key);
`;

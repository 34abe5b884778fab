import { StudioError } from '../../../../shared/errors';
import type { ColumnProfile, DuplicateCandidate, Finding } from '../../../../shared/model/assessment';
import type { StreamInfo } from '../../../../shared/model/connection';
import type { SourceConnector } from '../../connectors/connector';
import { throwIfAborted } from '../relationships/table-keys';
import { blockingKeys, blockPairs } from './blocking';
import { comparePeople, type NameFrequencies } from './compare-people';
import { recognisePeopleTables, rolesComparable, type PeopleTable } from './person-columns';
import { readPeople, type PersonRecord } from './person-records';
import { UnionFind } from './union-find';

export { jaro, jaroWinkler, levenshtein, levenshteinSimilarity } from './string-similarity';
export { soundex } from './phonetic';
export { recognisePeopleTables, type PeopleTable } from './person-columns';
export { comparePeople, NAME_PART_GATE } from './compare-people';
export { buildPersonCrosswalk, MATCH_REVIEW_DDL, type MatchDecision, type PersonCrosswalk, type SurvivorRule } from './crosswalk';

/** Options of `findDuplicatePeople`. */
export interface MatchingOptions {
  signal?: AbortSignal;
  /** Most pairs returned (best first); the findings still count them all. Default 10,000. */
  maxPairs?: number;
  /** Pairs scoring at least this are reported (0–1). Default 0.85. */
  threshold?: number;
  /** Blocks larger than this are compared by sorted neighbourhood (default 400, window 25). */
  maxBlock?: number;
  batchSize?: number;
}

export interface MatchingResult {
  duplicates: DuplicateCandidate[];
  findings: Finding[];
  /** The tables recognised as holding people, and their columns. */
  peopleTables: PeopleTable[];
  /** Pairs scored (after blocking), for the report's statement of effort. */
  comparisons: number;
  notAssessed: { table: string; column: string | null; reason: string }[];
}

export const DEFAULT_MATCH_THRESHOLD = 0.85;
/** The finding this analysis raises (count = pairs). */
export const MATCHING_FINDING_CODES = ['DUPLICATE_PERSON'] as const;
const DEFAULT_MAX_PAIRS = 10_000;
const WINDOW = 25;
const MAX_EXAMPLES = 5;

/**
 * Finds likely duplicate people within and across the tables that hold people (pupils, staff,
 * guardians …): records are grouped by blocking keys (phonetic codes of the names with the birth
 * year, name codes alone, e-mails, phones), pairs inside a block are scored by `comparePeople`,
 * and pairs at or above the threshold are reported with their reasons and clustered (a record
 * matched to two others puts all three in one cluster). Pupils are compared only with pupils;
 * staff, guardians and other people with each other (a member of staff who is also a parent).
 * One DUPLICATE_PERSON finding per table, or pair of tables, counts the pairs.
 */
export async function findDuplicatePeople(connector: SourceConnector, streams: StreamInfo[], profiles: ColumnProfile[], opts: MatchingOptions = {}): Promise<MatchingResult> {
  const threshold = opts.threshold ?? DEFAULT_MATCH_THRESHOLD;
  const maxPairs = opts.maxPairs ?? DEFAULT_MAX_PAIRS;
  const maxBlock = opts.maxBlock ?? 400;
  const tables = recognisePeopleTables(streams, profiles);
  const notAssessed: MatchingResult['notAssessed'] = [];

  const records: PersonRecord[] = [];
  const loaded: PeopleTable[] = [];
  for (const t of tables) {
    throwIfAborted(opts.signal);
    try {
      const people = await readPeople(connector, t, loaded.length, opts.batchSize ?? 2000, opts.signal);
      loaded.push(t);
      for (const p of people) records.push(p);
    } catch (err) {
      if (opts.signal?.aborted || (err instanceof StudioError && err.code === 'CANCELLED')) throw err;
      notAssessed.push({ table: t.table, column: null, reason: `Its people could not be compared: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  const frequencies = scopeFrequencies(records, loaded.length);
  const blocks = new Map<string, number[]>();
  const keysOf: string[][] = records.map((r, i) => {
    const keys = blockingKeys(r).sort();
    for (const key of keys) {
      const members = blocks.get(key);
      if (members) members.push(i);
      else blocks.set(key, [i]);
    }
    return keys;
  });
  // A pair sharing several blocks is compared in the first of them only (unless that one was too
  // large to compare in full).
  const firstShared = (i: number, j: number): string | null => {
    const x = keysOf[i];
    const y = keysOf[j];
    for (let p = 0, q = 0; p < x.length && q < y.length; ) {
      if (x[p] === y[q]) return x[p];
      if (x[p] < y[q]) p++;
      else q++;
    }
    return null;
  };

  const found = new Map<string, { a: number; b: number; score: number; reasons: string[]; masked: string[] }>();
  let comparisons = 0;
  let sinceCheck = 0;
  for (const [blockKey, members] of blocks) {
    if (members.length < 2) continue;
    for (const [x, y] of blockPairs(members, records, maxBlock, WINDOW)) {
      const [i, j] = x < y ? [x, y] : [y, x];
      const a = records[i];
      const b = records[j];
      if (!rolesComparable(loaded[a.table].role, loaded[b.table].role)) continue;
      const first = firstShared(i, j);
      if (first !== blockKey && first !== null && (blocks.get(first)?.length ?? 0) <= maxBlock) continue;
      const id = `${i}|${j}`;
      if (found.has(id)) continue;
      if (++sinceCheck >= 10_000) {
        sinceCheck = 0;
        throwIfAborted(opts.signal);
      }
      comparisons++;
      const verdict = comparePeople(a, b, frequencies(a.table, b.table), threshold);
      if (verdict && verdict.score >= threshold) found.set(id, { a: i, b: j, score: verdict.score, reasons: verdict.reasons, masked: verdict.maskedReasons });
    }
  }

  const ref = (r: PersonRecord) => `${loaded[r.table].table}:${r.key}`;
  const clusters = new UnionFind();
  for (const p of found.values()) clusters.union(ref(records[p.a]), ref(records[p.b]));
  const clusterName = new Map<string, string>();
  for (const group of clusters.groups()) for (const member of group) clusterName.set(member, group[0]);

  const pairs = [...found.values()].sort((p, q) => q.score - p.score || ref(records[p.a]).localeCompare(ref(records[q.a])) || ref(records[p.b]).localeCompare(ref(records[q.b])));
  const toCandidate = (p: (typeof pairs)[number]): DuplicateCandidate => {
    const a = records[p.a];
    const b = records[p.b];
    const across = a.table !== b.table;
    return {
      table: loaded[a.table].table,
      left: across ? ref(a) : a.key,
      right: across ? ref(b) : b.key,
      score: p.score,
      reasons: p.reasons,
      decision: null,
      leftTable: loaded[a.table].table,
      rightTable: loaded[b.table].table,
      cluster: clusterName.get(ref(a)),
    };
  };

  const findings: Finding[] = [];
  const byScope = new Map<string, typeof pairs>();
  for (const p of pairs) {
    const ta = records[p.a].table;
    const tb = records[p.b].table;
    const scope = ta === tb ? `${ta}` : `${Math.min(ta, tb)}|${Math.max(ta, tb)}`;
    const list = byScope.get(scope);
    if (list) list.push(p);
    else byScope.set(scope, [p]);
  }
  for (const [scope, list] of byScope) findings.push(duplicateFinding(scope, list, loaded, records, clusters));

  return { duplicates: pairs.slice(0, maxPairs).map(toCandidate), findings, peopleTables: loaded, comparisons, notAssessed };
}

/**
 * DUPLICATE_PERSON (warning): pairs of records that are likely the same person, within one table
 * or across two; count = pairs. Examples: the best pairs' keys, score and reasons, names masked.
 */
function duplicateFinding(scope: string, list: { a: number; b: number; score: number; masked: string[] }[], tables: PeopleTable[], records: PersonRecord[], clusters: UnionFind): Finding {
  const [ta, tb] = scope.split('|').map(Number);
  const left = tables[ta];
  const right = tb === undefined ? null : tables[tb];
  const ref = (r: PersonRecord) => `${tables[r.table].table}:${r.key}`;
  const people = new Set(list.flatMap((p) => [ref(records[p.a]), ref(records[p.b])]));
  const groups = new Set([...people].map((m) => clusters.find(m))).size;
  const n = (x: number) => x.toLocaleString('en-GB');
  const many = (x: number, one: string, other: string) => `${n(x)} ${x === 1 ? one : other}`;
  const held = `(${many(people.size, 'record', 'records')} in ${many(groups, 'cluster', 'clusters')})`;
  const message = right
    ? `${many(list.length, 'pair', 'pairs')} of records in ${left.table} and ${right.table} ${list.length === 1 ? 'looks' : 'look'} like the same person ${held}.`
    : `${many(list.length, 'pair', 'pairs')} of ${left.table} records ${list.length === 1 ? 'looks' : 'look'} like the same person registered twice ${held}.`;
  return {
    code: 'DUPLICATE_PERSON',
    severity: 'warning',
    table: left.table,
    column: null,
    count: list.length,
    message,
    examples: list.slice(0, MAX_EXAMPLES).map((p) => ({ left: right ? ref(records[p.a]) : records[p.a].key, right: right ? ref(records[p.b]) : records[p.b].key, score: p.score, reasons: p.masked })),
    fix: {
      kind: 'crosswalk',
      description: 'Confirm or reject each pair in the review queue; confirmed records are merged into one through the person crosswalk, keeping the survivor you choose.',
      payload: { tables: right ? [left.table, right.table] : [left.table], pairs: list.length, clusters: groups },
    },
  };
}

/** Name counts per table; a pair across two tables uses both tables' counts together. */
function scopeFrequencies(records: PersonRecord[], tableCount: number): (a: number, b: number) => NameFrequencies {
  const per = Array.from({ length: tableCount }, () => ({ people: 0, first: new Map<string, number>(), last: new Map<string, number>() }));
  for (const r of records) {
    const t = per[r.table];
    t.people++;
    t.first.set(r.first, (t.first.get(r.first) ?? 0) + 1);
    t.last.set(r.last, (t.last.get(r.last) ?? 0) + 1);
  }
  const cache = new Map<string, NameFrequencies>();
  return (a, b) => {
    const [x, y] = a <= b ? [a, b] : [b, a];
    const id = `${x}|${y}`;
    let f = cache.get(id);
    if (!f) {
      if (x === y) f = { people: per[x].people, pairs: (per[x].people * (per[x].people - 1)) / 2, first: per[x].first, last: per[x].last };
      else f = { people: per[x].people + per[y].people, pairs: per[x].people * per[y].people, first: merge(per[x].first, per[y].first), last: merge(per[x].last, per[y].last) };
      cache.set(id, f);
    }
    return f;
  };
}

function merge(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map(a);
  for (const [k, v] of b) out.set(k, (out.get(k) ?? 0) + v);
  return out;
}

import { StudioError } from '../../../../shared/errors';
import type { ColumnProfile, DuplicateCandidate, Finding } from '../../../../shared/model/assessment';
import type { StreamInfo } from '../../../../shared/model/connection';
import type { SourceConnector } from '../../connectors/connector';
import { throwIfAborted } from '../relationships/table-keys';
import { codePointCompare } from './code-point-order';
import { comparePeople, type NameFrequencies } from './compare-people';
import { recognisePeopleTables, rolesComparable, type PeopleTable } from './person-columns';
import { DEFAULT_PEOPLE_IN_MEMORY, PeopleBlocks, type BlockedPerson } from './people-blocks';
import { readPeople, StringPool, type PersonRecord, type RowParts } from './person-records';
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
  /** People held in memory; beyond, they are spilled to a temporary file (default 100,000). */
  peopleInMemory?: number;
  /** Per people table shared by roles, how its rows' roles are told apart: people are matched within a role. */
  roleParts?: ReadonlyMap<string, RowParts>;
}

export interface MatchingResult {
  duplicates: DuplicateCandidate[];
  findings: Finding[];
  /** The tables recognised as holding people, and their columns. */
  peopleTables: PeopleTable[];
  /** Pairs scored (after blocking), for the report's statement of effort. */
  comparisons: number;
  notAssessed: { table: string; column: string | null; reason: string }[];
  /** What was done differently from comparing every pair in a block (blocks too large), for the report. */
  notes: string[];
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

  const notes: string[] = [];
  const people = new PeopleBlocks(opts.peopleInMemory ?? DEFAULT_PEOPLE_IN_MEMORY);
  try {
    const names: NameCount[] = [];
    const pool = new StringPool();
    const loaded: PeopleTable[] = [];
    for (const t of tables) {
      throwIfAborted(opts.signal);
      const mark = people.size;
      const counts: NameCount = { people: 0, first: new Map(), last: new Map() };
      try {
        const add = (p: PersonRecord) => {
          counts.people++;
          counts.first.set(p.first, (counts.first.get(p.first) ?? 0) + 1);
          counts.last.set(p.last, (counts.last.get(p.last) ?? 0) + 1);
          people.add(p);
        };
        await readPeople(connector, t, loaded.length, opts.batchSize ?? 2000, add, { signal: opts.signal, pool, parts: opts.roleParts?.get(t.table) });
        loaded.push(t);
        names.push(counts);
      } catch (err) {
        if (opts.signal?.aborted || (err instanceof StudioError && err.code === 'CANCELLED')) throw err;
        // A table that fails half-way is left out whole, as if it had never been read.
        people.rollback(mark);
        notAssessed.push({ table: t.table, column: null, reason: `Its people could not be compared: ${err instanceof Error ? err.message : String(err)}` });
      }
    }

    const frequencies = scopeFrequencies(names);
    const total = people.size;
    const comparable = loaded.map((x) => loaded.map((y) => rolesComparable(x.role, y.role)));
    // Blocks are visited in key order, so the first block two people share has been seen by the
    // time they meet in a later one: a pair is compared there only, unless that block was too big
    // to compare in full (then it was compared by window, and is compared again where it meets).
    const windowed = new Set<string>();
    // Pairs found, keyed by number (smaller id × people + larger id): only matches are kept.
    const found = new Map<number, FoundPair>();
    let comparisons = 0;
    let sinceCheck = 0;

    const compare = (x: BlockedPerson, y: BlockedPerson, blockKey: string) => {
      const a = x.id < y.id ? x : y;
      const b = a === x ? y : x;
      if (!comparable[a.table][b.table]) return;
      // One table shared by roles: a pupil and a parent with one name are two people, each in their role.
      if (a.table === b.table && a.part && b.part && !(a.part & b.part)) return;
      const first = a.keys.length === 1 || b.keys.length === 1 ? blockKey : firstShared(a.keys, b.keys);
      if (first !== blockKey && first !== null && !windowed.has(first)) return;
      const id = a.id * total + b.id;
      if (found.size && found.has(id)) return;
      if (++sinceCheck >= 10_000) {
        sinceCheck = 0;
        throwIfAborted(opts.signal);
      }
      comparisons++;
      const verdict = comparePeople(a, b, frequencies(a.table, b.table), threshold);
      if (verdict && verdict.score >= threshold) found.set(id, { a, b, score: verdict.score, reasons: verdict.reasons, masked: verdict.maskedReasons });
    };

    // One block at a time: in full when it has at most `maxBlock` people, else each person with
    // the WINDOW before them in the block's order (sorted neighbourhood), holding only that window.
    let blockKey: string | null = null;
    let members: BlockedPerson[] = [];
    let bywindow = false;
    const finishBlock = () => {
      if (!bywindow) for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) compare(members[i], members[j], blockKey!);
    };
    for (const [key, person] of people.entries()) {
      if (key !== blockKey) {
        if (blockKey !== null) finishBlock();
        blockKey = key;
        members = [];
        bywindow = false;
      }
      if (bywindow) {
        for (const earlier of members) compare(earlier, person, key);
        members.push(person);
        if (members.length > WINDOW) members.shift();
        continue;
      }
      members.push(person);
      if (members.length > maxBlock) {
        bywindow = true;
        windowed.add(key);
        for (let i = 0; i < members.length; i++) for (let j = i + 1; j < Math.min(members.length, i + 1 + WINDOW); j++) compare(members[i], members[j], key);
        members = members.slice(-WINDOW);
      }
    }
    if (blockKey !== null) finishBlock();
    if (windowed.size) {
      notes.push(
        `${windowed.size.toLocaleString('en-GB')} blocks of people had more than ${maxBlock.toLocaleString('en-GB')} members (very common names with one birth year, shared phones …) and were too large to compare every pair: each person in them was compared with the ${WINDOW} before them when sorted by date of birth, surname and first name.`,
      );
    }
    return report([...found.values()], loaded, comparisons, notAssessed, maxPairs, notes);
  } finally {
    people.close();
  }
}

interface FoundPair {
  a: PersonRecord;
  b: PersonRecord;
  score: number;
  reasons: string[];
  masked: string[];
}

/** The first key two sorted key lists share (code-point order, as blocks are visited), or null. */
function firstShared(x: string[], y: string[]): string | null {
  for (let p = 0, q = 0; p < x.length && q < y.length; ) {
    if (x[p] === y[q]) return x[p];
    if (codePointCompare(x[p], y[q]) < 0) p++;
    else q++;
  }
  return null;
}

/** Pairs found → candidates (best first), clusters and one finding per table or pair of tables. */
function report(found: FoundPair[], loaded: PeopleTable[], comparisons: number, notAssessed: MatchingResult['notAssessed'], maxPairs: number, notes: string[]): MatchingResult {
  const ref = (r: PersonRecord) => `${loaded[r.table].table}:${r.key}`;
  const clusters = new UnionFind();
  for (const p of found) clusters.union(ref(p.a), ref(p.b));
  const clusterName = new Map<string, string>();
  for (const group of clusters.groups()) for (const member of group) clusterName.set(member, group[0]);

  const pairs = found.sort((p, q) => q.score - p.score || ref(p.a).localeCompare(ref(q.a)) || ref(p.b).localeCompare(ref(q.b)));
  const toCandidate = (p: (typeof pairs)[number]): DuplicateCandidate => {
    const { a, b } = p;
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
    const ta = p.a.table;
    const tb = p.b.table;
    const scope = ta === tb ? `${ta}` : `${Math.min(ta, tb)}|${Math.max(ta, tb)}`;
    const list = byScope.get(scope);
    if (list) list.push(p);
    else byScope.set(scope, [p]);
  }
  for (const [scope, list] of byScope) findings.push(duplicateFinding(scope, list, loaded, clusters));

  return { duplicates: pairs.slice(0, maxPairs).map(toCandidate), findings, peopleTables: loaded, comparisons, notAssessed, notes };
}

/**
 * DUPLICATE_PERSON (warning): pairs of records that are likely the same person, within one table
 * or across two; count = pairs. Examples: the best pairs' keys, score and reasons, names masked.
 */
function duplicateFinding(scope: string, list: FoundPair[], tables: PeopleTable[], clusters: UnionFind): Finding {
  const [ta, tb] = scope.split('|').map(Number);
  const left = tables[ta];
  const right = tb === undefined ? null : tables[tb];
  const ref = (r: PersonRecord) => `${tables[r.table].table}:${r.key}`;
  const people = new Set(list.flatMap((p) => [ref(p.a), ref(p.b)]));
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
    examples: list.slice(0, MAX_EXAMPLES).map((p) => ({ left: right ? ref(p.a) : p.a.key, right: right ? ref(p.b) : p.b.key, score: p.score, reasons: p.masked })),
    fix: {
      kind: 'crosswalk',
      description: 'Confirm or reject each pair in the review queue; confirmed records are merged into one through the person crosswalk, keeping the survivor you choose.',
      payload: { tables: right ? [left.table, right.table] : [left.table], pairs: list.length, clusters: groups },
    },
  };
}

/** Names counted in one table, while it is read. */
interface NameCount {
  people: number;
  first: Map<string, number>;
  last: Map<string, number>;
}

/** Name counts per table; a pair across two tables uses both tables' counts together. */
function scopeFrequencies(per: NameCount[]): (a: number, b: number) => NameFrequencies {
  const n = per.length;
  const cache: (NameFrequencies | undefined)[] = new Array(n * n);
  return (a, b) => {
    const [x, y] = a <= b ? [a, b] : [b, a];
    let f = cache[x * n + y];
    if (!f) {
      if (x === y) f = { people: per[x].people, pairs: (per[x].people * (per[x].people - 1)) / 2, first: per[x].first, last: per[x].last };
      else f = { people: per[x].people + per[y].people, pairs: per[x].people * per[y].people, first: merge(per[x].first, per[y].first), last: merge(per[x].last, per[y].last) };
      cache[x * n + y] = f;
    }
    return f;
  };
}

function merge(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map(a);
  for (const [k, v] of b) out.set(k, (out.get(k) ?? 0) + v);
  return out;
}

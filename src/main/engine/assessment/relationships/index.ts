import { StudioError } from '../../../../shared/errors';
import type { ColumnProfile, Finding, Relationship } from '../../../../shared/model/assessment';
import type { StreamInfo } from '../../../../shared/model/connection';
import type { SourceConnector } from '../../connectors/connector';
import { KeyValueSet } from './key-set';
import { showKey, tupleText } from '../../values/key-text';
import { readReferenceName } from './name-tokens';
import { ReferenceCheck } from './reference-check';
import { nameEvidence, type ParentKey } from './reference-names';
import { keyFindings, orphanFinding } from './relationship-findings';
import { DEFAULT_KEY_SCAN_LIMITS, scan, scanTableKeys, throwIfAborted, type KeyScanLimits, type TableKeys } from './table-keys';

export { BloomFilter } from './bloom-filter';
export { BLOOM_FALSE_POSITIVE_RATE, KeyValueSet } from './key-set';
export { scanTableKeys, type TableKeys } from './table-keys';
export { ORPHAN_FINDING_MIN_CONFIDENCE, RELATIONSHIP_FINDING_CODES } from './relationship-findings';

/** Options of `analyzeRelationships`. */
export interface RelationshipOptions {
  signal?: AbortSignal;
  /** Limits of the key scans (tests lower `exactLimit` to exercise the Bloom filter path). */
  limits?: Partial<KeyScanLimits>;
  /** Exact key values held at once across all parent tables before the largest sets become Bloom filters. */
  exactBudget?: number;
}

/** A table's keys as found: declared, candidates (best first), and the one used to name rows. */
export interface TableKeySummary {
  table: string;
  rows: number;
  declared: string[];
  candidates: string[][];
  key: string[] | null;
}

export interface RelationshipAnalysis {
  relationships: Relationship[];
  findings: Finding[];
  keys: TableKeySummary[];
  /** Tables that could not be read, and why; the rest were analysed. */
  notAssessed: { table: string; column: string | null; reason: string }[];
}

/** Inferred relationships below this confidence are not reported. */
export const MIN_CONFIDENCE = 0.5;
/** Value-only guesses (names say nothing) are worth at most this much. */
const VALUE_ONLY_SCORE = 0.5;
const MAX_NAME_CANDIDATES = 3;
const MAX_VALUE_ONLY_PARENTS = 30;
const REFERENCE_TYPES = new Set(['string', 'integer', 'number', 'decimal', 'unknown']);
/**
 * Containment is evidence, not a gate: a column named after a table (name score ≥ 0.9), of the
 * kind of that table's key, whose values are partly found there (at least this share) is a
 * reference with orphans — the worse the orphan rate, the more it matters that it is reported.
 * Not when another table holds some of the missing values (`marking_period_id` pointing at
 * years, semesters or quarters), and not on a synonym alone (`user_id` → staff: users may be
 * pupils and parents too).
 */
const PARTIAL_CONTAINMENT = 0.2;
const PARTIAL_NAME_SCORE = 0.9;
/** What partial containment is worth once names and types agree (as much as 89 % containment). */
const PARTIAL_EVIDENCE = 0.8;

interface Candidate {
  check: ReferenceCheck;
  declared: boolean;
  score: number;
  reasons: string[];
  valueOnly: boolean;
  /** The child column and the parent key are of the same kind (numbers with numbers, text with text). */
  typeFits?: boolean;
  /** Rows whose value is missing from this parent but found in another candidate table's key. */
  orphansFoundElsewhere?: number;
}

/**
 * Finds the keys of every table and the relationships between them, with orphan counts.
 *
 * Keys: the declared key is checked for duplicates and blanks; unique, never-blank columns (or
 * pairs of columns, for tables with no single one) are candidate keys. Relationships: declared
 * foreign keys, and where none is declared, references inferred from names (`PUPIL_NO` →
 * `PUPILS.PUPIL_NO`, `school_id` → `schools.id`, `TEACHER_ID` → `STAFF`) and confirmed by value
 * containment: confidence = name score × containment², where containment is the share of the
 * child's non-blank values found among the parent's keys. Columns whose names say nothing but
 * look like references are tried against every table key and kept only when exactly one
 * contains ≥ 98 % of their values (confidence ≤ 0.5). Each child column keeps its best parent;
 * when another table fits about as well, its confidence is multiplied by 0.8.
 *
 * Memory stays bounded: uniqueness is tested with exact sets on tables up to 500,000 rows and with
 * a Bloom filter plus a second pass (still exact counts) above; parents' key values are held
 * exactly up to 2,000,000 in all, beyond which the largest become Bloom filters (0.1 % false
 * positives, ~1.8 bytes a key) and their orphan counts become lower bounds (`orphansExact` false).
 */
export async function analyzeRelationships(connector: SourceConnector, streams: StreamInfo[], profiles: ColumnProfile[], opts: RelationshipOptions = {}): Promise<RelationshipAnalysis> {
  const limits: KeyScanLimits = { ...DEFAULT_KEY_SCAN_LIMITS, ...opts.limits };
  const budget = opts.exactBudget ?? 2_000_000;
  const notAssessed: RelationshipAnalysis['notAssessed'] = [];
  const keys = new Map<string, TableKeys>();

  for (const stream of streams) {
    throwIfAborted(opts.signal);
    try {
      keys.set(stream.name, await scanTableKeys(connector, stream, profiles, limits, opts.signal));
    } catch (err) {
      if (isCancel(err, opts.signal)) throw err;
      notAssessed.push({ table: stream.name, column: null, reason: `Its keys could not be checked: ${describe(err)}` });
    }
    enforceBudget(keys, budget);
  }

  const parents: (ParentKey & { set: KeyValueSet; type: string })[] = [];
  for (const k of keys.values()) {
    const stream = streams.find((s) => s.name === k.table)!;
    for (const [column, set] of k.keySets) {
      parents.push({ table: k.table, column, isTableKey: k.key?.length === 1 && k.key[0] === column, set, type: typeClass(stream, column) });
    }
  }

  const relationships: Relationship[] = [];
  const findings: Finding[] = [];
  for (const stream of streams) {
    const tableKeys = keys.get(stream.name);
    if (!tableKeys) continue;
    findings.push(...keyFindings(tableKeys));
  }

  for (const child of streams) {
    throwIfAborted(opts.signal);
    const childKeys = keys.get(child.name);
    if (!childKeys || childKeys.rows === 0) continue;
    try {
      const candidates = await candidatesFor(connector, child, childKeys, parents, streams, keys, limits, opts.signal);
      if (!candidates.length) continue;
      await checkReferences(connector, child, childKeys, candidates, limits.batchSize, opts.signal);
      for (const { rel, orphanValues } of chooseRelationships(child, candidates)) {
        relationships.push(rel);
        const finding = orphanFinding(rel, childKeys, orphanValues);
        if (finding) findings.push(finding);
      }
    } catch (err) {
      if (isCancel(err, opts.signal)) throw err;
      notAssessed.push({ table: child.name, column: null, reason: `Its references could not be checked: ${describe(err)}` });
    }
  }

  return {
    relationships,
    findings,
    keys: [...keys.values()].map((k) => ({ table: k.table, rows: k.rows, declared: k.declared, candidates: k.candidates, key: k.key })),
    notAssessed,
  };
}

/** The references of one child table worth checking: declared, named, and value-only guesses. */
async function candidatesFor(
  connector: SourceConnector,
  child: StreamInfo,
  childKeys: TableKeys,
  parents: (ParentKey & { set: KeyValueSet; type: string })[],
  streams: StreamInfo[],
  keys: Map<string, TableKeys>,
  limits: KeyScanLimits,
  signal?: AbortSignal,
): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const declaredColumns = new Set<string>();
  for (const fk of child.foreignKeys) {
    const parentStream = streams.find((s) => s.name === fk.refStream);
    const refColumns = fk.refColumns.length ? fk.refColumns : (parentStream?.primaryKey ?? []);
    if (!parentStream || refColumns.length !== fk.columns.length) continue;
    const existing = refColumns.length === 1 ? parents.find((p) => p.table === fk.refStream && p.column === refColumns[0]) : undefined;
    const set = existing?.set ?? (await readKeySet(connector, fk.refStream, refColumns, keys.get(fk.refStream)?.rows ?? 0, limits, signal));
    fk.columns.forEach((c) => declaredColumns.add(c));
    out.push({ check: new ReferenceCheck(fk.columns, fk.refStream, refColumns, set), declared: fk.declared, score: 1, reasons: [fk.declared ? 'declared as a foreign key in the source' : 'given as a foreign key'], valueOnly: false });
  }

  const ownKey = childKeys.key?.length === 1 ? childKeys.key[0] : null;
  for (const column of child.columns) {
    if (declaredColumns.has(column.name) || !REFERENCE_TYPES.has(column.type)) continue;
    const named = parents
      .map((p) => ({ p, evidence: nameEvidence(child, column.name, p) }))
      .filter((x): x is { p: (typeof parents)[number]; evidence: NonNullable<ReturnType<typeof nameEvidence>> } => x.evidence !== null)
      // A table's own key points elsewhere only when named exactly after that table (1:1 extensions).
      .filter((x) => column.name !== ownKey || x.evidence.score >= 0.95)
      .sort((a, b) => b.evidence.score - a.evidence.score)
      .slice(0, MAX_NAME_CANDIDATES);
    const childType = typeClass(child, column.name);
    for (const { p, evidence } of named) {
      out.push({ check: new ReferenceCheck([column.name], p.table, [p.column], p.set), declared: false, score: evidence.score, reasons: [evidence.reason], valueOnly: false, typeFits: p.type === childType });
    }
    if (named.length || column.name === ownKey) continue;
    const ref = readReferenceName(column.name);
    if (ref.suffix === null || !ref.subject.length) continue;
    const type = typeClass(child, column.name);
    const tries = parents.filter((p) => p.isTableKey && p.table !== child.name && p.type === type).slice(0, MAX_VALUE_ONLY_PARENTS);
    for (const p of tries) {
      out.push({ check: new ReferenceCheck([column.name], p.table, [p.column], p.set), declared: false, score: VALUE_ONLY_SCORE, reasons: [`${column.name}'s values are found among ${p.table}.${p.column}`], valueOnly: true });
    }
  }
  return out;
}

/** One pass over the child table feeding every candidate reference. */
async function checkReferences(connector: SourceConnector, child: StreamInfo, childKeys: TableKeys, candidates: Candidate[], batchSize: number, signal?: AbortSignal): Promise<void> {
  const rowKeyColumns = childKeys.key ?? [];
  const columns = [...new Set([...rowKeyColumns, ...candidates.flatMap((c) => c.check.fromColumns)])];
  // Columns tried against several tables: whether a value missing from one is found in another
  // (a reference to one of several tables, not an orphan).
  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const id = c.check.fromColumns.join('\u0000');
    groups.set(id, [...(groups.get(id) ?? []), c]);
  }
  const shared = [...groups.values()].filter((g) => g.length > 1 && new Set(g.map((c) => c.check.parentTable)).size > 1);
  for (const g of shared) for (const c of g) c.orphansFoundElsewhere = 0;
  let position = 0;
  await scan(connector, child.name, columns, batchSize, signal, (row) => {
    position++;
    const rowKey = () => (rowKeyColumns.length ? showKey(tupleText(rowKeyColumns.map((c) => row[c])) ?? '') : `row ${position}`);
    for (const c of candidates) c.check.add(row, rowKey);
    for (const g of shared) {
      const value = tupleText(g[0].check.fromColumns.map((col) => row[col]));
      if (value === null) continue;
      const hits = g.map((c) => c.check.parentKeys.has(value));
      g.forEach((c, i) => {
        if (!hits[i] && g.some((o, j) => hits[j] && o.check.parentTable !== c.check.parentTable)) c.orphansFoundElsewhere!++;
      });
    }
  });
}

/** Keeps the best parent per child column (declared references always), with its confidence. */
function chooseRelationships(child: StreamInfo, candidates: Candidate[]): { rel: Relationship; orphanValues: string[] }[] {
  const byColumns = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const id = c.check.fromColumns.join('\u0000');
    byColumns.set(id, [...(byColumns.get(id) ?? []), c]);
  }
  const out: { rel: Relationship; orphanValues: string[] }[] = [];
  for (const group of byColumns.values()) {
    const declared = group.filter((c) => c.declared);
    if (declared.length) {
      out.push(...declared.map((c) => toRelationship(child, c, 1)));
      continue;
    }
    const valueOnly = group.every((c) => c.valueOnly);
    const scored = group.map((c) => ({ c, confidence: confidenceOf(c) })).sort((a, b) => b.confidence - a.confidence || a.c.check.parentTable.localeCompare(b.c.check.parentTable));
    if (valueOnly) {
      const full = scored.filter((s) => s.c.check.referencing > 0 && s.c.check.varied && s.c.check.containment >= 0.98);
      if (full.length !== 1) continue;
      out.push(toRelationship(child, full[0].c, full[0].confidence));
      continue;
    }
    const best = scored[0];
    if (!best) continue;
    let confidence = best.confidence;
    // Another table fits about as well (`marking_period_id` in quarters, semesters and years): less sure.
    const rival = scored.find((s) => s.c.check.parentTable !== best.c.check.parentTable && s.confidence >= best.confidence - 0.05);
    if (rival) {
      confidence *= 0.8;
      best.c.reasons.push(`${rival.c.check.parentTable}.${rival.c.check.parentColumns.join(', ')} fits about as well`);
    }
    if (confidence >= MIN_CONFIDENCE) out.push(toRelationship(child, best.c, confidence));
  }
  return out;
}

/**
 * Name score × containment²; half the name score when no row references anything (no evidence
 * either way). When the names say reference, the types agree and the values are partly found
 * (partial containment, see above), the containment term is at least 0.8: orphans lower the
 * data's quality, not the certainty that the column is a reference.
 */
function confidenceOf(c: Candidate): number {
  if (c.check.referencing === 0) return c.score * 0.5;
  const containment = c.check.containment;
  let evidence = containment ** 2;
  const polymorphic = (c.orphansFoundElsewhere ?? 0) * 2 >= c.check.orphans;
  if (!c.valueOnly && c.typeFits && !polymorphic && c.score >= PARTIAL_NAME_SCORE && c.check.varied && containment >= PARTIAL_CONTAINMENT) evidence = Math.max(evidence, PARTIAL_EVIDENCE);
  return c.score * evidence;
}

function toRelationship(child: StreamInfo, c: Candidate, confidence: number): { rel: Relationship; orphanValues: string[] } {
  const check = c.check;
  const pct = (check.containment * 100).toFixed(check.containment === 1 || check.containment < 0.99 ? 0 : 2);
  const reasons = [...c.reasons];
  if (check.referencing) reasons.push(`${pct} % of ${check.referencing.toLocaleString('en-GB')} non-blank values found in ${check.parentTable}.${check.parentColumns.join(', ')}`);
  else reasons.push('no row holds a value, so containment could not be checked');
  const rel: Relationship = {
    fromTable: child.name,
    fromColumns: check.fromColumns,
    toTable: check.parentTable,
    toColumns: check.parentColumns,
    declared: c.declared,
    confidence: Math.round(confidence * 1000) / 1000,
    orphans: check.orphans,
    orphanExamples: check.examples.map((e) => e.rowKey),
    referencingRows: check.referencing,
    containment: Math.round(check.containment * 100000) / 100000,
    orphansExact: check.exact,
    reasons,
  };
  return { rel, orphanValues: check.examples.map((e) => e.value) };
}

/** Key values of arbitrary parent columns (declared foreign keys to something other than a scanned key). */
async function readKeySet(connector: SourceConnector, table: string, columns: string[], rows: number, limits: KeyScanLimits, signal?: AbortSignal): Promise<KeyValueSet> {
  const set = new KeyValueSet(rows, limits.exactLimit);
  await scan(connector, table, columns, limits.batchSize, signal, (row) => {
    const t = tupleText(columns.map((c) => row[c]));
    if (t !== null) set.add(t);
  });
  return set;
}

/** Turns the largest exact key sets into Bloom filters while the total held exceeds the budget. */
function enforceBudget(keys: Map<string, TableKeys>, budget: number): void {
  const sets = [...keys.values()].flatMap((k) => [...k.keySets.values()]);
  let total = sets.reduce((n, s) => n + s.exactSize, 0);
  if (total <= budget) return;
  for (const s of sets.sort((a, b) => b.exactSize - a.exactSize)) {
    if (total <= budget) break;
    total -= s.exactSize;
    s.toBloom();
  }
}

/** Integer-like and text-like keys are only compared with their own kind. */
function typeClass(stream: StreamInfo, column: string): string {
  const type = stream.columns.find((c) => c.name === column)?.type;
  return type === 'integer' || type === 'number' || type === 'decimal' ? 'number' : 'text';
}

function isCancel(err: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || (err instanceof StudioError && err.code === 'CANCELLED');
}

function describe(err: unknown): string {
  return err instanceof StudioError ? err.message : (err as Error)?.message ?? String(err);
}

import { StudioError } from '../../../../shared/errors';
import type { ColumnProfile } from '../../../../shared/model/assessment';
import type { StreamInfo } from '../../../../shared/model/connection';
import type { SourceConnector } from '../../connectors/connector';
import type { KeyValueSet } from './key-set';
import { keyText, tupleText } from '../../values/key-text';
import { looksLikeIdentifier } from './name-tokens';
import { UniquenessTracker, type DuplicateKeyReport } from './uniqueness-tracker';

/** What one table's key scan found. */
export interface TableKeys {
  table: string;
  rows: number;
  declared: string[];
  /** Columns (or column pairs) unique over every row and never blank, best first. */
  candidates: string[][];
  /** The declared key, else the best candidate key, else null. */
  key: string[] | null;
  /** Duplicated values of the declared key. */
  declaredDuplicates: DuplicateKeyReport | null;
  /** Rows with a blank part in the declared key. */
  declaredBlanks: number;
  /**
   * With no declared and no candidate key: the column that would be the key but for a few
   * repeated values (named like an identifier, never blank, at most 10 % of rows — or 2 — repeating).
   */
  nearKeyDuplicates: DuplicateKeyReport | null;
  /** Single-column keys other tables may point at (declared, or unique and named like an id, or the best candidate). */
  keySets: Map<string, KeyValueSet>;
}

/** Limits of a key scan. */
export interface KeyScanLimits {
  /** Above this many rows a table's uniqueness tests use a Bloom filter and a second pass. */
  exactLimit: number;
  /** Tables up to this many rows have every column tested; larger ones only likely keys. */
  allColumnsUpTo: number;
  /** Columns tested on a large table (declared key parts always are). */
  maxTrackedColumns: number;
  /** Columns combined in pairs when a table has no single-column key. */
  maxPairColumns: number;
  batchSize: number;
}

export const DEFAULT_KEY_SCAN_LIMITS: KeyScanLimits = { exactLimit: 500_000, allColumnsUpTo: 20_000, maxTrackedColumns: 6, maxPairColumns: 6, batchSize: 2000 };

const DISTINCT_SAMPLE_CAP = 1000;

/**
 * Scans one table for its keys: checks the declared key for duplicates and blanks, looks for
 * single columns that are unique, and, when a table has neither, for a unique pair of columns.
 */
export async function scanTableKeys(connector: SourceConnector, stream: StreamInfo, profiles: ColumnProfile[], limits: KeyScanLimits, signal?: AbortSignal): Promise<TableKeys> {
  const rows = await connector.count(stream.name);
  const declared = stream.primaryKey;
  const names = stream.columns.map((c) => c.name);
  const result: TableKeys = { table: stream.name, rows, declared, candidates: [], key: declared.length ? declared : null, declaredDuplicates: null, declaredBlanks: 0, nearKeyDuplicates: null, keySets: new Map() };
  if (rows === 0) return result;

  const tracked = chooseTrackedColumns(stream, profiles, rows, limits);
  const nearKeyAllowance = Math.max(2, Math.floor(rows * 0.1));
  const singles = tracked.map((c) => new UniquenessTracker([c], rows, limits.exactLimit, declared.length === 1 && declared[0] === c ? Infinity : nearKeyAllowance));
  const declaredTuple = declared.length > 1 ? new UniquenessTracker(declared, rows, limits.exactLimit, Infinity) : null;
  const stats = new Map(names.map((n) => [n, { blanks: 0, distinct: new Set<string>(), maxLength: 0 }]));

  const tupleTrackers = declaredTuple ? [declaredTuple] : [];
  // Each value's key text is made once per row and shared by the column's stats and its tracker.
  const columnStats = names.map((n) => stats.get(n)!);
  const trackerColumn = singles.map((t) => names.indexOf(t.columns[0]));
  const texts: (string | null)[] = new Array(names.length).fill(null);
  await scan(connector, stream.name, names, limits.batchSize, signal, (row) => {
    for (let i = 0; i < names.length; i++) {
      const s = columnStats[i];
      const text = keyText(row[names[i]]);
      texts[i] = text;
      if (text === null) s.blanks++;
      else {
        if (s.distinct.size < DISTINCT_SAMPLE_CAP) s.distinct.add(text);
        if (text.length > s.maxLength) s.maxLength = text.length;
      }
    }
    for (let i = 0; i < singles.length; i++) singles[i].add(trackerColumn[i] >= 0 ? texts[trackerColumn[i]] : keyText(row[singles[i].columns[0]]));
    for (const t of tupleTrackers) t.add(tupleText(t.columns.map((c) => row[c])));
  });
  const all = [...singles, ...tupleTrackers];
  if (all.some((t) => t.needsSecondPass)) await secondPass(connector, stream.name, all, limits.batchSize, signal);

  const declaredTracker = declared.length === 1 ? singles.find((t) => t.columns[0] === declared[0]) : declaredTuple;
  if (declaredTracker) {
    result.declaredDuplicates = declaredTracker.duplicates();
    result.declaredBlanks = declaredTracker.blanks;
  }

  // A table of one row makes every column look unique: nothing can be concluded from it.
  const uniqueSingles = rows >= 2 ? singles.filter((t) => t.isKey) : [];
  uniqueSingles.sort((a, b) => rankKeyColumn(stream, a.columns[0], stats) - rankKeyColumn(stream, b.columns[0], stats));
  result.candidates = uniqueSingles.map((t) => t.columns);

  if (!declared.length && !uniqueSingles.length && rows >= 2) {
    const pairs = await findUniquePairs(connector, stream, rows, stats, limits, signal);
    result.candidates.push(...pairs);
    if (!pairs.length) {
      const near = singles
        .filter((t) => !t.abandoned && t.blanks === 0 && t.extraRows > 0 && looksLikeIdentifier(t.columns[0]))
        .sort((a, b) => a.extraRows - b.extraRows || names.indexOf(a.columns[0]) - names.indexOf(b.columns[0]))[0];
      if (near) result.nearKeyDuplicates = near.duplicates();
    }
  }
  if (!result.key && result.candidates.length) result.key = result.candidates[0];

  // Key sets kept for reference checks: the table's own single-column key and other unique id-like columns.
  for (const t of singles) {
    const column = t.columns[0];
    const isOwnKey = result.key?.length === 1 && result.key[0] === column;
    if (!isOwnKey && !(t.isKey && rows >= 2 && looksLikeIdentifier(column))) continue;
    const set = t.keySet(limits.exactLimit);
    if (set) result.keySets.set(column, set);
  }
  return result;
}

/** Which columns get a full uniqueness test. */
function chooseTrackedColumns(stream: StreamInfo, profiles: ColumnProfile[], rows: number, limits: KeyScanLimits): string[] {
  const testable = stream.columns.filter((c) => c.type !== 'binary' && c.type !== 'json').map((c) => c.name);
  if (rows <= limits.allColumnsUpTo) return [...new Set([...(stream.primaryKey.length === 1 ? stream.primaryKey : []), ...testable])];
  const hinted = new Set(profiles.filter((p) => p.table === stream.name && p.distinct >= 0.9 * rows).map((p) => p.column));
  const ranked = testable
    .map((name, i) => ({ name, score: (stream.primaryKey.includes(name) ? 100 : 0) + (looksLikeIdentifier(name) ? 10 : 0) + (hinted.has(name) ? 5 : 0) + (i < 2 ? 1 : 0) }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score);
  const chosen = ranked.slice(0, limits.maxTrackedColumns).map((c) => c.name);
  if (stream.primaryKey.length === 1 && !chosen.includes(stream.primaryKey[0])) chosen.push(stream.primaryKey[0]);
  return chosen;
}

type Stats = Map<string, { blanks: number; distinct: Set<string>; maxLength: number }>;

/** Lower is better: named like an id, integer, short, leftmost. */
function rankKeyColumn(stream: StreamInfo, column: string, stats: Stats): number {
  const info = stream.columns.find((c) => c.name === column);
  const position = stream.columns.findIndex((c) => c.name === column);
  return (looksLikeIdentifier(column) ? 0 : 1000) + (info?.type === 'integer' ? 0 : 100) + Math.min(99, stats.get(column)?.maxLength ?? 0) + position / 1000;
}

/** Looks for a pair of never-blank columns that together are unique, id-like and diverse columns first. */
async function findUniquePairs(connector: SourceConnector, stream: StreamInfo, rows: number, stats: Stats, limits: KeyScanLimits, signal?: AbortSignal): Promise<string[][]> {
  const columns = stream.columns
    .filter((c) => c.type !== 'binary' && c.type !== 'json')
    .map((c, i) => ({ name: c.name, i, s: stats.get(c.name)! }))
    .filter((c) => c.s.blanks === 0 && c.s.maxLength <= 100 && c.s.distinct.size > 1)
    .sort((a, b) => Number(looksLikeIdentifier(b.name)) - Number(looksLikeIdentifier(a.name)) || b.s.distinct.size - a.s.distinct.size || a.i - b.i)
    .slice(0, limits.maxPairColumns);
  const trackers: UniquenessTracker[] = [];
  for (let x = 0; x < columns.length; x++) {
    for (let y = x + 1; y < columns.length; y++) {
      const pair = [columns[x], columns[y]].sort((a, b) => a.i - b.i).map((c) => c.name);
      // A pair can only be unique when the product of its distinct counts reaches the row count
      // (a count that reached the sample cap may be far larger).
      const spread = (c: (typeof columns)[number]) => (c.s.distinct.size >= DISTINCT_SAMPLE_CAP ? Infinity : c.s.distinct.size);
      if (spread(columns[x]) * spread(columns[y]) < rows) continue;
      trackers.push(new UniquenessTracker(pair, rows, limits.exactLimit, 0));
    }
  }
  if (!trackers.length) return [];
  await scan(connector, stream.name, columns.map((c) => c.name), limits.batchSize, signal, (row) => {
    for (const t of trackers) t.add(tupleText(t.columns.map((c) => row[c])));
  });
  if (trackers.some((t) => t.needsSecondPass)) await secondPass(connector, stream.name, trackers, limits.batchSize, signal);
  const rank = (cols: string[]) => cols.filter((c) => !looksLikeIdentifier(c)).length * 10 + cols.reduce((n, c) => n + stream.columns.findIndex((x) => x.name === c), 0) / 100;
  return trackers
    .filter((t) => t.isKey)
    .map((t) => t.columns)
    .sort((a, b) => rank(a) - rank(b));
}

async function secondPass(connector: SourceConnector, table: string, trackers: UniquenessTracker[], batchSize: number, signal?: AbortSignal): Promise<void> {
  const pending = trackers.filter((t) => t.needsSecondPass);
  const columns = [...new Set(pending.flatMap((t) => t.columns))];
  await scan(connector, table, columns, batchSize, signal, (row) => {
    for (const t of pending) t.recount(tupleText(t.columns.map((c) => row[c])));
  });
  for (const t of pending) t.finishSecondPass();
}

/** Reads every row of a table (only the named columns), checking for cancellation between batches. */
export async function scan(connector: SourceConnector, table: string, columns: string[], batchSize: number, signal: AbortSignal | undefined, onRow: (row: Record<string, unknown>) => void): Promise<number> {
  let n = 0;
  for await (const batch of connector.read(table, { batchSize, columns, signal })) {
    throwIfAborted(signal);
    for (const row of batch) onRow(row);
    n += batch.length;
  }
  return n;
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new StudioError('CANCELLED', 'The assessment was cancelled.', 'Start it again when ready.');
}

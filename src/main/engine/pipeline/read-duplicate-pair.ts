import type { StreamInfo } from '../../../shared/model/connection';
import type { DuplicateCandidate } from '../../../shared/model/assessment';
import type { DuplicatePair, DuplicatePairSide } from '../../../shared/model/duplicate-pair';
import { isBlankValue } from '../../../shared/model/survivor';
import type { Row, SourceConnector } from '../connectors/connector';
import { previewDocument } from '../connectors/preview-document';
import { memberOf, personKeyOf } from './person-crosswalk';
import { recognisePeopleTables } from '../assessment/matching/person-columns';

/**
 * Reads the two records of a candidate pair from the source, for the review queue's side-by-side
 * comparison. Records are found the way the assessment named them (declared key, else row
 * position) and the run finds them again (`personKeyOf`); the survivor facts are the run's
 * (`memberOf`), from the unmasked row; values are masked as a preview masks them unless revealed.
 * Differences are judged on the unmasked values, so masking neither hides nor invents one.
 */
export async function readDuplicatePair(connector: SourceConnector, streams: readonly StreamInfo[], candidate: DuplicateCandidate, reveal: boolean, batchSize = 1000): Promise<DuplicatePair> {
  const leftTable = candidate.leftTable ?? candidate.table;
  const rightTable = candidate.rightTable ?? candidate.table;
  const sides = [
    { table: leftTable, key: bareKey(candidate.left, leftTable, leftTable !== rightTable) },
    { table: rightTable, key: bareKey(candidate.right, rightTable, leftTable !== rightTable) },
  ];
  // Decisions store a pair with the smaller key first: that is the left `keep-left` keeps.
  if (candidate.left > candidate.right) sides.reverse();

  // One after the other: a connector may hold a single connection to its server.
  const read = [];
  for (const side of sides) read.push(await readRecord(connector, streams, side.table, side.key, batchSize));
  const columns: { name: string; personal: boolean }[] = [];
  const shown: DuplicatePairSide[] = read.map((r, i) => {
    if (!r.row) return { ...sides[i], found: false, values: {}, facts: {} };
    const doc = previewDocument(connector, r.stream!.name, r.stream!.columns, [r.row], reveal);
    for (const c of doc.columns) if (!columns.some((x) => x.name === c.name)) columns.push({ name: c.name, personal: c.personal === true });
    return { ...sides[i], found: true, values: doc.rows[0], facts: memberOf(sides[i].key, r.row, '', {}, r.updated).facts };
  });
  const [left, right] = shown;
  const raw = read.map((r) => r.row ?? {});
  const merge = !left.found || !right.found ? 'missing' : leftTable !== rightTable ? 'cross-table' : read.some((r) => r.positional) ? 'positional' : 'applies';
  return {
    table: candidate.table,
    left,
    right,
    columns: columns.map((c) => ({ ...c, differs: textOf(raw[0][c.name]) !== textOf(raw[1][c.name]) })),
    revealed: reveal,
    merge,
  };
}

/** A cross-table pair names its records `TABLE:key`. */
function bareKey(key: string, table: string, across: boolean): string {
  return across && key.startsWith(`${table}:`) ? key.slice(table.length + 1) : key;
}

const POSITIONAL = /^row (\d+)$/;

async function readRecord(connector: SourceConnector, streams: readonly StreamInfo[], table: string, key: string, batchSize: number): Promise<{ row: Row | null; stream: StreamInfo | null; updated: string | null; positional: boolean }> {
  const stream = streams.find((s) => s.name === table) ?? null;
  if (!stream) return { row: null, stream: null, updated: null, positional: false };
  const keyColumns = stream.primaryKey;
  const updated = recognisePeopleTables([stream])[0]?.updated ?? null;
  const position = keyColumns.length ? null : Number(POSITIONAL.exec(key)?.[1] ?? NaN);
  let seen = 0;
  for await (const batch of connector.read(stream.name, { batchSize })) {
    for (const row of batch) {
      seen++;
      const match = position === null ? personKeyOf(row, keyColumns) === key : seen === position;
      if (match) return { row, stream, updated, positional: position !== null };
    }
  }
  return { row: null, stream, updated, positional: position !== null };
}

/** Values compared as text; blank, null and missing are the same. */
function textOf(value: unknown): string {
  if (isBlankValue(value)) return '';
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return String(value);
}

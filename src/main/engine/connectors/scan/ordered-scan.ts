import { StudioError } from '../../../../shared/errors';
import type { ColumnType } from '../../../../shared/model/connection';
import type { Row } from '../connector';
import { compareValues } from './value-compare';

/**
 * A table that can only be read front to back, in the order its rows are stored in the file
 * (Access through mdb-reader, dBase). Each scan starts again at the first row and yields rows
 * projected to `columns`; nothing is read before the consumer pulls. When `wanted` is given,
 * a row it turns down (by position, counting from 0) may come back as undefined instead of
 * decoded: it still takes its place, so positions stay aligned, but costs no decoding.
 */
export interface PhysicalTable {
  scan(columns: readonly string[], chunkRows: number, signal?: AbortSignal, wanted?: (position: number) => boolean): AsyncIterable<(Row | undefined)[]>;
}

/** What an ordered read asks for, with every name already checked against the table. */
export interface OrderedScanOptions {
  /** Output columns, in output order. */
  columns: readonly string[];
  /** Sort columns; empty means file order. */
  orderBy: readonly string[];
  /** Incremental read: only rows whose cursor column is strictly greater than `after`. */
  cursor?: { column: string; after: unknown };
  batchSize: number;
  signal?: AbortSignal;
  /** Normalized type of every column, which decides how values compare. */
  types: ReadonlyMap<string, ColumnType>;
  /** Most rows held in memory at once when the file order is not the requested order. */
  windowRows: number;
}

/** Rows decoded per scan step: big enough that per-call overheads vanish, small enough to bound memory. */
const MIN_CHUNK_ROWS = 1000;

/**
 * Reads a file table in the requested order with bounded memory.
 *
 * With no order and no cursor this is one plain scan. Otherwise a first scan reads only the key
 * columns (cursor column first, then the order columns, so rows with equal cursor values come
 * out together, ordered by key — a run that checkpoints between cursor values never splits a
 * tie). When the file order already is the requested order (the usual case: rows appended in
 * key order) a second scan streams the kept rows. When it is not, the sorted positions are
 * gathered in windows of `windowRows` rows: one scan per window (rows outside the window are
 * not decoded), so memory holds the key values plus one window of rows, while time grows with
 * rows / windowRows scans. Measured on a 1,000,000-row dBase table sorted by a text column
 * against file order: about 16 s and 310 MB peak; a plain read of it: about 5 s at 90 MB.
 */
export async function* orderedScan(table: PhysicalTable, options: OrderedScanOptions): AsyncGenerator<Row[]> {
  const batchSize = Math.max(1, Math.floor(options.batchSize));
  const chunkRows = Math.max(batchSize, MIN_CHUNK_ROWS);
  const keys = unique(options.cursor ? [options.cursor.column, ...options.orderBy] : [...options.orderBy]);
  if (keys.length === 0) {
    yield* rebatch(table.scan(options.columns, chunkRows, options.signal), batchSize, options.signal);
    return;
  }

  const keyTypes = keys.map((k) => options.types.get(k) ?? 'unknown');
  const cursor = options.cursor;
  const cursorType = cursor ? (options.types.get(cursor.column) ?? 'unknown') : 'unknown';
  // Kept rows' keys, column by column, and their positions in the file: compact even for millions of rows.
  const keyColumns: unknown[][] = keys.map(() => []);
  const positions: number[] = [];
  const compareKept = (a: number, b: number): number => {
    for (let k = 0; k < keys.length; k++) {
      const c = compareValues(keyTypes[k], keyColumns[k][a], keyColumns[k][b]);
      if (c !== 0) return c;
    }
    return 0;
  };
  let index = 0;
  let inOrder = true;
  for await (const batch of table.scan(keys, chunkRows, options.signal)) {
    throwIfAborted(options.signal);
    for (const row of batch) {
      // No `wanted` was given, so every row is decoded.
      const value = row?.[keys[0]];
      // SQL semantics: NULL is never greater than anything, so an incremental read skips it.
      const kept = !cursor || (value !== null && value !== undefined && compareValues(cursorType, value, cursor.after) > 0);
      if (kept) {
        keys.forEach((k, i) => keyColumns[i].push(row?.[k]));
        positions.push(index);
        const last = positions.length - 1;
        if (last > 0 && inOrder && compareKept(last - 1, last) > 0) inOrder = false;
      }
      index++;
    }
  }
  const total = index;

  if (inOrder) {
    const keep = new Uint8Array(total);
    for (const p of positions) keep[p] = 1;
    positions.length = 0;
    keyColumns.length = 0;
    const wanted = (i: number) => i < total && keep[i] === 1;
    yield* rebatch(filterByPosition(table.scan(options.columns, chunkRows, options.signal, wanted), wanted), batchSize, options.signal);
    return;
  }

  // Ties keep file order (positions ascend with the ordinal), so an unchanged file always reads the same.
  const order = Array.from({ length: positions.length }, (_, i) => i);
  order.sort((a, b) => compareKept(a, b) || a - b);
  const rank = new Int32Array(total).fill(-1);
  order.forEach((ordinal, r) => (rank[positions[ordinal]] = r));
  const kept = order.length;
  order.length = 0;
  positions.length = 0;
  keyColumns.length = 0;
  const window = Math.max(batchSize, Math.floor(options.windowRows));
  for (let start = 0; start < kept; start += window) {
    const end = Math.min(kept, start + window);
    const slots: Row[] = new Array(end - start);
    let found = 0;
    let position = 0;
    const inWindow = (i: number) => i < total && rank[i] >= start && rank[i] < end;
    gather: for await (const batch of table.scan(options.columns, chunkRows, options.signal, inWindow)) {
      throwIfAborted(options.signal);
      for (const row of batch) {
        if (position >= total) break gather;
        const r = rank[position++];
        if (row && r >= start && r < end) {
          slots[r - start] = row;
          if (++found === end - start) break gather;
        }
      }
    }
    for (let i = 0; i < slots.length; i += batchSize) {
      throwIfAborted(options.signal);
      yield slots.slice(i, i + batchSize);
    }
  }
}

async function* filterByPosition(source: AsyncIterable<(Row | undefined)[]>, keep: (position: number) => boolean): AsyncGenerator<Row[]> {
  let position = 0;
  for await (const batch of source) {
    const out: Row[] = [];
    for (const row of batch) {
      if (row && keep(position)) out.push(row);
      position++;
    }
    if (out.length) yield out;
  }
}

/** Re-cuts batches to exactly `batchSize` rows (the last may be shorter). */
async function* rebatch(source: AsyncIterable<(Row | undefined)[]>, batchSize: number, signal?: AbortSignal): AsyncGenerator<Row[]> {
  let pending: Row[] = [];
  try {
    for await (const batch of source) {
      throwIfAborted(signal);
      for (const row of batch) {
        if (!row) continue;
        pending.push(row);
        if (pending.length >= batchSize) {
          yield pending;
          pending = [];
          throwIfAborted(signal);
        }
      }
    }
  } catch (err) {
    // Rows read before a failure (a damaged record further on) still reach the consumer first.
    if (pending.length && !(err instanceof StudioError && err.code === 'CANCELLED')) yield pending;
    throw err;
  }
  if (pending.length) yield pending;
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new StudioError('CANCELLED', 'The read was cancelled.', 'Start it again when ready.');
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

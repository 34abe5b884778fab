import type { Row } from '../connector';

/**
 * Where an incremental read stopped, precisely enough that rows sharing the last cursor value
 * are neither lost nor read twice: the cursor value plus the key of the last row read.
 *
 * Why: with `cursor > lastValue` alone, a run that stops (or a batch that ends) in the middle of
 * rows with equal cursor values — e.g. 300 rows stamped with the same `updated_at` by one bulk
 * update — skips the ones not yet read. Database connectors therefore order an incremental read
 * by (cursor column, key columns) and accept this position as `ReadOptions.cursor.after`; the
 * next read starts strictly after (value, key) in that order. A plain value is still accepted
 * and means `cursor > value`.
 */
export interface KeysetPosition {
  value: unknown;
  /** The order's tie-breaking columns (the table's key unless `orderBy` says otherwise) → value. */
  key: Record<string, unknown>;
}

/** True when `after` is a {@link KeysetPosition} rather than a plain cursor value. */
export function isKeysetPosition(after: unknown): after is KeysetPosition {
  if (after === null || typeof after !== 'object' || Array.isArray(after) || Buffer.isBuffer(after) || after instanceof Date) return false;
  const o = after as Record<string, unknown>;
  return 'value' in o && typeof o.key === 'object' && o.key !== null && !Array.isArray(o.key);
}

/**
 * The position after `row` in an incremental read ordered by (`cursorColumn`, `keyColumns`):
 * pass it as `cursor.after` on the next run. `keyColumns` are the stream's primary key (from
 * discovery) or the `orderBy` columns the read used.
 */
export function nextCursorPosition(row: Row, cursorColumn: string, keyColumns: string[]): KeysetPosition {
  const key: Record<string, unknown> = {};
  for (const c of keyColumns) if (c !== cursorColumn) key[c] = row[c];
  return { value: row[cursorColumn], key };
}

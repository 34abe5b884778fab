import { isKeysetPosition } from '../sql/keyset';
import type { Row } from '../connector';

/**
 * The increment of a REST read, decided here whatever the server did with it: an API may ignore
 * `updated_since`, compare with `>=` where `>` was meant, or page while records change. So the
 * query parameter only saves reading; this filter makes the answer right. A plain `after` keeps
 * rows whose cursor value is greater; a keyset position (connectors/sql/keyset.ts) also keeps
 * rows with an equal value and a greater key, so ties stamped by one bulk update are neither lost
 * nor read twice. A NULL cursor value is never returned by an increment, as for databases.
 */
export interface CursorFilter {
  /** What the server is asked for: the value, and whether equal values must come too. */
  since: { value: string; inclusive: boolean } | null;
  keep(row: Row): boolean;
}

export function cursorFilter(cursor: { column: string; after: unknown } | undefined): CursorFilter | null {
  if (!cursor) return null;
  const { column, after } = cursor;
  if (after === null || after === undefined) return { since: null, keep: (row) => row[column] !== null && row[column] !== undefined };
  if (isKeysetPosition(after)) {
    if (after.value === null || after.value === undefined) return { since: null, keep: (row) => row[column] !== null && row[column] !== undefined };
    const keys = Object.keys(after.key);
    return {
      since: { value: text(after.value), inclusive: true },
      keep: (row) => {
        const v = row[column];
        if (v === null || v === undefined) return false;
        const c = compareValues(v, after.value);
        if (c !== 0) return c > 0;
        for (const k of keys) {
          const kc = compareValues(row[k], after.key[k]);
          if (kc !== 0) return kc > 0;
        }
        return false;
      },
    };
  }
  return { since: { value: text(after), inclusive: false }, keep: (row) => row[column] !== null && row[column] !== undefined && compareValues(row[column], after) > 0 };
}

/** Numbers as numbers, timestamps (`2024-05-01`, `2024-05-01T10:00:00Z`) as instants, the rest as text. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = text(a);
  const sb = text(b);
  if (/^\d{4}-\d{2}-\d{2}/.test(sa) && /^\d{4}-\d{2}-\d{2}/.test(sb)) {
    const ta = Date.parse(sa);
    const tb = Date.parse(sb);
    if (Number.isFinite(ta) && Number.isFinite(tb) && ta !== tb) return ta - tb;
    if (Number.isFinite(ta) && Number.isFinite(tb)) return 0;
  }
  if (/^-?\d+(\.\d+)?$/.test(sa) && /^-?\d+(\.\d+)?$/.test(sb)) return Number(sa) - Number(sb);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function text(v: unknown): string {
  return v instanceof Date ? v.toISOString() : String(v);
}

import { StudioError } from '../../../../../shared/errors';
import type { ReadOptions, Row } from '../../connector';

/**
 * Applies a read's `columns` and `cursor` to rows of a file, which has no index to do it for us.
 * The cursor keeps rows whose value is strictly greater than `after`: numbers compare as numbers
 * when both sides are numeric text, everything else by its text (ISO dates sort correctly that
 * way); rows with an empty cursor value are left out.
 */
export function rowFilter(options: Pick<ReadOptions, 'columns' | 'cursor'>, known: readonly string[] | null, stream: string): ((rows: Row[]) => Row[]) | null {
  const columns = options.columns?.length ? options.columns : null;
  if (known && columns) {
    const missing = columns.filter((c) => !known.includes(c));
    if (missing.length) {
      throw new StudioError('BAD_REQUEST', `The stream "${stream}" has no column ${missing.map((c) => `"${c}"`).join(', ')}.`, 'Run discovery again to see the columns the file has now.', { where: { table: stream, column: missing[0] } });
    }
  }
  const cursor = options.cursor;
  if (!columns && !cursor) return null;
  const after = cursor ? comparable(cursor.after) : null;
  return (rows) => {
    let out = rows;
    if (cursor && after !== null) {
      out = out.filter((row) => {
        const v = comparable(row[cursor.column]);
        return v !== null && compare(v, after) > 0;
      });
    }
    if (columns) {
      out = out.map((row) => {
        const picked: Row = {};
        for (const c of columns) picked[c] = row[c] === undefined ? null : row[c];
        return picked;
      });
    }
    return out;
  };
}

type Comparable = { num: number | null; text: string };

function comparable(value: unknown): Comparable | null {
  if (value === null || value === undefined || value === '') return null;
  const text = String(value);
  const num = typeof value === 'number' ? value : /^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : null;
  return { num, text };
}

function compare(a: Comparable, b: Comparable): number {
  if (a.num !== null && b.num !== null) return a.num - b.num;
  return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
}

import { concatMeta } from '../../../../shared/transforms/concat';
import { defineTransform, fail, ok } from './define';

/** Joins the named columns of the row (not the incoming value); blank parts are left out, nothing left gives null. */
export const concat = defineTransform(concatMeta, (_value, t, { row }) => {
  const parts: string[] = [];
  for (const column of t.columns) {
    if (!(column in row)) return fail(`The column "${column}" is not in the source row.`);
    const v = row[column];
    if (v === null || v === undefined) continue;
    const text = (v instanceof Date ? v.toISOString() : String(v)).trim();
    if (text !== '') parts.push(text);
  }
  return ok(parts.length ? parts.join(t.separator) : null);
});

import { coalesceMeta } from '../../../../shared/transforms/coalesce';
import { defineTransform, fail, ok } from './define';
import { isBlank } from './values';

export const coalesce = defineTransform(coalesceMeta, (value, t, { row }) => {
  if (!isBlank(value)) return ok(value);
  for (const column of t.columns) {
    if (!(column in row)) return fail(`The column "${column}" is not in the source row.`);
    if (!isBlank(row[column])) return ok(row[column]);
  }
  return ok(null);
});

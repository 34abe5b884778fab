import { createHash } from 'node:crypto';
import { generateIdMeta } from '../../../../shared/transforms/generate-id';
import { defineTransform, fail, ok } from './define';
import { textOf } from './values';

/** The same columns always give the same identifier; a blank part refuses the row rather than make a colliding one. */
export const generateId = defineTransform(generateIdMeta, (_value, t, { row }) => {
  if (t.columns.length === 0) return fail('The identifier names no column.');
  const parts: string[] = [];
  for (const column of t.columns) {
    if (!(column in row)) return fail(`The column "${column}" is not in the source row.`);
    const v = row[column];
    const text = textOf(v).trim();
    if (text === '') return fail(`The column "${column}" is empty, so the row gets no identifier.`);
    parts.push(text);
  }
  const prefix = t.prefix ?? '';
  if (t.hash === undefined) return ok(prefix + parts.join(t.separator ?? '-'));
  if (!Number.isInteger(t.hash) || t.hash < 8 || t.hash > 64) return fail(`A hash of ${t.hash} characters is not between 8 and 64.`);
  // The unit separator cannot occur in trimmed text parts, so ("a-b","c") and ("a","b-c") differ.
  return ok(prefix + createHash('sha256').update(parts.join('\u001f')).digest('hex').slice(0, t.hash));
});

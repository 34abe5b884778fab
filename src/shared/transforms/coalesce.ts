import { z } from 'zod';
import { defineTransformMeta, remark } from './define';

/** The first non-blank of the field's value and the columns named, in order (mobile, else home phone). */
export const coalesceMeta = defineTransformMeta({
  kind: 'coalesce',
  label: 'First value given',
  description: 'Keeps the field’s value, or when it is blank the first of the named columns that is not (mobile, else home phone, else work phone).',
  category: 'value',
  params: { columns: z.array(z.string()).describe('Columns to try') },
  outputType: 'same',
  reads: (t) => [...t.columns],
  check: (t) => (t.columns.length === 0 ? [remark('columns', 'No column to fall back on is named, so this does nothing.', 'Choose the columns to try in order.', 'warning')] : t.columns.flatMap((c, i) => (c.trim() === '' ? [remark(`columns[${i}]`, `Column ${i + 1} has no name.`, 'Choose a column or remove the empty entry.')] : []))),
});

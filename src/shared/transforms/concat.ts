import { z } from 'zod';
import { defineTransformMeta, remark } from './define';

/** Several columns of the row joined into one text; blank parts are left out. */
export const concatMeta = defineTransformMeta({
  kind: 'concat',
  label: 'Join columns',
  description: 'Joins several columns of the row with a separator, leaving blank ones out ("12 High St, Leeds").',
  category: 'value',
  params: {
    columns: z.array(z.string()).describe('Columns'),
    separator: z.string().describe('Separator'),
  },
  outputType: 'text',
  reads: (t) => [...t.columns],
  suppliesBlank: () => true,
  check: (t) => {
    if (t.columns.length === 0) return [remark('columns', 'The join names no column, so it always gives no value.', 'Choose the columns to join.')];
    return t.columns.flatMap((c, i) => (c.trim() === '' ? [remark(`columns[${i}]`, `Column ${i + 1} of the join has no name.`, 'Choose a column or remove the empty entry.')] : []));
  },
});

import { z } from 'zod';
import { defineTransformMeta } from './define';

/** The same value for every row, whatever the column holds. */
export const constantMeta = defineTransformMeta({
  kind: 'constant',
  label: 'Fixed value',
  description: 'Sends the same value for every row.',
  category: 'value',
  params: {
    value: z.string().describe('Value'),
  },
  outputType: 'text',
  suppliesBlank: () => true,
});

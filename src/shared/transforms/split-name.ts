import { z } from 'zod';
import { defineTransformMeta } from './define';

export const NAME_PARTS = ['first', 'middle', 'last'] as const;
export const NAME_ORDERS = ['auto', 'firstLast', 'lastFirst'] as const;

/**
 * One part of a whole name. `auto` reads "SMITH, John" (a comma) as last-first and anything else
 * as first-last; surname particles (van, de, da, von, O', Mac…) stay with the last name.
 */
export const splitNameMeta = defineTransformMeta({
  kind: 'splitName',
  label: 'Part of a name',
  description: 'Takes the first, middle or last name out of a whole name ("Smith, John Paul", "Ana de la Cruz"); particles such as van and de stay with the surname.',
  category: 'text',
  params: {
    part: z.enum(NAME_PARTS).describe('Part'),
    order: z.enum(NAME_ORDERS).optional().describe('Written as'),
  },
  outputType: 'text',
});

import { z } from 'zod';
import { defineTransformMeta } from './define';

/** Which part of a numeric date comes first: day (31/12/2024), month (12/31/2024) or year (2024-12-31). */
export const DATE_ORDERS = ['dmy', 'mdy', 'ymd'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

/**
 * Dates in whatever separators and widths they come in (`3/9/24`, `03.09.2024`, `2024-9-3`,
 * `3 Sep 2024`), read in the order the column's evidence decided (`dateOrderEvidence` in the engine:
 * a first part above 12 proves day-first). Without an order, a date that could be read both ways
 * (3/9/2024) is refused rather than guessed.
 */
export const detectDateMeta = defineTransformMeta({
  kind: 'detectDate',
  label: 'Read dates (detected format)',
  description: 'Reads dates whatever their separators, widths or month names, day-first or month-first as the column’s values show; an ambiguous date with no order set is refused, never guessed.',
  category: 'convert',
  params: {
    order: z.enum(DATE_ORDERS).optional().describe('Order of day and month'),
    sentinels: z.array(z.string()).optional().describe('Placeholder dates'),
  },
  outputType: 'date',
});

import { z } from 'zod';
import { defineTransformMeta } from './define';

/**
 * How numbers are written: `en` 1,234.56; `de` 1.234,56; `fr` 1 234,56; `ch` 1'234.56. Group
 * separators are only accepted in groups of three, so "1.5" in `de` is refused, never read as 15.
 */
export const NUMBER_LOCALES = ['en', 'de', 'fr', 'ch'] as const;
export type NumberLocale = (typeof NUMBER_LOCALES)[number];

export const parseNumberMeta = defineTransformMeta({
  kind: 'parseNumber',
  label: 'Read numbers',
  description: 'Reads numbers written the local way (1,234.56 / 1.234,56 / 1 234,56 / 1\'234.56), with a currency sign or a minus in brackets; blank becomes no value.',
  category: 'convert',
  params: {
    locale: z.enum(NUMBER_LOCALES).describe('Written as'),
    /** Refuse a number with a fractional part (a count, a year). */
    integer: z.boolean().optional().describe('Whole numbers only'),
  },
  outputType: 'number',
});

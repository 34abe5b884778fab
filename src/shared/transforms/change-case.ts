import { z } from 'zod';
import { defineTransformMeta } from './define';

export const CASE_MODES = ['upper', 'lower', 'title', 'sentence'] as const;

/** Text in upper, lower, title ("O'Brien-Smith") or sentence case ("Peanut allergy"). */
export const changeCaseMeta = defineTransformMeta({
  kind: 'changeCase',
  label: 'Change case',
  description: 'Puts text in upper case, lower case, title case ("Mary-Jane O\'Brien") or sentence case ("Peanut allergy").',
  category: 'text',
  params: { mode: z.enum(CASE_MODES).describe('Case') },
  outputType: 'same',
});

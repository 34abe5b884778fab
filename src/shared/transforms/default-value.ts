import { z } from 'zod';
import { defineTransformMeta } from './define';

/** A missing or blank value gets a default; any other value is kept. */
export const defaultValueMeta = defineTransformMeta({
  kind: 'defaultValue',
  label: 'Default when blank',
  description: 'Gives a missing or blank value a default ("unknown"); any other value is kept.',
  category: 'value',
  params: { value: z.string().describe('Default') },
  outputType: 'same',
  suppliesBlank: () => true,
});

import { z } from 'zod';
import { defineTransformMeta, remark } from './define';

/** A packed list ("Peanuts, Eggs") becomes an array of its trimmed, non-empty items. */
export const splitMeta = defineTransformMeta({
  kind: 'split',
  label: 'Split into a list',
  description: 'Cuts packed text ("Peanuts, Eggs") into a list of its trimmed, non-empty items; text transforms after it act on each item.',
  category: 'convert',
  params: {
    separator: z.string().describe('Separator'),
  },
  outputType: 'list',
  check: (t) => (t.separator === '' ? [remark('separator', 'The split has no separator, so it would cut the text into single characters.', 'Type the character that separates the items, for example a comma.')] : []),
});

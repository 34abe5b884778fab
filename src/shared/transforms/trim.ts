import { defineTransformMeta } from './define';

/** Leading and trailing white space (any Unicode space) goes. */
export const trimMeta = defineTransformMeta({
  kind: 'trim',
  label: 'Trim spaces',
  description: 'Removes spaces, tabs and other white space at the start and end of the text.',
  category: 'clean-up',
  params: {},
  outputType: 'same',
  cleanupRank: () => 1,
});

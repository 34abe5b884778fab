import { defineTransformMeta } from './define';

/** Blank text and an empty list are sent as no value. */
export const emptyToNullMeta = defineTransformMeta({
  kind: 'emptyToNull',
  label: 'Blank → no value',
  description: 'Sends blank text (and an empty list) as no value.',
  category: 'clean-up',
  params: {},
  outputType: 'same',
  // Last of the clean-ups: a trim or a placeholder crosswalk may have made the blank.
  cleanupRank: () => 3,
});

import { defineTransformMeta } from './define';

/** Runs of white space inside text ("Mary  Ann", "12\tHigh St") become one ordinary space. */
export const collapseSpacesMeta = defineTransformMeta({
  kind: 'collapseSpaces',
  label: 'Collapse spaces',
  description: 'Turns each run of spaces, tabs, line breaks and non-breaking spaces inside the text into one ordinary space ("Mary  Ann" → "Mary Ann").',
  category: 'clean-up',
  params: {},
  outputType: 'same',
  // After trim (so the ends are already gone), before a placeholder crosswalk compares codes.
  cleanupRank: () => 1.5,
});

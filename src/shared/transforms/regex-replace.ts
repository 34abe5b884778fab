import { z } from 'zod';
import { defineTransformMeta } from './define';
import { regexRemarks } from './regex-extract';

/** Every part of the text a pattern finds is replaced (`$1` brings a group back); RE2 syntax, linear time. */
export const regexReplaceMeta = defineTransformMeta({
  kind: 'regexReplace',
  label: 'Replace with a pattern',
  description: 'Replaces every part of the text a pattern finds ("(\\d{3})(\\d{4})" → "$1 $2"); $1, $2 bring the bracketed groups back.',
  category: 'text',
  params: {
    pattern: z.string().describe('Pattern'),
    replacement: z.string().describe('Replace with'),
    ignoreCase: z.boolean().optional().describe('Ignore case'),
  },
  outputType: 'same',
  check: (t) => regexRemarks(t.pattern),
});

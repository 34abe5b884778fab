import { z } from 'zod';
import { defineTransformMeta } from './define';

/** "O'BRIEN-SMITH" → "O'Brien-Smith", "MCDONALD" → "McDonald". */
export const titleCaseMeta = defineTransformMeta({
  kind: 'titleCase',
  label: 'Title case',
  description: 'Capital first letter of each word, the rest lower-case ("O\'BRIEN-SMITH" → "O\'Brien-Smith", "MCDONALD" → "McDonald").',
  category: 'text',
  params: {
    /** Leave text that already has lower-case letters alone ("McDonald", "de la Cruz"). */
    onlyIfAllCaps: z.boolean().optional().describe('Only text written all in capitals'),
  },
  outputType: 'same',
});

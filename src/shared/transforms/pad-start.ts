import { z } from 'zod';
import { defineTransformMeta, remark, type TransformRemark } from './define';

/** Codes that lost their leading zeros (7 → "007"); numbers are read as their decimal text. */
export const padStartMeta = defineTransformMeta({
  kind: 'padStart',
  label: 'Pad on the left',
  description: 'Fills codes on the left up to a width ("7" → "007"); numbers are read as their decimal text.',
  category: 'text',
  params: {
    length: z.number().describe('Width'),
    char: z.string().describe('Fill character'),
  },
  outputType: 'text',
  check: (t) => {
    const out: TransformRemark[] = [];
    if (!Number.isInteger(t.length) || t.length < 0) out.push(remark('length', `The width ${t.length} is not a whole number of characters.`, 'Type the width the codes should have, for example 6.'));
    if (t.char.length === 0) out.push(remark('char', 'The fill character is empty.', 'Type the character to fill with, usually 0.'));
    return out;
  },
});

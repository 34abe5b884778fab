import { z } from 'zod';
import { defineTransformMeta, remark, type TransformRemark } from './define';

/**
 * Part of the text by position, counted in characters as a person sees them (an accented letter or
 * an emoji is one): `start` from 0, negative from the end; `length` characters, or to the end.
 */
export const substringMeta = defineTransformMeta({
  kind: 'substring',
  label: 'Take part of the text',
  description: 'Keeps the characters from a position (0 is the first, -4 the fourth from the end) for a length, or to the end ("2024-09" → "2024").',
  category: 'text',
  params: {
    start: z.number().describe('From position'),
    length: z.number().optional().describe('Length'),
  },
  outputType: 'same',
  check: (t) => {
    const out: TransformRemark[] = [];
    if (!Number.isInteger(t.start)) out.push(remark('start', `The position ${t.start} is not a whole number.`, 'Type a whole number: 0 for the first character, -1 for the last.'));
    if (t.length !== undefined && (!Number.isInteger(t.length) || t.length < 0)) out.push(remark('length', `The length ${t.length} is not a whole number of characters.`, 'Type how many characters to keep, or leave it empty to keep the rest.'));
    return out;
  },
});

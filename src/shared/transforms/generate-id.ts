import { z } from 'zod';
import { defineTransformMeta, remark, type TransformRemark } from './define';

/**
 * An identifier made from the row, the same every run (never random, so a re-run updates the
 * same record): the columns' trimmed values joined, with a prefix, or — with `hash` — a short
 * SHA-256 of them when the parts are personal or too long to show.
 */
export const generateIdMeta = defineTransformMeta({
  kind: 'generateId',
  label: 'Make an identifier',
  description: 'Builds a stable identifier from columns of the row ("STU-" + year + number), or a short hash of them; the same row always gets the same one.',
  category: 'value',
  params: {
    columns: z.array(z.string()).describe('Columns'),
    prefix: z.string().optional().describe('Prefix'),
    separator: z.string().optional().describe('Separator'),
    /** Hex characters of SHA-256 to keep (8–64) instead of the joined values. */
    hash: z.number().optional().describe('Hash length'),
  },
  outputType: 'text',
  reads: (t) => [...t.columns],
  suppliesBlank: () => true,
  check: (t) => {
    const out: TransformRemark[] = [];
    if (t.columns.length === 0) out.push(remark('columns', 'The identifier names no column, so every row would get the same one.', 'Choose the columns that tell rows apart.'));
    if (t.hash !== undefined && (!Number.isInteger(t.hash) || t.hash < 8 || t.hash > 64)) out.push(remark('hash', `A hash of ${t.hash} characters is not between 8 and 64.`, 'Use 12 or more so two rows never share one.'));
    return out;
  },
});

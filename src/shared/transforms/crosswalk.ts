import { z } from 'zod';
import { defineTransformMeta, remark, type TransformLookup, type TransformRemark } from './define';

/** What a crosswalk does with a code it has no entry for. */
export const CROSSWALK_FALLBACKS = ['keep', 'null', 'reject'] as const;

/**
 * Legacy codes become Academia Pro's ("M" → "male", "R" → "KG"). The table is either the
 * project's crosswalk named `crosswalk` (shared by every mapping that names it) or, in mappings
 * saved before named crosswalks, inline in `table`. A mapping read from the project carries both:
 * the name, and the named table as it is now.
 */
export const crosswalkMeta = defineTransformMeta({
  kind: 'crosswalk',
  label: 'Translate codes',
  description: 'Translates legacy codes through a crosswalk table; unknown codes are kept, sent as no value or rejected.',
  category: 'lookup',
  params: {
    /** The project's crosswalk to use, by name. */
    crosswalk: z.string().optional().describe('Crosswalk'),
    /** An inline table (mappings saved before named crosswalks). */
    table: z.record(z.string(), z.string()).optional().describe('Codes'),
    fallback: z.enum(CROSSWALK_FALLBACKS).optional().describe('Unknown codes'),
  },
  outputType: 'text',
  // A crosswalk that keeps unknown values (the placeholder fix: "N/A" → "") is a clean-up.
  cleanupRank: (t) => ((t.fallback ?? 'keep') === 'keep' ? 2 : null),
  // A crosswalk with an entry for the blank code gives blanks a value.
  suppliesBlank: (t, lookup) => {
    const table = crosswalkTable(t, lookup);
    return table !== null && Object.hasOwn(table, '');
  },
  // The mapping's own entries and fallback win; the suggestion adds the codes the table lacks.
  merge: (current, suggested) => ({ ...current, table: { ...suggested.table, ...current.table } }),
  // A mapping read from the project carries a named crosswalk's table: the same codes and fallback
  // are the same crosswalk, whether named or inline.
  identity: (t) => {
    if (!t.table) return t;
    const { crosswalk: _name, ...codes } = t;
    return codes;
  },
  check: (t) => {
    const out: TransformRemark[] = [];
    if (t.crosswalk === undefined && t.table === undefined) out.push(remark('', 'The crosswalk names no table.', 'Choose one of the project’s crosswalks.'));
    if (t.crosswalk !== undefined && t.crosswalk.trim() === '') out.push(remark('crosswalk', 'The crosswalk’s name is empty.', 'Choose one of the project’s crosswalks.'));
    if (t.crosswalk === undefined && t.table !== undefined && Object.keys(t.table).length === 0) {
      out.push(remark('table', 'The crosswalk table is empty, so every code falls through to the fallback.', 'Add the codes and what they become.', 'warning'));
    }
    return out;
  },
});

/** The table a crosswalk transform translates with: the inline one, else the project's named one; null when neither is there. */
export function crosswalkTable(t: { crosswalk?: string; table?: Record<string, string> }, lookup: TransformLookup): Readonly<Record<string, string>> | null {
  if (t.table) return t.table;
  if (t.crosswalk !== undefined) return lookup.crosswalk?.(t.crosswalk) ?? null;
  return null;
}

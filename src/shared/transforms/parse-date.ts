import { z } from 'zod';
import { defineTransformMeta, remark, type TransformRemark } from './define';

/** Date tokens, longest first, as the engine reads them (src/main/engine/values/date-formats.ts). */
const TOKENS: readonly [string, 'year' | 'month' | 'day'][] = [
  ['yyyy', 'year'],
  ['yy', 'year'],
  ['MM', 'month'],
  ['M', 'month'],
  ['dd', 'day'],
  ['d', 'day'],
];

/** Why a date format cannot read a date (it lacks a year, a month or a day), or null when it can. */
export function dateFormatProblem(format: string): string | null {
  const parts = new Set<string>();
  let i = 0;
  while (i < format.length) {
    const token = TOKENS.find(([t]) => format.startsWith(t, i));
    if (token) parts.add(token[1]);
    i += token ? token[0].length : 1;
  }
  const missing = (['year', 'month', 'day'] as const).filter((p) => !parts.has(p));
  return missing.length ? `The date format "${format}" has no ${missing.join(', no ')} (use yyyy or yy, MM or M, dd or d).` : null;
}

/** Dates written by hand or by old software become `YYYY-MM-DD`; the first format that gives a real date wins. */
export const parseDateMeta = defineTransformMeta({
  kind: 'parseDate',
  label: 'Read dates',
  description: 'Reads dates in the formats given (first real date wins) and sends them as YYYY-MM-DD; placeholder dates such as 1900-01-01 become no date.',
  category: 'convert',
  params: {
    formats: z.array(z.string()).describe('Formats'),
    /** Dates that mean "unknown" (default: 1900-01-01 and friends); they become null. */
    sentinels: z.array(z.string()).optional().describe('Placeholder dates'),
  },
  outputType: 'date',
  // A second parseDate would read the first one's ISO output with the wrong formats, so a
  // suggested one is folded in: it gains the formats and placeholders it lacks.
  merge: (current, suggested) => {
    const formats = [...current.formats, ...suggested.formats.filter((f) => !current.formats.includes(f))];
    const sentinels = current.sentinels || suggested.sentinels ? [...new Set([...(current.sentinels ?? []), ...(suggested.sentinels ?? [])])] : undefined;
    return sentinels ? { kind: 'parseDate', formats, sentinels } : { kind: 'parseDate', formats };
  },
  check: (t) => {
    const out: TransformRemark[] = [];
    if (t.formats.length === 0) out.push(remark('formats', 'The date reading names no format, so every date would be refused.', 'Add the format the dates are written in, for example dd/MM/yyyy.'));
    t.formats.forEach((f, i) => {
      const problem = dateFormatProblem(f);
      if (problem) out.push(remark(`formats[${i}]`, problem, 'Write the format with a year, a month and a day, for example dd/MM/yyyy.'));
    });
    (t.sentinels ?? []).forEach((s, i) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) out.push(remark(`sentinels[${i}]`, `The placeholder date "${s}" is not written YYYY-MM-DD, so no date read will ever equal it.`, 'Write placeholder dates as YYYY-MM-DD, for example 1900-01-01.', 'warning'));
    });
    return out;
  },
});

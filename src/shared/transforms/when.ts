import { z } from 'zod';
import { defineTransformMeta, remark, type TransformRemark } from './define';
import { USER_REGEX_HINT, userRegexProblem } from './user-regex';

export const WHEN_OPS = ['equals', 'notEquals', 'in', 'notIn', 'isEmpty', 'isNotEmpty', 'matches'] as const;

/**
 * A conditional: when the value (or another column) passes a test, the field becomes `then`;
 * otherwise `else`, or the value unchanged. Text compares trimmed and in any case, like filters;
 * `matches` takes an RE2 pattern.
 */
export const whenMeta = defineTransformMeta({
  kind: 'when',
  label: 'If … then …',
  description: 'When the value (or another column) equals, is among, matches or is empty, the field becomes a given value; otherwise another one, or it stays as it is.',
  category: 'value',
  params: {
    /** The column to test; the field's current value when absent. */
    column: z.string().optional().describe('Column to test'),
    op: z.enum(WHEN_OPS).describe('Test'),
    values: z.array(z.string()).optional().describe('Values'),
    then: z.string().nullable().describe('Then'),
    /** Absent: the value stays as it is. */
    else: z.string().nullable().optional().describe('Otherwise'),
  },
  outputType: 'any',
  reads: (t) => (t.column ? [t.column] : []),
  suppliesBlank: (t) => t.then !== null,
  check: (t) => {
    const out: TransformRemark[] = [];
    const needsValues = t.op !== 'isEmpty' && t.op !== 'isNotEmpty';
    if (needsValues && !(t.values ?? []).length) out.push(remark('values', `The test "${t.op}" has no value to compare with.`, 'Add the values to compare with.'));
    if (t.op === 'matches') for (const [i, p] of (t.values ?? []).entries()) out.push(...regexPlaceRemarks(p, `values[${i}]`));
    return out;
  },
});

function regexPlaceRemarks(pattern: string, place: string): TransformRemark[] {
  const problem = userRegexProblem(pattern);
  return problem ? [remark(place, problem, USER_REGEX_HINT)] : [];
}

import { z } from 'zod';
import { defineTransformMeta, remark, type TransformRemark } from './define';
import { USER_REGEX_HINT, userRegexProblem } from './user-regex';

/** The part of the text a pattern finds ("Class 7B (room 12)" → "7B"); RE2 syntax, linear time. */
export const regexExtractMeta = defineTransformMeta({
  kind: 'regexExtract',
  label: 'Extract with a pattern',
  description: 'Keeps the first part of the text a pattern finds, or one of its groups; text it does not find becomes no value, or rejects the row.',
  category: 'text',
  params: {
    pattern: z.string().describe('Pattern'),
    /** Which group to keep: 0 is the whole match (default). */
    group: z.number().optional().describe('Group'),
    ignoreCase: z.boolean().optional().describe('Ignore case'),
    /** What a text the pattern does not find becomes: no value (default), the text as it is, or a rejected row. */
    fallback: z.enum(['null', 'keep', 'reject']).optional().describe('Text without a match'),
  },
  outputType: 'text',
  check: (t) => regexRemarks(t.pattern, t.group),
});

/** Remarks about a user pattern and the group it keeps. */
export function regexRemarks(pattern: string, group?: number): TransformRemark[] {
  const out: TransformRemark[] = [];
  if (pattern === '') out.push(remark('pattern', 'The pattern is empty.', 'Type the pattern to look for, for example \\d+ for a number.'));
  else {
    const problem = userRegexProblem(pattern);
    if (problem) out.push(remark('pattern', problem, USER_REGEX_HINT));
  }
  if (group !== undefined && (!Number.isInteger(group) || group < 0)) out.push(remark('group', `The group ${group} is not a whole number from 0.`, '0 keeps the whole match, 1 the first bracketed group.'));
  return out;
}

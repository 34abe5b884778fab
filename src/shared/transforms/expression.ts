import { z } from 'zod';
import { defineTransformMeta, remark, type TransformRemark } from './define';

/** Longest expression accepted (characters): an expression is a line or two, not a program. */
export const EXPRESSION_MAX_LENGTH = 4000;

/**
 * What the other transforms cannot say, in CEL (the Common Expression Language Kubernetes uses
 * for validation rules): `value` is the field's value so far, `row` the source row
 * (`row.FORENAME + " " + row.SURNAME`, `value.matches("^[A-Z]{2}\\d+$") ? value : null`). CEL
 * cannot loop without bound, define functions or reach files, the network or Node; the engine
 * type-checks it against the source's columns and bounds each evaluation
 * (src/main/engine/mapping/expressions/).
 */
export const expressionMeta = defineTransformMeta({
  kind: 'expression',
  label: 'Expression (CEL)',
  description: 'Computes the value with a CEL expression over value and row (row.FORENAME + " " + row.SURNAME); checked against the source’s columns and bounded in time and size.',
  category: 'value',
  params: { expression: z.string().describe('Expression') },
  outputType: 'any',
  reads: (t) => expressionColumns(t.expression),
  suppliesBlank: () => true,
  check: (t) => {
    const out: TransformRemark[] = [];
    if (t.expression.trim() === '') out.push(remark('expression', 'The expression is empty.', 'Write what the field should be, for example row.FORENAME + " " + row.SURNAME.'));
    if (t.expression.length > EXPRESSION_MAX_LENGTH) out.push(remark('expression', `The expression is ${t.expression.length} characters long; at most ${EXPRESSION_MAX_LENGTH} are accepted.`, 'Split the work into several transforms.'));
    return out;
  },
});

/**
 * The source columns an expression names (`row.X`, `row["X Y"]`), found by reading the text, so
 * catalog drift can watch them; the engine's checker is what decides whether they exist.
 */
export function expressionColumns(expression: string): string[] {
  const out = new Set<string>();
  for (const m of expression.matchAll(/\brow\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)/g)) out.add(m[1]);
  for (const m of expression.matchAll(/\brow\s*\[\s*(?:"([^"\\]{1,300})"|'([^'\\]{1,300})')\s*\]/g)) out.add(m[1] ?? m[2]);
  return [...out];
}

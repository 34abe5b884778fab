import { expressionMeta } from '../../../../shared/transforms/expression';
import { cachedExpression } from '../expressions/expression-cache';
import { ExpressionError } from '../expressions/expression-error';
import { defineTransform, fail, ok } from './define';

/** The field's value so far is `value`, the source row is `row`; see src/main/engine/mapping/expressions/. */
export const EXPRESSION_VARIABLES = { value: 'dyn', row: 'map' } as const;

export const expression = defineTransform(expressionMeta, (value, t, { row }) => {
  const compiled = cachedExpression(t.expression, EXPRESSION_VARIABLES);
  if (compiled instanceof ExpressionError) return fail(`${compiled.code}: ${compiled.message}`);
  const result = compiled.evaluate({ value, row });
  return result.ok ? ok(result.value) : fail(`${result.error.code}: ${result.error.message}`);
});

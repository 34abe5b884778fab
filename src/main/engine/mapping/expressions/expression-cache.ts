import { compileExpression, type CompiledExpression, type CompileOptions, type ExpressionVariables } from './compile-expression';
import { ExpressionError } from './expression-error';

/**
 * Compiled expressions by text and variables, so a run compiles each once, not once per row. A
 * text that does not compile is remembered as its error. Bounded: a studio has a few dozen.
 */
const cache = new Map<string, CompiledExpression | ExpressionError>();
const MAX = 500;

export function cachedExpression(text: string, variables: ExpressionVariables, options: Pick<CompileOptions, 'expect'> = {}): CompiledExpression | ExpressionError {
  const key = JSON.stringify([text, variables, options.expect ?? null]);
  const hit = cache.get(key);
  if (hit) return hit;
  let out: CompiledExpression | ExpressionError;
  try {
    out = compileExpression(text, variables, options);
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    out = err;
  }
  if (cache.size >= MAX) cache.delete(cache.keys().next().value as string);
  cache.set(key, out);
  return out;
}

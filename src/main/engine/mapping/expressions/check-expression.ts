import { celTypeOfColumn } from './cel-values';
import { compileExpression, type ExpressionVariables } from './compile-expression';
import { ExpressionError } from './expression-error';

/** A column (or field) and its type, as a plan's `fields` describe them. */
export interface ShapeField {
  name: string;
  type: string;
}

/** The schema the checker holds `row` (or `record`) to: each column with the CEL type of its values. */
export function schemaOf(fields: readonly ShapeField[]): { schema: Record<string, string> } {
  return { schema: Object.fromEntries(fields.map((f) => [f.name, celTypeOfColumn(f.type)])) };
}

/**
 * Type-checks an expression against the shape of what it will read (the source's columns for a
 * transform, the record's fields and the row for a rule): null when it is fine, else the problem
 * with its position and, for a type problem, the type expected. With no shape known, `row` is a
 * map of anything and only syntax and limits are checked.
 */
export function checkExpression(text: string, shape: Record<string, readonly ShapeField[] | null>, extra: ExpressionVariables = {}, expect?: string): ExpressionError | null {
  const variables: ExpressionVariables = { ...extra };
  for (const [name, fields] of Object.entries(shape)) variables[name] = fields && fields.length ? schemaOf(fields) : 'map';
  try {
    compileExpression(text, variables, expect ? { expect } : {});
    return null;
  } catch (err) {
    if (err instanceof ExpressionError) return err;
    throw err;
  }
}

/** Kinds of expression problems, as stable codes (docs/mapping.md "Expressions"). */
export type ExpressionErrorCode =
  | 'EXPRESSION_SYNTAX'
  | 'EXPRESSION_TYPE'
  | 'EXPRESSION_LIMIT'
  | 'EXPRESSION_COST'
  | 'EXPRESSION_SIZE'
  | 'EXPRESSION_DEADLINE'
  | 'EXPRESSION_RUNTIME'
  | 'REGEX_INVALID';

/** Where in the expression's text a problem is: offsets from 0, line and column from 1. */
export interface ExpressionPosition {
  start: number;
  end: number;
  line: number;
  column: number;
}

/**
 * A problem with an expression: what, where (with the position, so the editor can underline
 * it), and what to do. `expected` names the type the checker wanted, when it is a type problem.
 */
export class ExpressionError extends Error {
  constructor(
    readonly code: ExpressionErrorCode,
    readonly summary: string,
    readonly position: ExpressionPosition | null,
    readonly hint: string,
    readonly expected?: string,
  ) {
    super(position ? `${summary} (at line ${position.line}, column ${position.column})` : summary);
    this.name = 'ExpressionError';
  }

  toJSON(): { code: ExpressionErrorCode; message: string; position: ExpressionPosition | null; hint: string; expected?: string } {
    return { code: this.code, message: this.summary, position: this.position, hint: this.hint, ...(this.expected ? { expected: this.expected } : {}) };
  }
}

/** The position of offsets in a text. */
export function positionIn(text: string, start: number, end = start): ExpressionPosition {
  const s = Math.max(0, Math.min(start, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < s; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { start: s, end: Math.max(s, Math.min(end, text.length)), line, column: s - lineStart + 1 };
}

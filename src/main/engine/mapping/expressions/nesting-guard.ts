import { ExpressionError, positionIn } from './expression-error';

/**
 * cel-js limits the depth of what it parses, but not every construct counts towards it: ten
 * thousand `!` in a row overflow the parser's stack before its limit is looked at. So, before
 * parsing, one linear pass measures how deep the text nests — brackets, runs of `!` and `-`,
 * and open `?` of conditionals — outside string literals, and refuses it at the first character
 * that goes deeper than `maxDepth`. It over-counts rather than under-counts, which only matters
 * for text no person writes.
 */
export function assertNestingWithin(text: string, maxDepth: number): void {
  let depth = 0;
  let unary = 0;
  const questions: number[] = [0];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i = skipString(text, i);
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      depth++;
      questions.push(0);
      unary = 0;
    } else if (c === ')' || c === ']' || c === '}') {
      depth = Math.max(0, depth - 1);
      if (questions.length > 1) questions.pop();
      unary = 0;
    } else if (c === '!' && text[i + 1] !== '=') unary++;
    else if (c === '-' && /[\s([{,?:!&|=<>+*/%-]/.test(prevNonSpace(text, i))) unary++;
    else if (c === '?') questions[questions.length - 1]++;
    else if (c === ':' && questions[questions.length - 1] > 0) questions[questions.length - 1]--;
    else if (!/\s/.test(c)) unary = 0;
    const level = depth + unary + questions.reduce((a, b) => a + b, 0);
    if (level > maxDepth) throw new ExpressionError('EXPRESSION_LIMIT', `The expression nests deeper than ${maxDepth} levels.`, positionIn(text, i, i + 1), 'Write the expression with less nesting, or split it across several transforms.');
    i++;
  }
}

/** The index after a string literal starting at `start` (its quote), triple quotes included. */
function skipString(text: string, start: number): number {
  const q = text[start];
  const triple = text.startsWith(q.repeat(3), start);
  const close = triple ? q.repeat(3) : q;
  let i = start + close.length;
  const raw = /[rR]/.test(text[start - 1] ?? '');
  while (i < text.length) {
    if (!raw && text[i] === '\\') {
      i += 2;
      continue;
    }
    if (text.startsWith(close, i)) return i + close.length;
    if (!triple && text[i] === '\n') return i;
    i++;
  }
  return i;
}

function prevNonSpace(text: string, i: number): string {
  let j = i - 1;
  while (j >= 0 && /\s/.test(text[j])) j--;
  return j < 0 ? '(' : text[j];
}

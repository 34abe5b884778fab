import { CEL_LIMITS, EXPRESSION_PARSE_MAX, RE2_MATCHES, studioEnvironment } from './cel-environment';
import { assertNestingWithin } from './nesting-guard';
import { fromCel, rowToCel, toCel } from './cel-values';
import { ExpressionError, positionIn, type ExpressionErrorCode } from './expression-error';
import { astNodes, DEFAULT_BUDGET, ExpressionMeter, type ExpressionBudget } from './expression-meter';

/**
 * The variables an expression sees and their CEL types: `dyn` for anything, `map` for a row
 * whose columns are not known in advance, or a schema (column → CEL type) that the checker holds
 * the expression to (`row.AGE + row.NAME` is refused with its position, `row.NOPE` too).
 */
export type ExpressionVariables = Record<string, 'dyn' | 'map' | { schema: Record<string, string> }>;

export interface CompileOptions {
  /** The CEL type the result must have (`bool` for a rule), checked before anything runs. */
  expect?: string;
  budget?: ExpressionBudget;
  now?: () => number;
}

/** A checked expression, ready to evaluate row after row. */
export interface CompiledExpression {
  /** The result's CEL type as the checker inferred it (`string`, `bool`, `dyn`…). */
  type: string;
  /** The value for these variables (plain JSON in, plain JSON out), or the problem with its position. */
  evaluate(vars: Record<string, unknown>): { ok: true; value: unknown } | { ok: false; error: ExpressionError };
}

interface CelErrorLike {
  name?: string;
  code?: string;
  summary?: string;
  message?: string;
  range?: { start: number; end: number };
}

/**
 * Parses, type-checks and prepares an expression; throws `ExpressionError` (with a code, the
 * position and a hint) for one that cannot run. No evaluation happens here.
 */
export function compileExpression(text: string, variables: ExpressionVariables, options: CompileOptions = {}): CompiledExpression {
  // The nesting guard first: it is linear, and says where the text goes too deep.
  assertNestingWithin(text, CEL_LIMITS.maxDepth);
  if (text.length > EXPRESSION_PARSE_MAX) throw new ExpressionError('EXPRESSION_LIMIT', `The expression is ${text.length.toLocaleString('en')} characters long; at most ${EXPRESSION_PARSE_MAX.toLocaleString('en')} are read.`, null, 'Split the work into several transforms.');
  const env = studioEnvironment();
  for (const [name, type] of Object.entries(variables)) {
    if (type === 'dyn') env.registerVariable(name, 'dyn');
    else if (type === 'map') env.registerVariable(name, 'map<string, dyn>');
    else env.registerVariable(name, { schema: type.schema });
  }
  const source = routeMatches(env, text);
  let parsed: ReturnType<typeof env.parse>;
  try {
    parsed = env.parse(source);
  } catch (err) {
    // A stack overflow the nesting guard did not foresee is still a limit, not a crash.
    if (err instanceof RangeError) throw new ExpressionError('EXPRESSION_LIMIT', 'The expression is too deeply nested to read.', null, HINTS.EXPRESSION_LIMIT);
    throw fromCelError(err, text, 'EXPRESSION_SYNTAX');
  }
  assertNoBuiltInMatches(parsed.ast, text);
  const checked = parsed.check();
  if (!checked.valid) throw fromCelError(checked.error, text, 'EXPRESSION_TYPE');
  const type = String(checked.type);
  if (options.expect && type !== options.expect && type !== 'dyn') {
    throw new ExpressionError('EXPRESSION_TYPE', `The expression gives ${type}, and ${options.expect} is expected here.`, positionIn(text, 0, text.length), options.expect === 'bool' ? 'A rule is a test: compare values (record.endDate >= record.startDate) so it gives true or false.' : `Make the expression give ${options.expect}.`, options.expect);
  }
  const meter = new ExpressionMeter(text, options.budget ?? DEFAULT_BUDGET, options.now);
  meter.instrument(parsed.ast);
  return {
    type,
    evaluate(vars) {
      const ctx: Record<string, unknown> = {};
      for (const [name, kind] of Object.entries(variables)) {
        const v = vars[name];
        ctx[name] = kind === 'dyn' ? (toCel(v) ?? null) : rowToCel((v ?? {}) as Record<string, unknown>);
      }
      meter.reset();
      try {
        const value: unknown = parsed(ctx);
        if (meter.failure) return { ok: false, error: meter.failure };
        if (value instanceof Error) return { ok: false, error: fromCelError(value, text, 'EXPRESSION_RUNTIME') };
        return { ok: true, value: fromCel(value) };
      } catch (err) {
        return { ok: false, error: meter.failure ?? (err instanceof ExpressionError ? err : fromCelError(err, text, 'EXPRESSION_RUNTIME')) };
      }
    },
  };
}

/**
 * Every call of `matches` renamed to the re2js one (same length, so positions hold). The calls are
 * found in the parsed tree, not by searching the text, so a string "matches(" is left alone.
 */
function routeMatches(env: ReturnType<typeof studioEnvironment>, text: string): string {
  if (!text.includes('matches')) return text;
  let ast: unknown;
  try {
    ast = env.parse(text).ast;
  } catch {
    return text; // the parse below reports the syntax error with its position
  }
  const chars = text.split('');
  for (const node of astNodes(ast)) {
    const args = node.args as unknown[];
    if ((node.op !== 'call' && node.op !== 'rcall') || !Array.isArray(args) || args[0] !== 'matches') continue;
    let at = -1;
    if (node.op === 'call') at = text.startsWith('matches', node.start) ? node.start : -1;
    else {
      const receiverEnd = (args[1] as { end?: number } | undefined)?.end ?? -1;
      const gap = /^[\s)]*\.\s*/.exec(text.slice(receiverEnd));
      if (receiverEnd >= 0 && gap && text.startsWith('matches', receiverEnd + gap[0].length)) at = receiverEnd + gap[0].length;
    }
    if (at < 0) throw new ExpressionError('EXPRESSION_SYNTAX', 'A call of matches could not be routed to the safe pattern engine.', positionIn(text, node.start, node.end), 'Write it as text.matches("pattern") with nothing between the dot and matches.');
    chars.splice(at, 7, ...RE2_MATCHES.split(''));
  }
  return chars.join('');
}

/** The invariant behind the renaming: JavaScript's RegExp never sees a user pattern. */
function assertNoBuiltInMatches(ast: unknown, text: string): void {
  for (const node of astNodes(ast)) {
    if ((node.op === 'call' || node.op === 'rcall') && Array.isArray(node.args) && node.args[0] === 'matches') {
      throw new ExpressionError('EXPRESSION_SYNTAX', 'A call of matches could not be routed to the safe pattern engine.', positionIn(text, node.start, node.end), 'Write it as text.matches("pattern").');
    }
  }
}

const CEL_CODES: Record<string, ExpressionErrorCode> = { limit_exceeded: 'EXPRESSION_LIMIT', invalid_regular_expression: 'REGEX_INVALID' };

function fromCelError(err: unknown, text: string, fallback: ExpressionErrorCode): ExpressionError {
  if (err instanceof ExpressionError) return err;
  const e = (err ?? {}) as CelErrorLike;
  const summary = (e.summary ?? e.message ?? String(err)).split('\n')[0].replaceAll(RE2_MATCHES, 'matches');
  const code = (e.code && CEL_CODES[e.code]) || (e.name === 'UserRegexError' ? 'REGEX_INVALID' : fallback);
  const position = e.range ? positionIn(text, e.range.start, e.range.end) : null;
  const expected = /expected ['"]?(\w[\w<>, ]*)['"]?/i.exec(summary)?.[1] ?? /is not of type '([^']+)'/.exec(summary)?.[1];
  return new ExpressionError(code, `${sentence(summary)}`, position, HINTS[code], expected);
}

function sentence(s: string): string {
  const t = s.trim();
  return t ? `${t[0].toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}` : 'The expression cannot be used.';
}

const HINTS: Record<ExpressionErrorCode, string> = {
  EXPRESSION_SYNTAX: 'Check the brackets and quotes near the position shown.',
  EXPRESSION_TYPE: 'Compare like with like: convert with string(), int() or double(), and name only columns the source has.',
  EXPRESSION_LIMIT: 'Write the expression with less nesting, or split it across several transforms.',
  EXPRESSION_COST: 'Work on less text at a time, or do the step with a registry transform.',
  EXPRESSION_SIZE: 'Work on less text at a time, or do the step with a registry transform.',
  EXPRESSION_DEADLINE: 'Work on less text at a time, or do the step with a registry transform.',
  EXPRESSION_RUNTIME: 'Guard values that may be missing with has(row.COLUMN), and check divisions and conversions.',
  REGEX_INVALID: 'Patterns use RE2 syntax: no back-references such as \\1 and no look-arounds.',
};

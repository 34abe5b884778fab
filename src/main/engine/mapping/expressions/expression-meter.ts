import { scopedExpressionDeadline } from './expression-deadline';
import { ExpressionError, positionIn } from './expression-error';

/** The bounds of one evaluation (docs/mapping.md "Expressions"). */
export interface ExpressionBudget {
  /** Steps (one per node evaluated) plus the characters and items of every text and list made. */
  cost: number;
  /** Longest text or list any step may make. */
  valueSize: number;
  /** Wall-clock milliseconds one evaluation may take. */
  timeMs: number;
}

export const DEFAULT_BUDGET: ExpressionBudget = { cost: 1_000_000, valueSize: 100_000, timeMs: 100 };

interface AstLike {
  op: string;
  args: unknown;
  start: number;
  end: number;
  meta: { alternate?: AstLike; macro?: { evaluate(ev: unknown, ast: unknown, ctx: unknown): unknown }; evaluate(ev: unknown, ast: unknown, ctx: unknown): unknown };
  evaluate(ev: unknown, ast: unknown, ctx: unknown): unknown;
}

function isAst(x: unknown): x is AstLike {
  return typeof x === 'object' && x !== null && typeof (x as AstLike).op === 'string' && 'args' in x && typeof (x as AstLike).start === 'number';
}

/** Every syntax node of a parsed expression (the parser's nodes, in any nesting of args). */
export function astNodes(root: unknown): AstLike[] {
  const out: AstLike[] = [];
  const seen = new Set<unknown>();
  const stack: unknown[] = [root];
  while (stack.length) {
    const x = stack.pop();
    if (typeof x !== 'object' || x === null || seen.has(x)) continue;
    seen.add(x);
    if (isAst(x)) {
      out.push(x);
      stack.push(x.args);
    } else if (Array.isArray(x)) stack.push(...(x as unknown[]));
    else if (Object.getPrototypeOf(x) === Object.prototype) stack.push(...Object.values(x));
  }
  return out;
}

/**
 * cel-js bounds an expression's shape (depth, nodes, list sizes) when it parses; it does not bound
 * what an evaluation does. The meter does: every node of the expression is wrapped so each
 * evaluation counts a step and the size of the text or list it made, and stops — with the
 * node's position — once the cost, a value's size or the time is over budget. CEL cannot loop,
 * so work only grows through comprehensions (`map`, `filter`, `all`…) over lists, and each
 * element's work passes through these nodes.
 */
export class ExpressionMeter {
  private cost = 0;
  private deadline = 0;
  private ticks = 0;
  /** True when the work's deadline (a preview batch's) comes before this evaluation's own limit. */
  private batchDeadline = false;
  /** The first limit crossed; kept so an error CEL absorbs (`true || error`) still stops the evaluation. */
  failure: ExpressionError | null = null;

  constructor(
    readonly text: string,
    private readonly budget: ExpressionBudget,
    private readonly now: () => number = Date.now,
  ) {}

  /** Wraps every node of a checked expression (after type-checking, which settles macros). */
  instrument(root: unknown): void {
    const meter = this as ExpressionMeter; // the wrapper below runs with the node as `this`
    for (const node of astNodes(root)) {
      node.evaluate = function metered(ev: unknown, ast: unknown, ctx: unknown): unknown {
        meter.step(node);
        const meta = node.meta;
        let result: unknown;
        try {
          result = meta.alternate ? meta.alternate.evaluate(ev, meta.alternate, ctx) : meta.macro ? meta.macro.evaluate(ev, meta.macro, ctx) : meta.evaluate(ev, ast, ctx);
        } catch (err) {
          // A pattern re2js refuses is reported at the call that used it.
          if ((err as { code?: unknown }).code === 'REGEX_INVALID' && !(err instanceof ExpressionError)) {
            throw new ExpressionError('REGEX_INVALID', (err as Error).message, positionIn(meter.text, node.start, node.end), 'Patterns use RE2 syntax: no back-references such as \\1 and no look-arounds.');
          }
          throw err;
        }
        meter.made(result, node);
        return result;
      };
    }
  }

  /** Starts an evaluation's count afresh. */
  reset(): void {
    this.cost = 0;
    this.ticks = 0;
    this.failure = null;
    const now = this.now();
    const batch = scopedExpressionDeadline();
    this.batchDeadline = batch !== null && batch < now + this.budget.timeMs;
    this.deadline = this.batchDeadline ? (batch as number) : now + this.budget.timeMs;
  }

  private step(node: AstLike): void {
    if (this.failure) throw this.failure;
    this.cost += 1;
    if (this.cost > this.budget.cost) this.stop('EXPRESSION_COST', `The expression went over its cost budget of ${this.budget.cost.toLocaleString('en')} steps`, node);
    if ((++this.ticks & 255) === 1 && this.now() > this.deadline) this.stop('EXPRESSION_DEADLINE', this.batchDeadline ? 'The time for expressions in this batch ran out' : `The expression took longer than ${this.budget.timeMs} ms on one row`, node);
  }

  private made(value: unknown, node: AstLike): void {
    let size = 0;
    if (typeof value === 'string' || Array.isArray(value) || value instanceof Uint8Array) size = value.length;
    else if (value instanceof Map) size = value.size;
    if (size === 0) return;
    if (size > this.budget.valueSize) this.stop('EXPRESSION_SIZE', `The expression made a ${typeof value === 'string' ? 'text' : 'list'} of ${size.toLocaleString('en')} ${typeof value === 'string' ? 'characters' : 'items'}, more than the ${this.budget.valueSize.toLocaleString('en')} allowed`, node);
    this.cost += size;
    if (this.cost > this.budget.cost) this.stop('EXPRESSION_COST', `The expression went over its cost budget of ${this.budget.cost.toLocaleString('en')} (steps plus characters made)`, node);
  }

  private stop(code: 'EXPRESSION_COST' | 'EXPRESSION_SIZE' | 'EXPRESSION_DEADLINE', what: string, node: AstLike): never {
    this.failure = new ExpressionError(code, `${what} at “${excerpt(this.text, node.start, node.end)}”.`, positionIn(this.text, node.start, node.end), 'Work on less text at a time (a substring, fewer list items), or do the step with a registry transform.');
    throw this.failure;
  }
}

function excerpt(text: string, start: number, end: number): string {
  const s = text.slice(start, end);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

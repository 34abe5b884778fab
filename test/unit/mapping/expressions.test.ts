import { describe, expect, it } from 'vitest';
import { checkExpression } from '../../../src/main/engine/mapping/expressions/check-expression';
import { compileExpression } from '../../../src/main/engine/mapping/expressions/compile-expression';
import { withExpressionDeadline } from '../../../src/main/engine/mapping/expressions/expression-deadline';
import { ExpressionError } from '../../../src/main/engine/mapping/expressions/expression-error';
import { mapStage } from '../../../src/main/engine/pipeline/stages/map/map-stage';
import type { PlanEnv } from '../../../src/main/engine/pipeline/stages/stage';
import type { EntityMapping } from '../../../src/shared/model/mapping';

/** The error an expression is refused with when it is compiled. */
function refused(text: string, variables: Parameters<typeof compileExpression>[1] = { value: 'dyn', row: 'map' }, expect?: string): ExpressionError {
  try {
    compileExpression(text, variables, expect ? { expect } : {});
  } catch (err) {
    if (err instanceof ExpressionError) return err;
    throw err;
  }
  throw new Error(`expected ${text.slice(0, 40)} to be refused`);
}

/** What an evaluation stopped with. */
function stopped(text: string, vars: Record<string, unknown>, options: Parameters<typeof compileExpression>[2] = {}): ExpressionError {
  const r = compileExpression(text, { value: 'dyn', row: 'map' }, options).evaluate(vars);
  if (r.ok) throw new Error(`expected ${text.slice(0, 40)} to stop, got ${JSON.stringify(r.value)?.slice(0, 40)}`);
  return r.error;
}

const SHAPE = { row: [ { name: 'FORENAME', type: 'string' }, { name: 'AGE', type: 'integer' }, { name: 'FEE', type: 'decimal' }, { name: 'DOB', type: 'date' }, { name: 'family.CONSENT', type: 'boolean' } ] };

describe('CEL expressions: what they compute', () => {
  it('reads value and row, with whole numbers as int and missing values absent', () => {
    const e = compileExpression('row.FORENAME + " " + string(row.AGE + 1)', { value: 'dyn', row: 'map' });
    expect(e.evaluate({ value: null, row: { FORENAME: 'Ann', AGE: 11 } })).toEqual({ ok: true, value: 'Ann 12' });
    expect(compileExpression('has(row.X) ? row.X : "none"', { row: 'map' }).evaluate({ row: { X: null } })).toEqual({ ok: true, value: 'none' });
    expect(compileExpression('row["family.CONSENT"] == true', { row: 'map' }).evaluate({ row: { 'family.CONSENT': true } })).toEqual({ ok: true, value: true });
    expect(compileExpression('[1, 2, 3].map(x, x * 2)', {}).evaluate({})).toEqual({ ok: true, value: [2, 4, 6] });
    expect(compileExpression('value', { value: 'dyn' }).evaluate({ value: new Date('2012-04-03T00:00:00Z') })).toEqual({ ok: true, value: '2012-04-03' });
  });

  it('routes matches to re2js: the catastrophic pattern answers at once, and RE2 syntax is the rule', () => {
    const started = performance.now();
    const e = compileExpression('value.matches("^(a+)+$") || matches(value, "^(a+)+$")', { value: 'dyn' });
    expect(e.evaluate({ value: `${'a'.repeat(90_000)}!` })).toEqual({ ok: true, value: false });
    expect(performance.now() - started).toBeLessThan(2_000);
    // A back-reference is fine for JavaScript's RegExp and refused by RE2: proof the call went to re2js, reported where it is.
    const err = stopped('  value.matches("(a)\\\\1")', { value: 'aa' });
    expect(err.code).toBe('REGEX_INVALID');
    expect(err.position).toMatchObject({ line: 1, column: 3 });
    // "matches" inside a string is text, not a call.
    expect(compileExpression('"x.matches(y)" + value', { value: 'dyn' }).evaluate({ value: '!' })).toEqual({ ok: true, value: 'x.matches(y)!' });
  });
});

describe('CEL expressions: hostile cases are stopped with a typed error and its position', () => {
  it('matches("^(a+)+$") on a text too long to examine is stopped at the text, in linear time', () => {
    const started = performance.now();
    const err = stopped('value.matches("^(a+)+$")', { value: `${'a'.repeat(1_000_000)}!` });
    expect(err.code).toBe('EXPRESSION_SIZE');
    expect(err.position).toMatchObject({ start: 0, end: 5, line: 1, column: 1 });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it.each([
    ['brackets', `${'('.repeat(10_000)}1${')'.repeat(10_000)}`],
    ['lists', `${'['.repeat(10_000)}1${']'.repeat(10_000)}`],
    ['negations', `${'!'.repeat(10_000)}true`],
    ['minus signs', `${'-'.repeat(10_000)}1`],
    ['conditionals', `${'a?'.repeat(10_000)}1${':2'.repeat(10_000)}`],
    ['maps', `${'{"a":'.repeat(9_000)}1${'}'.repeat(9_000)}`],
  ])('10,000-deep nesting of %s is refused before it can overflow the parser, at the first level too deep', (_what, text) => {
    const err = refused(text);
    expect(err.code).toBe('EXPRESSION_LIMIT');
    expect(err.message).toMatch(/deeper than 48 levels|maxDepth \(48\)/);
    expect(err.position?.line).toBe(1);
    expect(err.position!.start).toBeLessThan(500);
  });

  it('a 1 MB text grown inside map() is stopped at the node that grows it', () => {
    const items = Array.from({ length: 1000 }, (_, i) => i).join(', ');
    const err = stopped(`[${items}].map(i, row.S + row.S).join("")`, { row: { S: 'x'.repeat(500) } });
    expect(['EXPRESSION_COST', 'EXPRESSION_SIZE']).toContain(err.code);
    expect(err.position!.start).toBeGreaterThan(items.length);
    expect(err.message).toMatch(/row\.S/);
    // Doubling inside nested maps is stopped by size before it is built.
    const nested = stopped('[1,2,3,4,5,6,7,8,9,10].map(a, [1,2,3,4,5,6,7,8,9,10].map(b, row.S + row.S + row.S).join("")).join("")', { row: { S: 'y'.repeat(20_000) } });
    expect(['EXPRESSION_COST', 'EXPRESSION_SIZE']).toContain(nested.code);
  });

  it('the time limit stops an evaluation with its position (a clock that races ahead)', () => {
    let t = 0;
    const err = stopped('[1,2,3,4,5,6,7,8,9,10].map(a, [1,2,3,4,5,6,7,8,9,10].map(b, [1,2,3,4,5,6,7,8,9,10].map(c, a + b + c)))', {}, { now: () => (t += 50) });
    expect(err.code).toBe('EXPRESSION_DEADLINE');
    expect(err.position).not.toBeNull();
  });

  it('a batch’s deadline (a preview’s) bounds every evaluation within it, across awaits, and nothing outside it', async () => {
    const e = compileExpression('value + "!"', { value: 'dyn' });
    const past = Date.now() - 1;
    const inside = await withExpressionDeadline(past, async () => {
      await Promise.resolve();
      return e.evaluate({ value: 'a' });
    });
    expect(inside).toMatchObject({ ok: false, error: { code: 'EXPRESSION_DEADLINE', position: { line: 1, column: 1 } } });
    expect(inside.ok ? '' : inside.error.message).toMatch(/time for expressions in this batch ran out/);
    expect(e.evaluate({ value: 'a' })).toEqual({ ok: true, value: 'a!' });
    expect(await withExpressionDeadline(Date.now() + 60_000, async () => e.evaluate({ value: 'b' }))).toEqual({ ok: true, value: 'b!' });
  });

  it('an error CEL would absorb (true || error) still stops the evaluation once a budget is crossed', () => {
    const err = stopped('false || [1,2,3].map(i, row.S + row.S).size() > 0 || true', { row: { S: 'z'.repeat(60_000) } });
    expect(err.code).toBe('EXPRESSION_SIZE');
  });

  it.each(['process.exit(1)', 'require("fs")', 'this', 'globalThis', 'row.constructor.constructor("return process")()', 'eval("1")', 'import("fs")'])('cannot reach Node: %s', (text) => {
    const r = (() => {
      try {
        return compileExpression(text, { value: 'dyn', row: 'map' }).evaluate({ value: 'v', row: { A: 'a' } });
      } catch (err) {
        return { ok: false as const, error: err as ExpressionError };
      }
    })();
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toBeInstanceOf(ExpressionError);
      expect(r.error.code).toMatch(/^EXPRESSION_(SYNTAX|TYPE|RUNTIME)$/);
    }
  });
});

describe('CEL expressions: type-checked against the input shape', () => {
  it('refuses a missing column, a type mismatch and a wrong result type, each with its position and the expected type', () => {
    expect(checkExpression('row.FORENAME + " " + string(row.AGE)', SHAPE)).toBeNull();
    expect(checkExpression('row.FEE * 2.0 > 10.0 && row["family.CONSENT"]', SHAPE)).toBeNull();
    const missing = checkExpression('row.FORENAME + row.SURNAME', SHAPE)!;
    expect(missing).toMatchObject({ code: 'EXPRESSION_TYPE', position: { line: 1, column: 20 } });
    expect(missing.message).toMatch(/SURNAME/);
    const mismatch = checkExpression('\nrow.AGE + row.FORENAME', SHAPE)!;
    expect(mismatch).toMatchObject({ code: 'EXPRESSION_TYPE', position: { line: 2, column: 1 } });
    expect(mismatch.message).toMatch(/int \+ string/);
    const notBool = checkExpression('row.FORENAME', SHAPE, {}, 'bool')!;
    expect(notBool).toMatchObject({ code: 'EXPRESSION_TYPE', expected: 'bool' });
    expect(checkExpression('row.FORENAME +', SHAPE)).toMatchObject({ code: 'EXPRESSION_SYNTAX', position: { line: 1 } });
    // Nesting a person writes is fine; strings holding brackets or minus signs do not count.
    expect(checkExpression('!(row.AGE > 3) ? -(-row.AGE) : (row.AGE - 1) * 2', SHAPE)).toBeNull();
    expect(checkExpression(`"${'((((!!!!----'.repeat(50)}" + row.FORENAME`, SHAPE)).toBeNull();
    // With no shape known (never discovered), only syntax and limits are checked.
    expect(checkExpression('row.ANYTHING + 1', { row: null })).toBeNull();
  });

  it('the map stage reports an expression that does not fit the source’s columns, before a row is read', () => {
    const env: PlanEnv = { contract: null, catalog: () => null };
    const mapping = { id: 'm', entity: 'students', connectionId: 'c', stream: 'PUPILS', keyColumns: ['FORENAME'], updatedAt: '', fields: [{ field: 'firstName', column: 'FORENAME', transforms: [{ kind: 'expression', expression: 'row.FORENAME + row.AGE' }] }] } as EntityMapping;
    const input = { fields: SHAPE.row.map((f) => ({ ...f, origin: 'read' as const })) };
    const remarks = mapStage.check({ mapping }, input, env);
    expect(remarks).toEqual([expect.objectContaining({ level: 'error', stage: 'map', place: 'field firstName transforms[0].expression', message: expect.stringMatching(/^EXPRESSION_TYPE: .*\(at line 1, column 1\)/) })]);
  });
});

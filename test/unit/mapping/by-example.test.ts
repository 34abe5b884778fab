import { describe, expect, it } from 'vitest';
import { MAX_EXAMPLES, synthesizeByExample } from '../../../src/main/engine/mapping/by-example/synthesize';
import { BY_EXAMPLE_CASES } from '../../support/by-example-cases';

/**
 * Transform by example against the case table committed before it (test/support/by-example-cases.ts):
 * at least 80 % of the solvable cases solved from at most three examples, every "not sure" case
 * answered "not sure", and no held-out row anywhere answered wrongly without being marked unsure.
 */
describe('transform by example', () => {
  const results = BY_EXAMPLE_CASES.map((c) => ({ c, r: synthesizeByExample(c.examples, c.heldOut.map(([input]) => input)) }));

  it('the table has at least 30 cases, at least 5 of them "not sure", none with more than three examples', () => {
    expect(BY_EXAMPLE_CASES.length).toBeGreaterThanOrEqual(30);
    expect(BY_EXAMPLE_CASES.filter((c) => c.expect === 'unsure').length).toBeGreaterThanOrEqual(5);
    for (const c of BY_EXAMPLE_CASES) expect(c.examples.length, c.name).toBeLessThanOrEqual(MAX_EXAMPLES);
  });

  it('never answers a held-out row wrongly without marking it unsure', () => {
    const silentWrong = results.flatMap(({ c, r }) => r.rows.map((row, i) => ({ name: c.name, row, want: c.heldOut[i][1] })).filter(({ row, want }) => !row.unsure && row.output !== want));
    expect(silentWrong).toEqual([]);
  });

  it('says "not sure" on every case no transform can know', () => {
    for (const { c, r } of results.filter(({ c }) => c.expect === 'unsure')) {
      expect(r.status === 'unsure' || r.rows.every((row) => row.unsure), c.name).toBe(true);
    }
  });

  it('solves at least 80 % of the solvable cases, showing the transform as readable steps', () => {
    const solvable = results.filter(({ c }) => c.expect === 'solve');
    const solved = solvable.filter(({ c, r }) => r.status === 'solved' && r.rows.every((row, i) => !row.unsure && row.output === c.heldOut[i][1]));
    const rate = solved.length / solvable.length;
    console.log(`transform by example: ${solved.length}/${solvable.length} solvable cases solved (${(rate * 100).toFixed(1)} %); not solved: ${solvable.filter((s) => !solved.includes(s)).map(({ c }) => c.name).join('; ') || 'none'}`);
    expect(rate).toBeGreaterThanOrEqual(0.8);
    for (const { r } of solved) {
      expect(r.program!.steps.length).toBeGreaterThan(0);
      for (const step of r.program!.steps) expect(step.length).toBeGreaterThan(3);
    }
  });

  it('tells the transform in words', () => {
    const initials = synthesizeByExample([['John Smith', 'J. Smith'], ['Mary Lee', 'M. Lee']], ['Ahmed Khan']);
    expect(initials.program!.steps).toEqual([expect.stringMatching(/^Put together: the first letter of word 1, then the text “\. ”, then (word 2|the last word)$/)]);
    const pad = synthesizeByExample([['7', '000007'], ['123', '000123']], []);
    expect(pad.program!.steps).toEqual(['Pad on the left (length 6, char "0")']);
  });
});

import type { ByExampleResult } from '../../../../shared/model/by-example';
import type { FieldTransform } from '../../../../shared/model/mapping';
import { transformMeta } from '../../../../shared/transforms/registry';
import { words } from '../expressions/cel-environment';
import { applyTransforms } from '../transforms';
import { isCutter, registryCandidates, secondSteps } from './candidates';
import { describeWordProgram, indexVariants, wordProgramExpression, wordProgramsFor, type WordPart } from './word-program';

export type { ByExampleResult, ByExampleRow, SynthesizedProgram } from '../../../../shared/model/by-example';

/** At most three examples are read: the studio must work from what a person types. */
export const MAX_EXAMPLES = 3;

/**
 * Transform by example: finds the transforms that turn every example's input into its output —
 * registry transforms and chains of two (settings guessed from the examples), then word programs
 * written as CEL — and previews the simplest on the other rows. It never guesses silently: a row
 * on which two fitting transforms disagree, or the found one gives nothing, is marked unsure, and
 * with no fitting transform the answer is "not sure".
 */
export function synthesizeByExample(examples: readonly (readonly [string, string])[], others: readonly string[]): ByExampleResult {
  const ex = examples.slice(0, MAX_EXAMPLES);
  const notSure = (reason: string): ByExampleResult => ({ status: 'unsure', program: null, alternatives: 0, rows: others.map((input) => ({ input, output: null, unsure: true })), reason });
  if (ex.length === 0) return notSure('No example was given.');
  const byInput = new Map<string, string>();
  for (const [i, o] of ex) {
    if (byInput.has(i) && byInput.get(i) !== o) return notSure(`The examples give "${i}" two different outputs.`);
    byInput.set(i, o);
  }
  const fitting = fittingPrograms(ex);
  if (fitting.length === 0) return notSure('No transform the studio knows reproduces every example.');
  const [best] = fitting;
  const rows = others.map((input) => {
    const answers = fitting.map((p) => run(p, input));
    const output = answers[0];
    // An alternative that cannot read the row (a two-word program on one word) casts no vote; one that reads it differently does.
    const unsure = output === null || (output === '' && input.trim() !== '') || answers.some((a) => a !== null && a !== output);
    return { input, output, unsure };
  });
  return { status: 'solved', program: { transforms: best, steps: describe(best) }, alternatives: fitting.length, rows };
}

/** Every program that reproduces all the examples, simplest first (registry before expressions, one step before two). */
export function fittingPrograms(ex: readonly (readonly [string, string])[]): FieldTransform[][] {
  const fits = (p: FieldTransform[]) => ex.every(([i, o]) => run(p, i) === o);
  const out: FieldTransform[][] = [];
  const seen = new Set<string>();
  const add = (p: FieldTransform[]) => {
    const key = JSON.stringify(p);
    if (!seen.has(key) && fits(p)) {
      seen.add(key);
      out.push(p);
    }
  };
  const firsts = registryCandidates(ex);
  for (const p of firsts) add(p);
  // Two steps: a part cut out, then padded or put in a case.
  for (const [first] of firsts.filter((p) => p.length === 1 && isCutter(p[0]))) {
    const mid = ex.map(([i, o]) => [run([first], i), o] as const);
    if (mid.some(([m]) => m === null)) continue;
    for (const second of secondSteps(mid as [string, string][])) add([first, second]);
  }
  // Word programs, learned on the first example and kept when they reproduce the others.
  const [input, output] = ex[0];
  for (const parts of wordProgramsFor(input, output)) {
    for (const variant of indexVariants(parts, words(input).length)) add([{ kind: 'expression', expression: rememberWordProgram(variant) }]);
    if (out.length > 300) break;
  }
  return out;
}

/** What a program makes of one input, as text (null when it fails or gives nothing). */
function run(p: FieldTransform[], input: string): string | null {
  const r = applyTransforms(input, p, {});
  if (!r.ok || r.value === null || r.value === undefined) return null;
  return typeof r.value === 'string' ? r.value : typeof r.value === 'number' || typeof r.value === 'boolean' ? String(r.value) : JSON.stringify(r.value);
}

function describe(p: FieldTransform[]): string[] {
  return p.map((t) => {
    if (t.kind === 'expression') {
      const parts = EXPRESSION_PARTS.get(t.expression);
      return parts ? `Put together: ${describeWordProgram(parts).join(', then ')}` : `Expression: ${t.expression}`;
    }
    const { kind: _kind, ...settings } = t as Record<string, unknown>;
    const shown = Object.entries(settings).map(([k, v]) => `${k} ${JSON.stringify(v)}`);
    return `${transformMeta(t.kind)?.label ?? t.kind}${shown.length ? ` (${shown.join(', ')})` : ''}`;
  });
}

/** The word program behind each expression this module wrote, so its steps can be told in words. */
const EXPRESSION_PARTS = new Map<string, WordPart[]>();
const write = wordProgramExpression;
export function rememberWordProgram(parts: WordPart[]): string {
  const e = write(parts);
  EXPRESSION_PARTS.set(e, parts);
  return e;
}

import { titleCase } from '../transforms/title-case';
import { words } from '../expressions/cel-environment';

/**
 * FlashFill's idea on words (Gulwani 2011; Singh, VLDB 2016): an output is a concatenation of
 * constant text and words of the input, each taken as it is, in upper, lower or title case, or
 * as its first letter, counted from the start or from the end. Learned from one example, kept
 * if it reproduces the others, and written as a CEL expression so it runs like any other.
 */
export type WordForm = 'same' | 'title' | 'upper' | 'lower' | 'initial';
export type WordPart = { kind: 'word'; index: number; form: WordForm } | { kind: 'const'; text: string };

const FORMS: readonly WordForm[] = ['same', 'title', 'upper', 'lower', 'initial'];
const FORM: Record<WordForm, (w: string) => string> = { same: (w) => w, title: titleCase, upper: (w) => w.toUpperCase(), lower: (w) => w.toLowerCase(), initial: (w) => Array.from(w)[0] ?? '' };

/** Every word program (up to `max`) that turns `input` into `output`, word parts indexed from the start. */
export function wordProgramsFor(input: string, output: string, max = 200): WordPart[][] {
  const ws = words(input);
  const out: WordPart[][] = [];
  const walk = (pos: number, parts: WordPart[]) => {
    if (out.length >= max) return;
    if (pos === output.length) {
      if (parts.some((p) => p.kind === 'word')) out.push(parts);
      return;
    }
    const seen = new Set<string>();
    ws.forEach((w, index) => {
      for (const form of FORMS) {
        // The first "letter" of a number is a coincidence, never an initial.
        if (form === 'initial' && /^\p{N}/u.test(w)) continue;
        const s = FORM[form](w);
        if (s === '' || !output.startsWith(s, pos) || seen.has(`${index}:${s}`)) continue;
        seen.add(`${index}:${s}`);
        walk(pos + s.length, [...parts, { kind: 'word', index, form }]);
      }
    });
    // A constant character, merged into the constant before it.
    const last = parts[parts.length - 1];
    const c = output[pos];
    walk(pos + 1, last?.kind === 'const' ? [...parts.slice(0, -1), { kind: 'const', text: last.text + c }] : [...parts, { kind: 'const', text: c }]);
  };
  walk(0, []);
  return out;
}

/** The program with each word counted from the start, or from the end, in every combination (at most 16). */
export function indexVariants(parts: WordPart[], wordCount: number): WordPart[][] {
  const wordsAt = parts.map((p, i) => (p.kind === 'word' ? i : -1)).filter((i) => i >= 0);
  if (wordsAt.length > 4) return [parts];
  const out: WordPart[][] = [];
  for (let mask = 0; mask < 1 << wordsAt.length; mask++) {
    out.push(parts.map((p, i) => (p.kind === 'word' && mask & (1 << wordsAt.indexOf(i)) ? { ...p, index: p.index - wordCount } : p)));
  }
  return out;
}

/** The program as a CEL expression over `value`. */
export function wordProgramExpression(parts: WordPart[]): string {
  return parts
    .map((p) => {
      if (p.kind === 'const') return JSON.stringify(p.text);
      const w = p.index >= 0 ? `words(value)[${p.index}]` : `words(value)[size(words(value)) - ${-p.index}]`;
      return p.form === 'same' ? w : p.form === 'initial' ? `${w}.substring(0, 1)` : `${p.form}(${w})`;
    })
    .join(' + ');
}

/** The program in words, one step per part. */
export function describeWordProgram(parts: WordPart[]): string[] {
  const nth = (i: number) => (i >= 0 ? `word ${i + 1}` : i === -1 ? 'the last word' : `word ${-i} from the end`);
  return parts.map((p) => {
    if (p.kind === 'const') return `the text “${p.text}”`;
    return { same: nth(p.index), title: `${nth(p.index)} in title case`, upper: `${nth(p.index)} in capitals`, lower: `${nth(p.index)} in lower case`, initial: `the first letter of ${nth(p.index)}` }[p.form];
  });
}

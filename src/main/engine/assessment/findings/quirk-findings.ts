import type { Finding } from '../../../../shared/model/assessment';
import { nameWords } from '../../values/column-hints';
import { columnFinding, fmt, rowsWord, where, type ColumnContext } from './finding-context';

/** A last word made of L's and I's with a lower-case L: a roman numeral typed with L's ("Algebra ll"). */
const LOOKALIKE_NUMERAL = /^(.*\p{L}.*\s)([lI]{2,4})$/u;

/**
 * LOOKALIKE_CHARACTERS (warning): a value whose last word is a roman numeral typed with
 * lower-case L's ("Algebra ll" for "Algebra II", "French lll"): it looks right on screen, but it
 * does not match "Algebra II" elsewhere and sorts and searches wrongly. A first word is left
 * alone ("Il Postino"). Count: those rows. Fix: a crosswalk of each such value to its repair.
 * Needs the column's exact values.
 */
export function lookalikeCharacters(ctx: ColumnContext): Finding | null {
  const s = ctx.column.stats;
  if (s.values === null) return null;
  const table: Record<string, string> = {};
  let count = 0;
  const examples: Record<string, unknown>[] = [];
  for (const { value, count: n, firstKey } of s.values) {
    if (typeof value !== 'string') continue;
    const m = LOOKALIKE_NUMERAL.exec(value.trim());
    if (!m || !m[2].includes('l')) continue;
    table[value] = `${m[1]}${m[2].replace(/l/g, 'I')}`;
    count += n;
    if (examples.length < 5) examples.push({ row: firstKey, value, repaired: table[value] });
  }
  if (count === 0) return null;
  return columnFinding(
    ctx,
    'LOOKALIKE_CHARACTERS',
    count,
    `${rowsWord(count)} of ${where(ctx)} end in a roman numeral typed with lower-case L's (${Object.entries(table).slice(0, 3).map(([from, to]) => `"${from}" for "${to}"`).join(', ')}): it reads right but matches, sorts and searches as different text.`,
    examples,
    { kind: 'crosswalk', description: 'Replace the L\'s with the capital I\'s they stand for.', transforms: [{ kind: 'crosswalk', table, fallback: 'keep' }], payload: { observed: Object.keys(table), unmapped: [] } },
  );
}

/** A short code: 2–6 capital letters, an optional space, 1–4 digits ("BIO 101", "GEOG001", "ALG02"). */
const CODE = /^([A-Z]{2,6})( ?)(\d{1,4})$/;

/**
 * MIXED_CODE_STYLES (info): a column of short codes (its name says code, short name or
 * abbreviation) written in several styles — with or without a space, with different numbers of
 * digits ("BIO 101", "GEOG001", "ALG02") — when at least 80 % of its values are such codes and
 * their letters vary (one prefix with a counter, S1…S123, is numbering, not a mix). Count: rows
 * not in the most common style. Nothing is wrong for the target; a school usually wants one
 * style before the codes become Academia Pro's course codes.
 */
export function mixedCodeStyles(ctx: ColumnContext): Finding | null {
  const s = ctx.column.stats;
  const words = nameWords(ctx.column.info.name);
  if (s.values === null || !words.some((w) => ['short', 'code', 'abbr', 'abbrev', 'abbreviation', 'shortname'].includes(w))) return null;
  const styles = new Map<string, { rows: number; example: string }>();
  const prefixes = new Set<string>();
  let codes = 0;
  for (const { value, count } of s.values) {
    if (typeof value !== 'string' || value.trim() === '') continue;
    const m = CODE.exec(value.trim());
    if (!m) continue;
    codes += count;
    prefixes.add(m[1]);
    const style = `${m[2] ? 'letters, a space, ' : 'letters then '}${m[3].length} digit${m[3].length === 1 ? '' : 's'}`;
    const hit = styles.get(style);
    if (hit) hit.rows += count;
    else styles.set(style, { rows: count, example: value.trim() });
  }
  if (styles.size < 2 || codes < 4 || codes < s.nonBlank * 0.8 || prefixes.size < 3) return null;
  const ranked = [...styles.entries()].sort((a, b) => b[1].rows - a[1].rows);
  const count = codes - ranked[0][1].rows;
  return columnFinding(
    ctx,
    'MIXED_CODE_STYLES',
    count,
    `${rowsWord(count)} of ${where(ctx)} are not written in its main style (${ranked[0][0]}, such as "${ranked[0][1].example}"): ${ranked
      .slice(1)
      .map(([style, x]) => `${style} (${fmt(x.rows)}, such as "${x.example}")`)
      .join(', ')}.`,
    ranked.slice(1).map(([style, x]) => ({ style, value: x.example, rows: x.rows })),
    { kind: 'review', description: 'Agree one style for these codes with the school before they become Academia Pro codes (a crosswalk can rewrite the few that differ).' },
  );
}

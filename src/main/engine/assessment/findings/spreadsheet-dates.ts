import type { Finding } from '../../../../shared/model/assessment';
import { columnFinding, rowsWord, where, type ColumnContext } from './finding-context';
import { maskValue } from '../../values/mask';

const MONTHS = 'jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec';
/** How spreadsheets show a date they made of "1-2" or "4-3": `2-Jan`, `02-Jan-24`, `Apr-03`. */
const DISPLAYED = new RegExp(`^(?:\\d{1,2}[- ](?:${MONTHS})(?:[- ]\\d{2,4})?|(?:${MONTHS})[- ]\\d{1,4})$`, 'i');
/** And how they save it: any locale's numeric layout, with a four-digit year (`2024-05-06`, `07/08/2024`, `09.10.2024`). */
const SAVED = /^(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4})(?:[ T]0{1,2}:00(?::00(?:\.0+)?)?)?$/;
/** What such a column normally holds: ranges (`1-3`, `10-20%`, `K-5`) and fractions (`1/2`); bare numbers prove nothing. */
const RANGE_OR_FRACTION = /^(?:[A-Za-z]|\d+(?:\.\d+)?%?)\s*(?:-|–|\/|to)\s*\d+(?:\.\d+)?\s*%?$/i;

/**
 * SPREADSHEET_DATE (warning): a column of ranges, fractions or codes in which some values were
 * turned into dates by spreadsheet software (`1-2` → `2-Jan` → saved as `02/01/2024`), in any
 * locale's layout. A row counts when its value has a date's shape while the column's other values
 * are mostly ranges or fractions and dates are the minority. The original text cannot be read
 * back from the date with certainty (the locale decided day or month), so the fix is a person's.
 * Needs the column's exact values (at most the profiler's exact-distinct limit).
 */
export function spreadsheetDates(ctx: ColumnContext): Finding | null {
  const { column } = ctx;
  const s = column.stats;
  if (column.semanticType === 'date' || column.semanticType === 'datetime' || column.hints.date || s.values === null) return null;
  let mangled = 0;
  let others = 0;
  let ranges = 0;
  const examples: Record<string, unknown>[] = [];
  for (const { value, count, firstKey } of s.values) {
    if (typeof value !== 'string') {
      if (typeof value === 'number') others += count;
      continue;
    }
    const text = value.trim();
    if (text === '') continue;
    if (DISPLAYED.test(text) || SAVED.test(text)) {
      mangled += count;
      if (examples.length < 5) examples.push({ row: firstKey, value: maskValue(value, ctx.mask) });
    } else {
      others += count;
      if (RANGE_OR_FRACTION.test(text)) ranges += count;
    }
  }
  // Dates are the minority, and most other values are ranges or fractions.
  if (mangled === 0 || others < 2 || ranges < others * 0.5 || mangled * 2 >= mangled + others) return null;
  return columnFinding(
    ctx,
    'SPREADSHEET_DATE',
    mangled,
    `${rowsWord(mangled)} of ${where(ctx)} are dates in a column of ranges and fractions (${examples.map((e) => `"${String(e.value)}"`).join(', ')}): a spreadsheet turned values such as "1-2" or "1/2" into dates when the file was opened and saved.`,
    examples,
    { kind: 'review', description: 'Restore the original text of these rows from the school\'s records (the spreadsheet\'s locale decided whether "1-2" became 2 January or 1 February, so it cannot be read back with certainty); save the file with the column formatted as text.' },
  );
}

import type { Finding } from '../../../../shared/model/assessment';
import type { FieldTransform } from '../../../../shared/model/mapping';
import { ymdToIso } from '../profiling/date-math';
import { dateFormats, dateOnlyFormat, decideDateOrder, dayFirstPreferred } from '../profiling/semantic-type';
import { expectsFutureDates } from '../../values/column-hints';
import { textShape } from '../../values/text-shape';
import { columnFinding, fmt, maskedExamples, rowsWord, share, targetName, where, type ColumnContext } from './finding-context';
import { maskValue } from '../../values/mask';

/** Findings about the dates of one date or date-time column. */
export function dateFindings(ctx: ColumnContext, today: string): Finding[] {
  const { column } = ctx;
  const s = column.stats;
  const isDate = column.semanticType === 'date' || column.semanticType === 'datetime';
  if (!isDate && !column.hints.date) return [];
  const out: Finding[] = [];
  const rows = ctx.table.rows;
  const formats = readFormats(ctx);
  const parse: FieldTransform = { kind: 'parseDate', formats };
  const required = ctx.target?.required === true;
  const field = targetName(ctx.target);

  const sentinels = [...s.sentinels.entries()].filter(([, e]) => e.date);
  const sentinelRows = sentinels.reduce((a, [, e]) => a + e.count, 0);
  if (sentinelRows > 0) {
    const list = sentinels.map(([text, e]) => `${text} (${fmt(e.count)})`).join(', ');
    out.push(
      columnFinding(
        ctx,
        'SENTINEL_DATE',
        sentinelRows,
        `${rowsWord(sentinelRows)} of ${where(ctx)} hold a placeholder date meaning "unknown": ${list}.${required ? ` ${field} is required, so these rows will be rejected unless the real dates are found.` : ''}`,
        sentinels.slice(0, 5).map(([text, e]) => ({ row: e.firstKey, value: text })),
        required
          ? { kind: 'review', description: `Find the real dates for these rows; the placeholders read as no date, and Academia Pro rejects a record without ${field}.`, transforms: [parse], payload: { sentinels: sentinels.map(([t]) => t) } }
          : { kind: 'transform', description: 'Read the dates with parseDate, which turns these placeholders into no date.', transforms: [parse] },
        required ? 'error' : 'warning',
      ),
    );
  }
  if (!isDate) return out;

  if (s.impossibleDates > 0) {
    out.push(
      columnFinding(
        ctx,
        'IMPOSSIBLE_DATE',
        s.impossibleDates,
        `${rowsWord(s.impossibleDates)} of ${where(ctx)} are written as dates but are no real calendar day in any order (30/02, 31/04, month 13, 29 February of a common year).`,
        maskedExamples(ctx, s.examples.impossibleDate),
        { kind: 'review', description: 'Correct these dates at the source or in the staging grid; reading them fails and the rows are rejected with the reason kept.' },
      ),
    );
  }

  const mixed = mixedFormats(ctx);
  if (mixed && mixed.count > 0) {
    out.push(
      columnFinding(
        ctx,
        'MIXED_DATE_FORMATS',
        mixed.count,
        `${rowsWord(mixed.count)} of ${where(ctx)} (${share(mixed.count, rows)}) are not in the column's main format ${mixed.mainFormat}: ${describeFormats(ctx, mixed.mainFormat)}.`,
        mixed.examples,
        { kind: 'transform', description: `Read every format with parseDate (${formats.join(', ')}), first match wins.`, transforms: [parse] },
      ),
    );
  }

  const order = decideDateOrder(s);
  if (s.dateOrder.ambiguous > 0 && order) {
    const settled = order.decided === 'dmy' || order.decided === 'mdy';
    const reading = settled ? (order.decided === 'dmy' ? 'day-first' : 'month-first') : dayFirstPreferred(s) ? 'day-first' : 'month-first';
    out.push(
      columnFinding(
        ctx,
        'AMBIGUOUS_DATE',
        s.dateOrder.ambiguous,
        settled
          ? `${rowsWord(s.dateOrder.ambiguous)} of ${where(ctx)} (such as 03/04) read as two different dates; the column's other dates show it is ${reading}. ${order.evidence}`
          : `${rowsWord(s.dateOrder.ambiguous)} of ${where(ctx)} (such as 03/04) read as two different real dates, and the column holds both orders, so the data cannot say which is meant. ${order.evidence}`,
        maskedExamples(ctx, s.examples.ambiguousDate),
        settled
          ? { kind: 'transform', description: `Read them ${reading}, as the evidence says.`, transforms: [parse] }
          : { kind: 'review', description: `Confirm these dates with the school; until then they are read ${reading} (the majority order).`, transforms: [parse], payload: { order: reading } },
        settled ? 'info' : 'warning',
      ),
    );
  }

  if (s.twoDigitYears > 0) {
    const birth = column.hints.birthDate ? ' For dates of birth, check any year before 1969 by hand.' : '';
    out.push(
      columnFinding(
        ctx,
        'TWO_DIGIT_YEAR',
        s.twoDigitYears,
        `${rowsWord(s.twoDigitYears)} of ${where(ctx)} have a two-digit year; parseDate reads 00–68 as 2000–2068 and 69–99 as 1969–1999.${birth}`,
        maskedExamples(ctx, s.examples.twoDigitYear),
        { kind: 'transform', description: 'Read them with a yy format in parseDate (00–68 → 20xx, 69–99 → 19xx).', transforms: [parse] },
      ),
    );
  }

  if (s.futureDates > 0 && !column.hints.futureNormal && !(expectsFutureDates(ctx.table.table) && !column.hints.birthDate)) {
    const birth = column.hints.birthDate;
    out.push(
      columnFinding(
        ctx,
        'FUTURE_DATE',
        s.futureDates,
        `${rowsWord(s.futureDates)} of ${where(ctx)} are after today (${today})${s.maxDate !== null ? `; the latest is ${ymdToIso(s.maxDate)}` : ''}.${birth ? ' A date of birth cannot be in the future.' : ''}`,
        maskedExamples(ctx, s.examples.futureDate),
        { kind: 'review', description: 'Check these dates: a mistyped year is the usual cause.' },
        birth ? 'error' : 'warning',
      ),
    );
  }
  return out;
}

/** Formats to read the column with, most common first, the decided (or majority) order first for slash dates. */
export function readFormats(ctx: ColumnContext): string[] {
  const s = ctx.column.stats;
  // parseDate reads the date and ignores a time after it, so the formats are date parts, once each.
  const seen = [...new Set(dateFormats(s).map((f) => dateOnlyFormat(f.format)))];
  if (seen.length === 0) return ['yyyy-MM-dd'];
  return seen;
}

function describeFormats(ctx: ColumnContext, main: string): string {
  const others = dateFormats(ctx.column.stats).filter((f) => f.format !== main);
  const parts = others.slice(0, 5).map((f) => `${f.format} (${fmt(f.count)})`);
  return parts.length ? parts.join(', ') : 'other layouts';
}

/**
 * Rows whose value is neither blank nor a placeholder and not written in the column's most
 * common layout (its pattern signature): exact while the column has at most 1,000 layouts.
 */
function mixedFormats(ctx: ColumnContext): { count: number; mainFormat: string; examples: Record<string, unknown>[] } | null {
  const s = ctx.column.stats;
  if (!s.patterns.exact) return null;
  const placeholderRowsByPattern = new Map<string, number>();
  let placeholderRows = 0;
  for (const [text, e] of s.sentinels) {
    const pattern = textShape(text).pattern;
    placeholderRowsByPattern.set(pattern, (placeholderRowsByPattern.get(pattern) ?? 0) + e.count);
    placeholderRows += e.count;
  }
  const items = s.patterns.items().map((p) => ({ ...p, count: p.count - (placeholderRowsByPattern.get(p.value) ?? 0) }));
  items.sort((a, b) => b.count - a.count);
  const main = items[0];
  if (!main || main.count <= 0) return null;
  const dated = s.nonBlank - placeholderRows;
  const mainFormat = dateFormats(s).find((f) => textShape(f.format.replace(/'T'/g, 'T').replace(/'Z'/g, 'Z').replace(/[yMdHmsS]/g, '9').replace(/X/g, '9')).pattern === main.value)?.format ?? main.value;
  const examples = items
    .slice(1)
    .filter((p) => p.count > 0 && !s.sentinels.has(String(p.firstValue)))
    .slice(0, 5)
    .map((p) => ({ row: p.firstKey, value: maskValue(p.firstValue, ctx.mask) }));
  return { count: dated - main.count, mainFormat, examples };
}

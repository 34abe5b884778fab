import { z } from 'zod';
import { CURSOR_KINDS } from '../../../../../shared/model/sync';
import { defineStage, type Batch, type SourceRow } from '../stage';
import { settingsRemarks, throwIfCancelled } from '../stage-helpers';
import { compare, comparableOf, decodeComparable, encodeComparable, encodeRaw, lessWindow, type Comparable, type RawValue } from './cursor-values';

const encoded = z.object({ t: z.enum(['n', 'b']), v: z.string() });

export const cursorSettings = z.object({
  entity: z.string().min(1),
  stream: z.string().min(1),
  column: z.string().min(1),
  kind: z.enum(CURSOR_KINDS),
  /** Seconds for a timestamp, units for an integer or rowversion. */
  lookBack: z.number().min(0),
  /** Where a timestamp without a zone is read. */
  timeZone: z.string().min(1),
  /** The high-water mark the last pushed run left (null: the first run reads everything). */
  mark: encoded.nullable(),
  /** The pushed-down bound the last run left, kept when this run finds no better one. */
  bound: z.object({ t: z.enum(['hex', 'bigint', 'date', 'json']), v: z.unknown() }).nullable(),
});
export type CursorSettings = z.infer<typeof cursorSettings>;

/** What a cursor stage leaves for the next run: the new mark and a bound to push into the source's query. */
export interface CursorState {
  mark: { t: 'n' | 'b'; v: string } | null;
  /** A source value strictly below the next run's lower limit (`cursor > bound`), in the source's own form. */
  bound: RawValue | null;
}

/**
 * An incremental sync's filter: lets on the rows whose cursor is at or above the last mark less
 * the look-back window (`>=`, so rows sharing the mark's value are never lost; those read again
 * unchanged are recognised by their hash in `change-set`, so never sent twice). Rows below it
 * (a source that could not filter in its query) count as unchanged.
 *
 * Bad input is reported, never applied: a row whose cursor is NULL (or unreadable as its kind)
 * is skipped and counted in a `CURSOR_NULL` / `CURSOR_UNREADABLE` warning; a source whose highest
 * cursor is now below the saved mark (a restored backup, a clock set back) gives
 * `CURSOR_BACKWARDS`, and the mark is not moved back.
 */
export const cursorStage = defineStage<CursorSettings, SourceRow, SourceRow>({
  kind: 'cursor',
  label: 'Keep the rows changed since the last sync',
  settings: cursorSettings,
  fields(_settings, input) {
    return input;
  },
  check(settings, input) {
    const remarks = settingsRemarks('cursor', cursorSettings, settings);
    if (!remarks.length && input.fields.length && !input.fields.some((f) => f.name === settings.column)) {
      remarks.push({ level: 'error', stage: 'cursor', place: 'settings.column', message: `The source has no column "${settings.column}" to follow changes by.` });
    }
    return remarks;
  },
  async *process(input, settings, ctx) {
    const { column, kind, timeZone } = settings;
    const previous = settings.mark ? decodeComparable(settings.mark) : null;
    const lower = previous === null ? null : lessWindow(kind, previous, settings.lookBack);
    let nulls = 0;
    let unreadable = 0;
    let belowMark = 0;
    let max: Comparable | null = null;
    const seen: { c: Comparable; raw: unknown }[] = [];
    for await (const batch of input) {
      throwIfCancelled(ctx.signal);
      const out: Batch<SourceRow> = { rows: [], bad: batch.bad };
      for (const r of batch.rows) {
        const value = r.row[column];
        if (value === null || value === undefined) {
          nulls++;
          ctx.counters.skipped++;
          continue;
        }
        const c = comparableOf(kind, value, timeZone);
        if (c === undefined) {
          unreadable++;
          ctx.counters.skipped++;
          continue;
        }
        seen.push({ c, raw: value });
        if (max === null || compare(c, max) > 0) max = c;
        if (previous !== null && compare(c, previous) < 0) belowMark++;
        if (lower !== null && compare(c, lower) < 0) {
          ctx.counters.unchanged++;
          continue;
        }
        out.rows.push(r);
      }
      yield out;
    }
    const warn = ctx.services.sync?.warn ?? (() => undefined);
    const where = `${settings.stream}.${column}`;
    if (nulls) {
      warn({ code: 'CURSOR_NULL', entity: settings.entity, table: settings.stream, column, count: nulls, message: `${nulls.toLocaleString('en')} ${nulls === 1 ? 'row has' : 'rows have'} no value in ${where}, so ${nulls === 1 ? 'its' : 'their'} changes cannot be followed; ${nulls === 1 ? 'it was' : 'they were'} left out of this sync.` });
    }
    if (unreadable) {
      warn({ code: 'CURSOR_UNREADABLE', entity: settings.entity, table: settings.stream, column, count: unreadable, message: `${unreadable.toLocaleString('en')} ${unreadable === 1 ? 'value' : 'values'} of ${where} cannot be read as a ${kind}; those rows were left out of this sync.` });
    }
    let mark = max;
    if (previous !== null && (max === null || compare(max, previous) < 0)) {
      warn({
        code: 'CURSOR_BACKWARDS',
        entity: settings.entity,
        table: settings.stream,
        column,
        count: belowMark,
        message: `The highest ${where} is now ${max === null ? 'missing' : 'below'} the mark the last sync reached; the cursor went backwards (a restored backup or a clock set back?). The mark stays where it was; ${belowMark.toLocaleString('en')} ${belowMark === 1 ? 'row' : 'rows'} below it were compared by content.`,
      });
      mark = previous;
    }
    ctx.services.sync?.cursorState(settings.entity, nextState(kind, settings, mark, seen));
  },
});

/** The state after this read: the mark, and the greatest value seen strictly below the next lower limit as the bound. */
function nextState(kind: CursorSettings['kind'], settings: CursorSettings, mark: Comparable | null, seen: { c: Comparable; raw: unknown }[]): CursorState {
  if (mark === null) return { mark: null, bound: settings.bound as RawValue | null };
  const nextLower = lessWindow(kind, mark, settings.lookBack);
  let best: { c: Comparable; raw: unknown } | null = null;
  for (const s of seen) if (compare(s.c, nextLower) < 0 && (best === null || compare(s.c, best.c) > 0)) best = s;
  return { mark: encodeComparable(mark), bound: best ? encodeRaw(best.raw) : (settings.bound as RawValue | null) };
}

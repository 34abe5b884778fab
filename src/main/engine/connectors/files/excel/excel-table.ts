import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { StudioError } from '../../../../../shared/errors';
import type { Row } from '../../connector';
import { asFileError } from '../file-errors';
import type { FileReadConfig } from '../file-config';
import { guarded } from '../guarded-iteration';
import { TYPE_SAMPLE_ROWS, type TableContext, type TableDescription, type TableReader, type TableRef } from '../table-reader';
import { positionalColumnNames, uniqueColumnNames } from '../values/column-names';
import { KindTally } from '../values/infer-type';
import { cellKind, cellValue } from './excel-cell';
import { corruptWorkbook, inspectWorkbook, tooLongValue, type WorkbookInfo, type WorkbookSheet } from './xlsx-package';

/** One non-empty sheet row: its number in the sheet and its converted cells (index 0 = column A). */
interface SheetRow {
  number: number;
  values: unknown[];
  kinds: string[];
}

/** Rows looked at before deciding where the header is (title rows come before it). */
const HEAD_ROWS = 30;
/** The furthest down a configured header row is looked for. */
const MAX_HEADER_ROW = 10_000;

interface SheetLayout {
  names: string[];
  headerRowNumber: number | null;
  /** Rows with a number above this are data. */
  dataAfter: number;
}

/** The subset of exceljs's streaming sheet reader the studio uses (its typings omit these). */
interface StreamedSheet {
  id: number | string;
  name: string;
  parse(): AsyncIterable<{ eventType: string; value: unknown }[]>;
}

interface StreamedRow {
  number: number;
  eachCell(callback: (cell: { value: unknown; numFmt?: string }, column: number) => void): void;
}

/**
 * Excel .xlsx, streamed with exceljs's WorkbookReader: each sheet is a stream; the header is the
 * first row that looks like one (mostly filled, distinct, all text), so title rows above it are
 * skipped. Cells convert as `cellValue` says; empty cells are null; cells right of the header get
 * `column_<n>` names.
 */
export const excelTableReader: TableReader = {
  async sheets(entry, ctx) {
    return (await inspectWorkbook(entry, ctx.config)).sheets.map((s) => s.name);
  },

  async describe(ref, ctx) {
    const { layout, head, rest, sheet, ended } = await openSheet(ref, ctx, true);
    const tally = new KindTally();
    const kinds = new Map<string, Set<string>>();
    let dataRows = 0;
    let complete = ended;
    try {
      for (const r of head) if (r.number > layout.dataAfter) dataRows += sampleRow(r, layout, tally, kinds, dataRows);
      if (!ended) {
        complete = true;
        for await (const chunk of rest) {
          for (const r of chunk) dataRows += sampleRow(r, layout, tally, kinds, dataRows);
          if (dataRows >= TYPE_SAMPLE_ROWS) {
            complete = false;
            break;
          }
        }
      }
    } finally {
      await rest.return(undefined);
    }
    const rowEstimate = complete ? dataRows : sheet.lastRow !== null ? Math.max(0, sheet.lastRow - layout.dataAfter) : null;
    const description: TableDescription = {
      columns: layout.names.map((name) => ({ name, type: tally.typeOf(name), nativeType: nativeTypeOf(kinds.get(name)), nullable: true })),
      rowEstimate,
      issues: ctx.issues.items,
    };
    if (layout.headerRowNumber !== null) description.headerRow = layout.headerRowNumber;
    return description;
  },

  async *rows(ref, ctx) {
    const { layout, head, rest } = await openSheet(ref, ctx);
    try {
      const first = toRecords(head, layout);
      if (first.length) yield first;
      for await (const chunk of rest) {
        const out = toRecords(chunk, layout);
        if (out.length) yield out;
      }
    } finally {
      await rest.return(undefined);
    }
  },

  async count(ref, ctx) {
    let n = 0;
    for await (const chunk of excelTableReader.rows(ref, ctx)) n += chunk.length;
    return n;
  },

  async fixedColumns(ref, ctx) {
    const { layout, rest } = await openSheet(ref, ctx);
    await rest.return(undefined);
    return layout.names;
  },
};

/** Opens a sheet and reads its first rows, enough to place the header; the rest follows on demand. */
async function openSheet(ref: TableRef, ctx: TableContext, withKinds = false): Promise<{ layout: SheetLayout; head: SheetRow[]; rest: AsyncGenerator<SheetRow[]>; sheet: WorkbookSheet; ended: boolean }> {
  const info = await inspectWorkbook(ref.entry, ctx.config, ref.sheet);
  const sheet = findSheet(info, ref);
  const rest = sheetRows(ref, sheet, ctx, withKinds);
  const head: SheetRow[] = [];
  let ended = false;
  try {
    // A configured header row further down than the usual look-ahead is read up to, within reason.
    const wantedRow = Math.min(ctx.config.headerRow ?? 0, MAX_HEADER_ROW);
    while (head.length < HEAD_ROWS || (head.length > 0 && head[head.length - 1].number < wantedRow)) {
      const next = await rest.next();
      if (next.done) {
        ended = true;
        break;
      }
      head.push(...next.value);
    }
  } catch (err) {
    await rest.return(undefined);
    throw err;
  }
  return { layout: sheetLayout(head, ctx.config), head, rest, sheet, ended };
}

function findSheet(info: WorkbookInfo, ref: TableRef): WorkbookSheet {
  const sheet = info.sheets.find((s) => s.name === ref.sheet);
  if (!sheet) {
    throw new StudioError('STREAM_NOT_FOUND', `The workbook ${ref.entry.displayPath} has no sheet "${ref.sheet ?? ''}".`, 'Run discovery again to see the sheets the workbook has now.', { where: { file: ref.entry.displayPath, table: ref.stream } });
  }
  return sheet;
}

/**
 * The non-empty rows of one sheet, a parsed chunk at a time. exceljs reads the package in order,
 * so sheets before the wanted one are skipped (drained, not parsed). Its sheet names come from the
 * workbook's relationships; when a package uses a form exceljs does not resolve, the sheet is
 * matched by its part number instead.
 */
async function* sheetRows(ref: TableRef, sheet: WorkbookSheet, ctx: TableContext, withKinds: boolean): AsyncGenerator<SheetRow[]> {
  const where = { file: ref.entry.displayPath, table: ref.stream };
  let input: Readable;
  try {
    input = await ref.entry.open();
  } catch (err) {
    throw asFileError(err, where, 'an Excel workbook');
  }
  const partNumber = /sheet(\d+)\.xml$/.exec(sheet.part)?.[1];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  const guard = { ...ctx.guard, where };
  const sheets = guarded(reader as unknown as AsyncIterable<StreamedSheet>, guard, () => input.destroy());
  let found = false;
  try {
    for await (const ws of sheets) {
      if (ws.name !== sheet.name && !(partNumber !== undefined && String(ws.id) === partNumber && /^Sheet\d+$/.test(ws.name))) {
        // exceljs opens a read stream on the temporary copy of a sheet it had to set aside, then
        // deletes the copy when the sheet is skipped: that stream's late ENOENT must not crash us.
        const pending = (ws as unknown as { iterator?: { on?: (event: string, fn: () => void) => void } }).iterator;
        pending?.on?.('error', () => undefined);
        continue;
      }
      found = true;
      for await (const events of guarded(ws.parse(), guard)) {
        const out: SheetRow[] = [];
        for (const event of events) {
          if (event.eventType !== 'row') continue;
          const row = toSheetRow(event.value as StreamedRow, withKinds, ctx.config.maxRecordChars);
          if (row?.tooLong) throw tooLongValue(ref.entry, ref.sheet, row.number, ctx.config.maxRecordChars);
          if (row) out.push(row);
        }
        if (out.length) yield out;
      }
      break;
    }
  } catch (err) {
    throw corruptWorkbook(ref.entry, err, ref.sheet);
  } finally {
    await sheets.return(undefined);
  }
  if (!found) throw corruptWorkbook(ref.entry, new Error(`the sheet "${sheet.name}" could not be found in the package`), ref.sheet);
}

function toSheetRow(row: StreamedRow, withKinds: boolean, maxChars: number): (SheetRow & { tooLong?: boolean }) | null {
  const values: unknown[] = [];
  const kinds: string[] = [];
  let filled = false;
  let tooLong = false;
  row.eachCell((cell, column) => {
    const value = cellValue(cell.value, cell.numFmt);
    if (value === null || value === '') return;
    if (typeof value === 'string' && value.length > maxChars) tooLong = true;
    while (values.length < column - 1) values.push(null);
    values[column - 1] = value;
    if (withKinds) kinds[column - 1] = cellKind(cell.value);
    filled = true;
  });
  if (tooLong) return { number: row.number, values: [], kinds: [], tooLong };
  return filled ? { number: row.number, values, kinds } : null;
}

/** Finds the header past any title rows, or follows `header`/`headerRow` from the config. */
export function sheetLayout(head: SheetRow[], config: FileReadConfig): SheetLayout {
  const widest = head.reduce((w, r) => Math.max(w, r.values.length), 0);
  if (config.headerRow !== undefined) {
    const row = head.find((r) => r.number === config.headerRow);
    return layoutFrom(row ?? null, head, config.headerRow, widest);
  }
  if (config.header === 'no' || head.length === 0) return { names: positionalColumnNames(widest), headerRowNumber: null, dataAfter: 0 };
  const index = detectSheetHeader(head);
  if (index === -1) {
    if (config.header === 'yes') return layoutFrom(head[0], head, head[0].number, widest);
    return { names: positionalColumnNames(widest), headerRowNumber: null, dataAfter: 0 };
  }
  return layoutFrom(head[index], head, head[index].number, widest);
}

function layoutFrom(header: SheetRow | null, head: SheetRow[], number: number, widest: number): SheetLayout {
  const below = head.filter((r) => r.number > number).reduce((w, r) => Math.max(w, r.values.length), 0);
  const width = Math.max(header?.values.length ?? 0, below, header ? 0 : widest);
  const cells = Array.from({ length: width }, (_, i) => header?.values[i] ?? null);
  return { names: uniqueColumnNames(cells), headerRowNumber: header ? number : null, dataAfter: number };
}

/**
 * The first row that looks like column names: at least half as many filled cells as the widest
 * row below it (and two, when rows below have two or more), every filled cell text, no two alike.
 * A title row ("Class list 2024") fills one cell of a wider table, so it is passed over.
 */
export function detectSheetHeader(head: SheetRow[]): number {
  for (let i = 0; i < head.length; i++) {
    const row = head[i];
    const filled = row.values.filter((v) => v !== null && v !== '');
    if (!filled.every((v) => typeof v === 'string' && !/^\d{4}-\d{2}-\d{2}/.test(v))) continue;
    const below = head.slice(i + 1);
    const widthBelow = below.reduce((w, r) => Math.max(w, r.values.filter((v) => v !== null).length), 0);
    const needed = Math.max(widthBelow >= 2 ? 2 : 1, Math.ceil(widthBelow / 2));
    if (filled.length < needed) continue;
    const distinct = new Set(filled.map((v) => String(v).trim().toLowerCase()));
    if (distinct.size !== filled.length) continue;
    return i;
  }
  return -1;
}

function toRecords(rows: SheetRow[], layout: SheetLayout): Row[] {
  const out: Row[] = [];
  const names = layout.names;
  for (const r of rows) {
    if (r.number <= layout.dataAfter) continue;
    const record: Row = {};
    for (let c = 0; c < names.length; c++) record[names[c]] = c < r.values.length ? r.values[c] : null;
    for (let c = names.length; c < r.values.length; c++) if (r.values[c] !== null) record[`column_${c + 1}`] = r.values[c];
    out.push(record);
  }
  return out;
}

function sampleRow(row: SheetRow, layout: SheetLayout, tally: KindTally, kinds: Map<string, Set<string>>, sampled: number): number {
  if (sampled >= TYPE_SAMPLE_ROWS) return 1;
  layout.names.forEach((name, c) => {
    const value = c < row.values.length ? row.values[c] : null;
    tally.add(name, value);
    if (value !== null) {
      let set = kinds.get(name);
      if (!set) kinds.set(name, (set = new Set()));
      set.add(row.kinds[c]);
    }
  });
  return 1;
}

function nativeTypeOf(kinds: Set<string> | undefined): string {
  if (!kinds || kinds.size === 0) return 'empty';
  return kinds.size === 1 ? [...kinds][0] : 'mixed';
}


import { StudioError } from '../../../../../shared/errors';
import type { Row } from '../../connector';
import type { FileReadConfig } from '../file-config';
import { positionalColumnNames, uniqueColumnNames } from '../values/column-names';
import { KindTally } from '../values/infer-type';
import { estimateRows } from '../record-stream';
import { TYPE_SAMPLE_ROWS, type IssueLog, type TableDescription, type TableReader, type TableRef } from '../table-reader';
import { detectHeader } from './csv-dialect';
import { openCsv, type CsvChunk, type CsvScan } from './csv-scanner';


/** Where the columns come from and where the data starts, in non-blank records. */
interface CsvLayout {
  names: string[];
  /** Index (among non-blank records) of the header record; -1 without one. */
  headerIndex: number;
  /** Index of the first data record. */
  firstData: number;
}

/**
 * CSV/TSV and other delimited text. Values are the text that was read: no number or date
 * conversion, so leading zeros and odd date formats reach the mapping untouched; an empty field is
 * '' and a field missing from a short row is null.
 */
export const csvTableReader: TableReader = {
  async sheets() {
    return null;
  },

  async describe(ref, ctx) {
    const issues = ctx.issues;
    const scan = await openCsv(ref.entry, ctx.config, ctx.guard, ref.stream, issues);
    const layout = csvLayout(scan.head, ctx.config, ref.entry.displayPath);
    const tally = new KindTally();
    let index = 0;
    let dataRows = 0;
    let headerLine: number | undefined;
    let complete = true;
    try {
      for await (const chunk of scan.chunks) {
        for (let i = 0; i < chunk.records.length; i++, index++) {
          if (index === layout.headerIndex) headerLine = chunk.lineOf(i);
          if (index < layout.firstData) continue;
          const record = chunk.records[i];
          if (dataRows < TYPE_SAMPLE_ROWS) {
            // Discovery shows a row the read would stop at as an issue, so the stream still appears.
            try {
              checkWidth(record, layout.names.length, ref, ctx.config, issues, chunk, i);
            } catch (err) {
              if (!(err instanceof StudioError)) throw err;
              issues.add({ message: `${err.message} ${err.hint}`, where: { file: ref.entry.displayPath, line: err.where?.line } });
            }
            for (let c = 0; c < layout.names.length; c++) if (c < record.length) tally.add(layout.names[c], record[c]);
          }
          dataRows++;
        }
        if (dataRows >= TYPE_SAMPLE_ROWS) {
          complete = false;
          break;
        }
      }
    } finally {
      await scan.chunks.return(undefined);
    }
    const rowEstimate = estimateRows(dataRows, complete, ref.entry.size, scan.bytesRead());
    const description: TableDescription = {
      columns: layout.names.map((name) => ({ name, type: tally.typeOf(name), nativeType: 'text', nullable: true })),
      rowEstimate,
      encoding: scan.encoding(),
      delimiter: scan.dialect.delimiter,
      issues: issues.items,
    };
    if (headerLine !== undefined) description.headerRow = headerLine;
    return description;
  },

  async *rows(ref, ctx) {
    const scan = await openCsv(ref.entry, ctx.config, ctx.guard, ref.stream, ctx.issues);
    const { names, firstData } = csvLayout(scan.head, ctx.config, ref.entry.displayPath);
    const width = names.length;
    let index = 0;
    try {
      for await (const chunk of scan.chunks) {
        const out: Row[] = [];
        const records = chunk.records;
        for (let i = 0; i < records.length; i++, index++) {
          if (index < firstData) continue;
          const record = records[i];
          const row: Row = {};
          if (record.length === width) {
            for (let c = 0; c < width; c++) row[names[c]] = record[c];
          } else {
            checkWidth(record, width, ref, ctx.config, ctx.issues, chunk, i);
            for (let c = 0; c < width; c++) row[names[c]] = c < record.length ? record[c] : null;
          }
          out.push(row);
        }
        if (out.length) yield out;
      }
    } finally {
      await scan.chunks.return(undefined);
    }
  },

  async count(ref, ctx) {
    const scan = await openCsv(ref.entry, ctx.config, ctx.guard, ref.stream);
    const { firstData } = csvLayout(scan.head, ctx.config, ref.entry.displayPath);
    let records = 0;
    try {
      for await (const chunk of scan.chunks) records += chunk.records.length;
    } finally {
      await scan.chunks.return(undefined);
    }
    return Math.max(0, records - firstData);
  },

  async fixedColumns(ref, ctx) {
    const scan = await openCsv(ref.entry, ctx.config, ctx.guard, ref.stream);
    await scan.chunks.return(undefined);
    return csvLayout(scan.head, ctx.config, ref.entry.displayPath).names;
  },
};

/** Decides the header from the configured `header`/`headerRow` or from the first records. */
export function csvLayout(head: CsvScan['head'], config: FileReadConfig, file?: string): CsvLayout {
  if (config.headerRow !== undefined) {
    const headerIndex = config.headerRow - 1;
    const header = head[headerIndex];
    if (header === undefined) {
      throw new StudioError('BAD_REQUEST', `The header row is set to row ${config.headerRow}${file ? ` of ${file}` : ''}, but the file has only ${head.length} row(s).`, 'Set the header row (--header-row, or headerRow on the connection) to the row holding the column names, counted from 1, or leave it empty to detect it.', file ? { where: { file } } : undefined);
    }
    return { names: uniqueColumnNames(header), headerIndex, firstData: headerIndex + 1 };
  }
  const hasHeader = config.header === 'yes' || (config.header === 'auto' && detectHeader(head));
  if (hasHeader && head.length) return { names: uniqueColumnNames(head[0]), headerIndex: 0, firstData: 1 };
  const width = head.reduce((w, r) => Math.max(w, r.length), 0);
  return { names: positionalColumnNames(width), headerIndex: -1, firstData: 0 };
}

/**
 * A row with fewer fields than the header is padded with null and reported (or refused with
 * `ragged: error`); extra fields that are all empty (a trailing delimiter) are dropped and
 * reported; extra fields with data would be lost, so they stop the read with the line to fix.
 */
function checkWidth(record: string[], width: number, ref: TableRef, config: FileReadConfig, issues: IssueLog, chunk: CsvChunk, i: number): void {
  if (record.length === width) return;
  const line = chunk.lineOf(i);
  const where = { file: ref.entry.displayPath, line };
  if (record.length < width) {
    if (config.ragged === 'error') {
      throw new StudioError('SOURCE_CORRUPT', `Line ${line} of ${ref.entry.displayPath} has ${record.length} fields; the header has ${width}.`, 'Fix the line (a missing delimiter?), or set ragged to pad to read missing fields as empty.', { where: { ...where, table: ref.stream } });
    }
    issues.add({ message: `Line ${line} has ${record.length} of ${width} fields; the missing ones were read as empty (null).`, where });
    return;
  }
  const extra = record.slice(width);
  if (extra.every((v) => v === '')) {
    issues.add({ message: `Line ${line} has ${record.length} fields, ${record.length - width} more than the header, all empty; they were left out.`, where });
    return;
  }
  throw new StudioError(
    'SOURCE_CORRUPT',
    `Line ${line} of ${ref.entry.displayPath} has ${record.length} fields but the header has ${width}, so values would be lost.`,
    'Usually a value holding the delimiter without quotes around it: put that value in quotes, or set the delimiter in the connection if it was detected wrongly.',
    { where: { ...where, table: ref.stream }, details: { fields: record.length, expected: width } },
  );
}

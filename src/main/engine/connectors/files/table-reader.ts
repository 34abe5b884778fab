import type { ColumnInfo, SourceIssue } from '../../../../shared/model/connection';
import type { Row } from '../connector';
import type { FileReadConfig } from './file-config';
import type { FileEntry } from './file-entry';
import type { ReadGuard } from './guarded-iteration';

/** Rows whose values are looked at to guess column types during discovery, in every format. */
export const TYPE_SAMPLE_ROWS = 1000;

/** The file formats the file connectors read. */
export type FileFormat = 'csv' | 'excel' | 'json' | 'xml';

/** One table inside a file: the whole file, or one sheet of a workbook. */
export interface TableRef {
  entry: FileEntry;
  format: FileFormat;
  /** The sheet, for a workbook. */
  sheet?: string;
  /** The stream name the table is exposed as (for error messages). */
  stream: string;
}

/** What discovery learns about one table from a sample of it. */
export interface TableDescription {
  columns: ColumnInfo[];
  rowEstimate: number | null;
  encoding?: string;
  delimiter?: string;
  headerRow?: number;
  recordPath?: string;
  issues: SourceIssue[];
}

/** What every reader gets: the config, cancellation/timeout, and where to report odd rows. */
export interface TableContext {
  config: FileReadConfig;
  guard: ReadGuard;
  issues: IssueLog;
}

/**
 * A file format. Readers stream: `rows` yields the rows of one parsed chunk at a time and parses
 * the next chunk only when asked, so how far it runs ahead of the consumer is bounded by a chunk.
 */
export interface TableReader {
  /** The sheets of a workbook; null for formats that hold one table a file. */
  sheets(entry: FileEntry, ctx: TableContext): Promise<string[] | null>;
  describe(ref: TableRef, ctx: TableContext): Promise<TableDescription>;
  rows(ref: TableRef, ctx: TableContext): AsyncGenerator<Row[]>;
  count(ref: TableRef, ctx: TableContext): Promise<number>;
  /** Column names fixed by the file (a header row), for checking a read's `columns`; null when records vary. */
  fixedColumns(ref: TableRef, ctx: TableContext): Promise<string[] | null>;
}

/** Keeps the first few odd things a read met (and how many there were), so they can be shown. */
export class IssueLog {
  readonly items: SourceIssue[] = [];
  total = 0;

  constructor(private readonly limit = 20) {}

  add(issue: SourceIssue): void {
    this.total++;
    if (this.items.length < this.limit) this.items.push(issue);
  }
}

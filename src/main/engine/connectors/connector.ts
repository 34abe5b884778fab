import type { ConnectionKind, ConnectionTestResult, StreamInfo } from '../../../shared/model/connection';

/** One source row: column name → value (strings, numbers, bigints as strings, Buffers, null). */
export type Row = Record<string, unknown>;

/** Options of a streamed read. */
export interface ReadOptions {
  /** Rows per batch; the consumer pulls the next batch only when it is ready (back-pressure). */
  batchSize: number;
  /** Read only these columns (all when omitted). */
  columns?: string[];
  /** Order by these columns so a run can resume; the primary key when omitted, if any. */
  orderBy?: string[];
  /** Incremental read: rows whose cursor column is greater than `after`. */
  cursor?: { column: string; after: unknown };
  signal?: AbortSignal;
}

/**
 * The contract every legacy source implements. Reading never writes to a source; a write side
 * for two-way sync will be a separate interface so the two never mix.
 */
export interface SourceConnector {
  readonly kind: ConnectionKind;
  /** Can we reach and read the source? Never throws for ordinary failures; says why instead. */
  check(): Promise<ConnectionTestResult>;
  discover(): Promise<StreamInfo[]>;
  count(stream: string): Promise<number>;
  /**
   * A quick guess of a stream's row count that does not read it through, for sources whose
   * `count` would (a file is parsed to be counted): file sources guess from the file's size and a
   * sample. Null when no guess can be made. Sources whose count is cheap (a database's COUNT)
   * leave it out, and a run counts them.
   */
  estimate?(stream: string): Promise<number | null>;
  read(stream: string, options: ReadOptions): AsyncIterable<Row[]>;
  /**
   * What the last read of `stream` met that a run should log without failing (a REST source:
   * records repeated across pages read once, waits for the server's rate limit). Optional.
   */
  readNotes?(stream: string): string[];
  sample(stream: string, n: number): Promise<Row[]>;
  close(): Promise<void>;
}

/** What a connector must not read although its location was granted (see security/path-grants.ts). */
export interface ConnectorGuard {
  /** True for a file a folder or zip source leaves out: `onDisk` false for an entry inside a zip. */
  excludeFile?: (path: string, onDisk: boolean) => boolean;
}

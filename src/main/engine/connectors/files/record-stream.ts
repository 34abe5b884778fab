import type { Row } from '../connector';
import { TYPE_SAMPLE_ROWS, type TableContext, type TableDescription, type TableReader, type TableRef } from './table-reader';
import { KindTally } from './values/infer-type';

/**
 * A text file of self-describing records (JSON, XML) opened for one pass: its rows a parsed
 * chunk at a time, and how far the decoder has got (for estimating the rows of a large file).
 */
export interface RecordStream {
  encoding(): string;
  chunks: AsyncGenerator<Row[]>;
  bytesRead(): number;
}

/** How a format names the kinds of values it met, for a column's nativeType. */
export interface RecordKinds {
  /** The kind of one non-null value ('string', 'repeated element', ...). */
  kindOf(value: unknown): string;
  /** The nativeType of a column from the kinds of its non-null values (none, when all were null). */
  nativeType(kinds: Set<string> | undefined): string;
}

/**
 * Rows of a table read so far, scaled up by the share of the file they came from; exact when
 * the whole file was read, null when the file's size is not known.
 */
export function estimateRows(rows: number, complete: boolean, size: number | null, bytesRead: number): number | null {
  return complete ? rows : size !== null && bytesRead > 0 ? Math.round((rows * size) / bytesRead) : null;
}

/**
 * Describes a record stream from its first TYPE_SAMPLE_ROWS rows: columns in the order they
 * first appear, typed from their values; the stream is closed before returning.
 */
async function describeRecords(ref: TableRef, ctx: TableContext, scan: RecordStream, kinds: RecordKinds): Promise<TableDescription> {
  const tally = new KindTally();
  const seen = new Map<string, Set<string>>();
  let rows = 0;
  let complete = true;
  try {
    for await (const chunk of scan.chunks) {
      for (const row of chunk) {
        if (rows++ >= TYPE_SAMPLE_ROWS) continue;
        for (const [key, value] of Object.entries(row)) {
          tally.add(key, value);
          let set = seen.get(key);
          if (!set) seen.set(key, (set = new Set()));
          if (value !== null) set.add(kinds.kindOf(value));
        }
      }
      if (rows >= TYPE_SAMPLE_ROWS) {
        complete = false;
        break;
      }
    }
  } finally {
    await scan.chunks.return(undefined);
  }
  return {
    columns: tally.columns().map((name) => ({ name, type: tally.typeOf(name), nativeType: kinds.nativeType(seen.get(name)), nullable: true })),
    rowEstimate: estimateRows(rows, complete, ref.entry.size, scan.bytesRead()),
    encoding: scan.encoding(),
    issues: ctx.issues.items,
  };
}

/** The non-empty chunks of a record stream, closing it however the consumer stops. */
async function* recordRows(scan: RecordStream): AsyncGenerator<Row[]> {
  try {
    for await (const chunk of scan.chunks) if (chunk.length) yield chunk;
  } finally {
    await scan.chunks.return(undefined);
  }
}

/** Rows of a table, counted by reading it through. */
async function countRows(rows: AsyncIterable<Row[]>): Promise<number> {
  let n = 0;
  for await (const chunk of rows) n += chunk.length;
  return n;
}

/**
 * The TableReader of a format whose files are one stream of records (JSON, XML): `open` starts a
 * pass over a file; `recordPathOf` says, after discovery's pass, where the records were found.
 */
export function recordTableReader<S extends RecordStream>(open: (ref: TableRef, ctx: TableContext) => Promise<S>, kinds: RecordKinds, recordPathOf: (scan: S) => string | undefined): TableReader {
  const reader: TableReader = {
    async sheets() {
      return null;
    },

    async describe(ref, ctx) {
      const scan = await open(ref, ctx);
      const description = await describeRecords(ref, ctx, scan, kinds);
      const path = recordPathOf(scan);
      if (path !== undefined) description.recordPath = path;
      return description;
    },

    async *rows(ref, ctx) {
      yield* recordRows(await open(ref, ctx));
    },

    async count(ref, ctx) {
      return countRows(reader.rows(ref, ctx));
    },

    async fixedColumns() {
      return null;
    },
  };
  return reader;
}

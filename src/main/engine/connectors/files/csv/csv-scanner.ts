import Papa from 'papaparse';
import { StudioError } from '../../../../../shared/errors';
import type { FileReadConfig } from '../file-config';
import type { FileEntry } from '../file-entry';
import type { ReadGuard } from '../guarded-iteration';
import { encodingError, nextText, openText } from '../encoding/open-text';
import { EncodingFault } from '../encoding/stream-decoder';
import type { IssueLog } from '../table-reader';
import { detectDelimiter, detectNewline, isBlankRecord, parseSample, type CsvDialect } from './csv-dialect';

/** The records of one parsed chunk of a delimited file, blank lines left out. */
export interface CsvChunk {
  records: string[][];
  /** The 1-based line on which `records[i]` starts (worked out on demand: it re-parses the chunk). */
  lineOf(i: number): number;
}

/** A delimited file opened for reading: its dialect, its first records, and the rest as chunks. */
export interface CsvScan {
  dialect: CsvDialect;
  /** The encoding the file is read with (it may change once, see StreamDecoder). */
  encoding(): string;
  /** The first records (50, or past the configured headerRow), for header detection. */
  head: string[][];
  /** Every record from the first, one parsed chunk at a time. Stop early to release the file. */
  chunks: AsyncGenerator<CsvChunk>;
  bytesRead(): number;
}

/** Characters read before the delimiter and line ends are decided. */
const DIALECT_SAMPLE_CHARS = 64 * 1024;

/**
 * Opens a delimited text file. Papaparse's Parser is fed one decoded chunk at a time and told to
 * hold back the last, possibly incomplete, record (its streaming mode), so a quoted field may span
 * chunks and lines, and nothing is read from the file until the consumer asks for the next chunk.
 */
export async function openCsv(entry: FileEntry, config: FileReadConfig, guard: ReadGuard, stream: string, issues?: IssueLog): Promise<CsvScan> {
  const text = await openText(entry, config.encoding, guard);
  const source = text.chunks;
  let buffer = '';
  let eof = false;
  try {
    while (buffer.length < DIALECT_SAMPLE_CHARS) {
      const next = await source.next();
      if (next.done) {
        eof = true;
        break;
      }
      buffer += next.value;
    }
  } catch (err) {
    await source.return(undefined);
    if (err instanceof EncodingFault) {
      const all = buffer + err.validPrefix;
      throw encodingError(entry, err, countChar(all, detectNewline(all, config.quote) === '\r' ? '\r' : '\n', all.length) + 1, stream);
    }
    throw err;
  }
  const newline = detectNewline(buffer, config.quote);
  const delimiter = config.delimiter ?? detectDelimiter(buffer, newline, config.quote, eof);
  const dialect: CsvDialect = { delimiter, newline, quote: config.quote };
  const head = parseSample(buffer, dialect, eof, Math.max(50, (config.headerRow ?? 0) + 20));
  const lineChar = newline === '\r' ? '\r' : '\n';
  const where = (line?: number) => ({ file: entry.displayPath, table: stream, ...(line ? { line } : {}) });

  async function* chunks(): AsyncGenerator<CsvChunk> {
    const parser = new Papa.Parser({ delimiter, newline, quoteChar: config.quote });
    let pending = buffer;
    buffer = '';
    let done = eof;
    let line = 1;
    // Length `pending` must reach before it is parsed again after a parse found no whole record.
    let reparseAt = 0;
    try {
      for (;;) {
        if (!done && pending.length < reparseAt) {
          // A record longer than a chunk: waiting for it to double before parsing again keeps the
          // work linear in its length (re-parsing on every chunk made a long line quadratic).
          const next = await nextText(source, entry, stream, (prefix) => line + countChar(pending + prefix, lineChar, Infinity));
          if (next === null) done = true;
          else pending += next;
          if (pending.length <= config.maxRecordChars || done) continue;
          // Past the cap: parse now, so a record that does end below the cap is not refused.
        }
        const result = parser.parse(pending, 0, !done) as { data: string[][]; errors: Papa.ParseError[]; meta: { cursor: number } };
        const consumed = done ? pending : pending.slice(0, result.meta.cursor);
        const chunk = makeChunk(result.data, consumed, line, dialect);
        for (const e of result.errors) {
          if (e.row === undefined || e.row >= result.data.length) continue;
          const at = chunk.lineOfRaw(e.row);
          if (e.code === 'MissingQuotes') {
            throw new StudioError('SOURCE_CORRUPT', `A quoted value in ${entry.displayPath} starts on line ${at} and is never closed.`, 'Open the file in a text editor and close the quote (") on that line, or double any quote that is part of the value ("").', { where: where(at) });
          }
          issues?.add({ message: `Line ${at}: a quote inside a value is not doubled (""); the value was read as it stands.`, where: { file: entry.displayPath, line: at } });
        }
        if (chunk.records.length) yield chunk;
        if (done) return;
        line += countChar(consumed, lineChar, consumed.length);
        pending = pending.slice(result.meta.cursor);
        reparseAt = result.meta.cursor === 0 ? pending.length * 2 : 0;
        if (pending.length > config.maxRecordChars) {
          throw new StudioError('SOURCE_CORRUPT', `The record starting on line ${line} of ${entry.displayPath} runs past ${config.maxRecordChars} characters without ending.`, 'Usually a quote (") that is never closed: check that line in a text editor. If the record really is that long, raise the maxRecordChars setting.', { where: where(line) });
        }
        const next = await nextText(source, entry, stream, (prefix) => line + countChar(pending + prefix, lineChar, Infinity));
        if (next === null) done = true;
        else pending += next;
      }
    } finally {
      await source.return(undefined);
    }
  }

  return { dialect, encoding: () => text.decoder.encoding, head, chunks: chunks(), bytesRead: text.bytesRead };
}

function makeChunk(data: string[][], consumed: string, startLine: number, dialect: CsvDialect): CsvChunk & { lineOfRaw(raw: number): number } {
  let records = data;
  let rawIndex: number[] | null = null;
  if (data.some(isBlankRecord)) {
    records = [];
    rawIndex = [];
    data.forEach((r, i) => {
      if (!isBlankRecord(r)) {
        records.push(r);
        rawIndex!.push(i);
      }
    });
  }
  const lineChar = dialect.newline === '\r' ? '\r' : '\n';
  const lineOfRaw = (raw: number): number => {
    let start = 0;
    let k = 0;
    let found = 0;
    const parser = new Papa.Parser({
      delimiter: dialect.delimiter,
      newline: dialect.newline,
      quoteChar: dialect.quote,
      step: (res: { meta: { cursor: number } }) => {
        if (k === raw) {
          found = start;
          parser.abort();
        }
        start = res.meta.cursor;
        k++;
      },
    });
    parser.parse(consumed, 0, false);
    return startLine + countChar(consumed, lineChar, found);
  };
  return { records, lineOf: (i) => lineOfRaw(rawIndex ? rawIndex[i] : i), lineOfRaw };
}

/** How many times `ch` occurs in `text` before `end`. */
export function countChar(text: string, ch: string, end: number): number {
  let n = 0;
  let i = text.indexOf(ch);
  while (i !== -1 && i < end) {
    n++;
    i = text.indexOf(ch, i + 1);
  }
  return n;
}

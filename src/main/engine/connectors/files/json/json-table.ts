import Parser from 'stream-json/Parser.js';
import Verifier from 'stream-json/utils/Verifier.js';
import { StudioError } from '../../../../../shared/errors';
import type { Row } from '../../connector';
import { encodingError, nextText, openText, type TextSource } from '../encoding/open-text';
import { EncodingFault } from '../encoding/stream-decoder';
import type { FileEntry } from '../file-entry';
import { formatOf } from '../file-formats';
import { NestingDepthError, nestingTooDeep } from '../nesting-limit';
import { recordTableReader, type RecordStream } from '../record-stream';
import type { TableContext, TableReader, TableRef } from '../table-reader';
import { countChar } from '../csv/csv-scanner';
import { formatJsonPath, JsonRecordExtractor, parseJsonPath, type JsonToken } from './json-tokens';
import { flattenRecord, jsonKind, JsonSyntaxError, parseJsonExact } from './json-values';

interface JsonScan extends RecordStream {
  /** The record path in use (JSON documents only); known after the first records. */
  recordPath(): string | undefined;
}

/**
 * JSON documents (a top-level array of objects, or an object holding one at `recordPath`) and
 * NDJSON (one record a line), both streamed. Nested objects are flattened into dot-named columns
 * (`address.city`); lists stay whole as values of type json. Numbers keep their exactness (see
 * numberFromText). A malformed record stops the read with its line (and column).
 */
export const jsonTableReader: TableReader = recordTableReader(openJson, { kindOf: jsonKind, nativeType }, (scan) => scan.recordPath());

async function openJson(ref: TableRef, ctx: TableContext): Promise<JsonScan> {
  const text = await openText(ref.entry, ctx.config.encoding, ctx.guard);
  const ext = formatOf(ref.entry.relativePath) === 'json' ? ref.entry.relativePath.toLowerCase() : '';
  let mode = ctx.config.jsonFormat ?? (ext.endsWith('.ndjson') || ext.endsWith('.jsonl') ? 'ndjson' : undefined);
  const first = await text.chunks.next().catch(async (err: unknown) => {
    await text.chunks.return(undefined);
    if (err instanceof EncodingFault) throw encodingError(ref.entry, err, countChar(err.validPrefix, '\n', Infinity) + 1, ref.stream);
    throw err;
  });
  const head = first.done ? '' : first.value;
  mode ??= looksLikeNdjson(head) ? 'ndjson' : 'json';
  const configured = ctx.config.recordPath ? formatJsonPath(parseJsonPath(ctx.config.recordPath)) : undefined;
  let found: string | undefined;
  const json = mode === 'json';
  return {
    encoding: () => text.decoder.encoding,
    recordPath: () => (json ? (found ?? configured) : undefined),
    chunks: json ? documentChunks(ref, ctx, text, head, (path) => (found = path)) : ndjsonChunks(ref, ctx, text, head),
    bytesRead: text.bytesRead,
  };
}

/** A first line that is a whole object, followed by another line starting with `{`. */
function looksLikeNdjson(head: string): boolean {
  const lines = head.replace(/^\uFEFF/, '').split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length < 2 || !lines[0].startsWith('{') || !lines[1].startsWith('{')) return false;
  try {
    parseJsonExact(lines[0]);
    return true;
  } catch {
    return false;
  }
}

async function* documentChunks(ref: TableRef, ctx: TableContext, text: TextSource, head: string, onRecordPath: (path: string) => void): AsyncGenerator<Row[]> {
  const configured = ctx.config.recordPath ? parseJsonPath(ctx.config.recordPath) : null;
  const extractor = new JsonRecordExtractor(configured);
  const parser = new Parser({ packValues: true, streamValues: false });
  let failure: Error | null = null;
  parser.on('error', (err: Error) => (failure ??= err));
  let line = 1;
  let sawRecordPath = false;
  /** Characters fed while one record (or, before the records are found, the root) was being held. */
  let held = 0;
  const drain = (): Row[] => {
    let token: JsonToken | null;
    while ((token = parser.read() as JsonToken | null) !== null) extractor.push(token);
    if (failure) throw failure;
    return extractor.records.splice(0).map((r) => flattenRecord(r));
  };
  try {
    let chunk: string | null = head;
    while (chunk !== null) {
      if (chunk) {
        parser.write(chunk);
        line += countChar(chunk, '\n', chunk.length);
        const rows = drain();
        const path = extractor.recordPath;
        if (path && !sawRecordPath) {
          sawRecordPath = true;
          onRecordPath(formatJsonPath(path));
        }
        if (rows.length) yield rows;
        held = extractor.holding ? held + chunk.length : 0;
        if (held > ctx.config.maxRecordChars) throw tooLong(ref, ctx, line);
      }
      chunk = await nextText(text.chunks, ref.entry, ref.stream, (prefix) => line + countChar(prefix, '\n', Infinity));
    }
    parser.end();
    await new Promise<void>((resolve) => setImmediate(resolve));
    const rows = drain();
    extractor.finish();
    rows.push(...extractor.records.splice(0).map((r) => flattenRecord(r)));
    const path = extractor.recordPath;
    if (configured && path === null) {
      throw new StudioError('STREAM_NOT_FOUND', `${ref.entry.displayPath} has no list of records at ${formatJsonPath(configured)}.`, 'Check the recordPath setting (e.g. $.data.students), or clear it to let the studio find the records.', { where: { file: ref.entry.displayPath, table: ref.stream } });
    }
    if (path) onRecordPath(formatJsonPath(path));
    if (rows.length) yield rows;
  } catch (err) {
    if (err instanceof StudioError) throw err;
    if (err instanceof NestingDepthError) throw nestingTooDeep('JSON', { file: ref.entry.displayPath, line, table: ref.stream });
    throw await malformedJson(ref, ctx, err);
  } finally {
    await text.chunks.return(undefined);
    parser.destroy();
  }
}

function tooLong(ref: TableRef, ctx: TableContext, line: number): StudioError {
  return new StudioError('SOURCE_CORRUPT', `A record of ${ref.entry.displayPath} runs past ${ctx.config.maxRecordChars} characters (near line ${line}).`, 'If the records are in a list inside the document, set recordPath to it (e.g. $.data.students); if one record really is that long, raise the maxRecordChars setting.', { where: { file: ref.entry.displayPath, line, table: ref.stream } });
}

async function* ndjsonChunks(ref: TableRef, ctx: TableContext, text: TextSource, head: string): AsyncGenerator<Row[]> {
  let pending = '';
  let line = 0;
  let chunk: string | null = head;
  try {
    while (chunk !== null) {
      pending += chunk;
      const rows: Row[] = [];
      let start = 0;
      let nl: number;
      while ((nl = pending.indexOf('\n', start)) !== -1) {
        line++;
        const row = parseLine(ref, pending.slice(start, nl), line);
        if (row) rows.push(row);
        start = nl + 1;
      }
      pending = pending.slice(start);
      if (pending.length > ctx.config.maxRecordChars) throw tooLong(ref, ctx, line + 1);
      if (rows.length) yield rows;
      chunk = await nextText(text.chunks, ref.entry, ref.stream, (prefix) => line + 1 + countChar(pending + prefix, '\n', Infinity));
    }
    const last = parseLine(ref, pending, line + 1);
    if (last) yield [last];
  } finally {
    await text.chunks.return(undefined);
  }
}

function parseLine(ref: TableRef, raw: string, line: number): Row | null {
  const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (text.trim() === '') return null;
  try {
    return flattenRecord(parseJsonExact(text));
  } catch (err) {
    if (err instanceof NestingDepthError) throw nestingTooDeep('JSON', { file: ref.entry.displayPath, line, column: err.index + 1, table: ref.stream });
    const column = err instanceof JsonSyntaxError ? err.index + 1 : undefined;
    const detail = err instanceof Error ? err.message : String(err);
    throw new StudioError('SOURCE_CORRUPT', `Line ${line} of ${ref.entry.displayPath} is not a valid JSON record${column ? ` (column ${column}: ${detail})` : ''}.`, 'Each line of an NDJSON file must be one complete JSON object. Fix or remove that line and read the file again.', {
      where: { file: ref.entry.displayPath, line, ...(column ? { column } : {}), table: ref.stream },
    });
  }
}

/** stream-json's Parser does not say where; its Verifier does, so the file is checked again to find the place. */
async function malformedJson(ref: TableRef, ctx: TableContext, err: unknown): Promise<StudioError> {
  const detail = err instanceof Error ? err.message.replace(/^Parser (cannot parse input: |has )/, '') : String(err);
  const place = await locateJsonError(ref.entry, ctx).catch(() => null);
  const where = { file: ref.entry.displayPath, table: ref.stream, ...(place ? { line: place.line, column: place.pos } : {}) };
  return new StudioError('SOURCE_CORRUPT', `${ref.entry.displayPath} is not valid JSON${place ? ` at line ${place.line}, column ${place.pos}` : ''}: ${detail}.`, 'Open the file in an editor that checks JSON and fix it there (a missing comma or bracket, or a file cut off before its end), then read it again.', { where, cause: err });
}

async function locateJsonError(entry: FileEntry, ctx: TableContext): Promise<{ line: number; pos: number } | null> {
  const text = await openText(entry, ctx.config.encoding, { ...ctx.guard, signal: undefined });
  const verifier = new Verifier();
  let found: { line: number; pos: number } | null = null;
  verifier.on('error', (e: Error & { line?: number; pos?: number }) => {
    found ??= { line: e.line ?? 0, pos: e.pos ?? 0 };
  });
  try {
    for await (const chunk of text.chunks) {
      verifier.write(chunk);
      if (found) break;
    }
    if (!found) {
      verifier.end();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    await text.chunks.return(undefined);
  }
  return found;
}

function nativeType(kinds: Set<string> | undefined): string {
  if (!kinds || kinds.size === 0) return 'null';
  return kinds.size === 1 ? `json ${[...kinds][0]}` : 'json mixed';
}

import iconv from 'iconv-lite';
import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';
import { StudioError } from '../../../../../shared/errors';
import type { Row } from '../../connector';
import { countChar } from '../csv/csv-scanner';
import { encodingError, nextText, openText, type TextSource } from '../encoding/open-text';
import { EncodingFault } from '../encoding/stream-decoder';
import { asFileError } from '../file-errors';
import type { FileEntry } from '../file-entry';
import { MAX_NESTING_DEPTH, nestingTooDeep } from '../nesting-limit';
import { jsonKind } from '../json/json-values';
import { recordTableReader, type RecordStream } from '../record-stream';
import type { TableContext, TableReader, TableRef } from '../table-reader';
import { detectRecordPath, detectRecordPaths, formatXmlRecordPath, matchesRecordPath, parseXmlRecordPath, type XmlRecordPath, type XmlStep } from './xml-record-path';

/** Characters of the document looked at to find the records when no recordPath is set. */
const DETECTION_SAMPLE_CHARS = 256 * 1024;
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** An element of the record being built. */
export interface XmlElement {
  local: string;
  attributes: [string, string][];
  children: XmlElement[];
  text: string;
  nil: boolean;
}

interface XmlScan extends RecordStream {
  recordPath: XmlRecordPath;
}

/**
 * XML streamed with saxes. Records are the elements at `recordPath` (detected when not set: see
 * detectRecordPath). Elements match by local name, so the same path works whatever prefix a file
 * binds its namespace to; columns are named by local names too (see recordOf). An element with
 * `xsi:nil="true"` is null, an empty one ''. Malformed XML stops with line and column.
 */
const recordReader: TableReader = recordTableReader(openXml, { kindOf: xmlKind, nativeType }, (scan) => formatXmlRecordPath(scan.recordPath));

/**
 * A document holding several record types (course offerings and their sections; contacts and
 * their student links) is several tables, one a record type, the way a workbook is one a sheet:
 * `sheets` lists their record paths (`/Schedule/Sections/Section`), and each is read as if that
 * were its recordPath. A configured recordPath means one table.
 */
export const xmlTableReader: TableReader = { ...recordReader, sheets: recordTypes };

async function recordTypes(entry: FileEntry, ctx: TableContext): Promise<string[] | null> {
  if (ctx.config.recordPath) return null;
  let sample = '';
  let text: TextSource;
  try {
    text = await openText(entry, ctx.config.encoding ?? (await declaredEncoding(entry)), ctx.guard);
  } catch {
    return null; // the read itself reports what is wrong with the file
  }
  try {
    while (sample.length < DETECTION_SAMPLE_CHARS) {
      const next = await text.chunks.next();
      if (next.done) break;
      sample += next.value;
    }
  } catch {
    // an encoding fault: detect from what was read; the read reports it with its place
  } finally {
    await text.chunks.return(undefined);
  }
  const paths = detectRecordPaths(sample);
  return paths.length >= 2 ? paths.map(formatXmlRecordPath) : null;
}

async function openXml(ref: TableRef, ctx: TableContext): Promise<XmlScan> {
  const declared = ctx.config.encoding ?? (await declaredEncoding(ref.entry));
  const text = await openText(ref.entry, declared, ctx.guard);
  let sample = '';
  let ended = false;
  try {
    while (sample.length < (ref.sheet || ctx.config.recordPath ? 1 : DETECTION_SAMPLE_CHARS)) {
      const next = await text.chunks.next();
      if (next.done) {
        ended = true;
        break;
      }
      sample += next.value;
    }
  } catch (err) {
    await text.chunks.return(undefined);
    if (err instanceof EncodingFault) {
      const prefix = sample + err.validPrefix;
      throw encodingError(ref.entry, err, countChar(prefix, '\n', prefix.length) + 1, ref.stream);
    }
    throw err;
  }
  const configured = ref.sheet ?? ctx.config.recordPath;
  const recordPath = configured ? parseXmlRecordPath(configured) : detectRecordPath(sample);
  return { recordPath, encoding: () => text.decoder.encoding, chunks: records(ref, ctx, text, sample, ended, recordPath), bytesRead: text.bytesRead };
}

async function* records(ref: TableRef, ctx: TableContext, text: TextSource, first: string, ended: boolean, path: XmlRecordPath): AsyncGenerator<Row[]> {
  const parser = new SaxesParser({ xmlns: true, resolvePrefix: (prefix: string) => `urn:undeclared:${prefix}` });
  const stack: XmlStep[] = [];
  /** Elements of the record being built, outermost (the record) first. */
  const open: XmlElement[] = [];
  let recordDepth = -1;
  let out: Row[] = [];
  let failure: { message: string; line: number; column: number } | null = null;
  let heldChars = 0;
  let sawRecord = false;

  parser.on('error', (err) => {
    failure ??= { message: err.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '').replace(/\.$/, ''), line: parser.line, column: parser.column };
  });
  parser.on('opentag', (tag) => {
    const t = tag as SaxesTagNS;
    // Building and flattening a record walk its elements recursively: refuse before the stack can overflow.
    if (stack.length >= MAX_NESTING_DEPTH) throw nestingTooDeep('XML', { file: ref.entry.displayPath, line: parser.line, column: parser.column, table: ref.stream });
    stack.push({ local: t.local, uri: t.uri });
    if (recordDepth === -1) {
      if (!matchesRecordPath(stack, path)) return;
      recordDepth = stack.length;
      sawRecord = true;
    }
    const element: XmlElement = { local: t.local, attributes: [], children: [], text: '', nil: false };
    for (const attr of Object.values(t.attributes) as SaxesAttributeNS[]) {
      if (attr.prefix === 'xmlns' || attr.name === 'xmlns') continue;
      if (attr.uri === XSI) {
        if (attr.local === 'nil' && (attr.value === 'true' || attr.value === '1')) element.nil = true;
        continue;
      }
      element.attributes.push([attr.local, attr.value]);
    }
    if (open.length) open[open.length - 1].children.push(element);
    open.push(element);
  });
  const onText = (value: string) => {
    if (open.length) open[open.length - 1].text += value;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    if (recordDepth !== -1) {
      const element = open.pop();
      if (open.length === 0 && element) {
        out.push(recordOf(element));
        recordDepth = -1;
      }
    }
    stack.pop();
  });

  let line = 1;
  const checkFailure = () => {
    if (!failure) return;
    throw new StudioError('SOURCE_CORRUPT', `${ref.entry.displayPath} is not well-formed XML at line ${failure.line}, column ${failure.column}: ${failure.message}.`, 'Open the file in an XML editor (or a browser) to see the problem, fix it (often a tag not closed, a stray "&" or "<", or a file cut off before its end) and read it again.', {
      where: { file: ref.entry.displayPath, line: failure.line, column: failure.column, table: ref.stream },
    });
  };
  /** saxes can throw instead of reporting (a processing instruction cut at the end of the file): that is malformed XML too. */
  const parse = (step: () => void) => {
    try {
      step();
    } catch (err) {
      if (err instanceof StudioError) throw err;
      failure ??= { message: err instanceof Error ? err.message : String(err), line: parser.line, column: parser.column };
    }
    checkFailure();
  };
  const feed = (chunk: string) => {
    parse(() => parser.write(chunk));
    line += countChar(chunk, '\n', chunk.length);
    heldChars = open.length ? heldChars + chunk.length : 0;
    if (heldChars > ctx.config.maxRecordChars) {
      throw new StudioError('SOURCE_CORRUPT', `A record of ${ref.entry.displayPath} runs past ${ctx.config.maxRecordChars} characters (near line ${line}).`, 'Check the recordPath setting (it may point at an element that holds the whole document), or raise maxRecordChars.', { where: { file: ref.entry.displayPath, line, table: ref.stream } });
    }
  };

  try {
    let chunk: string | null = first;
    let done = ended;
    for (;;) {
      if (chunk) feed(chunk);
      if (out.length) {
        const batch = out;
        out = [];
        yield batch;
      }
      if (done) break;
      chunk = await nextText(text.chunks, ref.entry, ref.stream, (prefix) => line + countChar(prefix, '\n', Infinity));
      if (chunk === null) done = true;
    }
    parse(() => parser.close());
    if (out.length) yield out;
    if (!sawRecord && ctx.config.recordPath) {
      throw new StudioError('STREAM_NOT_FOUND', `${ref.entry.displayPath} has no element at ${formatXmlRecordPath(path)}.`, 'Check the recordPath setting (e.g. /Students/Student), or clear it to let the studio find the records.', { where: { file: ref.entry.displayPath, table: ref.stream } });
    }
  } finally {
    await text.chunks.return(undefined);
  }
}

/**
 * A record as a row: the record element's attributes by name (`@name` if a child element has the
 * same name) and its text as `value`; child elements by dotted path (`Address.City`), their
 * attributes as `Path@attr` (`Name@lang`); repeated children as one list value.
 */
export function recordOf(el: XmlElement): Row {
  const out: Row = {};
  const childNames = new Set(el.children.map((c) => c.local));
  for (const [name, value] of el.attributes) out[childNames.has(name) ? `@${name}` : name] = value;
  if (el.children.length === 0) {
    if (el.nil) out.value = null;
    else if (el.text !== '' || el.attributes.length === 0) out.value = el.text;
  } else if (el.text.trim() !== '') out[childNames.has('value') ? '#text' : 'value'] = el.text.trim();
  addChildren(out, el, '');
  return out;
}

function addChildren(out: Row, el: XmlElement, prefix: string): void {
  const groups = new Map<string, XmlElement[]>();
  for (const child of el.children) {
    const list = groups.get(child.local);
    if (list) list.push(child);
    else groups.set(child.local, [child]);
  }
  for (const [name, list] of groups) {
    const key = prefix + name;
    if (list.length > 1) {
      out[key] = list.map(jsonValue);
      continue;
    }
    const child = list[0];
    for (const [attr, value] of child.attributes) out[`${key}@${attr}`] = value;
    if (child.children.length === 0) out[key] = child.nil ? null : child.text;
    else {
      if (child.text.trim() !== '') out[`${key}#text`] = child.text.trim();
      addChildren(out, child, `${key}.`);
    }
  }
}

/** A repeated element inside a list value: text for a plain leaf, else an object. */
function jsonValue(el: XmlElement): unknown {
  if (el.nil) return null;
  if (el.children.length === 0 && el.attributes.length === 0) return el.text;
  const obj: Record<string, unknown> = {};
  for (const [attr, value] of el.attributes) obj[`@${attr}`] = value;
  const groups = new Map<string, XmlElement[]>();
  for (const child of el.children) groups.set(child.local, [...(groups.get(child.local) ?? []), child]);
  for (const [name, list] of groups) obj[name] = list.length > 1 ? list.map(jsonValue) : jsonValue(list[0]);
  if (el.children.length === 0 ? el.text !== '' : el.text.trim() !== '') obj['#text'] = el.children.length === 0 ? el.text : el.text.trim();
  return obj;
}

/** The `encoding` of the XML declaration, when a file without a byte-order mark names a legacy one. */
async function declaredEncoding(entry: FileEntry): Promise<string | undefined> {
  let stream;
  try {
    stream = await entry.open();
  } catch (err) {
    throw asFileError(err, { file: entry.displayPath }, 'XML');
  }
  let head = Buffer.alloc(0);
  try {
    for await (const chunk of stream) {
      head = Buffer.concat([head, chunk as Buffer]);
      if (head.length >= 512) break;
    }
  } finally {
    stream.destroy();
  }
  if (head[0] === 0xef || head[0] === 0xfe || head[0] === 0xff || head[0] === 0) return undefined;
  const declared = /^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head.toString('latin1'))?.[1];
  if (!declared || /^utf-?8$/i.test(declared) || !iconv.encodingExists(declared)) return undefined;
  if (/^(iso-8859-1|latin1|us-ascii)$/i.test(declared)) return 'windows-1252';
  return declared;
}

/** A value's kind in XML words: element text is 'text', a list of same-named children a 'repeated element'. */
function xmlKind(value: unknown): string {
  if (Array.isArray(value)) return 'repeated element';
  const kind = jsonKind(value);
  return kind === 'string' ? 'text' : kind;
}

function nativeType(kinds: Set<string> | undefined): string {
  if (!kinds || kinds.size === 0) return 'empty';
  return kinds.size === 1 ? `xml ${[...kinds][0]}` : 'xml mixed';
}

import Papa from 'papaparse';
import { textKind } from '../values/infer-type';

/** How a delimited text file is written. */
export interface CsvDialect {
  delimiter: string;
  newline: '\n' | '\r\n' | '\r';
  quote: string;
}

/** The delimiters tried when none is configured, in order of preference on a tie. */
export const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;

/**
 * Line ends as the file uses them, ignoring those inside quoted fields: LF, CRLF, or the CR-only
 * ends of old Mac exports.
 */
export function detectNewline(sample: string, quote: string): CsvDialect['newline'] {
  const q = escapeRegExp(quote);
  const outsideQuotes = sample.slice(0, 1024 * 1024).replace(new RegExp(`${q}[^]*?${q}`, 'g'), '');
  const firstCr = outsideQuotes.indexOf('\r');
  const firstLf = outsideQuotes.indexOf('\n');
  if (firstCr === -1) return '\n';
  if (firstLf !== -1 && firstLf < firstCr) return '\n';
  const crs = outsideQuotes.split('\r');
  let followedByLf = 0;
  for (let i = 1; i < crs.length; i++) if (crs[i][0] === '\n') followedByLf++;
  return followedByLf >= (crs.length - 1) / 2 ? '\r\n' : '\r';
}

/**
 * The delimiter that splits the first rows most consistently: the share of rows having the most
 * common field count decides, then the larger field count. A file that no candidate splits is one
 * column wide, read with a comma.
 */
export function detectDelimiter(sample: string, newline: CsvDialect['newline'], quote: string, atEof: boolean): string {
  let best: { delimiter: string; consistency: number; width: number } | null = null;
  for (const delimiter of DELIMITER_CANDIDATES) {
    const records = parseSample(sample, { delimiter, newline, quote }, atEof, 50);
    if (records.length === 0) continue;
    const counts = new Map<number, number>();
    for (const r of records) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    let width = 1;
    let mode = 0;
    for (const [w, n] of counts) if (n > mode || (n === mode && w > width)) [width, mode] = [w, n];
    if (width < 2) continue;
    const consistency = mode / records.length;
    if (!best || consistency > best.consistency + 1e-9 || (Math.abs(consistency - best.consistency) < 1e-9 && width > best.width)) best = { delimiter, consistency, width };
  }
  return best?.delimiter ?? ',';
}

/** The first records of a sample, blank lines left out. */
export function parseSample(sample: string, dialect: CsvDialect, atEof: boolean, limit: number): string[][] {
  const parser = new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline, quoteChar: dialect.quote, preview: limit + 20 });
  const result = parser.parse(sample, 0, !atEof) as { data: string[][] };
  return result.data.filter((r) => !isBlankRecord(r)).slice(0, limit);
}

export function isBlankRecord(record: readonly string[]): boolean {
  return record.length === 1 && record[0] === '';
}

/**
 * Is the first record a header? Each column votes the way Python's csv.Sniffer does it: where the
 * data below is all numbers (or all dates, or all true/false), a first-row value of the same kind
 * says "no header" and any other text says "header". Text-only columns do not vote. With no votes,
 * a first row without numbers or dates is taken as the header — exports almost always have one.
 */
export function detectHeader(records: readonly string[][]): boolean {
  if (records.length === 0) return false;
  const [first, ...data] = records;
  if (data.length === 0) return !first.some(looksLikeData);
  let score = 0;
  for (let col = 0; col < first.length; col++) {
    const candidate = first[col].trim();
    if (candidate === '') continue;
    const kinds = new Set<string>();
    for (const row of data) {
      const v = row[col];
      if (v === undefined || v.trim() === '') continue;
      kinds.add(broadKind(v));
      if (kinds.size > 1) break;
    }
    if (kinds.size !== 1) continue;
    const kind = [...kinds][0];
    if (kind === 'text') continue;
    score += broadKind(candidate) === kind ? -1 : 1;
  }
  if (score !== 0) return score > 0;
  return !first.some(looksLikeData);
}

function looksLikeData(value: string): boolean {
  const k = broadKind(value);
  return k !== 'text';
}

function broadKind(value: string): 'number' | 'date' | 'boolean' | 'text' {
  const v = value.trim();
  if (/^[-+]?\d+([.,]\d+)?$/.test(v)) return 'number';
  const kind = textKind(v);
  if (kind === 'date' || kind === 'datetime' || kind === 'time') return 'date';
  if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/.test(v)) return 'date';
  if (kind === 'boolean') return 'boolean';
  return 'text';
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

import { StudioError } from '../../../../shared/errors';

/** How a file source is read; every field can be set in the connection's config (keys as named here). */
export interface FileReadConfig {
  /** The file, folder or zip. */
  path: string;
  /** Text encoding (`utf-8`, `windows-1252`, `gbk`… any name iconv-lite knows); detected when absent. */
  encoding?: string;
  /** CSV field delimiter; detected among `,` `;` tab `|` when absent. `tab` / `\t` mean a tab. */
  delimiter?: string;
  /** CSV quote character, `"` by default. */
  quote: string;
  /** Is the first row (or, for a sheet, the detected row) the column names? */
  header: 'auto' | 'yes' | 'no';
  /** 1-based row holding the column names; rows before it are skipped (CSV records, sheet rows). */
  headerRow?: number;
  /** Rows with fewer fields than the header: padded with null and reported (`pad`) or refused (`error`). */
  ragged: 'pad' | 'error';
  /** JSON: `$.data.students` (or `data.students`); XML: `/Students/Student`. Detected when absent. */
  recordPath?: string;
  /** JSON only: force `json` (one document) or `ndjson` (one record a line); detected when absent. */
  jsonFormat?: 'json' | 'ndjson';
  /** Longest single record (CSV row, JSON/XML record) in characters before the file is called damaged. */
  maxRecordChars: number;
  /** A pull that waits longer than this for data fails with SOURCE_TIMEOUT. */
  readTimeoutMs: number;
  /** Zip: refuse an entry that unpacks to more than this many bytes. */
  maxEntryBytes: number;
  /** Zip: refuse an archive whose entries unpack to more than this in total. */
  maxTotalBytes: number;
  /** Zip: refuse an entry (over 1 MiB) that unpacks to more than this many times its packed size. */
  maxCompressionRatio: number;
}

const GIB = 1024 ** 3;

/** Reads the loosely typed connection config (values may arrive as strings from a URL or CLI flag). */
export function parseFileConfig(config: Record<string, string | number | boolean>): FileReadConfig {
  const path = config.path ?? config.file;
  if (typeof path !== 'string' || path.trim() === '') {
    throw new StudioError('BAD_REQUEST', 'The file source has no path.', 'Give the path of the file, folder or .zip to read.');
  }
  const encoding = optionalString(config.encoding);
  return {
    path,
    encoding: encoding && encoding.toLowerCase() !== 'auto' ? encoding : undefined,
    delimiter: parseDelimiter(config.delimiter),
    quote: parseQuote(config.quote),
    header: parseHeader(config.header),
    headerRow: optionalPositiveInt(config.headerRow, 'headerRow'),
    ragged: parseChoice(config.ragged, 'ragged', ['pad', 'error'] as const, 'pad'),
    recordPath: optionalString(config.recordPath),
    jsonFormat: config.jsonFormat === undefined ? undefined : parseChoice(config.jsonFormat, 'jsonFormat', ['json', 'ndjson'] as const, 'json'),
    maxRecordChars: optionalPositiveInt(config.maxRecordChars, 'maxRecordChars') ?? 64 * 1024 * 1024,
    readTimeoutMs: optionalPositiveInt(config.readTimeoutMs, 'readTimeoutMs') ?? 60_000,
    maxEntryBytes: optionalPositiveInt(config.maxEntryBytes, 'maxEntryBytes') ?? 4 * GIB,
    maxTotalBytes: optionalPositiveInt(config.maxTotalBytes, 'maxTotalBytes') ?? 16 * GIB,
    maxCompressionRatio: optionalPositiveInt(config.maxCompressionRatio, 'maxCompressionRatio') ?? 1000,
  };
}

function optionalString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value);
  return s === '' ? undefined : s;
}

function parseDelimiter(value: unknown): string | undefined {
  const s = optionalString(value);
  if (s === undefined || s.toLowerCase() === 'auto') return undefined;
  const named: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|', space: ' ' };
  const delimiter = named[s.toLowerCase()] ?? s;
  if (delimiter === '"' || delimiter.includes('\n') || delimiter.includes('\r')) {
    throw new StudioError('BAD_REQUEST', `"${s}" cannot be used as a delimiter.`, 'Use a character such as , ; | or tab.');
  }
  return delimiter;
}

function parseQuote(value: unknown): string {
  const s = optionalString(value);
  if (s === undefined) return '"';
  if (s.length !== 1) throw new StudioError('BAD_REQUEST', `The quote setting "${s}" must be a single character.`, 'Use " (the usual) or \'.');
  return s;
}

function parseHeader(value: unknown): 'auto' | 'yes' | 'no' {
  if (value === undefined || value === '') return 'auto';
  if (value === true || value === 'true' || value === 'yes') return 'yes';
  if (value === false || value === 'false' || value === 'no') return 'no';
  if (value === 'auto') return 'auto';
  throw new StudioError('BAD_REQUEST', `The header setting "${String(value)}" is not one of auto, yes, no.`, 'Use header=auto (detect), header=yes or header=no.');
}

function parseChoice<T extends string>(value: unknown, key: string, choices: readonly T[], fallback: T): T {
  if (value === undefined || value === '') return fallback;
  const s = String(value) as T;
  if (!choices.includes(s)) {
    throw new StudioError('BAD_REQUEST', `The ${key} setting "${String(value)}" is not one of ${choices.join(', ')}.`, `Use one of: ${choices.join(', ')}.`);
  }
  return s;
}

function optionalPositiveInt(value: unknown, key: string): number | undefined {
  if (value === undefined || value === '' || value === null) return undefined;
  const n = typeof value === 'number' ? value : Number(String(value));
  if (!Number.isInteger(n) || n <= 0) {
    throw new StudioError('BAD_REQUEST', `The ${key} setting "${String(value)}" is not a positive whole number.`, `Give ${key} as a number such as 1.`);
  }
  return n;
}

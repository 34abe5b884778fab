import { Readable } from 'node:stream';
import fc from 'fast-check';
import type { FileFormat } from '../../src/main/engine/connectors/files/table-reader';
import { parseFileConfig } from '../../src/main/engine/connectors/files/file-config';
import type { FileSource } from '../../src/main/engine/connectors/files/file-source';
import { FileSourceConnector } from '../../src/main/engine/connectors/files/file-source-connector';
import { ERROR_CODES, StudioError } from '../../src/shared/errors';
import { buildXlsx, xmlText } from '../unit/connectors/files/support/xlsx-writer';

/**
 * Property-based fuzzing of the file readers (#21): arbitrary and near-valid files are discovered
 * and read through the real connector, and the only acceptable outcomes are rows or a StudioError
 * with a known code (never INTERNAL) and a hint, within 5 s a case. `npm test` runs a few hundred
 * cases a reader (readers-fuzz.test.ts); `npm run soak` runs 10,000 or more (APSTUDIO_FUZZ_RUNS).
 */

/** The most one case may take, reading included. */
export const CASE_LIMIT_MS = 5_000;

/** Small caps, so the bounded-input paths are reached by small inputs too. */
const FUZZ_CONFIG = { maxRecordChars: 4096, readTimeoutMs: CASE_LIMIT_MS };

const KIND = { csv: 'csv', excel: 'excel', json: 'json', xml: 'xml' } as const;

/** A connector over one file held in memory (no disk: thousands of cases stay fast). */
export function memoryConnector(format: FileFormat, name: string, bytes: Uint8Array, config: Record<string, string | number> = {}): FileSourceConnector {
  const data = Buffer.from(bytes);
  const source: FileSource = {
    label: 'fuzz',
    path: `/fuzz/${name}`,
    naming: 'single',
    files: async () => [
      {
        format,
        entry: {
          relativePath: name,
          displayPath: `/fuzz/${name}`,
          size: data.length,
          open: async () => Readable.from(data.length ? [data.subarray(0, data.length >> 1), data.subarray(data.length >> 1)] : []),
        },
      },
    ],
    close: async () => {},
  };
  return new FileSourceConnector(KIND[format], source, parseFileConfig({ path: `/fuzz/${name}`, ...FUZZ_CONFIG, ...config }));
}

export interface FuzzOutcome {
  rows: number;
  error?: StudioError;
  ms: number;
}

/**
 * Discovers and reads every stream of the file. Resolves with what happened when that was rows or
 * a typed error; rejects (failing the property) on anything else: a plain Error, an INTERNAL,
 * an unknown code, an error without a hint, or a case over CASE_LIMIT_MS.
 */
export async function readFuzzed(connector: FileSourceConnector): Promise<FuzzOutcome> {
  const started = performance.now();
  let rows = 0;
  let error: StudioError | undefined;
  try {
    for (const stream of await connector.discover()) {
      for await (const batch of connector.read(stream.name, { batchSize: 50 })) rows += batch.length;
    }
  } catch (err) {
    if (!(err instanceof StudioError)) throw new Error(`untyped failure: ${err instanceof Error ? `${err.name}: ${err.message}\n${err.stack}` : String(err)}`);
    if (err.code === 'INTERNAL' || !(ERROR_CODES as readonly string[]).includes(err.code)) throw new Error(`bad error code ${err.code}: ${err.message}`);
    if (!err.hint) throw new Error(`error without a hint: ${err.code} ${err.message}`);
    error = err;
  } finally {
    await connector.close();
  }
  const ms = performance.now() - started;
  if (ms > CASE_LIMIT_MS) throw new Error(`one case took ${Math.round(ms)} ms (limit ${CASE_LIMIT_MS} ms)`);
  return { rows, error, ms };
}

/** Text made of `tokens` (and some arbitrary characters), so the generated files look like the format. */
function soup(tokens: string[], maxLength = 80): fc.Arbitrary<string> {
  return fc.array(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...tokens) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) }), { maxLength }).map((parts) => parts.join(''));
}

/** A file's bytes: from text (utf-8, utf-16 with a BOM, latin-1), or arbitrary bytes, sometimes cut short. */
/** Mostly null: a damage applied to one case in `1 + nulls` (fc.option's freq is the other way round). */
function sometimes<T>(arb: fc.Arbitrary<T>, nulls: number): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: nulls, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
}

function asBytes(text: fc.Arbitrary<string>): fc.Arbitrary<Uint8Array> {
  const encoded = fc.tuple(text, fc.constantFrom('utf8', 'utf16', 'latin1'), sometimes(fc.nat(), 3)).map(([t, enc, cut]) => {
    const buf = enc === 'utf16' ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]) : Buffer.from(t, enc === 'latin1' ? 'latin1' : 'utf8');
    return cut === null ? buf : buf.subarray(0, cut % (buf.length + 1));
  });
  return fc.oneof({ weight: 5, arbitrary: encoded }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) });
}

const CSV_TOKENS = ['id', 'name', 'Ann', '001', '2024-01-31', ',', ',', ';', '\t', '|', '"', '""', '\n', '\n', '\r\n', '\r', ' ', 'é', 'ß', '\uFEFF', '=1+1', '"a,b"', '"x\ny"'];
const JSON_TOKENS = ['{', '}', '[', ']', '[', '{', ':', ',', ',', '"id"', '"name"', '"a.b"', '""', '"\\u00e9"', '"\\"', '1', '-0', '1e999', '12345678901234567890', '0.1000000000000000055', 'true', 'null', '\n', ' ', '"data"', '{"id":1}', '[{"x":[1,2]}]'];
const XML_TOKENS = ['<?xml version="1.0"?>', '<?xml version="1.0" encoding="windows-1252"?>', '<Students>', '</Students>', '<Student>', '</Student>', '<Student id="1"/>', '<Name>', '</Name>', '<a:Name xmlns:a="urn:x">', '</a:Name>', '<x xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>', 'Ann', '&amp;', '&lt;', '&foo;', '&#xD800;', '<![CDATA[', ']]>', '<!--', '-->', '<!DOCTYPE a [<!ENTITY e "x">]>', '&e;', '<', '>', '"', '\n', ' '];

/** CSV files: delimiter/quote/newline soup, some with a fixed dialect in the config. */
export const csvCase = fc.record({ bytes: asBytes(soup(CSV_TOKENS, 120)), config: fc.constantFrom<Record<string, string | number>>({}, { header: 'no' }, { delimiter: ';', ragged: 'error' }, { headerRow: 2 }, { quote: "'" }) });

/** JSON documents and NDJSON: token soup, and real JSON values cut or spliced. */
export const jsonCase = fc.record({
  bytes: asBytes(fc.oneof(soup(JSON_TOKENS), fc.json({ maxDepth: 6 }), fc.array(fc.json({ maxDepth: 3 }), { maxLength: 5 }).map((lines) => lines.join('\n')))),
  name: fc.constantFrom('fuzz.json', 'fuzz.ndjson'),
  config: fc.constantFrom<Record<string, string | number>>({}, { recordPath: '$.data' }, { jsonFormat: 'ndjson' }, { jsonFormat: 'json' }),
});

/** A well-formed list of records, with random names, text, attributes and nesting; sometimes with soup spliced in. */
const field = fc.tuple(fc.constantFrom('Name', 'Id', 'a:Born', 'Address'), fc.string({ maxLength: 8 }), fc.boolean()).map(([tag, text, nested]) => (nested ? `<${tag}><City>${xmlText(text)}</City><Zip>0${text.length}</Zip></${tag}>` : `<${tag}>${xmlText(text)}</${tag}>`));
const records = fc.array(fc.tuple(fc.array(field, { maxLength: 4 }), fc.nat(99)), { maxLength: 6 }).map((list) => `<?xml version="1.0"?><Students xmlns:a="urn:a">${list.map(([fields, id]) => `<Student id="${id}">${fields.join('')}</Student>`).join('')}</Students>`);
const spliced = fc.tuple(records, soup(XML_TOKENS, 6), fc.nat()).map(([doc, junk, at]) => doc.slice(0, at % (doc.length + 1)) + junk + doc.slice(at % (doc.length + 1)));

/** XML documents: element soup with namespaces, entities, CDATA, comments and doctypes, and near-valid records. */
export const xmlCase = fc.record({ bytes: asBytes(fc.oneof(soup(XML_TOKENS, 100), records, spliced)), config: fc.constantFrom<Record<string, string | number>>({}, { recordPath: '/Students/Student' }, { recordPath: 'Student' }) });

/** One cell of a sheet: every cell type the format has, with fitting and unfitting values. */
const cellXml = fc
  .tuple(fc.constantFrom('s', 'inlineStr', 'n', 'b', 'e', 'str', 'd', ''), fc.oneof(fc.nat(12).map(String), fc.string({ maxLength: 12 }), fc.constantFrom('1e308', '-0', '45000.5', 'NaN', '2024-01-31T10:00:00', '#N/A')), fc.constantFrom('', ' s="0"', ' s="99"'), fc.boolean())
  .map(([t, v, style, formula]) => {
    const type = t ? ` t="${t}"` : '';
    const body = t === 'inlineStr' ? `<is><t>${xmlText(v)}</t></is>` : `${formula ? '<f>A1+1</f>' : ''}<v>${xmlText(v)}</v>`;
    return `<c${type}${style}>${body}</c>`;
  });

const sheetXml = fc.array(fc.array(cellXml, { maxLength: 6 }), { maxLength: 8 }).map((rows) => rows.map((cells, i) => `<row r="${i + 1}">${cells.join('')}</row>`).join(''));
const sharedStringsXml = fc.array(fc.oneof(fc.string({ maxLength: 10 }).map((s) => `<si><t>${xmlText(s)}</t></si>`), fc.constant('<si><r><rPr><b/></rPr><t>Bo</t></r><r><t>b</t></r></si>'), soup(XML_TOKENS, 6)), { maxLength: 8 }).map((items) => items.join(''));

/** Cells that always resolve (no shared-string index), for workbooks that should read. */
const plainCellXml = fc.tuple(fc.constantFrom('inlineStr', 'n', 'str'), fc.string({ maxLength: 12 }), fc.nat(99)).map(([t, text, n]) => (t === 'inlineStr' ? `<c t="inlineStr"><is><t>${xmlText(text)}</t></is></c>` : t === 'n' ? `<c><v>${n}</v></c>` : `<c t="str"><v>${xmlText(text)}</v></c>`));
const plainWorkbook = fc.array(fc.array(plainCellXml, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }).map((rows) => Buffer.from(buildXlsx({ sheet: rows.map((cells, i) => `<row r="${i + 1}">${cells.join('')}</row>`).join('') })));

/** Workbooks: well-formed packages with random sheets and shared strings, some then damaged byte by byte or cut. */
const wildWorkbook = fc
  .tuple(sheetXml, fc.option(sharedStringsXml, { freq: 4 }), sometimes(fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 3 }), 1), sometimes(fc.nat(), 5))
  .map(([sheet, sharedStrings, flipped, cut]) => {
    const flips = flipped ?? [];
    const bytes = Buffer.from(buildXlsx({ sheet, ...(sharedStrings === null ? {} : { sharedStrings }) }));
    for (const [at, value] of flips) bytes[at % bytes.length] = value;
    return cut === null ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
  });

/** Workbooks: plain ones that read, and wild ones (every cell type, damaged or cut). */
export const xlsxCase = fc.oneof({ weight: 1, arbitrary: plainWorkbook }, { weight: 3, arbitrary: wildWorkbook });

/** How many cases each reader gets: a few hundred in `npm test`, APSTUDIO_FUZZ_RUNS in `npm run soak`. */
export function fuzzRuns(fallback: number): number {
  const env = Number(process.env.APSTUDIO_FUZZ_RUNS);
  return Number.isInteger(env) && env > 0 ? env : fallback;
}

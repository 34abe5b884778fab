import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { parseFileConfig } from '../../../../src/main/engine/connectors/files/file-config';
import type { FileSource } from '../../../../src/main/engine/connectors/files/file-source';
import { FileSourceConnector } from '../../../../src/main/engine/connectors/files/file-source-connector';
import { readAll, studioError } from './support/file-helpers';

// Counts the characters handed to Papaparse's Parser: the CSV scanner's work on a long line must
// grow with the line, not with its square (it used to re-parse its whole buffer on every chunk).
const parsed = vi.hoisted(() => ({ chars: 0 }));
vi.mock('papaparse', async (importOriginal) => {
  const mod = (await importOriginal()) as { default: { Parser: new (config: object) => { parse(input: string, ...rest: unknown[]): unknown } } };
  const Original = mod.default.Parser;
  function CountingParser(config: object) {
    const parser = new Original(config);
    const parse = parser.parse.bind(parser);
    parser.parse = (input: string, ...rest: unknown[]) => {
      parsed.chars += input.length;
      return parse(input, ...rest);
    };
    return parser;
  }
  return { default: { ...mod.default, Parser: CountingParser } };
});

/** A CSV served from memory in 16 KiB pieces, counting the bytes that left it. */
function memoryCsv(bytes: Buffer, config: Record<string, string | number> = {}) {
  const served = { bytes: 0 };
  const source: FileSource = {
    label: 'CSV file',
    path: '/memory/long.csv',
    naming: 'single',
    files: async () => [
      {
        format: 'csv',
        entry: {
          relativePath: 'long.csv',
          displayPath: '/memory/long.csv',
          size: bytes.length,
          open: async () => {
            let offset = 0;
            return new Readable({
              highWaterMark: 16 * 1024,
              read() {
                if (offset >= bytes.length) return this.push(null);
                const chunk = bytes.subarray(offset, offset + 16 * 1024);
                offset += chunk.length;
                served.bytes += chunk.length;
                this.push(chunk);
              },
            });
          },
        },
      },
    ],
    close: async () => {},
  };
  return { connector: new FileSourceConnector('csv', source, parseFileConfig({ path: '/memory/long.csv', ...config })), served };
}

describe('CSV lines longer than a chunk', () => {
  it('parses a 2 MiB line in work linear in its length', async () => {
    const line = 'x'.repeat(2 * 1024 * 1024);
    const { connector } = memoryCsv(Buffer.from(`a,b\n1,${line}\n2,y\n`));
    parsed.chars = 0;
    const rows = await readAll(connector, 'long', 10);
    expect(rows).toEqual([{ a: '1', b: line }, { a: '2', b: 'y' }]);
    // Re-parsing the growing buffer on each 16 KiB chunk would hand Papaparse ~64 times the line.
    expect(parsed.chars).toBeLessThan(5 * line.length);
  });

  it('parses a quoted value spanning many lines in linear work, with the lines after it numbered right', async () => {
    const value = 'abcdefghi\n'.repeat(100_000);
    const { connector } = memoryCsv(Buffer.from(`a,b\n1,"${value}"\n2,3,4\n`));
    parsed.chars = 0;
    const err = await studioError(readAll(connector, 'long', 10));
    expect(parsed.chars).toBeLessThan(5 * value.length);
    // The record after the 100,000-line value starts on line 100,003.
    expect(err).toMatchObject({ code: 'SOURCE_CORRUPT', where: { file: '/memory/long.csv', line: 100_003 } });
  });

  it('refuses a line past maxRecordChars soon after the cap, naming the file and the line', async () => {
    const cap = 200_000;
    const { connector, served } = memoryCsv(Buffer.from(`a,b\n1,2\n3,4\n5,${'z'.repeat(5_000_000)}\n6,7\n`), { maxRecordChars: cap });
    parsed.chars = 0;
    const err = await studioError(readAll(connector, 'long', 10));
    expect(err).toMatchObject({ code: 'SOURCE_CORRUPT', where: { file: '/memory/long.csv', line: 4 } });
    expect(err.message).toContain('line 4');
    expect(err.hint).toMatch(/maxRecordChars/);
    // Read a little past the cap (the dialect sample and a chunk or two), not the 5 MB line.
    expect(served.bytes).toBeLessThan(cap + 150 * 1024);
    expect(parsed.chars).toBeLessThan(5 * cap);
  });

  it('still reads a record just under the cap that arrives while parsing is deferred', async () => {
    const cap = 100_000;
    const value = 'q'.repeat(cap - 10);
    const { connector } = memoryCsv(Buffer.from(`a,b\n1,${value}\n2,3\n`), { maxRecordChars: cap });
    expect(await readAll(connector, 'long', 10)).toEqual([{ a: '1', b: value }, { a: '2', b: '3' }]);
  });
});

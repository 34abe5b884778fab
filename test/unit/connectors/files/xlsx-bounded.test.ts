import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createExcelConnector } from '../../../../src/main/engine/connectors/files';
import { XmlSpanGuard, type SpanKind } from '../../../../src/main/engine/connectors/files/excel/xml-span-guard';
import { tempDir } from '../../../support/temp-dir';
import { put, readAll, studioError } from './support/file-helpers';
import { buildXlsx, inlineRow, sharedRow } from './support/xlsx-writer';

const temp = tempDir('apstudio-xlsx-bounded-');
afterAll(() => temp.cleanup());

const CAP = 10_000;

function workbook(name: string, parts: Parameters<typeof buildXlsx>[0]): string {
  return put(temp.path, name, buildXlsx(parts));
}

describe('xlsx: the record cap and the zip limits apply to shared and inline strings', () => {
  it('refuses a shared string longer than maxRecordChars, naming the file and the sheet', async () => {
    const path = workbook('long-shared.xlsx', { sharedStrings: `<si><t>name</t></si><si><t>${'A'.repeat(5 * CAP)}</t></si>`, sheet: sharedRow(1, [0]) + sharedRow(2, [1]) });
    const c = createExcelConnector({ path, maxRecordChars: CAP }, null);
    const err = await studioError(c.discover());
    expect(err).toMatchObject({ code: 'SOURCE_UNSAFE', where: { file: path, table: 'Sheet1' } });
    expect(err.message).toContain('a shared string longer than 10000');
    expect(err.hint).toMatch(/maxRecordChars/);
  });

  it('refuses an inline string, and rich text whose runs are each short but long together', async () => {
    const inline = workbook('long-inline.xlsx', { sheet: inlineRow(1, ['name']) + inlineRow(2, ['B'.repeat(5 * CAP)]) });
    const runs = Array.from({ length: 20 }, () => `<r><t>${'C'.repeat(CAP / 10)}</t></r>`).join('');
    const rich = workbook('long-rich.xlsx', { sharedStrings: `<si><t>name</t></si><si>${runs}</si>`, sheet: sharedRow(1, [0]) + sharedRow(2, [1]) });
    for (const [path, what] of [
      [inline, 'a cell of the sheet "Sheet1"'],
      [rich, 'a shared string'],
    ]) {
      const err = await studioError(createExcelConnector({ path, maxRecordChars: CAP }, null).discover());
      expect(err.code).toBe('SOURCE_UNSAFE');
      expect(err.message).toContain(what);
    }
  });

  it('reads strings just under the cap, and the same workbooks with the cap raised', async () => {
    const value = 'D'.repeat(CAP - 100);
    const path = workbook('under-cap.xlsx', { sharedStrings: `<si><t>name</t></si><si><t>${value}</t></si>`, sheet: sharedRow(1, [0]) + sharedRow(2, [1]) + inlineRow(3, [value]) });
    expect(await readAll(createExcelConnector({ path, maxRecordChars: CAP }, null), 'Sheet1')).toEqual([{ name: value }, { name: value }]);
    const long = workbook('long-raised.xlsx', { sheet: inlineRow(1, ['name']) + inlineRow(2, ['E'.repeat(5 * CAP)]) });
    expect(await readAll(createExcelConnector({ path: long, maxRecordChars: 10 * CAP }, null), 'Sheet1')).toEqual([{ name: 'E'.repeat(5 * CAP) }]);
  });

  it('refuses a part packed more than maxCompressionRatio times smaller before inflating it', async () => {
    // 2 MiB of one letter deflates about 1000 times smaller.
    const path = workbook('ratio.xlsx', { sharedStrings: `<si><t>name</t></si><si><t>${'F'.repeat(2 * 1024 * 1024)}</t></si>`, sheet: sharedRow(1, [0]) + sharedRow(2, [1]) });
    const err = await studioError(createExcelConnector({ path, maxCompressionRatio: 100, maxRecordChars: 64 * 1024 * 1024 }, null).discover());
    expect(err.code).toBe('SOURCE_UNSAFE');
    expect(err.message).toMatch(/xl\/sharedStrings\.xml is packed \d+ times smaller.*maxCompressionRatio 100/);
    const sized = await studioError(createExcelConnector({ path, maxEntryBytes: 1024 * 1024 }, null).discover());
    expect(sized.message).toMatch(/xl\/sharedStrings\.xml would unpack to \d+ bytes, more than the 1048576 allowed/);
  });
});

/** The zip with its last entry's data left in place but its central directory record removed. */
function withoutLastDirectoryRecord(zip: Buffer): Buffer {
  const eocd = zip.length - 22;
  const count = zip.readUInt16LE(eocd + 10);
  const dirSize = zip.readUInt32LE(eocd + 12);
  const dirStart = zip.readUInt32LE(eocd + 16);
  let at = dirStart;
  for (let i = 0; i < count - 1; i++) at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  const end = Buffer.from(zip.subarray(eocd));
  end.writeUInt16LE(count - 1, 8);
  end.writeUInt16LE(count - 1, 10);
  end.writeUInt32LE(dirSize - (dirStart + dirSize - at), 12);
  return Buffer.concat([zip.subarray(0, at), end]);
}

describe('xlsx: the parts exceljs walks are the parts the table of contents lists', () => {
  const valid = () => buildXlsx({ sharedStrings: '<si><t>name</t></si>', sheet: sharedRow(1, [0]) + inlineRow(2, ['Ann']) });

  it('refuses a damaged local header at once (exceljs used to wait for data until the read timed out)', async () => {
    const bytes = valid();
    bytes.writeUInt16LE(5, 28); // the first part's extra-field length, as a flipped byte left it in the soak
    const started = Date.now();
    const err = await studioError(createExcelConnector({ path: put(temp.path, 'bad-header.xlsx', bytes), readTimeoutMs: 30_000 }, null).discover());
    expect(err.code).toBe('SOURCE_CORRUPT');
    expect(err.message).toMatch(/not where the workbook's table of contents says/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses a part left out of the table of contents (exceljs would still parse it), and still reads the valid package', async () => {
    const bytes = buildXlsx({ sharedStrings: '<si><t>name</t></si>', sheet: sharedRow(1, [0]), extra: [{ name: 'xl/worksheets/sheet1.xml', data: `<worksheet><sheetData>${inlineRow(1, ['name']) + inlineRow(2, ['hidden'])}</sheetData></worksheet>` }] });
    const err = await studioError(createExcelConnector({ path: put(temp.path, 'hidden.xlsx', withoutLastDirectoryRecord(bytes)) }, null).discover());
    expect(err.code).toBe('SOURCE_CORRUPT');
    expect(await readAll(createExcelConnector({ path: put(temp.path, 'valid.xlsx', valid()) }, null), 'Sheet1')).toEqual([{ name: 'Ann' }]);
  });
});

/** Where a guard stops on `xml` fed in the given pieces (null: it read it all). */
function guardStop(xml: Buffer, cuts: number[], cell: string, max: number): { kind: SpanKind; at: number } | null {
  const guard = new XmlSpanGuard(cell, ['row'], max, (kind, at) => {
    throw { kind, at };
  });
  let from = 0;
  try {
    for (const cut of [...cuts.filter((c) => c > 0 && c < xml.length).sort((a, b) => a - b), xml.length]) {
      guard.write(xml.subarray(from, cut));
      from = cut;
    }
    guard.end();
    return null;
  } catch (stop) {
    return stop as { kind: SpanKind; at: number };
  }
}

describe('XmlSpanGuard', () => {
  it('measures cells, text runs, comments and CDATA, whatever the prefix', () => {
    const xml = (s: string) => Buffer.from(s);
    expect(guardStop(xml(`<x:row><x:c r="A1"><x:v>1</x:v></x:c><x:c>${'z'.repeat(30)}</x:c></x:row>`), [], 'c', 40)).toEqual(null);
    expect(guardStop(xml(`<row><c>${'<r>12345</r>'.repeat(5)}</c></row>`), [], 'c', 40)).toEqual({ kind: 'cell', at: 5 });
    expect(guardStop(xml(`<a>${'t'.repeat(50)}</a>`), [], 'c', 40)).toEqual({ kind: 'run', at: 0 });
    // '<' inside a comment or CDATA does not end the run: the whole section is one.
    expect(guardStop(xml(`<a><!--${'<'.repeat(50)}--></a>`), [], 'c', 40)).toEqual({ kind: 'run', at: 3 });
    expect(guardStop(xml(`<a><![CDATA[${'<b>'.repeat(20)}]]></a>`), [], 'c', 40)).toEqual({ kind: 'run', at: 3 });
    // A self-closing cell ends at the next row.
    expect(guardStop(xml(`<row><c r="A1"/></row>${'<row></row>'.repeat(10)}`), [], 'c', 40)).toEqual(null);
  });

  it('gives the same answer however the bytes are cut into chunks', () => {
    const piece = fc.constantFrom('<c r="A1">', '</c>', '<x:c>', '</x:c>', '<row>', '</row>', '<si>', '</si>', '<t>', '</t>', '<!--', '-->', '<![CDATA[', ']]>', '<?pi', '?>', 'abc', 'é', '<', '>', '"', ' ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.array(fc.nat(400), { maxLength: 12 }), fc.constantFrom('c', 'si'), fc.integer({ min: 5, max: 80 }), (pieces, cuts, cell, max) => {
        const xml = Buffer.from(pieces.join(''));
        expect(guardStop(xml, cuts, cell, max)).toEqual(guardStop(xml, [], cell, max));
      }),
      { numRuns: 300 },
    );
  });
});

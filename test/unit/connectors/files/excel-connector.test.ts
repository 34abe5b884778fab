import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExcelConnector } from '../../../../src/main/engine/connectors/files';
import { tempDir } from '../../../support/temp-dir';
import { put, readAll, studioError } from './support/file-helpers';
import { buildZip } from './support/zip-writer';

const temp = tempDir('apstudio-xlsx-');
afterAll(() => temp.cleanup());
let school = '';

/** A workbook the way school offices make them: title rows, text ids with leading zeros, dates, formulas. */
async function makeSchoolWorkbook(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Students');
  ws.addRow(['Student list 2024']);
  ws.addRow(['Exported from the office PC']);
  ws.addRow([]);
  ws.addRow(['Student No', 'Name', 'Birth date', 'Enrolled at', 'Fee', 'Double fee', 'Zip', 'Start', 'Next lesson', 'Active']);
  for (let i = 1; i <= 5; i++) {
    const row = ws.addRow([
      `00${i}`,
      `Pupil ${i}`,
      new Date(Date.UTC(2010, 0, i)),
      new Date(Date.UTC(2023, 8, 1, 8, 30, i)),
      100.5 * i,
      { formula: `E${4 + i}*2`, result: 201 * i },
      8120 + i,
      new Date(Date.UTC(1899, 11, 30, 8, 15, 0)),
      { formula: `C${4 + i}+7`, result: 40178 + i + 7 },
      i % 2 === 1,
    ]);
    row.getCell(7).numFmt = '00000';
    row.getCell(8).numFmt = 'hh:mm';
    row.getCell(9).numFmt = 'yyyy-mm-dd';
  }
  ws.addRow(['006', 'Pupil 6', null, null, null, null, null, null, null, null, 'note beyond the header']);
  const staff = wb.addWorksheet('Staff');
  staff.addRow(['id', 'name']);
  staff.addRow([1, 'Ann']);
  staff.addRow([2, { richText: [{ text: 'Bo' }, { text: 'b', font: { bold: true } }] }]);
  staff.addRow([3, { text: 'Cy', hyperlink: 'mailto:cy@example.org' }]);
  staff.addRow([4, { formula: 'NA()', result: { error: '#N/A' } }]);
  const hidden = wb.addWorksheet('Lookups', { state: 'hidden' });
  hidden.addRow(['code', 'label']);
  hidden.addRow(['A', 'Absent']);
  const big = wb.addWorksheet('Big');
  big.addRow(['n', 'square', 'label']);
  for (let i = 0; i < 1500; i++) big.addRow([i, i * i, `row ${i}`]);
  await wb.xlsx.writeFile(path);
}

beforeAll(async () => {
  school = `${temp.path}/school.xlsx`;
  await makeSchoolWorkbook(school);
});

describe('Excel .xlsx', () => {
  it('makes each sheet a stream and finds the header past the title rows', async () => {
    const c = createExcelConnector({ path: school }, null);
    const streams = await c.discover();
    expect(streams.map((s) => s.name)).toEqual(['Students', 'Staff', 'Lookups', 'Big']);
    const students = streams[0];
    expect(students.headerRow).toBe(4);
    expect(students.columns.map((col) => [col.name, col.type, col.nativeType])).toEqual([
      ['Student No', 'string', 'text'],
      ['Name', 'string', 'text'],
      ['Birth date', 'date', 'date'],
      ['Enrolled at', 'datetime', 'date'],
      ['Fee', 'number', 'number'],
      ['Double fee', 'integer', 'formula'],
      ['Zip', 'string', 'number'],
      ['Start', 'time', 'date'],
      ['Next lesson', 'date', 'formula'],
      ['Active', 'boolean', 'boolean'],
      // A cell right of the header (a note on row 10) gets a positional name.
      ['column_11', 'string', 'text'],
    ]);
    expect(students.rowEstimate).toBe(6);
    expect((await c.check()).serverInfo).toBe('Excel workbook (.xlsx)');
  });

  it('keeps text as text, dates without time-zone drift, numbers as numbers and formulas as their results', async () => {
    const c = createExcelConnector({ path: school }, null);
    const rows = await readAll(c, 'Students', 4);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual({
      'Student No': '001',
      Name: 'Pupil 1',
      'Birth date': '2010-01-01',
      'Enrolled at': '2023-09-01T08:30:01',
      Fee: 100.5,
      'Double fee': 201,
      Zip: '08121',
      Start: '08:15:00',
      'Next lesson': '2010-01-08',
      Active: true,
      column_11: null,
    });
    expect(rows[5]).toEqual({ 'Student No': '006', Name: 'Pupil 6', 'Birth date': null, 'Enrolled at': null, Fee: null, 'Double fee': null, Zip: null, Start: null, 'Next lesson': null, Active: null, column_11: 'note beyond the header' });
    expect(await readAll(c, 'Staff')).toEqual([
      { id: 1, name: 'Ann' },
      { id: 2, name: 'Bob' },
      { id: 3, name: 'Cy' },
      { id: 4, name: null },
    ]);
    expect(await readAll(c, 'Lookups')).toEqual([{ code: 'A', label: 'Absent' }]);
  });

  it('estimates a large sheet from its recorded size and counts it exactly', async () => {
    const c = createExcelConnector({ path: school }, null);
    const big = (await c.discover()).find((s) => s.name === 'Big')!;
    expect(big.rowEstimate).toBe(1500);
    expect(big.columns.map((col) => col.type)).toEqual(['integer', 'integer', 'string']);
    expect(await c.count('Big')).toBe(1500);
    const rows = await readAll(c, 'Big', 250);
    expect(rows[1499]).toEqual({ n: 1499, square: 1499 * 1499, label: 'row 1499' });
  });

  it('follows header=no and headerRow from the config', async () => {
    const none = createExcelConnector({ path: school, header: 'no' }, null);
    const staff = await readAll(none, 'Staff');
    expect(staff[0]).toEqual({ column_1: 'id', column_2: 'name' });
    const fixed = createExcelConnector({ path: school, headerRow: 2 }, null);
    const [students] = await fixed.discover();
    expect(students.columns[0].name).toBe('Exported from the office PC');
    expect(students.headerRow).toBe(2);
  });

  it('stops with CANCELLED when aborted mid-sheet', async () => {
    const c = createExcelConnector({ path: school }, null);
    const abort = new AbortController();
    let batches = 0;
    const err = await studioError(
      (async () => {
        for await (const _b of c.read('Big', { batchSize: 100, signal: abort.signal })) if (++batches === 2) abort.abort();
      })(),
    );
    expect(err.code).toBe('CANCELLED');
    expect(batches).toBe(2);
  });
});

describe('Excel files that cannot be read', () => {
  it('says a truncated workbook is damaged', async () => {
    const bytes = readFileSync(school);
    const path = put(temp.path, 'cut.xlsx', bytes.subarray(0, Math.floor(bytes.length / 2)));
    const c = createExcelConnector({ path }, null);
    const err = await studioError(c.discover());
    expect(err).toMatchObject({ code: 'SOURCE_CORRUPT', where: { file: path } });
    expect(err.hint).toMatch(/cut off|copy/);
    expect((await c.check()).ok).toBe(false);
  });

  it('says a sheet with broken XML is damaged, naming the sheet', async () => {
    const path = put(
      temp.path,
      'broken-sheet.xlsx',
      buildZip([
        { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
        { name: 'xl/workbook.xml', data: '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Pupils" sheetId="1" r:id="rId1"/></sheets></workbook>' },
        { name: 'xl/_rels/workbook.xml.rels', data: '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' },
        { name: 'xl/sharedStrings.xml', data: '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>' },
        { name: 'xl/worksheets/sheet1.xml', data: '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row><row r="2"><c r="A2"><v>1</v></x></row></sheetData></worksheet>' },
      ]),
    );
    const c = createExcelConnector({ path }, null);
    const err = await studioError(c.discover());
    expect(err).toMatchObject({ code: 'SOURCE_CORRUPT', where: { file: path, table: 'Pupils' } });
  });

  it('refuses encrypted workbooks and old .xls files with a clear next step', async () => {
    const compound = (streamName: string) => {
      const buf = Buffer.alloc(2048);
      Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(buf, 0);
      buf.writeUInt16LE(9, 0x1e); // 512-byte sectors
      buf.writeUInt32LE(1, 0x30); // first directory sector
      Buffer.from('Root Entry', 'utf16le').copy(buf, 1024);
      Buffer.from(streamName, 'utf16le').copy(buf, 1024 + 128);
      return buf;
    };
    const encrypted = createExcelConnector({ path: put(temp.path, 'locked.xlsx', compound('EncryptedPackage')) }, null);
    const e1 = await studioError(encrypted.discover());
    expect(e1.code).toBe('SOURCE_UNSUPPORTED');
    expect(e1.message).toMatch(/password-protected/);
    const xlsRenamed = createExcelConnector({ path: put(temp.path, 'old-renamed.xlsx', compound('Workbook')) }, null);
    const e2 = await studioError(xlsRenamed.discover());
    expect(e2.code).toBe('SOURCE_UNSUPPORTED');
    expect(e2.hint).toMatch(/\.xlsx/);
    const xls = createExcelConnector({ path: put(temp.path, 'old.xls', compound('Workbook')) }, null);
    expect((await studioError(xls.discover())).message).toMatch(/old-format Excel file \(\.xls\)/);
    const notExcel = createExcelConnector({ path: put(temp.path, 'notes.xlsx', 'id,name\n1,Ann\n') }, null);
    expect((await studioError(notExcel.discover())).code).toBe('SOURCE_CORRUPT');
  });
});


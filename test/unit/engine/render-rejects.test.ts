import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { RejectRecord } from '../../../src/shared/api/contracts/rejects';
import { rejectsTable, renderRejectsCsv, renderRejectsXlsx } from '../../../src/main/engine/quarantine/render-rejects';

const reject = (id: number, row: Record<string, unknown>, message: string): RejectRecord => ({
  id,
  entity: 'students',
  stage: 'validate',
  key: `S${id}`,
  sourceRow: id + 1,
  reasons: [{ field: 'lastName', stage: 'validate', code: 'required', message, value: null }],
  row,
});

/** Every text a spreadsheet would run as a formula, as the assessment's CSV neutralises it. */
const HOSTILE = ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx'];

describe('rejects export rendering', () => {
  it('neutralises formula-looking text in CSV like the assessment export, keeps numbers and row numbers', () => {
    const table = rejectsTable(HOSTILE.map((v, i) => reject(i, { LastName: v, Age: -3 }, v)));
    expect(table.header).toEqual(['entity', 'source_row', 'key', 'stage', 'codes', 'fields', 'reasons', 'LastName', 'Age']);
    const csv = renderRejectsCsv(table);
    expect(csv.startsWith('\uFEFFentity,source_row')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(HOSTILE.length + 1);
    expect(lines[1]).toBe(`students,1,S0,validate,required,lastName,lastName: =1+1,'=1+1,-3`);
    expect(lines[3]).toContain(`,'-2+3,-3`);
    expect(lines[4]).toContain(`,'@cmd,`);
    expect(csv).toContain(`,'\tx,-3`);
    expect(csv).toContain(`"'\rx"`);
  });

  it('neutralises the same cells in xlsx, numbers stay numbers', async () => {
    const table = rejectsTable(HOSTILE.map((v, i) => reject(i, { LastName: v }, 'missing')));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await renderRejectsXlsx(table)).buffer as ArrayBuffer);
    const sheet = book.getWorksheet('Rejects')!;
    HOSTILE.forEach((v, i) => {
      // XML turns a lone CR into LF on reading; the apostrophe in front is what matters.
      expect(sheet.getRow(i + 2).getCell(8).value).toBe(`'${v.replace('\r', '\n')}`);
      expect(sheet.getRow(i + 2).getCell(2).value).toBe(i + 1);
    });
  });
});

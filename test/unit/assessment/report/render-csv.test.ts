import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvField, FINDINGS_CSV_COLUMNS, renderFindingsCsv } from '../../../../src/main/engine/assessment/report/render-csv';
import { sampleResult } from './sample-result';

describe('the findings CSV', () => {
  const csv = renderFindingsCsv(sampleResult());

  it('starts with a UTF-8 byte-order mark for spreadsheets, ends every record with CRLF', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(renderFindingsCsv(sampleResult(), { bom: false }).startsWith('severity,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/"[^"]*"/g, '').split('\r\n').length).toBe(5);
  });

  it('parses back into the same fields (RFC 4180 quoting)', () => {
    const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const [header, mojibake, sentinel, zeros] = parsed.data;
    expect(header).toEqual([...FINDINGS_CSV_COLUMNS]);
    expect(mojibake.slice(0, 6)).toEqual(['warning', 'MOJIBAKE', 'Damaged accented or non-Latin text (mojibake)', 'PUPILS', 'FORENAME', '117']);
    expect(mojibake[8]).toBe('fixMojibake, "quoted", a,b');
    expect(JSON.parse(mojibake[9])).toEqual([{ kind: 'fixMojibake' }]);
    expect(JSON.parse(mojibake[10])[1]).toEqual({ row: '000002', value: ' ש•• ' });
    expect(zeros[6]).toBe('line one\nline two');
    // A spreadsheet must not run a value as a formula.
    expect(sentinel[6]).toBe(`'=HYPERLINK("http://evil")`);
  });

  it('quotes exactly the fields that need it', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField(' padded ')).toBe('" padded "');
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});

import { describe, expect, it } from 'vitest';
import { detectDelimiter, detectHeader, detectNewline } from '../../../../src/main/engine/connectors/files/csv/csv-dialect';
import { cellValue } from '../../../../src/main/engine/connectors/files/excel/excel-cell';
import { detectSheetHeader } from '../../../../src/main/engine/connectors/files/excel/excel-table';
import { parseFileConfig } from '../../../../src/main/engine/connectors/files/file-config';
import { uniqueColumnNames } from '../../../../src/main/engine/connectors/files/values/column-names';
import { combineKinds, textKind } from '../../../../src/main/engine/connectors/files/values/infer-type';

describe('column names', () => {
  it('numbers repeats in order and names blanks by position, never colliding', () => {
    expect(uniqueColumnNames(['col', 'col', 'col'])).toEqual(['col', 'col_2', 'col_3']);
    expect(uniqueColumnNames(['a', '', ' ', null])).toEqual(['a', 'column_2', 'column_3', 'column_4']);
    expect(uniqueColumnNames(['col', 'col_2', 'col'])).toEqual(['col', 'col_2', 'col_3']);
    expect(uniqueColumnNames(['column_2', ''])).toEqual(['column_2', 'column_2_2']);
  });
});

describe('type inference', () => {
  it('keeps leading zeros and long numbers as text', () => {
    expect(textKind('08123')).toBe('string');
    expect(textKind('0')).toBe('integer');
    expect(textKind('1234567890123456')).toBe('string');
    expect(textKind('-12.50')).toBe('decimal');
    expect(textKind('2023-02-29')).toBe('string');
    expect(textKind('2024-02-29')).toBe('date');
    expect(textKind('1/05/2023')).toBe('string');
    expect(textKind('2023-05-01T18:25:43.511Z')).toBe('datetime');
    expect(textKind('08:15')).toBe('time');
    expect(combineKinds(['integer', 'decimal', 'unknown'])).toBe('decimal');
    expect(combineKinds(['date', 'datetime'])).toBe('datetime');
    expect(combineKinds(['integer', 'string'])).toBe('string');
    expect(combineKinds([])).toBe('string');
  });
});

describe('CSV dialect detection', () => {
  it('finds line ends outside quotes, the most consistent delimiter, and whether there is a header', () => {
    expect(detectNewline('a,b\r\n"x\ny",2\r\n', '"')).toBe('\r\n');
    expect(detectNewline('a,b\r1,2\r', '"')).toBe('\r');
    expect(detectNewline('"a\r\nb",c\n1,2\n', '"')).toBe('\n');
    expect(detectDelimiter('name;amount\nAnn;1,50\nBob;2,75\n', '\n', '"', true)).toBe(';');
    expect(detectDelimiter('single column\nvalue, with comma\n', '\n', '"', true)).toBe(',');
    expect(detectHeader([['id', 'born'], ['1', '2010-01-01'], ['2', '2011-02-02']])).toBe(true);
    expect(detectHeader([['1', '2010-01-01'], ['2', '2011-02-02']])).toBe(false);
    expect(detectHeader([['first', 'last'], ['Ann', 'Lee']])).toBe(true);
  });
});

describe('Excel cells and header rows', () => {
  it('converts cells as the user sees them', () => {
    expect(cellValue(8123, '00000')).toBe('08123');
    expect(cellValue(42, '@')).toBe('42');
    expect(cellValue(new Date(Date.UTC(2024, 1, 29)), 'dd/mm/yyyy')).toBe('2024-02-29');
    expect(cellValue(new Date(Date.UTC(2024, 1, 29, 13, 5, 7, 250)), undefined)).toBe('2024-02-29T13:05:07.250');
    expect(cellValue(new Date(Date.UTC(2024, 1, 29, 13, 4, 59, 999)), undefined)).toBe('2024-02-29T13:05:00');
    expect(cellValue({ formula: 'A1', result: 45351 }, 'yyyy-mm-dd')).toBe('2024-02-29');
    expect(cellValue({ richText: [{ text: 'a' }, { text: 'b' }] }, undefined)).toBe('ab');
    expect(cellValue({ error: '#DIV/0!' }, undefined)).toBeNull();
  });

  it('passes over title rows to the row that names the columns', () => {
    const row = (number: number, values: unknown[]) => ({ number, values, kinds: values.map(() => 'text') });
    expect(detectSheetHeader([row(1, ['Class list']), row(3, ['id', 'name', 'born']), row(4, [1, 'Ann', '2010-01-01'])])).toBe(1);
    expect(detectSheetHeader([row(1, [1, 'Ann']), row(2, [2, 'Bob'])])).toBe(-1);
    expect(detectSheetHeader([row(1, ['id', 'id']), row(2, [1, 2])])).toBe(-1);
  });
});

describe('file config', () => {
  it('reads loosely typed settings and refuses wrong ones clearly', () => {
    expect(parseFileConfig({ path: 'x.csv', delimiter: 'tab', header: 'false', headerRow: '3', encoding: 'auto' })).toMatchObject({ delimiter: '\t', header: 'no', headerRow: 3, encoding: undefined });
    expect(() => parseFileConfig({ path: 'x.csv', header: 'maybe' })).toThrow(/auto, yes, no/);
    expect(() => parseFileConfig({ path: 'x.csv', headerRow: 0 })).toThrow(/positive whole number/);
    expect(() => parseFileConfig({ path: 'x.csv', delimiter: '"' })).toThrow(/delimiter/);
  });
});

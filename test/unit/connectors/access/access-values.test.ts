import type { Column } from 'mdb-reader';
import { afterEach, describe, expect, it } from 'vitest';
import { relationshipsByTable } from '../../../../src/main/engine/connectors/access/access-keys';
import { convertAccessValue, formatAccessDateTime, formatExtendedDateTime, normalizeAccessColumn, shortestSingle } from '../../../../src/main/engine/connectors/access/access-values';

/** The Date mdb-reader builds for an Access date value (days since 1899-12-30 as a double). */
function accessDate(days: number): Date {
  return new Date(Math.round((days - 25569) * 86400 * 1000));
}

function column(partial: Partial<Column> & Pick<Column, 'name' | 'type'>): Column {
  return { size: 0, fixedLength: true, nullable: true, autoLong: false, autoUUID: false, ...partial } as Column;
}

describe('Access values', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  it('writes Date/Time as the wall time Access shows, whatever the local time zone', () => {
    for (const tz of ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
      process.env.TZ = tz;
      expect(formatAccessDateTime(new Date(Date.UTC(1974, 8, 21)))).toBe('1974-09-21T00:00:00');
      expect(formatAccessDateTime(new Date(Date.UTC(2024, 0, 31, 23, 59, 58, 250)))).toBe('2024-01-31T23:59:58.250');
    }
  });

  it('reads dates before 1899-12-30 the way Access stores them (negative day, positive time)', () => {
    // Access stores 1899-12-29 06:00 as -1.25: day -1, then a quarter day forward.
    expect(formatAccessDateTime(accessDate(-1.25))).toBe('1899-12-29T06:00:00');
    expect(formatAccessDateTime(accessDate(-2))).toBe('1899-12-28T00:00:00');
    // A time-only value is day 0.
    expect(formatAccessDateTime(accessDate(0.5))).toBe('1899-12-30T12:00:00');
  });

  it('keeps Date/Time Extended to 100 ns and repairs the year mdb-reader takes from local time', () => {
    expect(formatExtendedDateTime('2023.06.08 10:40:28.123456700')).toBe('2023-06-08T10:40:28.1234567');
    expect(formatExtendedDateTime('2023.06.08 10:40:28.000000000')).toBe('2023-06-08T10:40:28');
    process.env.TZ = 'America/New_York';
    // UTC 2021-01-01 02:00 is still 2020 in New York, so mdb-reader prints the year as 2020.
    const printedYear = new Date(Date.UTC(2021, 0, 1, 2)).getFullYear();
    expect(formatExtendedDateTime(`${printedYear}.01.01 02:00:00.000000000`)).toBe('2021-01-01T02:00:00');
  });

  it('prints a Single as the shortest decimal that reads back as the same Single', () => {
    expect(shortestSingle(Math.fround(0.1))).toBe(0.1);
    expect(shortestSingle(Math.fround(123.456))).toBe(123.456);
    expect(shortestSingle(0)).toBe(0);
  });

  it('keeps big integers exact, GUIDs as Access shows them, binary as a copy and attachments as JSON', () => {
    expect(convertAccessValue('bigint', 9007199254740993n)).toBe('9007199254740993');
    expect(convertAccessValue('bigint', -42n)).toBe(-42);
    expect(convertAccessValue('repid', '8a6fcf3c-1a2b-4c5d-9e8f-001122334455')).toBe('{8A6FCF3C-1A2B-4C5D-9E8F-001122334455}');
    const file = Buffer.from('0123456789');
    const value = convertAccessValue('ole', file.subarray(2, 5)) as Buffer;
    file[3] = 0x78;
    expect(value.toString()).toBe('234');
    expect(convertAccessValue('complex', [{ name: 'a.txt', type: 'txt', data: Buffer.from('hi') }])).toEqual([{ name: 'a.txt', type: 'txt', data: 'aGk=' }]);
    expect(convertAccessValue('currency', '3.5000')).toBe('3.5000');
    expect(convertAccessValue('text', null)).toBeNull();
  });

  it('normalizes Access column types and keeps the native name beside them', () => {
    expect(normalizeAccessColumn(column({ name: 'Name', type: 'text', size: 100 }))).toEqual({ name: 'Name', type: 'string', nativeType: 'Text(50)', nullable: true, length: 50 });
    expect(normalizeAccessColumn(column({ name: 'ID', type: 'long', autoLong: true, nullable: false }))).toMatchObject({ type: 'integer', nativeType: 'AutoNumber', nullable: false });
    expect(normalizeAccessColumn(column({ name: 'Fee', type: 'currency' }))).toMatchObject({ type: 'decimal', nativeType: 'Currency', precision: 19, scale: 4 });
    expect(normalizeAccessColumn(column({ name: 'Rate', type: 'numeric', precision: 18, scale: 2 }))).toMatchObject({ type: 'decimal', nativeType: 'Decimal(18,2)', precision: 18, scale: 2 });
    expect(normalizeAccessColumn(column({ name: 'Born', type: 'datetime' })).type).toBe('datetime');
    expect(normalizeAccessColumn(column({ name: 'Active', type: 'boolean' }))).toMatchObject({ type: 'boolean', nativeType: 'Yes/No' });
    expect(normalizeAccessColumn(column({ name: 'Photo', type: 'ole' }))).toMatchObject({ type: 'binary', nativeType: 'OLE Object' });
    expect(normalizeAccessColumn(column({ name: 'Guid', type: 'repid' })).type).toBe('string');
    expect(normalizeAccessColumn(column({ name: 'Files', type: 'complex' }))).toMatchObject({ type: 'json', nativeType: 'Attachment' });
    expect(normalizeAccessColumn(column({ name: 'Score', type: 'float' })).type).toBe('number');
  });
});

describe('Access relationships', () => {
  it('groups MSysRelationships rows into foreign keys of the child table, in column order', () => {
    const rows = [
      { szRelationship: 'ClassStudent', szObject: 'Enrolment', szColumn: 'StudentNo', szReferencedObject: 'Student', szReferencedColumn: 'No', icolumn: 1 },
      { szRelationship: 'ClassStudent', szObject: 'Enrolment', szColumn: 'SchoolId', szReferencedObject: 'Student', szReferencedColumn: 'SchoolId', icolumn: 0 },
      { szRelationship: 'EnrolClass', szObject: 'Enrolment', szColumn: 'ClassId', szReferencedObject: 'Class', szReferencedColumn: 'Id', icolumn: 0 },
      { szRelationship: 'NavPane', szObject: 'MSysNavPaneGroups', szColumn: 'GroupCategoryID', szReferencedObject: 'MSysNavPaneGroupCategories', szReferencedColumn: 'Id', icolumn: 0 },
    ];
    const byTable = relationshipsByTable(rows, new Set(['Enrolment', 'Student', 'Class']));
    expect(byTable.get('Enrolment')).toEqual([
      { columns: ['SchoolId', 'StudentNo'], refStream: 'Student', refColumns: ['SchoolId', 'No'], declared: true },
      { columns: ['ClassId'], refStream: 'Class', refColumns: ['Id'], declared: true },
    ]);
    expect([...byTable.keys()]).toEqual(['Enrolment']);
  });
});

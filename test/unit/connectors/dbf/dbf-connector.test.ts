import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DBFFile } from 'dbffile';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Row } from '../../../../src/main/engine/connectors/connector';
import { DbfConnector, createDbfConnector } from '../../../../src/main/engine/connectors/dbf/dbf-connector';
import { isDbfFile } from '../../../../src/main/engine/connectors/dbf/index';
import { tempDir } from '../../../support/temp-dir';
import { buildDbf, buildDbt3, buildDbt4, buildFpt, currency, double, int32, julianDay, num, vfpDateTime } from './dbf-builder';

async function readAll(connector: { read: DbfConnector['read'] }, stream: string, options: Parameters<DbfConnector['read']>[1] = { batchSize: 100 }): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const batch of connector.read(stream, options)) rows.push(...batch);
  return rows;
}

describe('dBase connector', () => {
  let dir: { path: string; cleanup(): void };
  beforeEach(() => {
    dir = tempDir('apstudio-dbf-');
  });
  afterEach(() => dir.cleanup());
  const path = (name: string) => join(dir.path, name);

  /** A dBase III table written by dbffile in the given code page, then stamped with a language driver byte. */
  async function pupils(name: string, encoding: string, languageDriver: number): Promise<string> {
    const file = path(name);
    const dbf = await DBFFile.create(
      file,
      [
        { name: 'NAME', type: 'C', size: 20 },
        { name: 'CODE', type: 'C', size: 6 },
        { name: 'SCORE', type: 'N', size: 7, decimalPlaces: 2 },
        { name: 'GRADE', type: 'N', size: 3, decimalPlaces: 0 },
        { name: 'BORN', type: 'D', size: 8 },
        { name: 'ACTIVE', type: 'L', size: 1 },
      ],
      { encoding },
    );
    await dbf.appendRecords([
      { NAME: 'Иванов Пётр', CODE: '007', SCORE: 12.5, GRADE: 5, BORN: new Date('2011-03-04'), ACTIVE: true },
      { NAME: '  Ёлкина Анна', CODE: '0100', SCORE: 99.99, GRADE: 11, BORN: null, ACTIVE: false },
      { NAME: 'Щукин', CODE: '', SCORE: null, GRADE: null, BORN: null, ACTIVE: null },
    ]);
    const bytes = readFileSync(file);
    bytes[29] = languageDriver;
    writeFileSync(file, bytes);
    return file;
  }

  const pupilRows = [
    { NAME: 'Иванов Пётр', CODE: '007', SCORE: '12.5', GRADE: 5, BORN: '2011-03-04', ACTIVE: true },
    { NAME: '  Ёлкина Анна', CODE: '0100', SCORE: '99.99', GRADE: 11, BORN: null, ACTIVE: false },
    { NAME: 'Щукин', CODE: '', SCORE: null, GRADE: null, BORN: null, ACTIVE: null },
  ];

  it('reads a cp866 table (language driver 0x26) with the right letters, exact numbers and kept leading zeros', async () => {
    const file = await pupils('pupils.dbf', 'cp866', 0x26);
    const connector = createDbfConnector({ path: file }, null);
    const check = await connector.check();
    expect(check).toMatchObject({ ok: true, serverInfo: 'dBase III / FoxPro (no memo) (0x03), code page cp866' });
    expect(check.message).toContain('cp866 (Russian OEM (866), from the file header)');
    const [stream] = await connector.discover();
    expect(stream).toMatchObject({ name: 'pupils', primaryKey: [], foreignKeys: [], rowEstimate: 3 });
    expect(stream.columns.map((c) => [c.name, c.type, c.nativeType])).toEqual([
      ['NAME', 'string', 'C(20)'],
      ['CODE', 'string', 'C(6)'],
      ['SCORE', 'decimal', 'N(7,2)'],
      ['GRADE', 'integer', 'N(3,0)'],
      ['BORN', 'date', 'D'],
      ['ACTIVE', 'boolean', 'L'],
    ]);
    expect(await readAll(connector, 'pupils')).toEqual(pupilRows);
  });

  it('uses the encoding setting when the header names no code page, and cp1251 from driver 0xC9', async () => {
    const unmarked = await pupils('unmarked.dbf', 'cp866', 0x00);
    expect(await readAll(createDbfConnector({ path: unmarked, encoding: 'cp866' }, null), 'unmarked')).toEqual(pupilRows);
    const windows = await pupils('windows.dbf', 'cp1251', 0xc9);
    const connector = createDbfConnector({ path: windows }, null) as DbfConnector;
    expect(await readAll(connector, 'windows')).toEqual(pupilRows);
    expect(await connector.encoding('windows')).toMatchObject({ encoding: 'cp1251', source: 'header', languageDriver: 0xc9 });
  });

  it('reads a Visual FoxPro table with its memo file (any letter case), currency, doubles, datetimes, varchar and NULL flags', async () => {
    const note = Buffer.from(`Zoë's note: ${'long text '.repeat(10)}`, 'latin1');
    const photo = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]);
    writeFileSync(path('SHOP.FPT'), buildFpt(64, [
      { block: 1, data: note },
      { block: 3, type: 0, data: photo },
    ]));
    const name = (text: string, short: boolean) => {
      const b = Buffer.alloc(10);
      b.write(text, 'latin1');
      if (short) b[9] = text.length;
      return b;
    };
    writeFileSync(
      path('Shop.DBF'),
      buildDbf({
        version: 0x30,
        languageDriver: 0x03,
        tableFlags: 0x02,
        backlink: true,
        fields: [
          { name: 'ID', type: 'I', size: 4 },
          { name: 'NAME', type: 'V', size: 10, flags: 0x02 },
          { name: 'PRICE', type: 'Y', size: 8 },
          { name: 'RATIO', type: 'B', size: 8 },
          { name: 'WHEN', type: 'T', size: 8 },
          { name: 'NOTE', type: 'M', size: 4 },
          { name: 'PHOTO', type: 'G', size: 4 },
          { name: 'RAW', type: 'C', size: 4, flags: 0x04 },
          { name: '_NullFlags', type: '0', size: 1, flags: 0x05 },
        ],
        records: [
          { values: [int32(1), name('Ann', true), currency(3_500_000n), double(0.25), vfpDateTime(julianDay(2024, 2, 29), 8 * 3_600_000 + 1), int32(1), int32(3), Buffer.from([0x00, 0x20, 0xff, 0x41]), Buffer.from([0x01])] },
          { values: [int32(2), name('Bartholome', false), currency(-12_345n), double(1.5), Buffer.alloc(8, 0x20), int32(0), int32(0), Buffer.from('ABCD'), Buffer.from([0x00])] },
          { values: [int32(3), Buffer.alloc(10), currency(9_223_372_036_854_775_807n), double(0), Buffer.alloc(8), int32(0), int32(0), Buffer.from('WXYZ'), Buffer.from([0x02])] },
        ],
      }),
    );
    const connector = createDbfConnector({ path: path('Shop.DBF') }, null);
    expect((await connector.check()).serverInfo).toBe('Visual FoxPro (0x30), code page cp1252, memo file SHOP.FPT');
    const [stream] = await connector.discover();
    expect(stream.name).toBe('Shop');
    expect(stream.columns.map((c) => [c.name, c.type, c.nativeType, c.nullable])).toEqual([
      ['ID', 'integer', 'I', false],
      ['NAME', 'string', 'V(10)', true],
      ['PRICE', 'decimal', 'Y', false],
      ['RATIO', 'number', 'B (double)', false],
      ['WHEN', 'datetime', 'T', true],
      ['NOTE', 'string', 'M', true],
      ['PHOTO', 'binary', 'G', true],
      ['RAW', 'binary', 'C(4)', false],
    ]);
    expect(await readAll(connector, 'Shop')).toEqual([
      { ID: 1, NAME: 'Ann', PRICE: '350.0000', RATIO: 0.25, WHEN: '2024-02-29T08:00:00', NOTE: note.toString('latin1'), PHOTO: photo, RAW: Buffer.from([0x00, 0x20, 0xff, 0x41]) },
      { ID: 2, NAME: 'Bartholome', PRICE: '-1.2345', RATIO: 1.5, WHEN: null, NOTE: null, PHOTO: null, RAW: Buffer.from('ABCD') },
      { ID: 3, NAME: null, PRICE: '922337203685477.5807', RATIO: 0, WHEN: null, NOTE: null, PHOTO: null, RAW: Buffer.from('WXYZ') },
    ]);
  });

  it('reads dBase IV and dBase III memo files, including values longer than a block and binary memos', async () => {
    const long = 'Ž'.repeat(300) + 'end';
    writeFileSync(path('four.dbt'), buildDbt4(1024, [
      { block: 1, data: iconv.encode(long, 'cp1250') },
      { block: 3, data: Buffer.from([1, 2, 3]) },
    ]));
    writeFileSync(
      path('four.dbf'),
      buildDbf({
        version: 0x8b,
        languageDriver: 0xc8,
        fields: [
          { name: 'ID', type: 'N', size: 5 },
          { name: 'TEXT', type: 'M', size: 10 },
          { name: 'BLOB', type: 'B', size: 10 },
        ],
        records: [{ values: [num('1', 5), num('1', 10), num('3', 10)] }, { values: [num('2', 5), '', ''] }],
      }),
    );
    expect(await readAll(createDbfConnector({ path: path('four.dbf') }, null), 'four')).toEqual([
      { ID: 1, TEXT: long, BLOB: Buffer.from([1, 2, 3]) },
      { ID: 2, TEXT: null, BLOB: null },
    ]);

    const story = 'x'.repeat(600) + ' the end';
    writeFileSync(path('three.DBT'), buildDbt3([{ block: 1, data: Buffer.from(story) }, { block: 3, data: Buffer.from('short') }]));
    writeFileSync(path('three.dbf'), buildDbf({ version: 0x83, fields: [{ name: 'MEMO', type: 'M', size: 10 }], records: [{ values: [num('1', 10)] }, { values: [num('3', 10)] }] }));
    expect(await readAll(createDbfConnector({ path: path('three.dbf') }, null), 'three')).toEqual([{ MEMO: story }, { MEMO: 'short' }]);
  });

  it('skips deleted records, and counts and reports them', async () => {
    writeFileSync(
      path('marks.dbf'),
      buildDbf({
        version: 0x03,
        fields: [{ name: 'ID', type: 'N', size: 3 }],
        records: [1, 2, 3, 4, 5].map((id) => ({ deleted: id % 2 === 0, values: [num(String(id), 3)] })),
      }),
    );
    const connector = createDbfConnector({ path: path('marks.dbf') }, null) as DbfConnector;
    expect((await connector.discover())[0].rowEstimate).toBe(5);
    expect(await connector.count('marks')).toBe(3);
    expect(await connector.deletedRecords('marks')).toBe(2);
    expect((await connector.check()).message).toContain('3 records, 2 deleted records will be skipped');
    expect(await readAll(connector, 'marks')).toEqual([{ ID: 1 }, { ID: 3 }, { ID: 5 }]);
    expect(connector.deletedSkipped).toBe(2);
  });

  it('delivers the complete records of a truncated file, then names the first broken record', async () => {
    const bytes = buildDbf({ version: 0x03, fields: [{ name: 'NAME', type: 'C', size: 10 }], records: ['a', 'b', 'c', 'd', 'e'].map((v) => ({ values: [v] })) });
    const headerLength = bytes.readUInt16LE(8);
    writeFileSync(path('cut.dbf'), bytes.subarray(0, headerLength + 3 * 11 + 4));
    const connector = createDbfConnector({ path: path('cut.dbf') }, null);
    const rows: Row[] = [];
    const reading = (async () => {
      for await (const batch of connector.read('cut', { batchSize: 2 })) rows.push(...batch);
    })();
    await expect(reading).rejects.toMatchObject({ code: 'SOURCE_CORRUPT', message: expect.stringContaining('record 4 of 5'), where: { file: path('cut.dbf'), row: 4 } });
    expect(rows).toEqual([{ NAME: 'a' }, { NAME: 'b' }, { NAME: 'c' }]);
    const check = await connector.check();
    expect(check.ok).toBe(false);
    expect(check.message).toContain('cut short');
  });

  it('gives clear errors for a missing file, a damaged header, dBase 7, an unknown encoding and unknown names', async () => {
    await expect(createDbfConnector({ path: path('none.dbf') }, null).discover()).rejects.toMatchObject({ code: 'SOURCE_NOT_FOUND' });
    writeFileSync(path('junk.dbf'), Buffer.from('this is not a table at all, just words '.repeat(5)));
    await expect(createDbfConnector({ path: path('junk.dbf') }, null).discover()).rejects.toMatchObject({ code: 'SOURCE_CORRUPT', where: { file: path('junk.dbf') } });
    const seven = buildDbf({ version: 0x03, fields: [{ name: 'A', type: 'C', size: 1 }], records: [] });
    seven[0] = 0x04;
    writeFileSync(path('seven.dbf'), seven);
    await expect(createDbfConnector({ path: path('seven.dbf') }, null).discover()).rejects.toMatchObject({ code: 'SOURCE_UNSUPPORTED', message: expect.stringContaining('dBase 7') });
    const ok = await pupils('ok.dbf', 'cp866', 0x26);
    await expect(createDbfConnector({ path: ok, encoding: 'klingon' }, null).discover()).rejects.toMatchObject({ code: 'SOURCE_ENCODING' });
    const connector = createDbfConnector({ path: ok }, null);
    await expect(readAll(connector, 'other')).rejects.toMatchObject({ code: 'STREAM_NOT_FOUND' });
    await expect(readAll(connector, 'ok', { batchSize: 10, columns: ['NOPE'] })).rejects.toMatchObject({ code: 'COLUMN_NOT_FOUND', where: { column: 'NOPE' } });
    expect(() => createDbfConnector({}, null)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(isDbfFile('C:/old/PUPILS.DBF')).toBe(true);
  });

  it('says which memo file is missing, or reads around it when asked; and catches memo pointers past its end', async () => {
    writeFileSync(path('notes.dbf'), buildDbf({ version: 0x83, fields: [{ name: 'ID', type: 'N', size: 2 }, { name: 'NOTE', type: 'M', size: 10 }], records: [{ values: [num('1', 2), num('1', 10)] }, { values: [num('2', 2), num('9', 10)] }] }));
    const strict = createDbfConnector({ path: path('notes.dbf') }, null);
    expect((await strict.check()).ok).toBe(false);
    await expect(readAll(strict, 'notes')).rejects.toMatchObject({ code: 'SOURCE_NOT_FOUND', message: expect.stringContaining('notes.dbt'), where: { column: 'NOTE', row: 1 } });
    expect(await readAll(createDbfConnector({ path: path('notes.dbf'), ignoreMissingMemo: true }, null), 'notes')).toEqual([
      { ID: 1, NOTE: null },
      { ID: 2, NOTE: null },
    ]);
    writeFileSync(path('notes.dbt'), buildDbt3([{ block: 1, data: Buffer.from('first') }]));
    const rows: Row[] = [];
    const reading = (async () => {
      for await (const batch of createDbfConnector({ path: path('notes.dbf') }, null).read('notes', { batchSize: 1 })) rows.push(...batch);
    })();
    await expect(reading).rejects.toMatchObject({ code: 'SOURCE_CORRUPT', where: { row: 2, column: 'NOTE' } });
    expect(rows).toEqual([{ ID: 1, NOTE: 'first' }]);
  });

  it('orders by any column with bounded memory, reads after a cursor, and keeps duplicate and long fields apart', async () => {
    const names = ['delta', 'alpha', 'echo', 'charlie', 'bravo', 'alpha'];
    writeFileSync(
      path('people.dbf'),
      buildDbf({
        version: 0x03,
        fields: [
          { name: 'NAME', type: 'C', size: 8 },
          { name: 'NAME', type: 'N', size: 2 },
          { name: 'REMARK', type: 'C', size: 300, decimals: 1 },
        ],
        records: names.map((n, i) => ({ values: [n, num(String(i + 1), 2), `${n} `.repeat(40)] })),
      }),
    );
    const connector = createDbfConnector({ path: path('people.dbf'), sortWindowRows: 2 }, null);
    const [stream] = await connector.discover();
    expect(stream.columns.map((c) => [c.name, c.nativeType])).toEqual([
      ['NAME', 'C(8)'],
      ['NAME_2', 'N(2,0)'],
      ['REMARK', 'C(300)'],
    ]);
    const ordered = await readAll(connector, 'people', { batchSize: 4, columns: ['NAME', 'NAME_2'], orderBy: ['NAME', 'NAME_2'] });
    expect(ordered.map((r) => `${r.NAME}${r.NAME_2}`)).toEqual(['alpha2', 'alpha6', 'bravo5', 'charlie4', 'delta1', 'echo3']);
    const after = await readAll(connector, 'people', { batchSize: 10, columns: ['NAME_2'], cursor: { column: 'NAME', after: 'charlie' } });
    expect(after).toEqual([{ NAME_2: 1 }, { NAME_2: 3 }]);
    expect(((await readAll(connector, 'people'))[0].REMARK as string).length).toBe(6 * 40 - 1);
  });

  it('streams a large table a batch at a time, closes the file on break, and stops on cancel', async () => {
    const count = 20_000;
    writeFileSync(path('big.dbf'), buildDbf({ version: 0x03, fields: [{ name: 'N', type: 'N', size: 6 }], records: Array.from({ length: count }, (_, i) => ({ values: [num(String(i), 6)] })) }));
    const connector = createDbfConnector({ path: path('big.dbf') }, null);
    await connector.discover();
    const fds = () => (existsSync('/proc/self/fd') ? readdirSync('/proc/self/fd').length : 0);
    const before = fds();
    let first: Row[] = [];
    for await (const batch of connector.read('big', { batchSize: 250 })) {
      first = batch;
      break;
    }
    expect(first).toHaveLength(250);
    expect(first[249]).toEqual({ N: 249 });
    expect(fds()).toBe(before);

    const controller = new AbortController();
    let seen = 0;
    const reading = (async () => {
      for await (const batch of connector.read('big', { batchSize: 1000, signal: controller.signal })) {
        seen += batch.length;
        if (seen === 3000) controller.abort();
      }
    })();
    await expect(reading).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(seen).toBe(3000);
    expect(fds()).toBe(before);
    expect(await connector.count('big')).toBe(count);
  });

  it('notices a table that changed since it was opened', async () => {
    const file = path('live.dbf');
    const two = buildDbf({ version: 0x03, fields: [{ name: 'A', type: 'C', size: 1 }], records: [{ values: ['x'] }, { values: ['y'] }] });
    writeFileSync(file, two);
    const connector = createDbfConnector({ path: file }, null);
    await connector.discover();
    writeFileSync(file, buildDbf({ version: 0x03, fields: [{ name: 'A', type: 'C', size: 1 }], records: [{ values: ['x'] }, { values: ['y'] }, { values: ['z'] }] }));
    await expect(readAll(connector, 'live')).rejects.toMatchObject({ code: 'SOURCE_CHANGED', where: { file } });
    await connector.close();
    expect(await readAll(connector, 'live')).toEqual([{ A: 'x' }, { A: 'y' }, { A: 'z' }]);
  });
});

import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { createCsvConnector } from '../../../../src/main/engine/connectors/files';
import { tempDir } from '../../../support/temp-dir';
import { put, readAll, studioError } from './support/file-helpers';

const temp = tempDir('apstudio-csv-');
afterAll(() => temp.cleanup());

const TEXT = 'id;name;city;price\n001;Renée Müller;Zürich;5€\n002;José Ñúñez;Málaga;12,50€\n';
const ROWS = [
  { id: '001', name: 'Renée Müller', city: 'Zürich', price: '5€' },
  { id: '002', name: 'José Ñúñez', city: 'Málaga', price: '12,50€' },
];

describe('CSV encodings', () => {
  const cases: [string, Buffer, string][] = [
    ['UTF-8 without BOM', Buffer.from(TEXT, 'utf8'), 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]), 'utf-8'],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(TEXT, 'utf-16le')]), 'utf-16le'],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(TEXT, 'utf-16be')]), 'utf-16be'],
    ['UTF-16LE without BOM', iconv.encode(TEXT, 'utf-16le'), 'utf-16le'],
    ['Windows-1252', iconv.encode(TEXT, 'windows-1252'), 'windows-1252'],
  ];
  for (const [label, bytes, encoding] of cases) {
    it(`detects ${label} and reads the text exactly`, async () => {
      const c = createCsvConnector({ path: put(temp.path, `${label.replace(/\W/g, '_')}.csv`, bytes) }, null);
      const [stream] = await c.discover();
      expect(stream.encoding).toBe(encoding);
      expect(stream.delimiter).toBe(';');
      expect(stream.columns.map((col) => col.name)).toEqual(['id', 'name', 'city', 'price']);
      expect(await readAll(c, stream.name)).toEqual(ROWS);
    });
  }

  it('detects GBK Chinese text (as GB18030, its superset)', async () => {
    const text = '学号,姓名,城市\n001,张伟,北京\n002,王芳,上海\n003,李娜,广州\n';
    const c = createCsvConnector({ path: put(temp.path, 'gbk.csv', iconv.encode(text, 'gbk')) }, null);
    const [stream] = await c.discover();
    expect(stream.encoding).toBe('gb18030');
    expect(await readAll(c, 'gbk')).toEqual([
      { 学号: '001', 姓名: '张伟', 城市: '北京' },
      { 学号: '002', 姓名: '王芳', 城市: '上海' },
      { 学号: '003', 姓名: '李娜', 城市: '广州' },
    ]);
  });

  it('reads with the encoding and delimiter set in the config instead of the detected ones', async () => {
    const path = put(temp.path, 'latin2.csv', iconv.encode('id|jméno|město\n1|Łukasz Żółć|Kraków\n', 'iso-8859-2'));
    const c = createCsvConnector({ path, encoding: 'iso-8859-2', delimiter: 'pipe' }, null);
    const [stream] = await c.discover();
    expect(stream).toMatchObject({ encoding: 'iso-8859-2', delimiter: '|' });
    expect(await readAll(c, 'latin2')).toEqual([{ id: '1', jméno: 'Łukasz Żółć', město: 'Kraków' }]);
    const bad = createCsvConnector({ path, encoding: 'klingon-8' }, null);
    expect((await studioError(bad.discover())).code).toBe('BAD_REQUEST');
  });

  it('switches from assumed UTF-8 to a code page when accented bytes first appear after an ASCII start', async () => {
    const ascii = Array.from({ length: 4000 }, (_, i) => `${i},plain name ${i}`).join('\n');
    const path = put(temp.path, 'late-accents.csv', Buffer.concat([Buffer.from(`id,name\n${ascii}\n`), iconv.encode('4000,Renée Müller\n', 'windows-1252')]));
    const c = createCsvConnector({ path }, null);
    const rows = await readAll(c, 'late-accents', 500);
    expect(rows).toHaveLength(4001);
    expect(rows[4000]).toEqual({ id: '4000', name: 'Renée Müller' });
  });

  it('stops with SOURCE_ENCODING, the line and the exact byte offset when UTF-8 breaks mid-file', async () => {
    const head = `id,name\n1,Renée\n${Array.from({ length: 5000 }, (_, i) => `${i + 2},name ${i}`).join('\n')}\n`;
    const bad = Buffer.from('5002,broken ');
    const bytes = Buffer.concat([Buffer.from(head), bad, Buffer.from([0xe9, 0x0a]), Buffer.from('5003,after\n')]);
    const c = createCsvConnector({ path: put(temp.path, 'broken-utf8.csv', bytes) }, null);
    const err = await studioError(readAll(c, 'broken-utf8', 1000));
    expect(err.code).toBe('SOURCE_ENCODING');
    expect(err.where?.line).toBe(5003);
    expect(err.details?.byteOffset).toBe(Buffer.byteLength(head) + bad.length);
    expect(err.message).toContain('line 5003');
  });

  it('refuses a binary file with SOURCE_ENCODING instead of reading garbage', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00]);
    const c = createCsvConnector({ path: put(temp.path, 'picture.csv', png) }, null);
    const err = await studioError(c.discover());
    expect(err.code).toBe('SOURCE_ENCODING');
    expect(err.message).toContain('does not look like a text file');
    const check = await c.check();
    expect(check.ok).toBe(false);
  });
});

describe('CSV dialects', () => {
  it('detects semicolon, pipe and tab delimiters', async () => {
    for (const [name, text, delimiter] of [
      ['semi', 'a;b;c\n1,5;2;3\n4,25;5;6\n', ';'],
      ['pipe', 'a|b|c\n1|2, and more|3\n', '|'],
      ['tabbed.tsv', 'a\tb\tc\n1\t2\t3\n', '\t'],
    ] as const) {
      const c = createCsvConnector({ path: put(temp.path, name.includes('.') ? name : `${name}.csv`, text) }, null);
      const [stream] = await c.discover();
      expect(stream.delimiter).toBe(delimiter);
      expect(stream.columns.map((col) => col.name)).toEqual(['a', 'b', 'c']);
      expect((await readAll(c, stream.name))[0].b).toBe(name === 'pipe' ? '2, and more' : name === 'semi' ? '2' : '2');
    }
  });

  it('reads CR-only, CRLF and LF line ends, and newlines inside quotes', async () => {
    const lines = ['id,note', '1,"first\rline"', '2,plain', '3,"has ""quotes"", and commas"'];
    for (const [name, nl] of [['cr', '\r'], ['crlf', '\r\n'], ['lf', '\n']] as const) {
      const c = createCsvConnector({ path: put(temp.path, `ends-${name}.csv`, lines.join(nl) + nl) }, null);
      expect(await readAll(c, `ends-${name}`)).toEqual([
        { id: '1', note: 'first\rline' },
        { id: '2', note: 'plain' },
        { id: '3', note: 'has "quotes", and commas' },
      ]);
    }
  });

  it('keeps quoted fields whole across the chunk boundaries of a large file', async () => {
    const expected = Array.from({ length: 3000 }, (_, i) => ({ id: String(i), text: `line one of ${i}\nline "two", with comma\r\nline three ${'x'.repeat(i % 50)}`, tail: `t${i}` }));
    const body = expected.map((r) => `${r.id},"${r.text.replace(/"/g, '""')}",${r.tail}`).join('\r\n');
    const c = createCsvConnector({ path: put(temp.path, 'multiline.csv', `id,text,tail\r\n${body}\r\n`) }, null);
    expect(await readAll(c, 'multiline', 333)).toEqual(expected);
    expect(await c.count('multiline')).toBe(3000);
  });
});

describe('CSV headers, values and types', () => {
  it('names duplicate and blank headers predictably', async () => {
    const c = createCsvConnector({ path: put(temp.path, 'dupes.csv', 'id,name,,name,name_2,\n1,a,b,c,d,e\n') }, null);
    const [stream] = await c.discover();
    expect(stream.columns.map((col) => col.name)).toEqual(['id', 'name', 'column_3', 'name_3', 'name_2', 'column_6']);
    expect(await readAll(c, 'dupes')).toEqual([{ id: '1', name: 'a', column_3: 'b', name_3: 'c', name_2: 'd', column_6: 'e' }]);
  });

  it('detects a missing header, and follows header=yes/no and headerRow', async () => {
    const numbers = put(temp.path, 'numbers.csv', '1,2023-01-05,10.5\n2,2023-02-06,11\n');
    const auto = createCsvConnector({ path: numbers }, null);
    const [stream] = await auto.discover();
    expect(stream.headerRow).toBeUndefined();
    expect(stream.columns.map((c) => c.name)).toEqual(['column_1', 'column_2', 'column_3']);
    expect(await readAll(auto, 'numbers')).toHaveLength(2);
    const forced = createCsvConnector({ path: numbers, header: 'yes' }, null);
    expect((await forced.discover())[0].columns.map((c) => c.name)).toEqual(['1', '2023-01-05', '10.5']);
    const none = createCsvConnector({ path: put(temp.path, 'names.csv', 'first,last\nAnn,Lee\n'), header: 'no' }, null);
    expect(await readAll(none, 'names')).toEqual([
      { column_1: 'first', column_2: 'last' },
      { column_1: 'Ann', column_2: 'Lee' },
    ]);
    const titled = createCsvConnector({ path: put(temp.path, 'titled.csv', 'Student export\n\nid,name\n1,Ann\n'), headerRow: 2 }, null);
    const [t] = await titled.discover();
    expect(t.headerRow).toBe(3);
    expect(await readAll(titled, 'titled')).toEqual([{ id: '1', name: 'Ann' }]);
    const preamble = Array.from({ length: 70 }, (_, i) => `note ${i}`).join('\n');
    const deep = createCsvConnector({ path: put(temp.path, 'deep.csv', `${preamble}\nid,name\n1,Ann\n`), headerRow: 71, delimiter: ',' }, null);
    expect(await readAll(deep, 'deep')).toEqual([{ id: '1', name: 'Ann' }]);
  });

  it('keeps values as the text read (leading zeros, odd dates) while discovery infers types', async () => {
    const c = createCsvConnector({ path: put(temp.path, 'typed.csv', 'zip,count,amount,born,seen,flag,note\n08123,5,10.50,2010-01-31,2023-05-01T18:25:43Z,true,x\n00042,17,3.25,2011-12-01,2023-05-02 08:00:00,false,\n') }, null);
    const [stream] = await c.discover();
    expect(Object.fromEntries(stream.columns.map((col) => [col.name, col.type]))).toEqual({ zip: 'string', count: 'integer', amount: 'decimal', born: 'date', seen: 'datetime', flag: 'boolean', note: 'string' });
    expect(stream.columns.every((col) => col.nativeType === 'text' && col.nullable)).toBe(true);
    expect(stream.primaryKey).toEqual([]);
    expect(await readAll(c, 'typed')).toEqual([
      { zip: '08123', count: '5', amount: '10.50', born: '2010-01-31', seen: '2023-05-01T18:25:43Z', flag: 'true', note: 'x' },
      { zip: '00042', count: '17', amount: '3.25', born: '2011-12-01', seen: '2023-05-02 08:00:00', flag: 'false', note: '' },
    ]);
  });

  it('reads an empty file as a stream with no rows', async () => {
    const c = createCsvConnector({ path: put(temp.path, 'empty.csv', '') }, null);
    const [stream] = await c.discover();
    expect(stream).toMatchObject({ name: 'empty', columns: [], rowEstimate: 0 });
    expect(await readAll(c, 'empty')).toEqual([]);
  });
});

describe('CSV ragged and broken rows', () => {
  it('pads short rows with null and reports their lines; refuses them with ragged=error', async () => {
    const path = put(temp.path, 'ragged.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8\n9\n');
    const c = createCsvConnector({ path }, null);
    const [stream] = await c.discover();
    expect(stream.issues?.map((i) => i.where.line)).toEqual([3, 5]);
    expect(await readAll(c, 'ragged')).toEqual([
      { a: '1', b: '2', c: '3' },
      { a: '4', b: '5', c: null },
      { a: '6', b: '7', c: '8' },
      { a: '9', b: null, c: null },
    ]);
    expect(c.issues('ragged')).toMatchObject({ total: 2, items: [{ where: { file: path, line: 3 } }, { where: { line: 5 } }] });
    const strict = createCsvConnector({ path, ragged: 'error' }, null);
    const err = await studioError(readAll(strict, 'ragged'));
    expect(err).toMatchObject({ code: 'SOURCE_CORRUPT', where: { file: path, line: 3, table: 'ragged' } });
  });

  it('drops empty extra fields but stops at extra fields with data (which would be lost), with the line', async () => {
    const trailing = createCsvConnector({ path: put(temp.path, 'trailing.csv', 'a,b\n1,2,\n3,4,,\n') }, null);
    expect(await readAll(trailing, 'trailing')).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '4' },
    ]);
    expect(trailing.issues('trailing').total).toBe(2);
    const path = put(temp.path, 'extra.csv', 'a,b\n1,2\n"multi\nline",4\n5,6,7\n');
    const extra = createCsvConnector({ path }, null);
    const [stream] = await extra.discover();
    expect(stream.issues?.[0]).toMatchObject({ where: { line: 5 } });
    const err = await studioError(readAll(extra, 'extra'));
    expect(err).toMatchObject({ code: 'SOURCE_CORRUPT', where: { line: 5 } });
  });

  it('reports a quote that is never closed with the line it opens on', async () => {
    const c = createCsvConnector({ path: put(temp.path, 'open-quote.csv', 'a,b\n1,2\n3,"never closed\n4,5\n') }, null);
    const err = await studioError(readAll(c, 'open-quote'));
    expect(err).toMatchObject({ code: 'SOURCE_CORRUPT', where: { line: 3 } });
    const long = createCsvConnector({ path: put(temp.path, 'open-quote-long.csv', `a,b\n1,"${'y'.repeat(300_000)}\n`), maxRecordChars: 100_000 }, null);
    expect((await studioError(readAll(long, 'open-quote-long'))).code).toBe('SOURCE_CORRUPT');
  });
});

describe('CSV reads', () => {
  const path = () => put(temp.path, 'people.csv', 'id,name,updated\n1,Ann,2024-01-01\n2,Bob,2024-03-01\n10,Cy,2024-02-01\n11,Di,\n');

  it('applies columns and a cursor (numbers as numbers, dates as text)', async () => {
    const c = createCsvConnector({ path: path() }, null);
    const pick = async (options: object) => {
      const rows = [];
      for await (const b of c.read('people', { batchSize: 10, ...options })) rows.push(...b);
      return rows;
    };
    expect(await pick({ columns: ['name'] })).toEqual([{ name: 'Ann' }, { name: 'Bob' }, { name: 'Cy' }, { name: 'Di' }]);
    expect(await pick({ cursor: { column: 'id', after: '2' } })).toEqual([
      { id: '10', name: 'Cy', updated: '2024-02-01' },
      { id: '11', name: 'Di', updated: '' },
    ]);
    expect(await pick({ cursor: { column: 'updated', after: '2024-01-15' }, columns: ['id'] })).toEqual([{ id: '2' }, { id: '10' }]);
    expect((await studioError(pick({ columns: ['nope'] }))).code).toBe('BAD_REQUEST');
    expect((await studioError(pick({ orderBy: ['id'] }))).code).toBe('SOURCE_UNSUPPORTED');
    expect((await studioError(c.count('other'))).code).toBe('STREAM_NOT_FOUND');
    expect(await c.sample('people', 2)).toEqual([
      { id: '1', name: 'Ann', updated: '2024-01-01' },
      { id: '2', name: 'Bob', updated: '2024-03-01' },
    ]);
  });

  it('checks a file without throwing, and says what is wrong with a missing one', async () => {
    const ok = await createCsvConnector({ path: path() }, null).check();
    expect(ok).toMatchObject({ ok: true, serverInfo: 'Delimited text (CSV), utf-8, delimiter ","' });
    const missing = createCsvConnector({ path: `${temp.path}/nope.csv` }, null);
    const result = await missing.check();
    expect(result.ok).toBe(false);
    expect(result.message).toContain('nope.csv');
    expect((await studioError(missing.discover())).code).toBe('SOURCE_NOT_FOUND');
    expect(() => createCsvConnector({}, null)).toThrow(/no path/);
  });
});

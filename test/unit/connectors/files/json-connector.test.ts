import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { createJsonConnector } from '../../../../src/main/engine/connectors/files';
import { numberFromText, parseJsonExact } from '../../../../src/main/engine/connectors/files/json/json-values';
import { tempDir } from '../../../support/temp-dir';
import { put, readAll, studioError } from './support/file-helpers';

const temp = tempDir('apstudio-json-');
afterAll(() => temp.cleanup());

describe('JSON documents', () => {
  it('reads a top-level array, flattening nested objects and keeping lists and exact numbers', async () => {
    const text = `[
  {"id": 1, "name": "Ann", "address": {"city": "Leeds", "zip": "007"}, "tags": ["a", "b"], "big": 12345678901234567890, "fee": 0.12345678901234567891, "paid": 10.50, "active": true, "note": null},
  {"id": 2, "name": "Bob", "extra": {}}
]`;
    const c = createJsonConnector({ path: put(temp.path, 'pupils.json', text) }, null);
    const [stream] = await c.discover();
    expect(stream).toMatchObject({ name: 'pupils', recordPath: '$', rowEstimate: 2, encoding: 'utf-8' });
    expect(Object.fromEntries(stream.columns.map((col) => [col.name, col.type]))).toEqual({
      id: 'integer',
      name: 'string',
      'address.city': 'string',
      'address.zip': 'string',
      tags: 'json',
      big: 'string',
      fee: 'decimal',
      paid: 'number',
      active: 'boolean',
      note: 'string',
      extra: 'json',
    });
    expect(await readAll(c, 'pupils')).toEqual([
      { id: 1, name: 'Ann', 'address.city': 'Leeds', 'address.zip': '007', tags: ['a', 'b'], big: '12345678901234567890', fee: '0.12345678901234567891', paid: 10.5, active: true, note: null },
      { id: 2, name: 'Bob', extra: {} },
    ]);
  });

  it('finds the records under an object, or at the configured recordPath', async () => {
    const text = JSON.stringify({ meta: { count: 3, list: [1, 2] }, data: { students: [{ id: 1 }, { id: 2 }, { id: 3 }] }, staff: [{ id: 'T1' }] });
    const path = put(temp.path, 'export.json', text);
    const auto = createJsonConnector({ path }, null);
    expect((await auto.discover())[0].recordPath).toBe('$.data.students');
    expect(await readAll(auto, 'export')).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    for (const recordPath of ['$.staff', 'staff', '/staff']) {
      const chosen = createJsonConnector({ path, recordPath }, null);
      expect(await readAll(chosen, 'export')).toEqual([{ id: 'T1' }]);
    }
    const wrong = createJsonConnector({ path, recordPath: '$.teachers' }, null);
    expect(await studioError(wrong.discover())).toMatchObject({ code: 'STREAM_NOT_FOUND', message: expect.stringContaining('$.teachers') });
  });

  it('reads a single object as one record and a large array in bounded chunks', async () => {
    const one = createJsonConnector({ path: put(temp.path, 'settings.json', '{"school": "Hill", "term": {"start": "2024-09-01"}}') }, null);
    expect(await readAll(one, 'settings')).toEqual([{ school: 'Hill', 'term.start': '2024-09-01' }]);
    const many = Array.from({ length: 20_000 }, (_, i) => ({ id: i, name: `p${i}`, nested: { n: i } }));
    const big = createJsonConnector({ path: put(temp.path, 'many.json', JSON.stringify(many)) }, null);
    const [stream] = await big.discover();
    expect(stream.rowEstimate).toBeGreaterThan(15_000);
    expect(stream.rowEstimate).toBeLessThan(25_000);
    const rows = await readAll(big, 'many', 1000);
    expect(rows).toHaveLength(20_000);
    expect(rows[19_999]).toEqual({ id: 19_999, name: 'p19999', 'nested.n': 19_999 });
    expect(await big.count('many')).toBe(20_000);
  });

  it('reads UTF-16 JSON', async () => {
    const c = createJsonConnector({ path: put(temp.path, 'wide.json', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('[{"name": "Zoë"}]', 'utf-16le')])) }, null);
    expect((await c.discover())[0].encoding).toBe('utf-16le');
    expect(await readAll(c, 'wide')).toEqual([{ name: 'Zoë' }]);
  });

  it('reports malformed JSON with line and column, and a cut-off file too', async () => {
    const path = put(temp.path, 'bad.json', '[{"a": 1},\n {"a": 2,, "b": 3}]');
    const err = await studioError(readAll(createJsonConnector({ path }, null), 'bad'));
    expect(err).toMatchObject({ code: 'SOURCE_CORRUPT', where: { file: path, line: 2, column: 10 } });
    const cut = put(temp.path, 'cut.json', '[{"a": 1}, {"a": 2');
    expect(await studioError(readAll(createJsonConnector({ path: cut }, null), 'cut'))).toMatchObject({ code: 'SOURCE_CORRUPT', where: { file: cut } });
  });
});

describe('NDJSON', () => {
  it('reads one record a line (by extension or by content), skipping blank lines', async () => {
    const text = '{"id": 1, "who": {"name": "Ann"}}\r\n\n{"id": 2, "n": 98765432109876543210}\n{"id": 3}';
    for (const name of ['events.ndjson', 'events2.jsonl', 'events3.json']) {
      const c = createJsonConnector({ path: put(temp.path, name, text) }, null);
      const [stream] = await c.discover();
      expect(stream.recordPath).toBeUndefined();
      expect(await readAll(c, stream.name)).toEqual([{ id: 1, 'who.name': 'Ann' }, { id: 2, n: '98765432109876543210' }, { id: 3 }]);
    }
  });

  it('stops at a malformed line with its number and column', async () => {
    const path = put(temp.path, 'broken.ndjson', '{"id": 1}\n{"id": 2}\n\n{"id": 3, "name": "unterminated}\n{"id": 5}\n');
    const err = await studioError(readAll(createJsonConnector({ path }, null), 'broken'));
    expect(err).toMatchObject({ code: 'SOURCE_CORRUPT', where: { file: path, line: 4, column: 19 } });
    expect(err.message).toContain('Line 4');
    const forced = createJsonConnector({ path: put(temp.path, 'forced.txt', '{"a":1}\n{"a":2}\n'), jsonFormat: 'ndjson' }, null);
    expect(await readAll(forced, 'forced')).toEqual([{ a: 1 }, { a: 2 }]);
  });
});

describe('exact JSON numbers', () => {
  it('keeps numbers a double would change as text', () => {
    expect(numberFromText('42')).toBe(42);
    expect(numberFromText('9007199254740993')).toBe('9007199254740993');
    expect(numberFromText('-0.5')).toBe(-0.5);
    expect(numberFromText('10.50')).toBe(10.5);
    expect(numberFromText('1234567890.123456789')).toBe('1234567890.123456789');
    expect(numberFromText('1e3')).toBe(1000);
    expect(parseJsonExact('{"a": [1, 18446744073709551615, "x\\u00e9"], "b": {"c": false}}')).toEqual({ a: [1, '18446744073709551615', 'xé'], b: { c: false } });
    expect(() => parseJsonExact('{"a": 1111111111111111111,}')).toThrow(/field name/);
  });
});

import { describe, expect, it } from 'vitest';
import { parsePgArray } from '../../../src/main/engine/connectors/postgres/postgres-array';
import { PG_TYPE_PARSERS, quotePgIdent } from '../../../src/main/engine/connectors/postgres/postgres-types';

// The pure value rules of the PostgreSQL connector; the integration test proves them against a server.
describe('PostgreSQL value rules', () => {
  it('parses array literals, nested, quoted, with NULLs and bounds', () => {
    const text = (v: string) => v;
    expect(parsePgArray('{}', text)).toEqual([]);
    expect(parsePgArray('{a,"b c","q\\"x",NULL,"NULL"}', text)).toEqual(['a', 'b c', 'q"x', null, 'NULL']);
    expect(parsePgArray('{{1,2},{3,4}}', Number)).toEqual([[1, 2], [3, 4]]);
    expect(parsePgArray('[0:1]={7,8}', Number)).toEqual([7, 8]);
  });

  it('keeps exactness: int8 beyond 2^53 as digits, numeric as text, dates without a zone', () => {
    const parse = (oid: number, v: string) => PG_TYPE_PARSERS.getTypeParser(oid, 'text')(v);
    expect(parse(20, '9007199254740993')).toBe('9007199254740993');
    expect(parse(20, '-42')).toBe(-42);
    expect(parse(1700, '0.1000000000000000000001')).toBe('0.1000000000000000000001');
    expect(parse(1082, '1899-12-30')).toBe('1899-12-30');
    expect(parse(1114, '2024-02-29 13:45:00.123456')).toBe('2024-02-29T13:45:00.123456');
    expect(parse(1184, '2024-02-29 13:45:00+00')).toBe('2024-02-29T13:45:00+00:00');
    expect(parse(1184, '1890-01-01 00:00:00+00:53:28')).toBe('1890-01-01T00:00:00+00:53:28');
    expect(parse(1016, '{1,9007199254740993}')).toEqual([1, '9007199254740993']);
    expect(parse(1182, '{2024-02-29,NULL}')).toEqual(['2024-02-29', null]);
    expect(parse(17, '\\x00ff')).toEqual(Buffer.from([0, 255]));
  });

  it('quotes identifiers by doubling double quotes', () => {
    expect(quotePgIdent('we"ird; name')).toBe('"we""ird; name"');
  });
});

import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../../src/shared/errors';
import { createMssqlConnector } from '../../../src/main/engine/connectors/mssql';
import type { SourceConnector } from '../../../src/main/engine/connectors/connector';
import { nextCursorPosition } from '../../../src/main/engine/connectors/sql/keyset';
import { sampleDatabase } from '../../support/tds/sample-tables';
import { startTdsServer, type TdsServer } from '../../support/tds/tds-server';

// The SQL Server connector against the TDS 7.4 test server, through the real mssql/tedious
// driver: login, catalog, typed values, parameterised incremental reads, hostile names, errors.
const USER = 'sis_reader';
const PASSWORD = "pa;ss'word]";

let server: TdsServer;
const open: SourceConnector[] = [];

function connector(overrides: Record<string, string | number | boolean> = {}, password: string | null = PASSWORD): SourceConnector {
  const c = createMssqlConnector({ host: '127.0.0.1', port: server.port, database: 'Legacy', user: USER, encrypt: 'false', ...overrides }, password);
  open.push(c);
  return c;
}

async function readAll(c: SourceConnector, stream: string, options: Parameters<SourceConnector['read']>[1] = { batchSize: 100 }) {
  const rows: Record<string, unknown>[] = [];
  for await (const batch of c.read(stream, options)) rows.push(...batch);
  return rows;
}

async function failure(p: Promise<unknown>): Promise<StudioError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StudioError);
  return err as StudioError;
}

const lastRequest = () => server.stats.requests[server.stats.requests.length - 1];

beforeAll(async () => {
  server = await startTdsServer({ databases: [sampleDatabase()], logins: [{ user: USER, password: PASSWORD }] });
});

afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await server.close();
});

describe('connecting', () => {
  it('logs in and reports the server and an unencrypted link when encrypt=false', async () => {
    const before = server.stats.logins;
    const result = await connector().check();
    expect(result.ok).toBe(true);
    expect(result.encrypted).toBe(false);
    expect(result.serverInfo).toContain('SQL Server 2019');
    expect(result.message).toContain('database Legacy');
    expect(result.message).toContain('NOT encrypted (encrypt=false)');
    expect(server.stats.logins).toBeGreaterThan(before);
  });

  it('encrypts by default, and says so when the server offers no encryption', async () => {
    const result = await connector({ encrypt: '' }).check();
    expect(result.ok).toBe(true);
    expect(result.encrypted).toBe(false);
    expect(result.message).toContain('the server does not offer encryption');
  });

  it('refuses a wrong password with the login error (18456) as SOURCE_AUTH_FAILED', async () => {
    const refused = server.stats.refusedLogins;
    const c = connector({}, 'wrong');
    const check = await c.check();
    expect(check.ok).toBe(false);
    expect(check.message).toContain(`refused the login "${USER}"`);
    const err = await failure(c.discover());
    expect(err.code).toBe('SOURCE_AUTH_FAILED');
    expect(err.hint).toMatch(/user name and password/);
    expect(server.stats.refusedLogins).toBeGreaterThan(refused);
  });

  it('reports an unknown database (4060) as SOURCE_NOT_FOUND', async () => {
    const err = await failure(connector({ database: 'NoSuchDb' }).discover());
    expect(err.code).toBe('SOURCE_NOT_FOUND');
    expect(err.message).toContain('no database "NoSuchDb"');
  });

  it('sends Windows (NTLM) logins as integrated security; a refusal is SOURCE_AUTH_FAILED', async () => {
    const err = await failure(connector({ authentication: 'ntlm', domain: 'SCHOOL' }).discover());
    expect(err.code).toBe('SOURCE_AUTH_FAILED');
    expect(err.message).toContain('Windows login SCHOOL\\sis_reader');
  });

  it('reports a port where nothing listens as CONNECTION_FAILED', async () => {
    const port = await freePort();
    const err = await failure(createMssqlConnector({ host: '127.0.0.1', port, database: 'Legacy', user: USER, encrypt: false }, PASSWORD).discover());
    expect(err.code).toBe('CONNECTION_FAILED');
    expect(err.message).toContain(`127.0.0.1:${port}`);
  });

  it('gives up on a server that never answers the login after connectTimeout (SOURCE_TIMEOUT)', async () => {
    server.injectFault({ kind: 'silent-prelogin' });
    const started = Date.now();
    const err = await failure(connector({ connectTimeout: 400 }).discover());
    expect(err.code).toBe('SOURCE_TIMEOUT');
    expect(err.message).toContain('while connecting');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('rejects settings it cannot use as BAD_REQUEST', () => {
    expect(() => createMssqlConnector({ host: 'h', user: 'u' }, null)).toThrow(/names no database/);
    expect(() => createMssqlConnector({ host: 'h', user: 'u', database: 'd', encrypt: 'maybe' }, null)).toThrow(/yes\/no value for encrypt/);
    expect(() => createMssqlConnector({ host: 'h', user: 'u', database: 'd', authentication: 'ntlm' }, null)).toThrow(/Windows domain/);
  });
});

describe('discovery', () => {
  it('lists tables as schema.table with normalized column types, keys and row estimates', async () => {
    const streams = await connector().discover();
    expect(streams.map((s) => s.name)).toEqual(['dbo.LegacyCodes', 'dbo.TypeSampler', 'dbo.WideExport', 'odd schema.we]ird; DROP TABLE Students--', 'sis.ChangeLog']);
    const sampler = streams.find((s) => s.name === 'dbo.TypeSampler')!;
    const types = Object.fromEntries(sampler.columns.map((c) => [c.name, `${c.type} ${c.nativeType}`]));
    expect(types).toMatchObject({
      c_tinyint: 'integer tinyint',
      c_bigint: 'integer bigint',
      c_bit: 'boolean bit',
      c_decimal: 'decimal decimal(9,2)',
      c_decimal38: 'decimal decimal(38,10)',
      c_money: 'decimal money',
      c_smallmoney: 'decimal smallmoney',
      c_float: 'number float',
      c_real: 'number real',
      c_datetime: 'datetime datetime',
      c_smalldatetime: 'datetime smalldatetime',
      c_datetime2: 'datetime datetime2(7)',
      c_date: 'date date',
      c_time: 'time time(7)',
      c_dto: 'datetime datetimeoffset(7)',
      c_char: 'string char(6)',
      c_varchar: 'string varchar(50)',
      c_nchar: 'string nchar(4)',
      c_nvarchar: 'string nvarchar(100)',
      c_nvarcharmax: 'string nvarchar(max)',
      c_text: 'string text',
      c_ntext: 'string ntext',
      c_xml: 'string xml',
      c_guid: 'string uniqueidentifier',
      c_binary: 'binary binary(4)',
      c_varbinary: 'binary varbinary(16)',
      c_image: 'binary image',
      c_rowversion: 'binary timestamp',
    });
    const decimal = sampler.columns.find((c) => c.name === 'c_decimal')!;
    expect(decimal).toMatchObject({ precision: 9, scale: 2, nullable: true });
    expect(sampler.columns.find((c) => c.name === 'c_nvarchar')!.length).toBe(100);
    expect(sampler.primaryKey).toEqual(['ID']);
    expect(sampler.rowEstimate).toBe(3);
    const changes = streams.find((s) => s.name === 'sis.ChangeLog') as (typeof streams)[number] & { indexes: { name: string; unique: boolean }[] };
    expect(changes.indexes.map((i) => [i.name, i.unique])).toEqual([
      ['PK_ChangeLog', true],
      ['IX_ChangeLog_UpdatedAt', false],
    ]);
  });

  it('counts rows and previews the first rows in key order with TOP and a typed parameter', async () => {
    const c = connector();
    expect(await c.count('sis.ChangeLog')).toBe(7);
    const rows = await c.sample('sis.ChangeLog', 2);
    expect(rows.map((r) => r.ChangeID)).toEqual([1, 2]);
    expect(lastRequest().sql).toMatch(/^\/\* apstudio:read \*\/ SELECT TOP \(@p0\) /);
    expect(lastRequest().params['@p0']).toEqual({ type: 'int', value: 2 });
  });

  it('says which stream or column does not exist', async () => {
    const c = connector();
    expect((await failure(readAll(c, 'dbo.Nope'))).code).toBe('STREAM_NOT_FOUND');
    expect((await failure(readAll(c, 'NoDot'))).code).toBe('STREAM_NOT_FOUND');
    expect((await failure(c.count('dbo.Nope'))).code).toBe('STREAM_NOT_FOUND');
    const err = await failure(readAll(c, 'sis.ChangeLog', { batchSize: 10, columns: ['Nope'] }));
    expect(err.code).toBe('COLUMN_NOT_FOUND');
    expect(err.where).toEqual({ table: 'sis.ChangeLog', column: 'Nope' });
  });
});

describe('values', () => {
  it('round-trips every legacy type, edge values and NULLs without losing a digit or drifting a date', async () => {
    const rows = await readAll(connector(), 'dbo.TypeSampler');
    expect(rows).toHaveLength(3);
    const [max, min, nulls] = rows;
    expect(max).toMatchObject({
      ID: 1,
      c_tinyint: 255,
      c_smallint: -32768,
      c_int: -2147483648,
      c_bigint: '9223372036854775807',
      c_bit: true,
      c_decimal: '-9999999.99',
      c_decimal15: '1234567890.12345',
      c_decimal38: '1234567890123456789012345678.0123456789',
      c_numeric: '-99999',
      c_money: '922337203685477.5807',
      c_smallmoney: '-214748.3648',
      c_float: 1.7976931348623157e308,
      c_real: 3.4028234663852886e38,
      c_datetime: '9999-12-31T23:59:59.997',
      c_smalldatetime: '2079-06-06T23:59:00',
      c_datetime2: '9999-12-31T23:59:59.9999999',
      c_datetime2_0: '2024-02-29T12:00:01',
      c_date: '0001-01-01',
      c_time: '23:59:59.9999999',
      c_dto: '2024-02-29T23:30:00.1234567+14:00',
      c_char: '007   ',
      c_varchar: "O'Brien; DROP TABLE x--",
      c_nchar: 'Zoë ',
      c_nvarchar: 'Ünïcødé ✓ 学校 🏫',
      c_nvarcharmax: 'Ä'.repeat(5000) + '€',
      c_text: 'Café au lait — Windows-1252 € text',
      c_ntext: 'ntext ünïcødé 学校',
      c_xml: '<student id="007"><name>Zoë</name></student>',
      c_guid: '6F9619FF-8B86-D011-B42D-00C04FC964FF',
    });
    expect(max.c_binary).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(max.c_varbinary).toEqual(Buffer.from('00ff10', 'hex'));
    expect(max.c_varbinarymax).toEqual(Buffer.alloc(20_000, 7));
    expect(max.c_image).toEqual(Buffer.from('GIF89a'));
    expect(max.c_rowversion).toEqual(Buffer.from('00000000000007d1', 'hex'));
    expect(min).toMatchObject({
      c_tinyint: 0,
      c_bigint: '-9223372036854775808',
      c_bit: false,
      c_decimal: '0.01',
      c_decimal15: '-0.00001',
      c_decimal38: '-0.0000000001',
      c_numeric: '0',
      c_money: '-922337203685477.5808',
      c_smallmoney: '214748.3647',
      c_datetime: '1753-01-01T00:00:00',
      c_smalldatetime: '1900-01-01T00:00:00',
      c_datetime2: '0001-01-01T00:00:00',
      c_date: '9999-12-31',
      c_time: '00:00:00',
      c_dto: '0001-01-01T00:00:00-14:00',
      c_char: '      ',
      c_varchar: '',
      c_guid: '00000000-0000-0000-0000-000000000000',
    });
    expect(min.c_varbinary).toEqual(Buffer.alloc(0));
    const { ID, c_rowversion, ...rest } = nulls;
    expect(ID).toBe(3);
    expect(Buffer.isBuffer(c_rowversion)).toBe(true);
    expect(Object.values(rest).every((v) => v === null)).toBe(true);
    // Wide decimals and money travel as text the server formats; narrow ones as numbers.
    const select = lastRequest().sql;
    expect(select).toContain('CONVERT(varchar(32), [c_money], 2) AS [c_money]');
    expect(select).toContain('CONVERT(varchar(41), [c_decimal38]) AS [c_decimal38]');
    expect(select).toContain('[c_decimal15],');
    expect(select).toContain('DATEPART(TZOFFSET, [c_dto]) AS [__apstudio_tzoffset_0]');
  });

  it('keeps 64-bit integers beyond 2^53 exact as strings and smaller ones as numbers', async () => {
    const rows = await readAll(connector(), 'sis.ChangeLog', { batchSize: 10, columns: ['ChangeID', 'Version'] });
    expect(rows.map((r) => r.Version)).toEqual([9007199254740990, 9007199254740991, '9007199254740992', '9007199254740993', '9007199254740994', '9007199254740995', '9007199254740996']);
    expect(Object.keys(rows[0])).toEqual(['ChangeID', 'Version']);
  });

  it('quotes hostile identifiers with brackets, so names with ] ; quotes spaces and unicode stay names', async () => {
    const c = connector();
    const stream = 'odd schema.we]ird; DROP TABLE Students--';
    const rows = await readAll(c, stream);
    expect(rows).toEqual([
      { 'key] id': 1, "quo'te": "it's", 'sp ace': 'a b', ünï: 'ç', ['__proto__']: 'p1' },
      { 'key] id': 2, "quo'te": 'x', 'sp ace': 'y', ünï: 'z', ['__proto__']: 'p2' },
    ]);
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
    expect(lastRequest().sql).toContain('FROM [odd schema].[we]]ird; DROP TABLE Students--] ORDER BY [key]] id]');
    expect(await c.count(stream)).toBe(2);
  });

  it('reads a table so wide that its statement goes as nvarchar(max)', async () => {
    const [row] = await readAll(connector(), 'dbo.WideExport');
    expect(Object.keys(row)).toHaveLength(201);
    expect(row.legacy_free_text_column_number_199).toBe('v199');
    expect(lastRequest().sql.length).toBeGreaterThan(4000);
  });

  it('orders a table without a primary key by its unique index', async () => {
    const rows = await readAll(connector(), 'dbo.LegacyCodes');
    expect(rows.map((r) => r.Code)).toEqual(['A', 'B', 'C']);
    expect(lastRequest().sql).toContain('ORDER BY [Code]');
  });
});

describe('incremental reads', () => {
  it('reads rows after a cursor value with a parameter of the column type, ordered by (cursor, key)', async () => {
    const c = connector();
    const rows = await readAll(c, 'sis.ChangeLog', { batchSize: 2, cursor: { column: 'UpdatedAt', after: '2024-01-01T08:00:00' } });
    expect(rows.map((r) => [r.ChangeID, r.UpdatedAt])).toEqual([
      [4, '2024-01-02T09:30:00.5'],
      [5, '2024-01-02T09:30:00.5'],
      [6, '2024-01-03T10:00:00.25'],
    ]);
    const req = lastRequest();
    expect(req.sql).toContain('WHERE [UpdatedAt] > @p0 ORDER BY [UpdatedAt], [ChangeID]');
    expect(req.params['@p0']).toEqual({ type: 'datetime2(3)', value: '2024-01-01T08:00:00.000' });
  });

  it('resumes in the middle of rows sharing one cursor value from a (value, key) position', async () => {
    const c = connector();
    const first = await readAll(c, 'sis.ChangeLog', { batchSize: 2, cursor: { column: 'UpdatedAt', after: null } });
    expect(first.map((r) => r.ChangeID)).toEqual([1, 2, 3, 4, 5, 6]);
    // Stopped after ChangeID 2: rows 1–3 share UpdatedAt; the position keeps row 3.
    const position = nextCursorPosition(first[1], 'UpdatedAt', ['ChangeID']);
    const rest = await readAll(c, 'sis.ChangeLog', { batchSize: 2, cursor: { column: 'UpdatedAt', after: position } });
    expect(rest.map((r) => r.ChangeID)).toEqual([3, 4, 5, 6]);
    const req = lastRequest();
    expect(req.sql).toContain('WHERE ([UpdatedAt] > @p0 OR ([UpdatedAt] = @p0 AND [ChangeID] > @p1))');
    expect(req.params['@p1']).toEqual({ type: 'int', value: 2 });
  });

  it('sends bigint and wide decimal cursors exactly (bigint parameter; text cast on the server)', async () => {
    const c = connector();
    const byVersion = await readAll(c, 'sis.ChangeLog', { batchSize: 10, cursor: { column: 'Version', after: '9007199254740993' } });
    expect(byVersion.map((r) => r.ChangeID)).toEqual([5, 6, 7]);
    expect(lastRequest().params['@p0']).toEqual({ type: 'bigint', value: 9007199254740993n });
    const byAmount = await readAll(c, 'sis.ChangeLog', { batchSize: 10, cursor: { column: 'Amount', after: '10.75' } });
    expect(byAmount.map((r) => r.Amount)).toEqual(['11.00', '11.25', '11.50']);
    expect(lastRequest().sql).toContain('WHERE [Amount] > CAST(@p0 AS decimal(20,2))');
    expect(lastRequest().params['@p0']).toEqual({ type: 'nvarchar(64)', value: '10.75' });
  });

  it('refuses a cursor value that does not fit the column', async () => {
    const err = await failure(readAll(connector(), 'sis.ChangeLog', { batchSize: 10, cursor: { column: 'UpdatedAt', after: 'yesterday' } }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.where).toEqual({ table: 'sis.ChangeLog', column: 'UpdatedAt' });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

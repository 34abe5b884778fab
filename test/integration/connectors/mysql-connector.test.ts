import { createServer, type Server, type Socket } from 'node:net';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../../src/shared/errors';
import type { Row } from '../../../src/main/engine/connectors/connector';
import { createMySqlConnector, MySqlConnector } from '../../../src/main/engine/connectors/mysql/mysql-connector';
import { nextCursorPosition } from '../../../src/main/engine/connectors/sql/keyset';
import { parseSourceLocation } from '../../../src/main/engine/connectors/source-location';
import { startMariaDb, type MariaDbServer } from '../../support/mariadb-server';

let server: MariaDbServer;
let admin: mysql.Connection;
const open: MySqlConnector[] = [];

/** A connector built the way the studio builds one: from a connection string. */
function connector(params = '', url = server.url): MySqlConnector {
  const parsed = parseSourceLocation(url + params);
  expect(parsed.kind).toBe('mysql');
  const c = createMySqlConnector(parsed.config, parsed.password) as MySqlConnector;
  open.push(c);
  return c;
}

async function readAll(c: MySqlConnector, stream: string, options: Parameters<MySqlConnector['read']>[1]): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const batch of c.read(stream, options)) rows.push(...batch);
  return rows;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(StudioError);
    return (err as StudioError).code;
  }
  throw new Error('expected a failure');
}

/** Connections of the test user other than the admin connection. */
async function studioConnections(): Promise<number> {
  const [rows] = await admin.query('SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER = ? AND ID <> CONNECTION_ID()', [server.user]);
  return Number((rows as { n: number }[])[0].n);
}

async function until(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  server = await startMariaDb({ database: 'school' });
  admin = await mysql.createConnection({ host: server.host, port: server.port, user: server.user, password: server.password, database: server.database, multipleStatements: true, timezone: 'Z' });
  await admin.query(`
    SET SESSION time_zone = '+00:00', SESSION max_recursive_iterations = 1000000;
    CREATE TABLE awkward (
      id INT PRIMARY KEY,
      code VARCHAR(10),
      amount DECIMAL(38,9),
      big BIGINT,
      small_big BIGINT,
      ubig BIGINT UNSIGNED,
      born DATE,
      seen DATETIME(6),
      stamp TIMESTAMP(3) NULL,
      photo VARBINARY(16),
      note TEXT,
      active TINYINT(1),
      flag BIT(1),
      level TINYINT,
      doc JSON,
      kind ENUM('a','b'),
      t TIME,
      y YEAR,
      \`back\`\`tick\` VARCHAR(20)
    ) ENGINE=InnoDB;
    INSERT INTO awkward VALUES
      (1, '007', '12345678901234567890.123456789', 9007199254740993, 42, 18446744073709551615, '1899-12-30', '2024-02-29 13:45:00.123456',
       '2024-02-29 13:45:00.123', X'00FF10', 'مرحبا بالعالم — שלום 👩‍👩‍👧', 1, b'1', 7, '{"a": [1, "x"]}', 'b', '-12:30:00', 2024, 'tick'),
      (2, '0001', NULL, NULL, NULL, NULL, '2024-02-29', NULL, NULL, NULL, NULL, 0, b'0', NULL, NULL, NULL, NULL, NULL, NULL);
    CREATE TABLE \`we"ird; name\` (\`col"quote\` INT PRIMARY KEY, \`back\`\`tick\` TEXT, \`at"]; x\` DATETIME);
    INSERT INTO \`we"ird; name\` VALUES (1, 'first', '2024-02-29 08:00:00'), (2, 'second', NULL);
    CREATE VIEW awkward_view AS SELECT id, code FROM awkward;
    CREATE TABLE parent (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL) ENGINE=InnoDB;
    CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent(id)) ENGINE=InnoDB;
    INSERT INTO parent VALUES (1, 'p');
    INSERT INTO child VALUES (1, 1);
    CREATE TABLE big_gen (id INT PRIMARY KEY, payload CHAR(32) NOT NULL) ENGINE=InnoDB;
    INSERT INTO big_gen WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 200000) SELECT n, MD5(n) FROM s;
    CREATE TABLE events (id INT PRIMARY KEY, updated_at DATETIME NOT NULL, v VARCHAR(10));
    CREATE TABLE nokey (a INT, b VARCHAR(10));
    INSERT INTO nokey VALUES (1, 'x'), (2, NULL);
    CREATE TABLE coded (code VARCHAR(10) NOT NULL, label VARCHAR(20), UNIQUE KEY uq_code (code));
    INSERT INTO coded WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 30) SELECT CONCAT('C', LPAD(n, 4, '0')), CONCAT('label ', n) FROM s;
    SET SESSION sql_mode = '';
    CREATE TABLE zeroes (id INT PRIMARY KEY, d DATE, dt DATETIME);
    INSERT INTO zeroes VALUES (1, '0000-00-00', '0000-00-00 00:00:00'), (2, '2024-00-10', '2024-03-01 08:00:00'), (3, '2024-03-01', NULL);
  `);
  // Ten events; four share one timestamp so reads must not lose or repeat them at boundaries.
  const times = ['2024-01-01 08:00', '2024-01-01 09:00', '2024-01-01 10:00', '2024-01-01 10:00', '2024-01-01 10:00', '2024-01-01 10:00', '2024-01-01 11:00', '2024-01-01 12:00', '2024-01-01 12:00', '2024-01-01 13:00'];
  const ids = [7, 3, 9, 1, 5, 8, 2, 10, 4, 6];
  for (let i = 0; i < times.length; i++) await admin.query('INSERT INTO events VALUES (?, ?, ?)', [ids[i], times[i], `e${i}`]);
});

afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await admin?.end();
  await server?.stop();
});

describe('MySQL/MariaDB connector', () => {
  it('checks the connection and says the link is not encrypted when the server offers no TLS', async () => {
    const result = await connector().check();
    expect(result.ok).toBe(true);
    expect(result.serverInfo).toMatch(/^MariaDB \d+\.\d+/);
    expect(result.encrypted).toBe(false);
    expect(result.message).toMatch(/NOT encrypted/);
  });

  it('discovers tables and views with types, keys, foreign keys, indexes and row estimates', async () => {
    const streams = await connector().discover();
    const names = streams.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['awkward', 'awkward_view', 'we"ird; name', 'big_gen', 'child', 'parent']));

    const awkward = streams.find((s) => s.name === 'awkward')!;
    const col = (c: string) => awkward.columns.find((x) => x.name === c);
    expect(awkward.primaryKey).toEqual(['id']);
    expect(awkward.rowEstimate).toBe(2);
    expect(col('code')).toMatchObject({ type: 'string', nativeType: 'varchar(10)', length: 10, nullable: true });
    expect(col('amount')).toMatchObject({ type: 'decimal', nativeType: 'decimal(38,9)', precision: 38, scale: 9 });
    expect(col('big')?.type).toBe('integer');
    expect(col('ubig')).toMatchObject({ type: 'integer', nativeType: 'bigint(20) unsigned' });
    expect(col('born')?.type).toBe('date');
    expect(col('seen')).toMatchObject({ type: 'datetime', nativeType: 'datetime(6)' });
    expect(col('stamp')?.type).toBe('datetime');
    expect(col('photo')?.type).toBe('binary');
    expect(col('active')).toMatchObject({ type: 'boolean', nativeType: 'tinyint(1)' });
    expect(col('flag')?.type).toBe('boolean');
    expect(col('level')?.type).toBe('integer');
    // MariaDB's JSON is LONGTEXT with a json_valid() check; discovery still calls it json.
    expect(col('doc')).toMatchObject({ type: 'json', nativeType: 'json' });
    expect(col('kind')?.type).toBe('string');
    expect(col('t')?.type).toBe('time');
    expect(col('back`tick')?.type).toBe('string');
    expect(col('id')?.nullable).toBe(false);

    expect(streams.find((s) => s.name === 'child')!.foreignKeys).toEqual([{ columns: ['parent_id'], refStream: 'parent', refColumns: ['id'], declared: true }]);
    expect(streams.find((s) => s.name === 'awkward_view')!.rowEstimate).toBeNull();
    const coded = streams.find((s) => s.name === 'coded') as { indexes?: unknown[]; primaryKey: string[] };
    expect(coded.primaryKey).toEqual([]);
    expect(coded.indexes).toEqual([{ name: 'uq_code', columns: ['code'], unique: true, primary: false }]);
  });

  it('reads values with full fidelity', async () => {
    const [one, two] = await readAll(connector(), 'awkward', { batchSize: 10 });
    expect(one).toEqual({
      id: 1,
      code: '007',
      amount: '12345678901234567890.123456789',
      big: '9007199254740993',
      small_big: 42,
      ubig: '18446744073709551615',
      born: '1899-12-30',
      seen: '2024-02-29T13:45:00.123456',
      stamp: '2024-02-29T13:45:00.123Z',
      photo: Buffer.from([0, 255, 16]),
      note: 'مرحبا بالعالم — שלום 👩‍👩‍👧',
      active: true,
      flag: true,
      level: 7,
      doc: { a: [1, 'x'] },
      kind: 'b',
      t: '-12:30:00',
      y: 2024,
      'back`tick': 'tick',
    });
    expect(two).toMatchObject({ id: 2, code: '0001', amount: null, big: null, born: '2024-02-29', photo: null, active: false, flag: false, doc: null });
  });

  it('keeps zero dates as the text the server stores, and counts them', async () => {
    const c = connector();
    const rows = await readAll(c, 'zeroes', { batchSize: 10 });
    expect(rows).toEqual([
      { id: 1, d: '0000-00-00', dt: '0000-00-00 00:00:00' },
      { id: 2, d: '2024-00-10', dt: '2024-03-01T08:00:00' },
      { id: 3, d: '2024-03-01', dt: null },
    ]);
    expect(c.diagnostics.zeroDates).toEqual({ zeroes: { d: 2, dt: 1 } });
  });

  it('previews, counts and reads a table whose name has quotes, a semicolon and a space', async () => {
    const c = connector();
    const stream = 'we"ird; name';
    expect(await c.count(stream)).toBe(2);
    expect(await c.sample(stream, 1)).toEqual([{ 'col"quote': 1, 'back`tick': 'first', 'at"]; x': '2024-02-29T08:00:00' }]);
    expect(await readAll(c, stream, { batchSize: 1, columns: ['back`tick'] })).toEqual([{ 'back`tick': 'first' }, { 'back`tick': 'second' }]);
    const [rows] = await admin.query('SELECT COUNT(*) AS n FROM awkward');
    expect(Number((rows as { n: number }[])[0].n)).toBe(2);
  });

  it('reads in a requested order, the key breaking ties', async () => {
    const rows = await readAll(connector(), 'awkward', { batchSize: 1, orderBy: ['code'], columns: ['id'] });
    expect(rows).toEqual([{ id: 2 }, { id: 1 }]);
  });

  it('reads a table without a key, and orders a table without a primary key by its unique index', async () => {
    const c = connector('?chunkRows=7');
    expect(await readAll(c, 'nokey', { batchSize: 5 })).toHaveLength(2);
    const coded = await readAll(c, 'coded', { batchSize: 4 });
    expect(coded.map((r) => r.code)).toEqual(Array.from({ length: 30 }, (_, i) => `C${String(i + 1).padStart(4, '0')}`));
  });

  it('keeps the driver at most a batch ahead of a slow consumer (back-pressure) over 200,000 rows', async () => {
    const c = connector();
    const batchSize = 1_000;
    let consumed = 0;
    let maxAhead = 0;
    let expected = 1;
    let ordered = true;
    let batches = 0;
    const before = c.diagnostics.rowsFetched;
    for await (const batch of c.read('big_gen', { batchSize })) {
      batches++;
      if (batches <= 5) await new Promise((r) => setTimeout(r, 40));
      maxAhead = Math.max(maxAhead, c.diagnostics.rowsFetched - before - consumed);
      for (const row of batch) if (row.id !== expected++) ordered = false;
      consumed += batch.length;
      expect(batch.length).toBe(batchSize);
    }
    expect(consumed).toBe(200_000);
    expect(ordered).toBe(true);
    // The batch handed out plus at most one more filling up while the consumer works.
    expect(maxAhead).toBeLessThanOrEqual(2 * batchSize);
  });

  it('reads across many chunk boundaries without losing or repeating a row', async () => {
    const rows = await readAll(connector('?chunkRows=7000'), 'big_gen', { batchSize: 3000, columns: ['payload'] });
    expect(rows).toHaveLength(200_000);
    expect(Object.keys(rows[0])).toEqual(['payload']);
    const ids = await readAll(connector('?chunkRows=7000'), 'big_gen', { batchSize: 3000, columns: ['id'] });
    expect(new Set(ids.map((r) => r.id)).size).toBe(200_000);
    expect(ids[199_999].id).toBe(200_000);
  });

  it('stops and releases the connection when the consumer breaks out of the loop', async () => {
    const c = connector();
    await c.check();
    const baseline = await studioConnections();
    let seen = 0;
    for await (const batch of c.read('big_gen', { batchSize: 500 })) {
      seen += batch.length;
      expect(await studioConnections()).toBe(baseline + 1);
      if (seen >= 1_000) break;
    }
    await until(async () => (await studioConnections()) === baseline);
  });

  it('cancels a read by AbortSignal', async () => {
    const c = connector();
    await c.check();
    const baseline = await studioConnections();
    const controller = new AbortController();
    const iterator = c.read('big_gen', { batchSize: 500, signal: controller.signal })[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toHaveLength(500);
    controller.abort();
    expect(await codeOf(iterator.next())).toBe('CANCELLED');
    await until(async () => (await studioConnections()) === baseline);
    const aborted = new AbortController();
    aborted.abort();
    expect(await codeOf(readAll(c, 'big_gen', { batchSize: 10, signal: aborted.signal }))).toBe('CANCELLED');
  });

  it('reads incrementally by cursor without losing rows that share a cursor value', async () => {
    const c = connector('?chunkRows=2');
    const all = await readAll(c, 'events', { batchSize: 2, cursor: { column: 'updated_at', after: null } });
    // Ordered by (updated_at, id); the four 10:00 rows come in id order.
    expect(all.map((r) => r.id)).toEqual([7, 3, 1, 5, 8, 9, 2, 4, 10, 6]);
    expect(all[2].updated_at).toBe('2024-01-01T10:00:00');

    // A run that stopped after the second of the four 10:00 rows resumes with the other two.
    const position = nextCursorPosition(all[3], 'updated_at', ['id']);
    expect(position).toEqual({ value: '2024-01-01T10:00:00', key: { id: 5 } });
    const rest = await readAll(c, 'events', { batchSize: 3, cursor: { column: 'updated_at', after: position } });
    expect(rest.map((r) => r.id)).toEqual([8, 9, 2, 4, 10, 6]);

    // A plain value means strictly later.
    const later = await readAll(c, 'events', { batchSize: 10, cursor: { column: 'updated_at', after: '2024-01-01T10:00:00' } });
    expect(later.map((r) => r.id)).toEqual([2, 4, 10, 6]);
  });

  it('gives a clear code for a wrong password, an unknown database, a refused port and a silent server', async () => {
    const wrong = connector('', server.url.replace(`:${server.password}@`, ':not-the-password@'));
    const check = await wrong.check();
    expect(check.ok).toBe(false);
    expect(check.message).toMatch(/refused to log in/);
    expect(await codeOf(wrong.discover())).toBe('SOURCE_AUTH_FAILED');

    expect(await codeOf(connector('', server.url.replace('/school', '/no_such_db')).discover())).toBe('SOURCE_NOT_FOUND');

    const refusing = await listenThenClose();
    expect(await codeOf(connector('', server.url.replace(`:${server.port}/`, `:${refusing}/`)).discover())).toBe('CONNECTION_FAILED');

    const silent = await silentServer();
    try {
      const started = Date.now();
      expect(await codeOf(connector('?connectTimeout=300', server.url.replace(`:${server.port}/`, `:${silent.port}/`)).discover())).toBe('SOURCE_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      silent.close();
    }
  });

  it('says when a user may not use the database', async () => {
    await admin.query("CREATE USER IF NOT EXISTS 'outsider'@'%' IDENTIFIED BY 'outsider-pw'");
    const c = connector('', `mysql://outsider:outsider-pw@127.0.0.1:${server.port}/school`);
    expect(await codeOf(c.discover())).toBe('SOURCE_PERMISSION_DENIED');
  });

  it('refuses to go on unencrypted when TLS is required', async () => {
    expect(await codeOf(connector('?sslmode=require').discover())).toBe('SOURCE_TLS_FAILED');
    expect(await codeOf(connector('?ssl-mode=REQUIRED').discover())).toBe('SOURCE_TLS_FAILED');
    expect((await connector('?sslmode=disable').check()).encrypted).toBe(false);
  });

  it('reports unknown streams and columns', async () => {
    const c = connector();
    expect(await codeOf(c.count('nothing_here'))).toBe('STREAM_NOT_FOUND');
    expect(await codeOf(readAll(c, 'awkward', { batchSize: 5, columns: ['nope'] }))).toBe('COLUMN_NOT_FOUND');
  });

  it('fails with STREAM_NOT_FOUND when the table is dropped during the read', async () => {
    await admin.query('CREATE TABLE doomed (id INT PRIMARY KEY); INSERT INTO doomed WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 5000) SELECT n FROM s');
    const iterator = connector('?chunkRows=1000').read('doomed', { batchSize: 500 })[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toHaveLength(500);
    expect((await iterator.next()).value).toHaveLength(500);
    // The first chunk's statement has ended, so no metadata lock blocks the DROP.
    await admin.query('DROP TABLE doomed');
    expect(await codeOf(iterator.next())).toBe('STREAM_NOT_FOUND');
  });

  it('gives up with SOURCE_TIMEOUT when another session holds a lock longer than queryTimeout', async () => {
    const locker = await mysql.createConnection({ host: server.host, port: server.port, user: server.user, password: server.password, database: server.database });
    try {
      await locker.query('LOCK TABLES parent WRITE');
      const started = Date.now();
      expect(await codeOf(readAll(connector('?queryTimeout=400'), 'parent', { batchSize: 10 }))).toBe('SOURCE_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(5_000);

      // close() while a read waits on the server ends that read at once.
      const waiting = connector();
      const outcome = codeOf(readAll(waiting, 'parent', { batchSize: 10 }));
      await new Promise((r) => setTimeout(r, 300));
      const closedAt = Date.now();
      await waiting.close();
      expect(await outcome).toBe('CANCELLED');
      expect(Date.now() - closedAt).toBeLessThan(2_000);
    } finally {
      await locker.query('UNLOCK TABLES');
      await locker.end();
    }
  });

  it('fails with CONNECTION_FAILED when the server kills the session mid-read', async () => {
    const iterator = connector().read('big_gen', { batchSize: 500 })[Symbol.asyncIterator]();
    await iterator.next();
    const [rows] = await admin.query("SELECT ID AS id FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT %big_gen%' AND ID <> CONNECTION_ID()");
    const ids = (rows as { id: number }[]).map((r) => r.id);
    expect(ids).toHaveLength(1);
    await admin.query(`KILL ${Number(ids[0])}`);
    let code = '';
    try {
      for (;;) if ((await iterator.next()).done) break;
    } catch (err) {
      code = (err as StudioError).code;
    }
    expect(code).toBe('CONNECTION_FAILED');
  });

  it('closes every connection on close()', async () => {
    const c = connector();
    await c.discover();
    const iterator = c.read('big_gen', { batchSize: 100 })[Symbol.asyncIterator]();
    await iterator.next();
    const before = await studioConnections();
    await c.close();
    await until(async () => (await studioConnections()) <= before - 2);
  });
});

/** A port where nothing listens any more. */
function listenThenClose(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A server that accepts connections and never says a word. */
function silentServer(): Promise<{ port: number; close(): void }> {
  return new Promise((resolve) => {
    const sockets: Socket[] = [];
    const s: Server = createServer((socket) => sockets.push(socket));
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      resolve({ port, close: () => (sockets.forEach((x) => x.destroy()), s.close()) });
    });
  });
}

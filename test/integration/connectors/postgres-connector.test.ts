import { createServer, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../../src/shared/errors';
import type { Row } from '../../../src/main/engine/connectors/connector';
import { createPostgresConnector, PostgresConnector } from '../../../src/main/engine/connectors/postgres/postgres-connector';
import { nextCursorPosition } from '../../../src/main/engine/connectors/sql/keyset';
import { parseSourceLocation } from '../../../src/main/engine/connectors/source-location';
import { startPostgres, type PostgresServer } from '../../support/postgres-server';

let server: PostgresServer;
let admin: pg.Client;
const open: PostgresConnector[] = [];

/** A connector built the way the studio builds one: from a connection string. */
function connector(params = '', url = server.url): PostgresConnector {
  const parsed = parseSourceLocation(url + params);
  expect(parsed.kind).toBe('postgres');
  const c = createPostgresConnector(parsed.config, parsed.password) as PostgresConnector;
  open.push(c);
  return c;
}

async function readAll(c: PostgresConnector, stream: string, options: Parameters<PostgresConnector['read']>[1]): Promise<Row[]> {
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

async function readConnections(): Promise<number> {
  const r = await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'Academia Pro Studio' AND pid <> pg_backend_pid()");
  return r.rows[0].n as number;
}

async function until(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  server = await startPostgres({ database: 'school' });
  admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`
    CREATE TABLE awkward (
      id int PRIMARY KEY,
      code varchar(10),
      amount numeric(38,9),
      big bigint,
      small_big bigint,
      born date,
      seen timestamp(6),
      seen_tz timestamptz,
      photo bytea,
      note text,
      active boolean,
      guid uuid,
      doc jsonb,
      tags text[],
      fee money,
      "back\`tick" text
    );
    CREATE SCHEMA "odd schema";
    CREATE TABLE "odd schema"."we""ird; name" ("col""quote" int PRIMARY KEY, "back\`tick" text);
    INSERT INTO "odd schema"."we""ird; name" VALUES (1, 'first'), (2, 'second');
    CREATE VIEW awkward_view AS SELECT id, code FROM awkward;
    CREATE TABLE parent (id int PRIMARY KEY, name text NOT NULL);
    CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent(id));
    CREATE TABLE big_gen AS SELECT g AS id, md5(g::text) AS payload FROM generate_series(1, 200000) g;
    ALTER TABLE big_gen ADD PRIMARY KEY (id);
    CREATE TABLE events (id int PRIMARY KEY, updated_at timestamp NOT NULL, v text);
    CREATE TABLE nokey (a int, b text);
    INSERT INTO nokey VALUES (1, 'x'), (2, NULL);
    CREATE TABLE coded (code text NOT NULL UNIQUE, label text);
    INSERT INTO coded SELECT 'C' || lpad(g::text, 4, '0'), 'label ' || g FROM generate_series(1, 30) g;
  `);
  await admin.query(
    `INSERT INTO awkward VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16), (2, '0001', NULL, NULL, NULL, '2024-02-29', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
    [1, '007', '12345678901234567890.123456789', '9007199254740993', 42, '1899-12-30', '2024-02-29 13:45:00.123456', '2024-02-29 13:45:00+03', Buffer.from([0, 255, 16]), 'مرحبا بالعالم — שלום 👩‍👩‍👧', true, '0e5a4bd6-2c4d-4f6b-9d3e-6f1b2a3c4d5e', JSON.stringify({ a: [1, 'x'] }), ['a', 'b c', '"q"'], '1234.5', 'tick'],
  );
  // Ten events; four share one timestamp so reads must not lose or repeat them at boundaries.
  const times = ['2024-01-01 08:00', '2024-01-01 09:00', '2024-01-01 10:00', '2024-01-01 10:00', '2024-01-01 10:00', '2024-01-01 10:00', '2024-01-01 11:00', '2024-01-01 12:00', '2024-01-01 12:00', '2024-01-01 13:00'];
  for (let i = 0; i < times.length; i++) await admin.query('INSERT INTO events VALUES ($1, $2, $3)', [[7, 3, 9, 1, 5, 8, 2, 10, 4, 6][i], times[i], `e${i}`]);
  await admin.query('INSERT INTO parent VALUES (1, $1)', ['p']);
  await admin.query('INSERT INTO child VALUES (1, 1)');
});

afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await admin?.end();
  await server?.stop();
});

describe('PostgreSQL connector', () => {
  it('checks the connection and says the link is not encrypted when the server offers no TLS', async () => {
    const result = await connector().check();
    expect(result.ok).toBe(true);
    expect(result.serverInfo).toMatch(/^PostgreSQL \d+/);
    expect(result.encrypted).toBe(false);
    expect(result.message).toMatch(/NOT encrypted/);
  });

  it('discovers schemas, tables and views with types, keys, foreign keys and row estimates', async () => {
    const streams = await connector().discover();
    const names = streams.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['public.awkward', 'public.awkward_view', 'odd schema.we"ird; name', 'public.big_gen', 'public.child']));
    expect(names.some((n) => n.startsWith('pg_catalog.') || n.startsWith('information_schema.'))).toBe(false);

    const awkward = streams.find((s) => s.name === 'public.awkward')!;
    const type = (c: string) => awkward.columns.find((x) => x.name === c);
    expect(awkward.primaryKey).toEqual(['id']);
    expect(awkward.rowEstimate).toBe(2);
    expect(type('code')).toMatchObject({ type: 'string', nativeType: 'character varying(10)', length: 10, nullable: true });
    expect(type('amount')).toMatchObject({ type: 'decimal', precision: 38, scale: 9 });
    expect(type('big')?.type).toBe('integer');
    expect(type('born')?.type).toBe('date');
    expect(type('seen')).toMatchObject({ type: 'datetime', nativeType: 'timestamp(6) without time zone' });
    expect(type('seen_tz')?.type).toBe('datetime');
    expect(type('photo')?.type).toBe('binary');
    expect(type('active')?.type).toBe('boolean');
    expect(type('guid')?.type).toBe('string');
    expect(type('doc')?.type).toBe('json');
    expect(type('tags')).toMatchObject({ type: 'json', nativeType: 'text[]' });
    expect(type('fee')?.type).toBe('decimal');
    expect(type('back`tick')?.type).toBe('string');
    expect(type('id')?.nullable).toBe(false);

    const child = streams.find((s) => s.name === 'public.child')!;
    expect(child.foreignKeys).toEqual([{ columns: ['parent_id'], refStream: 'public.parent', refColumns: ['id'], declared: true }]);
    expect(streams.find((s) => s.name === 'public.awkward_view')!.rowEstimate).toBeNull();
    const coded = streams.find((s) => s.name === 'public.coded') as { indexes?: { columns: string[]; unique: boolean }[] };
    expect(coded.indexes).toEqual([expect.objectContaining({ columns: ['code'], unique: true, primary: false })]);
  });

  it('reads values with full fidelity', async () => {
    const [one, two] = await readAll(connector(), 'public.awkward', { batchSize: 10 });
    expect(one).toEqual({
      id: 1,
      code: '007',
      amount: '12345678901234567890.123456789',
      big: '9007199254740993',
      small_big: 42,
      born: '1899-12-30',
      seen: '2024-02-29T13:45:00.123456',
      seen_tz: '2024-02-29T10:45:00+00:00',
      photo: Buffer.from([0, 255, 16]),
      note: 'مرحبا بالعالم — שלום 👩‍👩‍👧',
      active: true,
      guid: '0e5a4bd6-2c4d-4f6b-9d3e-6f1b2a3c4d5e',
      doc: { a: [1, 'x'] },
      tags: ['a', 'b c', '"q"'],
      fee: '1234.50',
      'back`tick': 'tick',
    });
    expect(two).toMatchObject({ id: 2, code: '0001', amount: null, big: null, born: '2024-02-29', photo: null, note: null, tags: null, fee: null });
  });

  it('previews, counts and reads a table whose name has quotes, a semicolon and a space', async () => {
    const c = connector();
    const stream = 'odd schema.we"ird; name';
    expect(await c.count(stream)).toBe(2);
    expect(await c.sample(stream, 1)).toEqual([{ 'col"quote': 1, 'back`tick': 'first' }]);
    expect(await readAll(c, stream, { batchSize: 1, columns: ['back`tick'] })).toEqual([{ 'back`tick': 'first' }, { 'back`tick': 'second' }]);
    // The tables are still there: the names were data, never SQL.
    expect((await admin.query('SELECT count(*)::int AS n FROM awkward')).rows[0].n).toBe(2);
  });

  it('reads in a requested order, the key breaking ties', async () => {
    const rows = await readAll(connector(), 'public.awkward', { batchSize: 1, orderBy: ['code'], columns: ['id'] });
    expect(rows).toEqual([{ id: 2 }, { id: 1 }]);
  });

  it('reads a table without a key, and orders a table without a primary key by its unique index', async () => {
    const c = connector('?chunkRows=7');
    expect(await readAll(c, 'public.nokey', { batchSize: 5 })).toHaveLength(2);
    const coded = await readAll(c, 'public.coded', { batchSize: 4 });
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
    for await (const batch of c.read('public.big_gen', { batchSize })) {
      batches++;
      if (batches <= 5) await new Promise((r) => setTimeout(r, 40));
      maxAhead = Math.max(maxAhead, c.diagnostics.rowsFetched - before - consumed);
      for (const row of batch) if (row.id !== expected++) ordered = false;
      consumed += batch.length;
      expect(batch.length).toBe(batchSize);
    }
    expect(consumed).toBe(200_000);
    expect(ordered).toBe(true);
    expect(maxAhead).toBeLessThanOrEqual(2 * batchSize);
  });

  it('reads across many chunk boundaries without losing or repeating a row', async () => {
    const rows = await readAll(connector('?chunkRows=7000'), 'public.big_gen', { batchSize: 3000, columns: ['payload'] });
    expect(rows).toHaveLength(200_000);
    expect(Object.keys(rows[0])).toEqual(['payload']);
    const ids = await readAll(connector('?chunkRows=7000'), 'public.big_gen', { batchSize: 3000, columns: ['id'] });
    expect(new Set(ids.map((r) => r.id)).size).toBe(200_000);
    expect(ids[199_999].id).toBe(200_000);
  });

  it('stops and releases the connection when the consumer breaks out of the loop', async () => {
    const c = connector();
    await c.check();
    const baseline = await readConnections();
    let seen = 0;
    for await (const batch of c.read('public.big_gen', { batchSize: 500 })) {
      seen += batch.length;
      expect(await readConnections()).toBe(baseline + 1);
      if (seen >= 1_000) break;
    }
    await until(async () => (await readConnections()) === baseline);
  });

  it('cancels a read by AbortSignal', async () => {
    const c = connector();
    await c.check();
    const baseline = await readConnections();
    const controller = new AbortController();
    const iterator = c.read('public.big_gen', { batchSize: 500, signal: controller.signal })[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toHaveLength(500);
    controller.abort();
    expect(await codeOf(iterator.next())).toBe('CANCELLED');
    await until(async () => (await readConnections()) === baseline);
    const aborted = new AbortController();
    aborted.abort();
    expect(await codeOf(readAll(c, 'public.big_gen', { batchSize: 10, signal: aborted.signal }))).toBe('CANCELLED');
  });

  it('reads incrementally by cursor without losing rows that share a cursor value', async () => {
    const c = connector('?chunkRows=2');
    const all = await readAll(c, 'public.events', { batchSize: 2, cursor: { column: 'updated_at', after: null } });
    // Ordered by (updated_at, id); the four 10:00 rows come in id order.
    expect(all.map((r) => r.id)).toEqual([7, 3, 1, 5, 8, 9, 2, 4, 10, 6]);
    expect(all[2].updated_at).toBe('2024-01-01T10:00:00');

    // A run that stopped after the second of the four 10:00 rows resumes with the other two.
    const position = nextCursorPosition(all[3], 'updated_at', ['id']);
    expect(position).toEqual({ value: '2024-01-01T10:00:00', key: { id: 5 } });
    const rest = await readAll(c, 'public.events', { batchSize: 3, cursor: { column: 'updated_at', after: position } });
    expect(rest.map((r) => r.id)).toEqual([8, 9, 2, 4, 10, 6]);

    // A plain value means strictly later.
    const later = await readAll(c, 'public.events', { batchSize: 10, cursor: { column: 'updated_at', after: '2024-01-01T10:00:00' } });
    expect(later.map((r) => r.id)).toEqual([2, 4, 10, 6]);

    expect(await codeOf(readAll(c, 'public.events', { batchSize: 3, cursor: { column: 'updated_at', after: { value: '2024-01-01T10:00:00', key: {} } } }))).toBe('BAD_REQUEST');
  });

  it('gives a clear code for a wrong password, an unknown database, a refused port and a silent server', async () => {
    const wrong = connector('', server.url.replace(`:${server.password}@`, ':not-the-password@'));
    const check = await wrong.check();
    expect(check.ok).toBe(false);
    expect(check.message).toMatch(/password/i);
    expect(await codeOf(wrong.discover())).toBe('SOURCE_AUTH_FAILED');

    expect(await codeOf(connector('', server.url.replace('/school', '/no_such_db')).discover())).toBe('SOURCE_NOT_FOUND');

    const refusing = await listenThenClose();
    expect(await codeOf(connector('', server.url.replace(`:${server.port}/`, `:${refusing}/`)).discover())).toBe('CONNECTION_FAILED');

    const silent = await silentServer();
    try {
      const c = connector('?connectTimeout=300', server.url.replace(`:${server.port}/`, `:${silent.port}/`));
      const started = Date.now();
      expect(await codeOf(c.discover())).toBe('SOURCE_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      silent.close();
    }
  });

  it('refuses to go on unencrypted when TLS is required', async () => {
    const c = connector('?sslmode=require');
    expect(await codeOf(c.discover())).toBe('SOURCE_TLS_FAILED');
    expect((await connector('?sslmode=disable').check()).encrypted).toBe(false);
  });

  it('reports unknown streams and columns', async () => {
    const c = connector();
    expect(await codeOf(c.count('public.nothing_here'))).toBe('STREAM_NOT_FOUND');
    expect(await codeOf(readAll(c, 'public.awkward', { batchSize: 5, columns: ['nope'] }))).toBe('COLUMN_NOT_FOUND');
  });

  it('fails with STREAM_NOT_FOUND when the table is dropped during the read', async () => {
    await admin.query('CREATE TABLE doomed AS SELECT g AS id FROM generate_series(1, 5000) g; ALTER TABLE doomed ADD PRIMARY KEY (id)');
    const iterator = connector('?chunkRows=1000').read('public.doomed', { batchSize: 500 })[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toHaveLength(500);
    expect((await iterator.next()).value).toHaveLength(500);
    // The first chunk is done and its cursor closed, so nothing blocks the DROP.
    await admin.query('DROP TABLE doomed');
    expect(await codeOf(iterator.next())).toBe('STREAM_NOT_FOUND');
  });

  it('gives up with SOURCE_TIMEOUT when another session holds a lock longer than queryTimeout', async () => {
    const locker = new pg.Client({ connectionString: server.url });
    await locker.connect();
    try {
      await locker.query('BEGIN; LOCK TABLE parent IN ACCESS EXCLUSIVE MODE');
      const c = connector('?queryTimeout=400');
      const started = Date.now();
      expect(await codeOf(readAll(c, 'public.parent', { batchSize: 10 }))).toBe('SOURCE_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(5_000);

      // close() while a read waits on the server ends that read at once.
      const waiting = connector();
      const outcome = codeOf(readAll(waiting, 'public.parent', { batchSize: 10 }));
      await new Promise((r) => setTimeout(r, 300));
      const closedAt = Date.now();
      await waiting.close();
      expect(await outcome).toBe('CANCELLED');
      expect(Date.now() - closedAt).toBeLessThan(2_000);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });

  it('fails with CONNECTION_FAILED when the server ends the session mid-read', async () => {
    const c = connector();
    const iterator = c.read('public.big_gen', { batchSize: 500 })[Symbol.asyncIterator]();
    await iterator.next();
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'Academia Pro Studio' AND query LIKE '%big_gen%' AND pid <> pg_backend_pid()");
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
    const iterator = c.read('public.big_gen', { batchSize: 100 })[Symbol.asyncIterator]();
    await iterator.next();
    const before = await readConnections();
    await c.close();
    await until(async () => (await readConnections()) <= before - 2);
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

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../../../src/shared/errors';
import { openConnector } from '../../../../src/main/engine/connectors/open-connector';
import { createRestConnector, type RestConnector } from '../../../../src/main/engine/connectors/rest/rest-connector';
import type { RestClock } from '../../../../src/main/engine/connectors/rest/rest-clock';
import type { Row } from '../../../../src/main/engine/connectors/connector';
import { startRestSourceServer, type RestSourceServer } from '../../../support/rest-source-server';

/** A clock whose sleep only moves time on, and says how long it was asked to wait. */
function fakeClock(): RestClock & { sleeps: number[]; advance(ms: number): void } {
  let t = Date.parse('2025-04-01T10:00:00Z');
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

async function readAll(c: RestConnector, stream: string, options: Partial<Parameters<RestConnector['read']>[1]> = {}): Promise<{ rows: Row[]; batches: number[] }> {
  const rows: Row[] = [];
  const batches: number[] = [];
  for await (const b of c.read(stream, { batchSize: 7, ...options })) {
    batches.push(b.length);
    rows.push(...b);
  }
  return { rows, batches };
}

async function failure(p: Promise<unknown>): Promise<StudioError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(StudioError);
    return err as StudioError;
  }
  throw new Error('expected a failure');
}

describe('REST source connector against a local OneRoster 1.2 server', () => {
  let server: RestSourceServer;
  let clock: ReturnType<typeof fakeClock>;
  const oneRoster = (extra: Record<string, string | number> = {}, secret: string | null = server.clientSecret) =>
    createRestConnector({ baseUrl: server.oneRosterUrl, profile: 'oneroster', clientId: server.clientId, pageSize: 10, ...extra }, secret, { clock });
  const generic = (extra: Record<string, string | number> = {}, secret: string | null = server.apiKey) =>
    createRestConnector({ baseUrl: `${server.url}/api/v1`, profile: 'generic', auth: 'api-key', streams: 'users=/users,enrollments=/enrollments', recordPath: '$.data', key: 'sourcedId', paging: 'cursor', cursorPath: '$.next_cursor', updatedSinceParam: 'updated_since', updatedColumn: 'dateLastModified', pageSize: 10, ...extra }, secret, { clock });
  const userIds = () => server.data.users.map((u) => String(u.sourcedId)).sort();

  beforeAll(async () => {
    server = await startRestSourceServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    clock = fakeClock();
    server.misbehave({});
    server.log.length = 0;
  });

  it('discovers the OneRoster streams with the CSV binding\'s columns, types, references and totals', async () => {
    const streams = await oneRoster().discover();
    expect(streams.map((s) => s.name)).toEqual(['orgs', 'academicSessions', 'courses', 'classes', 'users', 'enrollments', 'demographics']);
    const users = streams.find((s) => s.name === 'users')!;
    expect(users.rowEstimate).toBe(32);
    expect(users.oneRoster).toEqual({ version: '1.2', file: 'users' });
    const col = (name: string) => users.columns.find((c) => c.name === name);
    expect(col('sourcedId')).toMatchObject({ type: 'string', nullable: false });
    expect(col('givenName')?.type).toBe('string');
    expect(col('dateLastModified')?.type).toBe('datetime');
    expect(col('role')).toBeTruthy();
    expect(col('roles')?.type).toBe('string');
    const enrollments = streams.find((s) => s.name === 'enrollments')!;
    expect(enrollments.rowEstimate).toBe(54);
    expect(enrollments.foreignKeys).toEqual(expect.arrayContaining([{ columns: ['userSourcedId'], refStream: 'users', refColumns: ['sourcedId'], declared: true }, { columns: ['classSourcedId'], refStream: 'classes', refColumns: ['sourcedId'], declared: true }]));
    expect(streams.find((s) => s.name === 'demographics')!.columns.find((c) => c.name === 'birthDate')?.type).toBe('date');
  });

  it('through openConnector the secret guard marks the spec\'s password column secret', async () => {
    const c = openConnector('rest', { baseUrl: server.oneRosterUrl, profile: 'oneroster', clientId: server.clientId, pageSize: 10 }, server.clientSecret);
    const users = (await c.discover()).find((s) => s.name === 'users')!;
    expect(users.columns.find((x) => x.name === 'password')?.secret).toBe(true);
    await c.close();
  });

  it('reads a stream fully, paged by offset/limit, by Link header and by cursor, in batches as asked', async () => {
    const byOffset = oneRoster();
    const offset = await readAll(byOffset, 'users');
    expect(offset.rows.map((r) => r.sourcedId).sort()).toEqual(userIds());
    expect(offset.batches).toEqual([7, 7, 7, 7, 4]);
    expect(byOffset.readReport('users')).toMatchObject({ pages: 4, received: 32, rows: 32, duplicates: 0 });
    const offsets = server.log.filter((r) => r.path.endsWith('/users')).map((r) => r.query.offset);
    expect(offsets).toEqual(['0', '10', '20', '30']);
    const student = offset.rows.find((r) => r.sourcedId === 'usr-s-01')!;
    expect(student).toMatchObject({ role: 'student', givenName: 'Ava', primaryOrgSourcedId: 'org-sch-1', orgSourcedIds: 'org-sch-1', agentSourcedIds: 'usr-p-01', grades: '09', userIds: '{SIS:USR-S-01}' });

    server.log.length = 0;
    const byLink = oneRoster({ paging: 'link' });
    const link = await readAll(byLink, 'users');
    expect(link.rows.map((r) => r.sourcedId).sort()).toEqual(userIds());
    expect(byLink.readReport('users')?.pages).toBe(4);
    expect(server.log.filter((r) => r.path.endsWith('/users')).map((r) => r.query.offset)).toEqual([undefined, '10', '20', '30']);

    const byCursor = generic();
    const cursor = await readAll(byCursor, 'users');
    expect(cursor.rows.map((r) => r.sourcedId).sort()).toEqual(userIds());
    expect(byCursor.readReport('users')?.pages).toBe(4);
    // The generic profile flattens nested objects into dotted columns.
    expect(cursor.rows.find((r) => r.sourcedId === 'usr-s-01')).toMatchObject({ 'primaryOrg.sourcedId': 'org-sch-1', givenName: 'Ava' });
  });

  it('drops records repeated across pages by their key and reports how many', async () => {
    server.misbehave({ duplicates: true });
    const c = oneRoster({ paging: 'link' });
    const { rows } = await readAll(c, 'users');
    expect(rows).toHaveLength(32);
    expect(new Set(rows.map((r) => r.sourcedId)).size).toBe(32);
    expect(c.readReport('users')).toMatchObject({ received: 38, duplicates: 6, rows: 32 });
    expect(c.issues('users').items[0].message).toContain('6 record(s) came again');
    expect(c.readNotes('users')).toEqual(['6 record(s) of users came again on a later page and were read once (by sourcedId).']);
  });

  it('stops at an empty last page even when it still links a next one', async () => {
    server.misbehave({ emptyLastPageWithNext: true });
    const c = oneRoster({ paging: 'link' });
    const { rows } = await readAll(c, 'users');
    expect(rows).toHaveLength(32);
    const asked = server.log.filter((r) => r.path.endsWith('/users'));
    expect(asked).toHaveLength(5);
    expect(asked[4].query.offset).toBe('40');
  });

  it('waits out a 429 for as long as Retry-After says (through the injected sleep), then goes on', async () => {
    server.misbehave({ rateLimitAtRequest: 2, retryAfterSeconds: 7 });
    const c = oneRoster();
    const { rows } = await readAll(c, 'users');
    expect(rows).toHaveLength(32);
    expect(clock.sleeps).toEqual([7000]);
    expect(c.stats).toMatchObject({ retries: 1, waitedMs: 7000 });
    expect(c.readNotes('users')).toEqual(['The API limited how often it may be asked: 1 request(s) sent again, 7 s waited so far.']);
    expect(server.log.filter((r) => r.status === 429)).toHaveLength(1);
  });

  it('holds the next request until the reset when RateLimit-Remaining says the quota is spent', async () => {
    server.misbehave({ quotaSpentAtRequest: 1 });
    const { rows } = await readAll(oneRoster(), 'users');
    expect(rows).toHaveLength(32);
    expect(clock.sleeps).toEqual([3000]);
  });

  it('gives up with SOURCE_RATE_LIMITED when the server asks for a longer wait than allowed', async () => {
    server.misbehave({ rateLimitAtRequest: 1, retryAfterSeconds: 3600 });
    const err = await failure(readAll(oneRoster({ maxWaitSeconds: 60 }), 'users'));
    expect(err.code).toBe('SOURCE_RATE_LIMITED');
    expect(err.message).toContain('3600 s');
    expect(clock.sleeps).toEqual([]);
  });

  it('refreshes a token that expires mid-paging once and continues; a refreshed token refused again is SOURCE_AUTH_FAILED', async () => {
    server.misbehave({ revokeTokenAfterPages: 2 });
    const before = server.tokensIssued;
    const c = oneRoster();
    const { rows } = await readAll(c, 'users');
    expect(rows.map((r) => r.sourcedId).sort()).toEqual(userIds());
    expect(server.tokensIssued - before).toBe(2);
    expect(c.stats.tokens).toBe(2);
    expect(server.log.filter((r) => r.status === 401)).toHaveLength(1);

    server.misbehave({ rejectAllTokens: true });
    const refused = oneRoster();
    const err = await failure(readAll(refused, 'users'));
    expect(err.code).toBe('SOURCE_AUTH_FAILED');
    expect(refused.stats.tokens).toBe(2);
  });

  it('renews a token the clock says has expired before using it', async () => {
    const c = oneRoster();
    const it = c.read('users', { batchSize: 10 })[Symbol.asyncIterator]();
    await it.next();
    clock.advance(2 * 3600_000);
    let n = 10;
    for (let r = await it.next(); !r.done; r = await it.next()) n += r.value.length;
    expect(n).toBe(32);
    expect(c.stats.tokens).toBe(2);
    expect(server.log.filter((r) => r.status === 401)).toHaveLength(0);
  });

  it('a cursor that comes back, or an offset the server ignores, stops with SOURCE_PAGING_LOOP', async () => {
    server.misbehave({ repeatCursor: true });
    const loop = await failure(readAll(generic(), 'users'));
    expect(loop.code).toBe('SOURCE_PAGING_LOOP');
    expect(loop.hint).toBeTruthy();
    expect(server.log.filter((r) => r.path.endsWith('/users')).length).toBeLessThanOrEqual(4);

    server.misbehave({ ignoreOffset: true });
    const ignored = await failure(readAll(oneRoster(), 'users'));
    expect(ignored.code).toBe('SOURCE_PAGING_LOOP');
  });

  it('an increment asks the server for newer rows only (OneRoster filter, updated_since) and keeps only newer ones', async () => {
    const later = server.data.users.filter((u) => String(u.dateLastModified) > '2025-02').map((u) => u.sourcedId).sort();
    expect(later).toEqual(['usr-s-05', 'usr-s-10', 'usr-s-15', 'usr-s-20']);
    const cursor = { column: 'dateLastModified', after: '2025-02-01T00:00:00.000Z' };
    const { rows } = await readAll(oneRoster(), 'users', { cursor });
    expect(rows.map((r) => r.sourcedId).sort()).toEqual(later);
    expect(server.log.find((r) => r.path.endsWith('/users'))?.query.filter).toBe("dateLastModified>'2025-02-01T00:00:00.000Z'");

    server.log.length = 0;
    const viaParam = await readAll(generic(), 'users', { cursor });
    expect(viaParam.rows.map((r) => r.sourcedId).sort()).toEqual(later);
    expect(server.log[0].query.updated_since).toBe('2025-02-01T00:00:00.000Z');

    // A keyset position: equal change times come back only past the key, so ties are not lost or read twice.
    const tie = { column: 'dateLastModified', after: { value: '2025-03-01T09:30:00.000Z', key: { sourcedId: 'usr-s-10' } } };
    const ties = await readAll(oneRoster(), 'users', { cursor: tie });
    expect(ties.rows.map((r) => r.sourcedId).sort()).toEqual(['usr-s-15', 'usr-s-20']);
    expect(server.log.at(-1)?.query.filter).toBe("dateLastModified>='2025-03-01T09:30:00.000Z'");

    // A record edited since then is picked up by the next increment.
    server.touch('users', 'usr-s-02', '2025-04-02T12:00:00.000Z', { familyName: 'Baker-Smith' });
    const next = await readAll(oneRoster(), 'users', { cursor: { column: 'dateLastModified', after: '2025-03-01T09:30:00.000Z' } });
    expect(next.rows).toEqual([expect.objectContaining({ sourcedId: 'usr-s-02', familyName: 'Baker-Smith' })]);
    server.touch('users', 'usr-s-02', '2025-01-10T08:00:00.000Z', { familyName: 'Baker' });
  });

  it('counts cheaply from X-Total-Count, samples the first rows, and projects columns', async () => {
    const c = oneRoster();
    expect(await c.count('enrollments')).toBe(54);
    expect(await c.estimate('classes')).toBe(6);
    const sample = await c.sample('users', 3);
    expect(sample).toHaveLength(3);
    const { rows } = await readAll(c, 'classes', { columns: ['sourcedId', 'courseSourcedId'] });
    expect(rows[0]).toEqual({ sourcedId: 'cls-1', courseSourcedId: 'crs-1' });
    expect(rows.find((r) => r.sourcedId === 'cls-2')).toEqual({ sourcedId: 'cls-2', courseSourcedId: 'crs-2' });
  });

  it('authenticates with an API key in a header or in the query (masked in messages)', async () => {
    expect((await readAll(generic(), 'enrollments')).rows).toHaveLength(54);
    expect(server.log.at(-1)?.auth).toBe(server.apiKey);
    const inQuery = generic({ apiKeyIn: 'query', apiKeyName: 'api_key' });
    expect((await readAll(inQuery, 'users')).rows).toHaveLength(32);
    server.misbehave({ wrongShape: true });
    const err = await failure(readAll(generic({ apiKeyIn: 'query', apiKeyName: 'api_key' }), 'users'));
    expect(err.message).toContain('api_key=****');
    expect(err.message).not.toContain(server.apiKey);
  });

  it('says what went wrong, and what to do, for each bad answer', async () => {
    const wrongSecret = await failure(oneRoster({}, 'not-the-secret').discover());
    expect(wrongSecret.code).toBe('SOURCE_AUTH_FAILED');
    expect(wrongSecret.message).toContain('Unknown client or wrong secret');
    expect((await failure(readAll(generic({}, 'wrong-key'), 'users'))).code).toBe('SOURCE_AUTH_FAILED');
    expect((await failure(readAll(oneRoster({}, null), 'users'))).code).toBe('SOURCE_AUTH_FAILED');

    server.misbehave({ notJson: true });
    const html = await failure(readAll(oneRoster(), 'users'));
    expect(html.code).toBe('SOURCE_CORRUPT');
    expect(html.message).toContain('text/html');

    server.misbehave({ wrongShape: true });
    const shape = await failure(readAll(oneRoster(), 'users'));
    expect(shape.code).toBe('SOURCE_UNEXPECTED_SHAPE');
    expect(shape.hint).toContain('recordPath');
    const genericShape = await failure(readAll(generic(), 'users'));
    expect(genericShape.code).toBe('SOURCE_UNEXPECTED_SHAPE');
    expect(genericShape.message).toContain('an object, not a list');

    server.misbehave({});
    const big = await failure(readAll(oneRoster({ maxPageBytes: 2048 }), 'users'));
    expect(big.code).toBe('SOURCE_UNSAFE');
    expect(big.hint).toContain('maxPageBytes');
    server.misbehave({ chunked: true });
    expect((await failure(readAll(oneRoster({ maxPageBytes: 2048 }), 'users'))).code).toBe('SOURCE_UNSAFE');

    server.misbehave({ forbid: ['demographics'] });
    const streams = await oneRoster().discover();
    expect(streams.find((s) => s.name === 'demographics')?.issues?.[0].message).toContain('403');
    expect((await failure(readAll(oneRoster(), 'demographics'))).code).toBe('SOURCE_PERMISSION_DENIED');

    const unreachable = createRestConnector({ baseUrl: 'http://127.0.0.1:1/ims/oneroster/rosters/v1p2', profile: 'oneroster', clientId: 'x' }, 'y', { clock });
    const down = await failure(unreachable.discover());
    expect(down.code).toBe('CONNECTION_FAILED');
    expect(down.hint).toContain('base URL');
    const check = await unreachable.check();
    expect(check.ok).toBe(false);
    expect((await oneRoster().check())).toMatchObject({ ok: true, serverInfo: 'OneRoster 1.2 REST', encrypted: false });

    expect((await failure(readAll(oneRoster(), 'students'))).code).toBe('STREAM_NOT_FOUND');
  });

  it('follows a redirect within the API\'s origin, and refuses to carry the credentials to another', async () => {
    const old = createRestConnector({ baseUrl: `${server.url}/old`, profile: 'oneroster', auth: 'api-key', apiKeyName: 'X-API-Key', pageSize: 10 }, server.apiKey, { clock });
    expect((await readAll(old, 'users')).rows).toHaveLength(32);
    expect(server.log.filter((r) => r.status === 301)).toHaveLength(4);
    server.log.length = 0;
    const away = createRestConnector({ baseUrl: `${server.url}/away`, profile: 'oneroster', auth: 'api-key', pageSize: 10 }, server.apiKey, { clock });
    const err = await failure(readAll(away, 'users'));
    expect(err.code).toBe('CONNECTION_FAILED');
    expect(err.message).toContain('does not send the credentials there');
    expect(server.log.map((r) => r.status)).toEqual([302]);
  });

  it('stops at the AbortSignal between pages', async () => {
    const ac = new AbortController();
    const c = oneRoster();
    const seen: number[] = [];
    const err = await failure(
      (async () => {
        for await (const b of c.read('users', { batchSize: 10, signal: ac.signal })) {
          seen.push(b.length);
          ac.abort();
        }
      })(),
    );
    expect(err.code).toBe('CANCELLED');
    expect(seen).toEqual([10]);
  });

  it('refuses bad settings by name', () => {
    expect(() => createRestConnector({ baseUrl: server.oneRosterUrl, profile: 'oneroster', clientId: 'x', paging: 'sideways' }, 's')).toThrow(/paging/);
    expect(() => createRestConnector({ baseUrl: server.oneRosterUrl, profile: 'oneroster', clientId: 'x', colour: 'red' }, 's')).toThrow(/colour/);
    expect(() => createRestConnector({ baseUrl: 'ftp://x/y', profile: 'generic' }, null)).toThrow(/baseUrl/);
    expect(() => createRestConnector({ baseUrl: server.oneRosterUrl, profile: 'oneroster' }, null)).toThrow(/client id/);
    expect(() => createRestConnector({ baseUrl: server.oneRosterUrl, profile: 'oneroster', clientId: 'x', streams: 'a=/a' }, 's')).toThrow(/profile=generic/);
    expect(() => createRestConnector({ baseUrl: server.url, profile: 'generic', streams: 'a=b' }, null)).toThrow(/name=\/path/);
  });
});

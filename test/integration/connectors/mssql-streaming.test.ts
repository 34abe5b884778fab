import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../../src/shared/errors';
import { createMssqlConnector } from '../../../src/main/engine/connectors/mssql';
import type { SourceConnector } from '../../../src/main/engine/connectors/connector';
import { sampleDatabase } from '../../support/tds/sample-tables';
import { startTdsServer, type TdsServer } from '../../support/tds/tds-server';

// Streaming with back-pressure, cancellation (TDS attention), timeouts and a dropped connection,
// against the TDS test server with a generated table of a million rows.
const ROWS = 1_000_000;
const USER = 'sis_reader';
const PASSWORD = 'Str3am!ng';

let server: TdsServer;
const open: SourceConnector[] = [];

function connector(overrides: Record<string, string | number | boolean> = {}): SourceConnector {
  const c = createMssqlConnector({ host: '127.0.0.1', port: server.port, database: 'Legacy', user: USER, encrypt: 'false', ...overrides }, PASSWORD);
  open.push(c);
  return c;
}

async function failure(p: Promise<unknown>): Promise<StudioError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StudioError);
  return err as StudioError;
}

/** A connector still works after a cancelled or failed read: its connection went back cleanly. */
async function stillWorks(c: SourceConnector): Promise<void> {
  expect(await c.count('sis.ChangeLog')).toBe(7);
  const rows = await c.sample('dbo.AttendanceLog', 3);
  expect(rows.map((r) => r.LogID)).toEqual([1, 2, 3]);
}

beforeAll(async () => {
  server = await startTdsServer({ databases: [sampleDatabase(ROWS)], logins: [{ user: USER, password: PASSWORD }] });
});

afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await server.close();
});

describe('streaming a large table', () => {
  it(
    'reads 1,000,000 rows in key order with bounded memory: the driver is paused while the consumer is busy',
    async () => {
      setFlagsFromString('--expose_gc');
      const gc = runInNewContext('gc') as () => void;
      const c = connector();
      const sentBefore = server.stats.rowsSent;
      const sent = () => server.stats.rowsSent - sentBefore;
      gc();
      const baseline = process.memoryUsage().heapUsed;
      let read = 0;
      let lastId = 0;
      let maxGrowth = 0;
      let maxAhead = 0;
      const measure = () => {
        gc();
        maxGrowth = Math.max(maxGrowth, process.memoryUsage().heapUsed - baseline);
        maxAhead = Math.max(maxAhead, sent() - read);
      };
      for await (const batch of c.read('dbo.AttendanceLog', { batchSize: 1000 })) {
        for (const row of batch) {
          if (row.LogID !== lastId + 1) throw new Error(`Row ${String(row.LogID)} after ${lastId}`);
          lastId = row.LogID as number;
        }
        read += batch.length;
        if (read === 300_000 || read === 700_000) {
          // A busy consumer: the paused driver stops reading the socket, the socket buffers
          // fill, and the server has to stop; nothing piles up in memory meanwhile.
          expect(await serverComesToAStop(sent)).toBe(true);
          measure();
        } else if (read % 100_000 === 0) {
          measure();
        }
      }
      expect(read).toBe(ROWS);
      // The whole table as row objects would take hundreds of MB; a few batches take a few MB.
      expect(maxGrowth).toBeLessThan(32 * 1024 * 1024);
      // While the consumer was busy the server got only as far as the socket buffers allow.
      expect(maxAhead).toBeLessThan(ROWS / 5);
      // The server wrote only while the socket accepted data: it never held the table either.
      expect(server.stats.maxSocketBuffer).toBeLessThan(1024 * 1024);
      process.stdout.write(`mssql 1M-row read: heap growth ≤ ${(maxGrowth / 1048576).toFixed(1)} MB, server ahead of the consumer ≤ ${maxAhead} rows, server socket buffer ≤ ${server.stats.maxSocketBuffer} bytes\n`);
    },
    180_000,
  );
});

/** True once the server has sent nothing new for 200 ms (polled for up to 10 s). */
async function serverComesToAStop(sent: () => number): Promise<boolean> {
  let last = sent();
  let quiet = 0;
  for (let waited = 0; waited < 10_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = sent();
    quiet = now === last ? quiet + 50 : 0;
    last = now;
    if (quiet >= 200) return true;
  }
  return false;
}

describe('cancelling', () => {
  it('stops a read on AbortSignal with an attention, ends with CANCELLED and keeps the connection usable', async () => {
    const c = connector();
    const attentions = server.stats.attentions;
    const controller = new AbortController();
    let batches = 0;
    const err = await failure(
      (async () => {
        for await (const batch of c.read('dbo.AttendanceLog', { batchSize: 500, signal: controller.signal })) {
          expect(batch).toHaveLength(500);
          if (++batches === 3) controller.abort();
        }
      })(),
    );
    expect(err.code).toBe('CANCELLED');
    expect(batches).toBe(3);
    expect(server.stats.attentions).toBe(attentions + 1);
    await stillWorks(c);
  });

  it('stops a read when the consumer breaks out of the loop', async () => {
    const c = connector();
    const attentions = server.stats.attentions;
    const sent = server.stats.rowsSent;
    for await (const batch of c.read('dbo.AttendanceLog', { batchSize: 200 })) {
      expect(batch[0].LogID).toBe(1);
      break;
    }
    expect(server.stats.attentions).toBe(attentions + 1);
    expect(server.stats.rowsSent - sent).toBeLessThan(ROWS / 4);
    await stillWorks(c);
  });

  it('cancels a statement the server is still working on (no rows yet) when the signal aborts', async () => {
    const c = connector();
    await c.count('sis.ChangeLog');
    server.injectFault({ kind: 'hang', match: 'apstudio:read' });
    const attentions = server.stats.attentions;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const err = await failure(
      (async () => {
        for await (const batch of c.read('dbo.AttendanceLog', { batchSize: 10, signal: controller.signal })) expect(batch).toBeUndefined();
      })(),
    );
    expect(err.code).toBe('CANCELLED');
    expect(server.stats.attentions).toBe(attentions + 1);
    await stillWorks(c);
  });

  it('does not start a read whose signal is already aborted', async () => {
    const c = connector();
    await c.count('sis.ChangeLog');
    const requests = server.stats.requests.length;
    const err = await failure(
      (async () => {
        for await (const batch of c.read('dbo.AttendanceLog', { batchSize: 10, signal: AbortSignal.abort() })) expect(batch).toBeUndefined();
      })(),
    );
    expect(err.code).toBe('CANCELLED');
    expect(server.stats.requests.length).toBe(requests);
  });
});

describe('faults', () => {
  it('times out a statement the server never answers (requestTimeout) and cancels it', async () => {
    const c = connector({ requestTimeout: 300 });
    server.injectFault({ kind: 'hang', match: 'apstudio:count' });
    const attentions = server.stats.attentions;
    const err = await failure(c.count('sis.ChangeLog'));
    expect(err.code).toBe('SOURCE_TIMEOUT');
    expect(err.message).toContain('while counting the rows of sis.ChangeLog');
    expect(server.stats.attentions).toBe(attentions + 1);
    await stillWorks(c);
  });

  it('times out a read whose rows stop coming mid-stream instead of hanging', async () => {
    const c = connector({ requestTimeout: 500 });
    server.injectFault({ kind: 'stall', match: 'FROM [dbo].[AttendanceLog]', afterRows: 2_500 });
    let read = 0;
    const err = await failure(
      (async () => {
        for await (const batch of c.read('dbo.AttendanceLog', { batchSize: 1000 })) read += batch.length;
      })(),
    );
    expect(err.code).toBe('SOURCE_TIMEOUT');
    expect(err.message).toContain('while reading dbo.AttendanceLog');
    expect(read).toBe(2_000);
    await stillWorks(c);
  });

  it('reports a connection dropped mid-stream as CONNECTION_FAILED with the rows read so far', async () => {
    const c = connector();
    server.injectFault({ kind: 'drop', match: 'FROM [dbo].[AttendanceLog]', afterRows: 5_000 });
    let read = 0;
    const err = await failure(
      (async () => {
        for await (const batch of c.read('dbo.AttendanceLog', { batchSize: 1000 })) read += batch.length;
      })(),
    );
    expect(err.code).toBe('CONNECTION_FAILED');
    expect(err.message).toContain('was lost while reading dbo.AttendanceLog');
    expect(err.where).toEqual({ table: 'dbo.AttendanceLog' });
    expect(read).toBeLessThanOrEqual(5_000);
    expect(err.details).toEqual({ rowsRead: read });
    // The pool replaces the dropped connection.
    await stillWorks(c);
  });
});

import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseFileConfig } from '../../../../src/main/engine/connectors/files/file-config';
import type { FileEntry } from '../../../../src/main/engine/connectors/files/file-entry';
import type { FileSource } from '../../../../src/main/engine/connectors/files/file-source';
import { FileSourceConnector } from '../../../../src/main/engine/connectors/files/file-source-connector';
import { studioError } from './support/file-helpers';

const ROWS = 200_000;

/** A file served from memory that counts what the reader has pulled out of it. */
class CountingFile {
  served = 0;
  streams: Readable[] = [];

  constructor(
    private readonly bytes: Buffer,
    private readonly stallAfter = Infinity,
  ) {}

  entry(): FileEntry {
    return {
      relativePath: 'big.csv',
      displayPath: '/memory/big.csv',
      size: this.bytes.length,
      open: async () => {
        let offset = 0;
        const stream = new Readable({
          highWaterMark: 64 * 1024,
          read: (size) => {
            if (offset >= this.stallAfter) return; // never answers again: a stalled share
            if (offset >= this.bytes.length) return stream.push(null);
            const chunk = this.bytes.subarray(offset, Math.min(offset + Math.max(size, 16 * 1024), this.bytes.length));
            offset += chunk.length;
            this.served += chunk.length;
            stream.push(chunk);
          },
        });
        this.streams.push(stream);
        return stream;
      },
    };
  }

  /** Rows of the file that have left it so far (its lines, less the header). */
  rowsServed(): number {
    let lines = 0;
    for (let i = this.bytes.indexOf(10); i !== -1 && i < this.served; i = this.bytes.indexOf(10, i + 1)) lines++;
    return Math.max(0, lines - 1);
  }
}

function connectorFor(file: CountingFile, config: Record<string, string | number> = {}): FileSourceConnector {
  const source: FileSource = { label: 'CSV file', path: '/memory/big.csv', naming: 'single', files: async () => [{ entry: file.entry(), format: 'csv' }], close: async () => {} };
  return new FileSourceConnector('csv', source, parseFileConfig({ path: '/memory/big.csv', ...config }));
}

function bigCsv(): Buffer {
  const lines = ['id,name,grade'];
  for (let i = 0; i < ROWS; i++) lines.push(`${i},student ${i},${i % 12}`);
  return Buffer.from(lines.join('\n') + '\n');
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('CSV back-pressure and cancellation', () => {
  it('parses no more than a bounded number of rows ahead of what the consumer pulled', async () => {
    const file = new CountingFile(bigCsv());
    const c = connectorFor(file);
    const iterator = c.read('big', { batchSize: 100 })[Symbol.asyncIterator]();
    let pulled = 0;
    for (let i = 0; i < 10; i++) pulled += (await iterator.next()).value!.length;
    await settle();
    expect(pulled).toBe(1000);
    // A few 64 KiB chunks (detection sample, the chunk in hand, the stream's buffer), never the file.
    const ahead = file.rowsServed() - pulled;
    expect(ahead).toBeLessThan(12_000);
    expect(file.served).toBeLessThan(file.entry().size! / 10);
    for (let i = 0; i < 500; i++) pulled += (await iterator.next()).value!.length;
    await settle();
    expect(file.rowsServed() - pulled).toBeLessThan(12_000);
    let last: unknown = null;
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      pulled += next.value.length;
      last = next.value.at(-1);
    }
    expect(pulled).toBe(ROWS);
    expect(last).toEqual({ id: String(ROWS - 1), name: `student ${ROWS - 1}`, grade: String((ROWS - 1) % 12) });
    expect(file.streams.at(-1)!.destroyed).toBe(true);
  });

  it('stops with CANCELLED when the signal aborts, and releases the file', async () => {
    const file = new CountingFile(bigCsv());
    const c = connectorFor(file);
    const abort = new AbortController();
    let batches = 0;
    const err = await studioError(
      (async () => {
        for await (const _batch of c.read('big', { batchSize: 500, signal: abort.signal })) {
          if (++batches === 3) abort.abort();
        }
      })(),
    );
    expect(err.code).toBe('CANCELLED');
    expect(batches).toBe(3);
    expect(file.streams.every((s) => s.destroyed)).toBe(true);
    expect(file.served).toBeLessThan(file.entry().size! / 10);
  });

  it('releases the file when the consumer breaks out of the loop', async () => {
    const file = new CountingFile(bigCsv());
    const c = connectorFor(file);
    for await (const batch of c.read('big', { batchSize: 10 })) {
      expect(batch).toHaveLength(10);
      break;
    }
    expect(file.streams).toHaveLength(1);
    expect(file.streams[0].destroyed).toBe(true);
  });

  it('fails with SOURCE_TIMEOUT when the file stops delivering, and aborts promptly while waiting', async () => {
    const stalled = new CountingFile(bigCsv(), 256 * 1024);
    const err = await studioError(
      (async () => {
        for await (const _batch of connectorFor(stalled, { readTimeoutMs: 50 }).read('big', { batchSize: 1000 })) {
          // keep pulling until the stall
        }
      })(),
    );
    expect(err).toMatchObject({ code: 'SOURCE_TIMEOUT', where: { table: 'big' } });
    expect(stalled.streams.every((s) => s.destroyed)).toBe(true);

    const waiting = new CountingFile(bigCsv(), 256 * 1024);
    const abort = new AbortController();
    const started = Date.now();
    const pending = (async () => {
      for await (const _batch of connectorFor(waiting, { readTimeoutMs: 60_000 }).read('big', { batchSize: 1000, signal: abort.signal })) {
        // pulls until the stall, then waits
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 30));
    abort.abort();
    expect((await studioError(pending)).code).toBe('CANCELLED');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(waiting.streams.every((s) => s.destroyed)).toBe(true);
  });
});

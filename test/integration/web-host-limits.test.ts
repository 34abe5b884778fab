import { randomBytes } from 'node:crypto';
import { connect as netConnect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Engine } from '../../src/main/engine';
import { startWebHost, type WebHost } from '../../src/main/hosts/web-host';
import { tempDir } from '../support/temp-dir';

/**
 * The per-connection limits of the web host, with the limits lowered and an engine stand-in whose
 * `system.info` answers when the test says so (or at once with a large result), so every limit
 * is reached in milliseconds.
 */

const waiting: (() => void)[] = [];
let bigAnswers = false;
const engine = {
  api: {
    system: {
      info: () =>
        bigAnswers
          ? Promise.resolve({ host: 'web', filler: 'x'.repeat(64 * 1024) })
          : new Promise((resolve) => waiting.push(() => resolve({ host: 'web' }))),
    },
  },
  onEvent: () => () => {},
} as unknown as Engine;

function open(host: WebHost): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/rpc?token=${host.token}`);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function collect(ws: WebSocket, count: number): Promise<Record<string, unknown>[]> {
  const got: Record<string, unknown>[] = [];
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      got.push(JSON.parse(String(data)));
      if (got.length === count) {
        ws.off('message', onMessage);
        resolve(got);
      }
    };
    ws.on('message', onMessage);
  });
}

const info = (id: number) => JSON.stringify({ kind: 'call', id, service: 'system', method: 'info' });

describe('web host limits per connection', () => {
  const dir = tempDir();
  let host: WebHost;

  beforeAll(async () => {
    host = await startWebHost({ engine, rendererDir: dir.path, limits: { maxCallsInFlight: 2, maxMessageBytes: 4096, maxFrameBytes: 16_384, maxBufferedBytes: 256 * 1024 } });
  });
  afterAll(async () => {
    await host.close();
    dir.cleanup();
  });

  it('refuses calls beyond the limit in flight with TOO_MANY_CALLS, and takes calls again once answered', async () => {
    bigAnswers = false;
    const ws = await open(host);
    try {
      const refusals = collect(ws, 3);
      for (let id = 1; id <= 5; id++) ws.send(info(id));
      const refused = await refusals;
      expect(refused.map((m) => m.id)).toEqual([3, 4, 5]);
      for (const m of refused) {
        expect(m).toMatchObject({ kind: 'error', error: { code: 'TOO_MANY_CALLS', details: { maxCallsInFlight: 2 } } });
        expect((m.error as { hint: string }).hint).toMatch(/Wait for earlier answers/);
      }
      const answers = collect(ws, 2);
      for (const release of waiting.splice(0)) release();
      expect((await answers).map((m) => [m.kind, m.id])).toEqual([
        ['result', 1],
        ['result', 2],
      ]);
      const again = collect(ws, 1);
      ws.send(info(6));
      await new Promise((r) => setTimeout(r, 20));
      for (const release of waiting.splice(0)) release();
      expect(await again).toEqual([{ kind: 'result', id: 6, result: { host: 'web' } }]);
    } finally {
      ws.terminate();
      for (const release of waiting.splice(0)) release();
    }
  });

  it('refuses a call over the size limit with MESSAGE_TOO_LARGE and keeps the socket', async () => {
    bigAnswers = true;
    const ws = await open(host);
    try {
      const answers = collect(ws, 2);
      ws.send(JSON.stringify({ kind: 'call', id: 7, service: 'system', method: 'info', params: { pad: 'x'.repeat(5000) } }));
      ws.send(info(8));
      const [refused, answered] = await answers;
      expect(refused).toMatchObject({ kind: 'error', id: 7, error: { code: 'MESSAGE_TOO_LARGE', details: { maxMessageBytes: 4096 } } });
      expect((refused.error as { hint: string }).hint).toMatch(/Send less at once/);
      expect(answered).toMatchObject({ kind: 'result', id: 8 });
    } finally {
      ws.terminate();
    }
  });

  it('closes a socket that sends a message it will not even read with status 1009 and serves the next one', async () => {
    bigAnswers = true;
    const ws = await open(host);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('error', () => {});
    ws.send(JSON.stringify({ kind: 'call', id: 1, service: 'system', method: 'info', params: { pad: 'x'.repeat(20_000) } }));
    expect(await closed).toBe(1009);
    const next = await open(host);
    try {
      const answer = collect(next, 1);
      next.send(info(2));
      expect(await answer).toMatchObject([{ kind: 'result', id: 2 }]);
    } finally {
      next.terminate();
    }
  });

  it('drops a peer that keeps calling but never reads its answers, instead of buffering them', async () => {
    bigAnswers = true;
    // Calls paced under the limit in flight, so each one is answered in full (64 KiB).
    const roomy = await startWebHost({ engine, rendererDir: dir.path, limits: { maxBufferedBytes: 256 * 1024 } });
    // A raw client that writes calls and reads nothing back: answers pile up in the kernel's
    // buffers, then in the host's, until the host gives up on the peer.
    const socket = netConnect(roomy.port, '127.0.0.1');
    const handshake = new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.write(
      `GET /rpc?token=${roomy.token} HTTP/1.1\r\nHost: 127.0.0.1:${roomy.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    await handshake;
    socket.pause();
    const calls = 1000; // 1000 answers of 64 KiB: far beyond what the kernel buffers hold
    const closedByHost = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => {});
    for (let id = 1; id <= calls; id++) {
      const payload = Buffer.from(info(id));
      const key = randomBytes(4);
      const header = Buffer.from([0x81, 0x80 | payload.length]);
      socket.write(Buffer.concat([header, key, Buffer.from(payload.map((b, i) => b ^ key[i % 4]))]));
      if (id % 20 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    let received = 0;
    socket.on('data', (d: Buffer) => (received += d.length));
    socket.resume();
    await closedByHost;
    expect(received).toBeLessThan(calls * 64 * 1024);
    // The host itself still serves others.
    const ws = await open(roomy);
    try {
      const answer = collect(ws, 1);
      ws.send(info(1));
      expect(await answer).toMatchObject([{ kind: 'result', id: 1 }]);
    } finally {
      ws.terminate();
      await roomy.close();
    }
  });
});

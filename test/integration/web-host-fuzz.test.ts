import { randomBytes } from 'node:crypto';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServedCli, type ServedCli } from '../support/served-cli';
import { tempDir } from '../support/temp-dir';

/**
 * Throws what a hostile web page or local program can send at the built studio's web host (a
 * separate `serve` process, so a crash is a real exit): malformed request targets, bad upgrades,
 * and broken WebSocket frames before and after authenticating. After each one the same process
 * must still answer a normal call.
 */

/** What the host reads at most in one message (RPC_LIMITS.maxFrameBytes). */
const MAX_FRAME_BYTES = 4 * 1024 * 1024;

interface FrameSpec {
  fin?: boolean;
  rsv?: number;
  opcode: number;
  payload?: Buffer;
  mask?: boolean;
  /** The length the header claims (default: the payload's). */
  length?: bigint | number;
}

/** One WebSocket frame, built by hand so it can break every rule of RFC 6455. */
function frame(spec: FrameSpec): Buffer {
  const payload = spec.payload ?? Buffer.alloc(0);
  const length = BigInt(spec.length ?? payload.length);
  const mask = spec.mask ?? true;
  const parts: Buffer[] = [Buffer.from([((spec.fin ?? true) ? 0x80 : 0) | ((spec.rsv ?? 0) << 4) | spec.opcode])];
  const maskBit = mask ? 0x80 : 0;
  if (length < 126n) parts.push(Buffer.from([maskBit | Number(length)]));
  else if (length < 65536n) {
    const b = Buffer.alloc(3);
    b[0] = maskBit | 126;
    b.writeUInt16BE(Number(length), 1);
    parts.push(b);
  } else {
    const b = Buffer.alloc(9);
    b[0] = maskBit | 127;
    b.writeBigUInt64BE(length, 1);
    parts.push(b);
  }
  if (mask) {
    const key = randomBytes(4);
    parts.push(key, Buffer.from(payload.map((byte, i) => byte ^ key[i % 4])));
  } else parts.push(payload);
  return Buffer.concat(parts);
}

const closePayload = (code: number, reason: Buffer = Buffer.alloc(0)) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(code, 0);
  return Buffer.concat([b, reason]);
};

const text = (s: string) => Buffer.from(s, 'utf8');

/** The ten frames of the issue (each crashed the host), with the close status RFC 6455 asks for. */
const BAD_FRAMES: { name: string; bytes: Buffer; status: number }[] = [
  { name: 'invalid UTF-8 in a text frame', bytes: frame({ opcode: 0x1, payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }), status: 1007 },
  { name: 'an unmasked frame from the client', bytes: frame({ opcode: 0x1, payload: text('{}'), mask: false }), status: 1002 },
  { name: 'RSV1 set without a negotiated extension', bytes: frame({ opcode: 0x1, rsv: 0b100, payload: text('{}') }), status: 1002 },
  { name: 'a reserved data opcode (0x3)', bytes: frame({ opcode: 0x3, payload: text('{}') }), status: 1002 },
  { name: 'a close frame with an invalid code (999)', bytes: frame({ opcode: 0x8, payload: closePayload(999) }), status: 1002 },
  { name: 'a length over the limit', bytes: frame({ opcode: 0x2, length: MAX_FRAME_BYTES + 1 }), status: 1009 },
  { name: 'a fragmented control frame', bytes: frame({ opcode: 0x9, fin: false, payload: text('x') }), status: 1002 },
  { name: 'a control frame longer than 125 bytes', bytes: frame({ opcode: 0x9, payload: Buffer.alloc(126, 0x61) }), status: 1002 },
  { name: 'a continuation frame with nothing to continue', bytes: frame({ opcode: 0x0, payload: text('{}') }), status: 1002 },
  { name: 'a close reason that is not UTF-8', bytes: frame({ opcode: 0x8, payload: closePayload(1000, Buffer.from([0xc3, 0x28])) }), status: 1007 },
];

/** More broken frames: the other reserved bits and opcodes, absurd lengths, a torn message. */
const MORE_BAD_FRAMES: { name: string; bytes: Buffer }[] = [
  { name: 'RSV2 set', bytes: frame({ opcode: 0x1, rsv: 0b010, payload: text('{}') }) },
  { name: 'RSV3 set', bytes: frame({ opcode: 0x1, rsv: 0b001, payload: text('{}') }) },
  { name: 'a reserved control opcode (0xB)', bytes: frame({ opcode: 0xb }) },
  { name: 'a 64-bit length with its top bit set', bytes: frame({ opcode: 0x1, length: 0x8000_0000_0000_0000n }) },
  { name: 'a length above 2^53', bytes: frame({ opcode: 0x1, length: 2n ** 60n }) },
  { name: 'a close frame with a one-byte body', bytes: frame({ opcode: 0x8, payload: Buffer.from([0x03]) }) },
  { name: 'a close frame with the reserved code 1005', bytes: frame({ opcode: 0x8, payload: closePayload(1005) }) },
  { name: 'a new text frame inside a fragmented message', bytes: Buffer.concat([frame({ opcode: 0x1, fin: false, payload: text('{"a":') }), frame({ opcode: 0x1, payload: text('1}') })]) },
  { name: 'fragments that add up to more than the limit', bytes: Buffer.concat([frame({ opcode: 0x1, fin: false, payload: Buffer.alloc(3 * 1024 * 1024, 0x20) }), frame({ opcode: 0x0, length: 2 * 1024 * 1024 })]) },
  { name: 'invalid UTF-8 split across fragments', bytes: Buffer.concat([frame({ opcode: 0x1, fin: false, payload: Buffer.from([0xe2, 0x82]) }), frame({ opcode: 0x0, payload: Buffer.from([0x41]) })]) },
];

/** Frames that are valid WebSocket but nonsense to the studio: answered, never fatal. */
const NONSENSE_MESSAGES: { name: string; bytes: Buffer }[] = [
  { name: 'a binary message', bytes: frame({ opcode: 0x2, payload: randomBytes(64) }) },
  { name: 'text that is not JSON', bytes: frame({ opcode: 0x1, payload: text('not json') }) },
  { name: 'JSON null', bytes: frame({ opcode: 0x1, payload: text('null') }) },
  { name: 'a call to __proto__', bytes: frame({ opcode: 0x1, payload: text('{"kind":"call","id":1,"service":"__proto__","method":"constructor"}') }) },
  { name: 'a call to toString', bytes: frame({ opcode: 0x1, payload: text('{"kind":"call","id":2,"service":"system","method":"toString"}') }) },
  { name: 'a call with a huge id', bytes: frame({ opcode: 0x1, payload: text('{"kind":"call","id":1e308,"service":"system","method":"info"}') }) },
  { name: 'deeply nested params', bytes: frame({ opcode: 0x1, payload: text(`{"kind":"call","id":3,"service":"projects","method":"open","params":${'['.repeat(50_000)}${']'.repeat(50_000)}}`) }) },
  { name: 'a ping and a pong', bytes: Buffer.concat([frame({ opcode: 0x9, payload: text('hi') }), frame({ opcode: 0xa })]) },
  { name: 'an empty fragmented message', bytes: Buffer.concat([frame({ opcode: 0x1, fin: false }), frame({ opcode: 0x0 })]) },
];

/** Opens a raw TCP connection, writes `chunks`, and returns what came back until the server closed it (or `idleMs` passed). */
function raw(port: number, chunks: (Buffer | string)[], opts: { idleMs?: number; reset?: boolean } = {}): Promise<Buffer> {
  return new Promise((resolve) => {
    const socket = netConnect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (opts.reset) socket.resetAndDestroy();
      else socket.destroy();
      resolve(Buffer.concat(received));
    };
    const timer = setTimeout(finish, opts.idleMs ?? 100);
    socket.on('data', (d) => received.push(d));
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
      if (opts.reset) setTimeout(finish, 5);
    });
  });
}

function upgradeRequest(port: number, target: string, extra: Record<string, string> = {}): string {
  const headers: Record<string, string> = {
    Host: `127.0.0.1:${port}`,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
    ...extra,
  };
  return `GET ${target} HTTP/1.1\r\n${Object.entries(headers)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
}

/**
 * Authenticates over a raw socket, sends `bytes` as they are, and returns the close status the
 * host answered with (null when it did not close within `idleMs`, e.g. waiting for the rest of
 * a frame).
 */
function sendAfterHandshake(port: number, token: string, bytes: Buffer, idleMs = 100): Promise<{ handshake: string; status: number | null }> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    let handshake = '';
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ handshake, status: closeStatus(buffer) });
    };
    let timer = setTimeout(finish, 2000);
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('connect', () => socket.write(upgradeRequest(port, `/rpc?token=${token}`)));
    socket.on('data', (d) => {
      buffer = Buffer.concat([buffer, d]);
      if (handshake) return;
      const end = buffer.indexOf('\r\n\r\n');
      if (end === -1) return;
      handshake = buffer.subarray(0, end).toString('latin1');
      buffer = buffer.subarray(end + 4);
      if (!handshake.startsWith('HTTP/1.1 101')) {
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        reject(new Error(`handshake refused: ${handshake}`));
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(finish, idleMs);
      socket.write(bytes);
    });
  });
}

/** The status code of the first close frame the server sent, if any. */
function closeStatus(buffer: Buffer): number | null {
  let at = 0;
  while (at + 2 <= buffer.length) {
    const opcode = buffer[at] & 0x0f;
    let length = buffer[at + 1] & 0x7f;
    let header = 2;
    if (length === 126) {
      length = buffer.readUInt16BE(at + 2);
      header = 4;
    } else if (length === 127) {
      length = Number(buffer.readBigUInt64BE(at + 2));
      header = 10;
    }
    if (opcode === 0x8) return length >= 2 ? buffer.readUInt16BE(at + header) : null;
    at += header + length;
  }
  return null;
}

describe('web host under malformed input (built CLI, separate process)', () => {
  const dir = tempDir();
  let served: ServedCli;
  let probe: (label: string) => Promise<void>;

  beforeAll(async () => {
    served = await startServedCli([], { env: { APSTUDIO_CONFIG_DIR: join(dir.path, 'config') } });
    probe = async (label: string) => {
      expect(served.alive(), `${label}: the host exited\n${served.stderr()}`).toBe(true);
      const ws = new WebSocket(`ws://127.0.0.1:${served.port}/rpc?token=${served.token}`);
      try {
        const answer = await new Promise<Record<string, unknown>>((resolve, reject) => {
          ws.once('error', reject);
          ws.once('open', () => ws.send(JSON.stringify({ kind: 'call', id: 1, service: 'system', method: 'info' })));
          ws.once('message', (data) => resolve(JSON.parse(String(data))));
        });
        expect(answer, label).toMatchObject({ kind: 'result', id: 1, result: { host: 'web' } });
      } catch (err) {
        throw new Error(`${label}: the host no longer answers (${String(err)})\n${served.stderr()}`);
      } finally {
        ws.terminate();
      }
    };
  });
  afterAll(async () => {
    await served?.stop();
    dir.cleanup();
  });

  it('survives the upgrade to `//` that used to end the process, from any origin and without a token', async () => {
    for (const target of ['//', '//rpc', '///', '//?token=x', '//@', 'http://[', '//%']) {
      for (const origin of ['', 'http://evil.example', 'null']) {
        const answer = (await raw(served.port, [upgradeRequest(served.port, target, { Origin: origin })])).toString('latin1');
        expect(answer, `${target} from ${origin || 'no origin'}`).toMatch(/^HTTP\/1\.1 (400|404)/);
        await probe(`upgrade to ${target}`);
      }
    }
  });

  it('refuses bad upgrades with a status and keeps serving', async () => {
    const p = served.port;
    const cases: [string, string, RegExp][] = [
      ['no token', upgradeRequest(p, '/rpc'), /^HTTP\/1\.1 401/],
      ['a wrong token', upgradeRequest(p, '/rpc?token=wrong'), /^HTTP\/1\.1 401/],
      ['a broken percent escape', upgradeRequest(p, '/rpc?token=%'), /^HTTP\/1\.1 401/],
      ['a spent launch code', upgradeRequest(p, '/rpc?code=never-issued'), /^HTTP\/1\.1 401/],
      ['a foreign origin', upgradeRequest(p, `/rpc?token=${served.token}`, { Origin: 'http://evil.example' }), /^HTTP\/1\.1 403/],
      ['a rebinding host name', upgradeRequest(p, `/rpc?token=${served.token}`, { Host: 'evil.example' }), /^HTTP\/1\.1 403/],
      ['no Sec-WebSocket-Key', upgradeRequest(p, `/rpc?token=${served.token}`, { 'Sec-WebSocket-Key': '' }), /^HTTP\/1\.1 400/],
      ['an unknown WebSocket version', upgradeRequest(p, `/rpc?token=${served.token}`, { 'Sec-WebSocket-Version': '99' }), /^HTTP\/1\.1 400/],
      ['an unknown path', upgradeRequest(p, '/etc/passwd'), /^HTTP\/1\.1 404/],
      ['an asterisk target', upgradeRequest(p, '*'), /^HTTP\/1\.1 (400|404)/],
    ];
    for (const [name, request, expected] of cases) {
      expect((await raw(p, [request])).toString('latin1'), name).toMatch(expected);
      await probe(`upgrade with ${name}`);
    }
    // Half an upgrade, then a reset: the socket errors after Node handed it over.
    await raw(p, [upgradeRequest(p, `/rpc?token=${served.token}`).slice(0, -2)], { reset: true });
    await raw(p, [upgradeRequest(p, `/rpc?token=${served.token}`)], { reset: true });
    await raw(p, [upgradeRequest(p, '/rpc?token=wrong')], { reset: true });
    await probe('upgrades reset mid-way');
  });

  it('answers malformed HTTP requests without stopping', async () => {
    const p = served.port;
    const requests = [
      'GET // HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /..%2f..%2f..%2fetc%2fpasswd HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /%00 HTTP/1.1\r\nHost: x\r\n\r\n',
      `GET /${'a'.repeat(7000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      `GET /${'a/'.repeat(3000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      'GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n',
      'POST /rpc HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello',
      'GET / HTTP/9.9\r\n\r\n',
      'BREW / HTCPCP/1.0\r\n\r\n',
      `GET / HTTP/1.1\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
      '\x00\x01\x02\x03\r\n\r\n',
      frame({ opcode: 0x1, payload: text('{"kind":"call"}') }).toString('latin1'),
    ];
    for (const request of requests) {
      await raw(p, [Buffer.from(request, 'latin1')]);
      await probe(`HTTP ${JSON.stringify(request.slice(0, 40))}`);
    }
    const escape = await fetch(`http://127.0.0.1:${p}/..%2f..%2f..%2fetc%2fpasswd`);
    expect(await escape.text()).not.toMatch(/root:/);
  });

  it('closes the socket with the right status on each of the ten bad frames, and keeps serving', async () => {
    for (const bad of BAD_FRAMES) {
      const { status } = await sendAfterHandshake(served.port, served.token, bad.bytes, 2000);
      expect(status, bad.name).toBe(bad.status);
      await probe(bad.name);
    }
  });

  it('survives more broken frames, nonsense messages and random bytes after authenticating', async () => {
    for (const bad of MORE_BAD_FRAMES) {
      await sendAfterHandshake(served.port, served.token, bad.bytes);
      await probe(bad.name);
    }
    for (const nonsense of NONSENSE_MESSAGES) {
      await sendAfterHandshake(served.port, served.token, nonsense.bytes);
      await probe(nonsense.name);
    }
    // A deterministic stream of random frames: random first bytes, lengths and payloads.
    let seed = 0x5eed;
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) & 0xff;
    for (let i = 0; i < 60; i++) {
      const bytes = Buffer.from(Array.from({ length: 2 + (next() % 40) }, next));
      await sendAfterHandshake(served.port, served.token, bytes, 20);
      if (i % 20 === 19) await probe(`random frames up to #${i}`);
    }
  });

  it('sends broken frames without authenticating and keeps serving', async () => {
    for (const bad of [...BAD_FRAMES, ...MORE_BAD_FRAMES]) {
      await raw(served.port, [upgradeRequest(served.port, '/rpc?token=wrong'), bad.bytes]);
    }
    await probe('frames after a refused upgrade');
  });
});

import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { LaunchCodes } from '../../src/main/hosts/launch-codes';
import { startWebHost, type WebHost } from '../../src/main/hosts/web-host';
import { tempDir } from '../support/temp-dir';

function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, message: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data))));
    ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  });
}

describe('web host', () => {
  const dir = tempDir();
  let engine: Engine;
  let host: WebHost;

  beforeAll(async () => {
    const renderer = join(dir.path, 'renderer');
    mkdirSync(renderer);
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>studio</title>');
    engine = createHostEngine({ host: 'web', configDir: join(dir.path, 'config') });
    host = await startWebHost({ engine, rendererDir: renderer });
  });
  afterAll(async () => {
    await host.close();
    await engine.dispose();
    dir.cleanup();
  });

  it('listens on 127.0.0.1 and prints a URL carrying the token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=${host.token}$`));
    expect(host.token.length).toBeGreaterThanOrEqual(24);
  });

  it('serves the renderer with a strict content security policy, and no path escapes', async () => {
    const res = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const escape = await fetch(`http://127.0.0.1:${host.port}/..%2f..%2fetc%2fpasswd`);
    expect(await escape.text()).not.toMatch(/root:/);
  });

  it('refuses a socket without the right token or from another origin', async () => {
    const base = `ws://127.0.0.1:${host.port}/rpc`;
    await expect(connect(base)).rejects.toThrow(/401/);
    await expect(connect(`${base}?token=wrong`)).rejects.toThrow(/401/);
    await expect(connect(`${base}?token=${host.token}`, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('answers typed calls and typed errors over the socket, and survives garbage', async () => {
    const ws = await connect(`ws://127.0.0.1:${host.port}/rpc?token=${host.token}`, { origin: `http://127.0.0.1:${host.port}` });
    try {
      const info = await call(ws, { kind: 'call', id: 1, service: 'system', method: 'info' });
      expect(info).toMatchObject({ kind: 'result', id: 1, result: { host: 'web' } });
      const bad = await call(ws, 'not json at all');
      expect(bad).toMatchObject({ kind: 'error', error: { code: 'BAD_REQUEST' } });
      const none = await call(ws, { kind: 'call', id: 2, service: 'runs', method: 'list', params: {} });
      expect(none).toMatchObject({ kind: 'error', id: 2, error: { code: 'NO_PROJECT_OPEN' } });
    } finally {
      ws.close();
    }
  });

  it('lets a launch link in once: its code is traded for the session token on the first socket, then refused', async () => {
    const launch = host.launchUrl();
    expect(launch).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?code=[A-Za-z0-9_-]+$`));
    expect(launch).not.toContain(host.token);
    const code = new URL(launch).searchParams.get('code')!;
    const origin = { origin: `http://127.0.0.1:${host.port}` };
    const base = `ws://127.0.0.1:${host.port}/rpc`;
    // A foreign origin is refused without spending the code.
    await expect(connect(`${base}?code=${code}`, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
    const ws = new WebSocket(`${base}?code=${code}`, { headers: origin });
    const first = await new Promise<Record<string, unknown>>((resolve, reject) => {
      ws.once('message', (data) => resolve(JSON.parse(String(data))));
      ws.once('error', reject);
    });
    try {
      expect(first).toEqual({ kind: 'session', token: host.token });
      const info = await call(ws, { kind: 'call', id: 1, service: 'system', method: 'info' });
      expect(info).toMatchObject({ kind: 'result', id: 1 });
    } finally {
      ws.close();
    }
    await expect(connect(`${base}?code=${code}`, origin)).rejects.toThrow(/401/);
    // The token it gave works as the printed one does.
    const again = await connect(`${base}?token=${first.token}`, origin);
    again.close();
  });

  it('refuses a launch code after a minute', async () => {
    let now = 0;
    const codes = new LaunchCodes({ now: () => now });
    const timed = await startWebHost({ engine, rendererDir: dir.path, launchCodes: codes });
    try {
      const code = new URL(timed.launchUrl()).searchParams.get('code');
      now += 60_000;
      await expect(connect(`ws://127.0.0.1:${timed.port}/rpc?code=${code}`)).rejects.toThrow(/401/);
    } finally {
      await timed.close();
    }
  });

  it('reports a port in use as PORT_IN_USE', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startWebHost({ engine, rendererDir: dir.path, port })).rejects.toMatchObject({ code: 'PORT_IN_USE' });
    } finally {
      blocker.close();
    }
  });
});

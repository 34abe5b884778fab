import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClientMessage, ServerMessage } from '../../shared/api/rpc';
import { StudioError } from '../../shared/errors';
import type { Engine } from '../engine/engine';
import { serveChannel } from '../engine/rpc/serve-channel';
import { CONTENT_SECURITY_POLICY } from '../window/csp';
import { serveStatic } from './static-files';

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export interface WebHostOptions {
  engine: Engine;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 or undefined picks a free port. */
  port?: number;
  token?: string;
}

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/**
 * The browser host: the built renderer plus the engine's API over a WebSocket, on 127.0.0.1
 * only. Every socket must present the per-start token and come from the page's own origin,
 * so another site open in the same browser cannot drive the studio.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    serveStatic(options.rendererDir, req.url ?? '/', res, SECURITY_HEADERS);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  const sockets = new Set<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    const refusal = refuse(req, token);
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      const detach = serveChannel(options.engine, webSocketChannel(ws));
      ws.on('close', () => {
        sockets.delete(ws);
        detach();
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new StudioError('PORT_IN_USE', `Port ${options.port} on 127.0.0.1 is already in use.`, 'Choose another port with --port, or leave it out to pick a free one.')
          : err,
      );
    });
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Returns the HTTP status line to refuse an upgrade with, or null to accept it. */
function refuse(req: IncomingMessage, token: string): string | null {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== '/rpc') return '404 Not Found';
  const given = Buffer.from(url.searchParams.get('token') ?? '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return '401 Unauthorized';
  const origin = req.headers.origin;
  const host = req.headers.host ?? '';
  if (origin && origin !== `http://${host}`) return '403 Forbidden';
  if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host)) return '403 Forbidden';
  return null;
}

function webSocketChannel(ws: WebSocket) {
  return {
    send(message: ServerMessage) {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    },
    onMessage(listener: (message: ClientMessage) => void) {
      const handler = (data: Buffer) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(data.toString('utf8'));
        } catch {
          parsed = null;
        }
        listener(parsed as ClientMessage);
      };
      ws.on('message', handler);
      return () => ws.off('message', handler);
    },
  };
}

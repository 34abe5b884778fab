import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { RPC_LIMITS, type SessionMessage } from '../../shared/api/rpc';
import { StudioError } from '../../shared/errors';
import type { Engine } from '../engine/api/engine';
import { serveChannel } from '../engine/rpc/serve-channel';
import { CONTENT_SECURITY_POLICY } from '../window/csp';
import { LaunchCodes } from './launch-codes';
import { serveStatic } from './static-files';
import { admitUpgrade } from './web-host-admission';
import { webSocketConnection, type ConnectionLimits } from './web-socket-connection';

export interface WebHost {
  /** The address with the session token, for the person's own terminal (never for argv). */
  url: string;
  port: number;
  token: string;
  /**
   * A fresh address carrying a one-time launch code instead of the token, for a browser started
   * on the person's behalf (`serve --open`): a command line is visible to every local account.
   */
  launchUrl(): string;
  close(): Promise<void>;
}

export interface WebHostLimits extends ConnectionLimits {
  /** Largest message ws reads at all (its `maxPayload`); a larger one closes the socket (1009). */
  maxFrameBytes: number;
}

/** RPC_LIMITS plus what only the host needs: 32 MiB unread by a peer is a peer that stopped reading. */
export const WEB_HOST_LIMITS: WebHostLimits = { ...RPC_LIMITS, maxBufferedBytes: 32 * 1024 * 1024 };

export interface WebHostOptions {
  engine: Engine;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 or undefined picks a free port. */
  port?: number;
  token?: string;
  /** Tests lower these. */
  limits?: Partial<WebHostLimits>;
  /** Launch codes (tests inject a clock). */
  launchCodes?: LaunchCodes;
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
 * only. Every socket must present the per-start token (or a one-time launch code) and come from
 * the page's own origin, so another site open in the same browser cannot drive the studio.
 *
 * Nothing a peer sends may stop the host, which would kill a run in progress: every handler on
 * the HTTP, upgrade and socket paths is guarded, every socket has an `error` listener (ws closes
 * a socket that breaks the protocol with the proper status code and reports it there), and one
 * connection is bounded in message size, calls in flight and unread output (WebHostLimits).
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const limits: WebHostLimits = { ...WEB_HOST_LIMITS, ...options.limits };
  const codes = options.launchCodes ?? new LaunchCodes();
  const server = createServer((req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      serveStatic(options.rendererDir, req.url ?? '/', res, SECURITY_HEADERS);
    } catch {
      failResponse(res);
    }
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes });
  wss.on('error', () => {});
  const sockets = new Set<WebSocket>();

  const attach = (ws: WebSocket, viaCode: boolean) => {
    // Without this listener a bad frame (invalid UTF-8, an unmasked frame, RSV bits, a reserved
    // opcode or close code, an oversized length) is an uncaught 'error' and ends the process.
    // ws has already closed the socket with the matching status; there is nothing else to do.
    ws.on('error', () => {});
    sockets.add(ws);
    if (viaCode) ws.send(JSON.stringify({ kind: 'session', token } satisfies SessionMessage));
    const detach = serveChannel(options.engine, webSocketConnection(ws, limits));
    ws.on('close', () => {
      sockets.delete(ws);
      detach();
    });
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node removes its own error listener from an upgraded socket; a peer resetting it mid-way
    // must not become an uncaught exception.
    socket.on('error', () => socket.destroy());
    try {
      const admission = admitUpgrade(req, token, codes);
      if ('refuse' in admission) {
        socket.end(`HTTP/1.1 ${admission.refuse}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        try {
          attach(ws, admission.viaCode);
        } catch {
          ws.terminate();
        }
      });
    } catch {
      socket.destroy();
    }
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
  // After listening, a server error (e.g. too many open files on accept) is logged by nobody
  // and must not end the process.
  server.on('error', () => {});
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    launchUrl: () => `http://127.0.0.1:${port}/?code=${codes.issue()}`,
    close: async () => {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A handler failed after or before the headers went out: answer 500 or drop the connection. */
function failResponse(res: ServerResponse): void {
  try {
    if (!res.headersSent) res.writeHead(500, SECURITY_HEADERS).end();
    else res.destroy();
  } catch {
    (res.socket as Socket | null)?.destroy();
  }
}

import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got, with the raw body exactly as sent (the signature is over it). */
export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** What the receiver does with the next request: answer with a status, or never answer. */
export type Script = number | 'hang';

/**
 * A local webhook receiver on node:http (127.0.0.1): answers each request by the script in
 * order (then 200), records every request. `hang` holds the request open until the test ends.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  private readonly script: Script[] = [];
  private readonly held: ServerResponse[] = [];
  private server: Server | null = null;
  url = '';

  answer(...steps: Script[]): void {
    this.script.push(...steps);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        const step = this.script.shift() ?? 200;
        if (step === 'hang') this.held.push(res);
        else res.writeHead(step, { 'Content-Type': 'text/plain' }).end(step >= 300 ? `receiver says no (${step})` : 'ok');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  /** Waits (polling, bounded) until `count` requests have arrived. */
  async waitFor(count: number, timeoutMs = 10_000): Promise<Received[]> {
    const until = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > until) throw new Error(`the receiver got ${this.received.length} of ${count} requests`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.received;
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

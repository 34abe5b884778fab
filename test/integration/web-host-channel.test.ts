import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { startWebHost, type WebHost } from '../../src/main/hosts/web-host';
import type { EventMessage } from '../../src/shared/api/rpc';
import { RPC_LIMITS } from '../../src/shared/api/rpc';
import { StudioError } from '../../src/shared/errors';
import { tempDir } from '../support/temp-dir';

/** A socket that keeps every message it receives, so a test can wait for one. */
async function connect(host: WebHost) {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/rpc?token=${host.token}`, { headers: { origin: `http://127.0.0.1:${host.port}` } });
  const received: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    received.push(JSON.parse(String(data)));
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const until = async (found: (m: Record<string, unknown>) => boolean) => {
    while (!received.some(found)) await new Promise<void>((resolve) => waiters.push(resolve));
    return received.find(found)!;
  };
  return { ws, received, until, send: (m: unknown) => ws.send(JSON.stringify(m)) };
}

describe('web host channel: scoped subscriptions and cancellation over the real socket', () => {
  const dir = tempDir();
  let real: Engine;
  let host: WebHost;
  const listeners = new Set<(m: EventMessage) => void>();
  const emit = (m: EventMessage) => {
    for (const l of listeners) l(m);
  };
  const aborted: boolean[] = [];

  beforeAll(async () => {
    const renderer = join(dir.path, 'renderer');
    mkdirSync(renderer);
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>studio</title>');
    real = createHostEngine({ host: 'web', configDir: join(dir.path, 'config') });
    // The real engine, but with events the test emits and a preview that runs until cancelled
    // (as a preview over a slow source does); everything else is the engine's own.
    const engine: Engine = {
      ...real,
      onEvent: (l) => (listeners.add(l), () => void listeners.delete(l)),
      api: {
        ...real.api,
        mappings: {
          ...real.api.mappings,
          preview: (_req, options) =>
            new Promise((_resolve, reject) => {
              options?.signal?.addEventListener('abort', () => {
                aborted.push(true);
                reject(new StudioError('CANCELLED', 'The mapping preview was cancelled.', 'Run it again.'));
              });
            }),
        },
      },
    };
    host = await startWebHost({ engine, rendererDir: renderer });
  });
  afterAll(async () => {
    await host.close();
    await real.dispose();
    dir.cleanup();
  });

  it('a socket that listens to one run hears that run and the global events, not other runs', async () => {
    const watcher = await connect(host);
    const everything = await connect(host);
    try {
      watcher.send({ kind: 'listen', event: 'run.progress', arg: 'run-a' });
      // A call after the listen: once it is answered, the listen has been applied.
      watcher.send({ kind: 'call', id: 1, service: 'system', method: 'info' });
      await watcher.until((m) => m.id === 1);
      for (const runId of ['run-b', 'run-a']) emit({ kind: 'event', event: 'run.progress', payload: { runId } as never });
      emit({ kind: 'event', event: 'project.changed', payload: null });
      await watcher.until((m) => m.event === 'project.changed');
      await everything.until((m) => m.event === 'project.changed');
      const events = (c: { received: Record<string, unknown>[] }) => c.received.filter((m) => m.kind === 'event').map((m) => `${m.event}:${(m.payload as { runId?: string } | null)?.runId ?? ''}`);
      expect(events(watcher)).toEqual(['run.progress:run-a', 'project.changed:']);
      expect(events(everything)).toEqual(['run.progress:run-b', 'run.progress:run-a', 'project.changed:']);
    } finally {
      watcher.ws.close();
      everything.ws.close();
    }
  });

  it('a cancel stops the call: the method sees its signal abort and the answer is CANCELLED', async () => {
    const c = await connect(host);
    try {
      c.send({ kind: 'call', id: 7, service: 'mappings', method: 'preview', params: { id: 'm1' } });
      c.send({ kind: 'call', id: 8, service: 'system', method: 'info' });
      await c.until((m) => m.id === 8);
      expect(c.received.some((m) => m.id === 7)).toBe(false);
      c.send({ kind: 'cancel', id: 7 });
      const answer = await c.until((m) => m.id === 7);
      expect(answer).toMatchObject({ kind: 'error', id: 7, error: { code: 'CANCELLED' } });
      expect(aborted).toEqual([true]);
    } finally {
      c.ws.close();
    }
  });

  it('listens and cancels get no answer and take no place among the calls in flight', async () => {
    const c = await connect(host);
    try {
      for (let i = 0; i < RPC_LIMITS.maxCallsInFlight + 10; i++) {
        c.send({ kind: 'listen', event: 'run.event', arg: `run-${i}` });
        c.send({ kind: 'cancel', id: 10_000 + i });
      }
      c.send({ kind: 'call', id: 2, service: 'system', method: 'info' });
      expect(await c.until((m) => m.id === 2)).toMatchObject({ kind: 'result', result: { host: 'web' } });
      expect(c.received).toHaveLength(1);
    } finally {
      c.ws.close();
    }
  });
});

import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../../src/shared/api/bridge';
import { createStudioClient } from '../../../src/shared/api/client';
import type { ClientMessage, ServerMessage } from '../../../src/shared/api/rpc';
import { createPortBridge, type BridgePort } from '../../../src/preload/port-bridge';

/** A port-like fake: records what the bridge posts and lets the test play the engine. */
class FakePort implements BridgePort {
  posted: unknown[] = [];
  started = false;
  closed = false;
  private listeners: Array<(event: { data: unknown }) => void> = [];
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  addEventListener(_type: 'message', listener: (event: { data: unknown }) => void): void {
    this.listeners.push(listener);
  }
  start(): void {
    this.started = true;
  }
  close(): void {
    this.closed = true;
  }
  answer(message: unknown): void {
    for (const l of this.listeners) l({ data: message });
  }
}

const call = (id: number, method = 'current'): ClientMessage => ({ kind: 'call', id, service: 'projects', method });

describe('preload port bridge', () => {
  it('queues sends until the engine port arrives, then delivers them in order', () => {
    const bridge = createPortBridge();
    bridge.api.send(call(1));
    bridge.api.send(call(2));
    const port = new FakePort();
    bridge.attach(port, { generation: 1, restarted: false });
    expect(port.started).toBe(true);
    expect(port.posted).toEqual([call(1), call(2)]);
    bridge.api.send(call(3));
    expect(port.posted).toEqual([call(1), call(2), call(3)]);
  });

  it('passes the engine answers and events to every listener until it unsubscribes', () => {
    const bridge = createPortBridge();
    const port = new FakePort();
    bridge.attach(port, { generation: 1, restarted: false });
    const first: ServerMessage[] = [];
    const second: ServerMessage[] = [];
    const off = bridge.api.onMessage((m) => first.push(m));
    bridge.api.onMessage((m) => second.push(m));
    port.answer({ kind: 'result', id: 1, result: null });
    off();
    port.answer({ kind: 'event', event: 'project.changed', payload: null });
    expect(first).toEqual([{ kind: 'result', id: 1, result: null }]);
    expect(second).toHaveLength(2);
  });

  it('ignores messages that are not engine messages', () => {
    const bridge = createPortBridge();
    const port = new FakePort();
    bridge.attach(port, { generation: 1, restarted: false });
    const seen: ServerMessage[] = [];
    bridge.api.onMessage((m) => seen.push(m));
    for (const junk of [null, 'hello', 42, { kind: 'result' }, { kind: 'call', id: 1 }, { kind: 'event' }]) port.answer(junk);
    expect(seen).toEqual([]);
  });

  it('keeps delivering when one listener throws, and reports the failure', () => {
    const reported: unknown[] = [];
    const bridge = createPortBridge((e) => reported.push(e));
    const port = new FakePort();
    bridge.attach(port, { generation: 1, restarted: false });
    const seen: ServerMessage[] = [];
    bridge.api.onMessage(() => {
      throw new Error('listener broke');
    });
    bridge.api.onMessage((m) => seen.push(m));
    port.answer({ kind: 'result', id: 7, result: 1 });
    expect(seen).toHaveLength(1);
    expect((reported[0] as Error).message).toBe('listener broke');
  });

  it('after an engine restart, fails the calls that were on the old port, announces it, and sends on the new one', () => {
    const bridge = createPortBridge();
    const oldPort = new FakePort();
    bridge.attach(oldPort, { generation: 1, restarted: false });
    const seen: ServerMessage[] = [];
    const statuses: EngineStatus[] = [];
    bridge.api.onMessage((m) => seen.push(m));
    bridge.api.onEngineStatus((s) => statuses.push(s));
    bridge.api.send(call(1));
    bridge.api.send(call(2));
    oldPort.answer({ kind: 'result', id: 1, result: 'done' });

    const newPort = new FakePort();
    bridge.attach(newPort, { generation: 2, restarted: true, reason: 'The studio engine stopped unexpectedly (exit code 9). It was restarted.' });
    expect(oldPort.closed).toBe(true);
    expect(seen.map((m) => (m.kind === 'event' ? m.event : `${m.kind}:${m.id}`))).toEqual(['result:1', 'error:2']);
    const lost = seen[1];
    expect(lost.kind === 'error' && lost.error.code).toBe('INTERNAL');
    expect(lost.kind === 'error' && lost.error.message).toContain('exit code 9');
    expect(statuses).toEqual([{ state: 'restarted', reason: 'The studio engine stopped unexpectedly (exit code 9). It was restarted.' }]);

    bridge.api.send(call(3));
    expect(newPort.posted).toEqual([call(3)]);
    expect(oldPort.posted).toEqual([call(1), call(2)]);
  });

  it('when the engine is given up on, fails waiting and queued calls and refuses new ones', () => {
    const bridge = createPortBridge();
    bridge.api.send(call(1));
    const seen: ServerMessage[] = [];
    const statuses: EngineStatus[] = [];
    bridge.api.onMessage((m) => seen.push(m));
    bridge.api.onEngineStatus((s) => statuses.push(s));
    bridge.engineStopped('The studio engine stopped 4 times.');
    bridge.api.send(call(2));
    expect(seen.map((m) => m.kind === 'error' && [m.id, m.error.message])).toEqual([
      [1, 'The studio engine stopped 4 times.'],
      [2, 'The studio engine stopped 4 times.'],
    ]);
    expect(statuses).toEqual([{ state: 'stopped', reason: 'The studio engine stopped 4 times.' }]);
    const late = new FakePort();
    bridge.attach(late, { generation: 5, restarted: true });
    expect(late.closed).toBe(true);
  });

  it('carries a typed client end to end over a real MessageChannel', async () => {
    const bridge = createPortBridge();
    const client = createStudioClient(bridge.api);
    const answer = client.api.system.info();
    const { port1, port2 } = new MessageChannel();
    // The "engine": answers every call with its own method name.
    port2.on('message', (m: ClientMessage) => m.kind === 'call' && port2.postMessage({ kind: 'result', id: m.id, result: { asked: `${m.service}.${m.method}` } }));
    bridge.attach(port1 as unknown as BridgePort, { generation: 1, restarted: false });
    await expect(answer).resolves.toEqual({ asked: 'system.info' });
    port1.close();
  });
});

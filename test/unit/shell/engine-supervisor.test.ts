import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { EngineSupervisor, type EngineChild } from '../../../src/main/window/engine-supervisor';
import type { EngineControlMessage } from '../../../src/main/window/port-channel';

class FakePort {
  closed = false;
  constructor(readonly name: string) {}
  close(): void {
    this.closed = true;
  }
}

class FakeChild extends EventEmitter implements EngineChild<FakePort> {
  received: Array<{ message: EngineControlMessage; ports: string[] }> = [];
  killed = false;
  constructor(private readonly exitOnShutdown: boolean) {
    super();
  }
  postMessage(message: EngineControlMessage, transfer: FakePort[] = []): void {
    this.received.push({ message, ports: transfer.map((p) => p.name) });
    if (message.type === 'shutdown' && this.exitOnShutdown) queueMicrotask(() => this.emit('exit', 0));
  }
  kill(): boolean {
    this.killed = true;
    this.emit('exit', 143);
    return true;
  }
  crash(code: number): void {
    this.emit('exit', code);
  }
}

/** A hand-cranked clock and timer queue, so back-off and timeouts need no real waiting. */
function harness(options: { exitOnShutdown?: boolean } = {}) {
  let now = 0;
  const timers: Array<{ at: number; run: () => void; id: number }> = [];
  let nextId = 1;
  const children: FakeChild[] = [];
  const restarts: Array<{ generation: number; reason: string }> = [];
  const giveUps: string[] = [];
  const supervisor = new EngineSupervisor<FakePort>({
    fork: () => {
      const child = new FakeChild(options.exitOnShutdown ?? true);
      children.push(child);
      return child;
    },
    onRestart: (info) => restarts.push(info),
    onGiveUp: (reason) => giveUps.push(reason),
    now: () => now,
    setTimer: (run, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, run, id });
      return id;
    },
    clearTimer: (id) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
  });
  const advance = (ms: number) => {
    now += ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers.splice(timers.indexOf(due), 1);
      due.run();
    }
  };
  return { supervisor, children, restarts, giveUps, advance, timers };
}

describe('engine supervisor', () => {
  it('forks one engine and hands it ports with a connect message', () => {
    const h = harness();
    h.supervisor.start();
    h.supervisor.start();
    expect(h.children).toHaveLength(1);
    expect(h.supervisor.generation).toBe(1);
    h.supervisor.connect(new FakePort('window'));
    expect(h.children[0].received).toEqual([{ message: { type: 'connect' }, ports: ['window'] }]);
  });

  it('restarts a crashed engine at once, reports it, and serves ports that came in between', () => {
    const h = harness();
    h.supervisor.start();
    h.children[0].crash(9);
    expect(h.supervisor.running).toBe(false);
    h.supervisor.connect(new FakePort('early'));
    h.advance(0);
    expect(h.children).toHaveLength(2);
    expect(h.children[1].received).toEqual([{ message: { type: 'connect' }, ports: ['early'] }]);
    expect(h.restarts).toEqual([{ generation: 2, reason: 'The studio engine stopped unexpectedly (exit code 9). It was restarted.' }]);
  });

  it('backs off on repeated crashes and gives up after too many within the window', () => {
    const h = harness();
    h.supervisor.start();
    h.children[0].crash(1);
    h.advance(0);
    h.children[1].crash(1);
    h.advance(999);
    expect(h.children).toHaveLength(2);
    h.advance(1);
    expect(h.children).toHaveLength(3);
    h.children[2].crash(1);
    h.advance(3000);
    expect(h.children).toHaveLength(4);
    const waiting = new FakePort('waiting');
    h.children[3].crash(1);
    h.supervisor.connect(waiting);
    expect(h.giveUps).toHaveLength(1);
    expect(h.giveUps[0]).toContain('stopped 4 times within 60 seconds');
    expect(waiting.closed).toBe(true);
    h.advance(60_000);
    expect(h.children).toHaveLength(4);
  });

  it('forgets crashes older than the window', () => {
    const h = harness();
    h.supervisor.start();
    for (let i = 0; i < 6; i++) {
      h.children[h.children.length - 1].crash(1);
      h.advance(61_000);
    }
    expect(h.giveUps).toEqual([]);
    expect(h.children).toHaveLength(7);
  });

  it('stops cleanly: asks the engine to shut down and does not restart it', async () => {
    const h = harness();
    h.supervisor.start();
    await h.supervisor.stop();
    expect(h.children[0].received.at(-1)).toEqual({ message: { type: 'shutdown' }, ports: [] });
    expect(h.children[0].killed).toBe(false);
    h.advance(10_000);
    expect(h.children).toHaveLength(1);
    const late = new FakePort('late');
    h.supervisor.connect(late);
    expect(late.closed).toBe(true);
  });

  it('kills an engine that does not finish shutting down in time', async () => {
    const h = harness({ exitOnShutdown: false });
    h.supervisor.start();
    const stopped = h.supervisor.stop();
    h.advance(4999);
    expect(h.children[0].killed).toBe(false);
    h.advance(1);
    await stopped;
    expect(h.children[0].killed).toBe(true);
    expect(h.children).toHaveLength(1);
  });

  it('cancels a pending restart when the app quits', async () => {
    const h = harness();
    h.supervisor.start();
    h.children[0].crash(1);
    // The restart is scheduled (delay 0) but the timer has not run yet.
    const held = new FakePort('held');
    h.supervisor.connect(held);
    await h.supervisor.stop();
    h.advance(10_000);
    expect(h.children).toHaveLength(1);
    expect(held.closed).toBe(true);
  });
});

import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { acceptEnginePorts, portChannel, type MainPortLike, type ParentPortLike } from '../../../src/main/window/port-channel';

/** Mimics Electron's MessagePortMain: an EventEmitter that queues until start(). */
class FakeMainPort extends EventEmitter implements MainPortLike {
  posted: unknown[] = [];
  started = false;
  closed = false;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  start(): void {
    this.started = true;
  }
  close(): void {
    this.closed = true;
    this.emit('close');
  }
  deliver(data: unknown): void {
    this.emit('message', { data });
  }
}

class FakeParent extends EventEmitter implements ParentPortLike {
  reports: unknown[] = [];
  postMessage(message: unknown): void {
    this.reports.push(message);
  }
  control(data: unknown, ports: FakeMainPort[] = []): void {
    this.emit('message', { data, ports });
  }
}

describe('portChannel', () => {
  it('sends, receives the data of message events, and starts the port on first listen', () => {
    const port = new FakeMainPort();
    const channel = portChannel<string, string>(port);
    channel.send('out');
    expect(port.posted).toEqual(['out']);
    expect(port.started).toBe(false);
    const got: string[] = [];
    const off = channel.onMessage((m) => got.push(m));
    expect(port.started).toBe(true);
    port.deliver('in');
    off();
    port.deliver('ignored');
    expect(got).toEqual(['in']);
  });

  it('reports the other end closing', () => {
    const port = new FakeMainPort();
    const channel = portChannel(port);
    let closed = 0;
    channel.onClose(() => closed++);
    channel.close();
    expect(closed).toBe(1);
  });
});

describe('acceptEnginePorts (engine process side)', () => {
  const setup = () => {
    const parent = new FakeParent();
    const served: Array<{ port: FakeMainPort; detached: boolean; send: (m: unknown) => void }> = [];
    const exits: number[] = [];
    let disposed = 0;
    let pendingPort: FakeMainPort | null = null;
    acceptEnginePorts(parent, {
      serve: (channel) => {
        const entry = { port: pendingPort!, detached: false, send: (m: unknown) => channel.send(m) };
        served.push(entry);
        return () => {
          entry.detached = true;
        };
      },
      shutdown: async () => {
        disposed++;
      },
      exit: (code) => exits.push(code),
    });
    const connect = () => {
      pendingPort = new FakeMainPort();
      parent.control({ type: 'connect' }, [pendingPort]);
      return pendingPort;
    };
    return { parent, served, exits, connect, disposed: () => disposed };
  };

  it('says it is ready, serves each connected port, and detaches when the port closes', () => {
    const s = setup();
    expect(s.parent.reports).toEqual([{ type: 'ready' }]);
    const a = s.connect();
    const b = s.connect();
    expect(s.served).toHaveLength(2);
    s.served[0].send({ kind: 'result', id: 1, result: null });
    expect(a.posted).toEqual([{ kind: 'result', id: 1, result: null }]);
    a.close();
    expect(s.served.map((x) => x.detached)).toEqual([true, false]);
    expect(b.closed).toBe(false);
  });

  it('ignores control messages it does not know and connects without a port', () => {
    const s = setup();
    s.parent.control(null);
    s.parent.control('connect');
    s.parent.control({ type: 'connect' }, []);
    s.parent.control({ type: 'format-disk' });
    expect(s.served).toEqual([]);
    expect(s.exits).toEqual([]);
  });

  it('shuts down once: disposes the engine, reports, exits 0, and refuses new ports meanwhile', async () => {
    const s = setup();
    s.parent.control({ type: 'shutdown' });
    s.parent.control({ type: 'shutdown' });
    s.connect();
    await new Promise((r) => setImmediate(r));
    expect(s.disposed()).toBe(1);
    expect(s.served).toEqual([]);
    expect(s.parent.reports).toEqual([{ type: 'ready' }, { type: 'shutdown-complete' }]);
    expect(s.exits).toEqual([0]);
  });
});

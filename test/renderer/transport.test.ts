import { describe, expect, it, vi } from 'vitest';
import { createStudioClient } from '../../src/shared/api/client';
import type { CallMessage, ClientMessage, ServerMessage } from '../../src/shared/api/rpc';
import type { EngineStatus } from '../../src/shared/api/bridge';
import { StudioError } from '../../src/shared/errors';
import { rpcUrl, takeAccessToken, TOKEN_STORAGE_KEY } from '../../src/renderer/src/transport/access-token';
import { chooseTransport, type TransportEnvironment } from '../../src/renderer/src/transport/choose-transport';
import { createWebSocketChannel, defaultBackoff, LAUNCH_LINK_SPENT, type WebSocketLike } from '../../src/renderer/src/transport/websocket-channel';

/** A WebSocket stand-in the test opens, answers and drops by hand. */
class FakeSocket implements WebSocketLike {
  readyState = 0;
  sent: CallMessage[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data) as CallMessage);
  }
  close() {
    this.drop();
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(message: ServerMessage | { kind: 'session'; token: string }) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop() {
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({});
  }
}

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

function environment(href: string, extra: Partial<TransportEnvironment> & { studioBridge?: unknown } = {}) {
  const url = new URL(href);
  const replaceState = vi.fn();
  const storage = memoryStorage();
  const env = {
    location: { href, protocol: url.protocol, host: url.host },
    history: { state: null, replaceState },
    sessionStorage: storage,
    ...extra,
  };
  return { env, replaceState, storage };
}

describe('choosing the transport', () => {
  it('uses the preload bridge when the desktop app provides one, and never opens a socket', () => {
    const sent: ClientMessage[] = [];
    const listeners: ((m: ServerMessage) => void)[] = [];
    const bridge = { send: (m: ClientMessage) => sent.push(m), onMessage: (l: (m: ServerMessage) => void) => (listeners.push(l), () => {}) };
    const createSocket = vi.fn();
    const { env } = environment('http://127.0.0.1:5000/?token=abc', { studioBridge: bridge } as never);
    const choice = chooseTransport(env, { createSocket });
    expect(choice.kind).toBe('ready');
    if (choice.kind !== 'ready') return;
    expect(choice.transport.kind).toBe('bridge');
    expect(choice.transport.status()).toBe('open');
    expect(createSocket).not.toHaveBeenCalled();

    choice.transport.send({ kind: 'call', id: 1, service: 'projects', method: 'current' });
    expect(sent).toEqual([{ kind: 'call', id: 1, service: 'projects', method: 'current' }]);
    const received: ServerMessage[] = [];
    choice.transport.onMessage((m) => received.push(m));
    listeners[0]({ kind: 'result', id: 1, result: null });
    expect(received).toEqual([{ kind: 'result', id: 1, result: null }]);
  });

  it('passes engine restarts and a final stop of the desktop engine on as status changes', () => {
    let engineListener: ((s: EngineStatus) => void) | null = null;
    const bridge = {
      send: () => {},
      onMessage: () => () => {},
      onEngineStatus: (l: (s: EngineStatus) => void) => ((engineListener = l), () => (engineListener = null)),
    };
    const { env } = environment('file:///app/index.html', { studioBridge: bridge } as never);
    const choice = chooseTransport(env);
    if (choice.kind !== 'ready') throw new Error('expected the bridge');
    const statuses: string[] = [];
    choice.transport.onStatus((s) => statuses.push(s));
    engineListener!({ state: 'restarted', reason: 'The studio engine stopped (exit code 3).' });
    expect(statuses).toEqual(['reconnecting', 'open']);
    engineListener!({ state: 'stopped', reason: 'The studio engine kept stopping (exit code 3).' });
    expect(choice.transport.status()).toBe('stopped');
    expect(choice.transport.stopReason()).toBe('The studio engine kept stopping (exit code 3).');
    choice.transport.close();
    expect(engineListener).toBeNull();
  });

  it('opens the WebSocket with the token from the page address, remembers it and strips it from the address bar', () => {
    const sockets: FakeSocket[] = [];
    const { env, replaceState, storage } = environment('http://127.0.0.1:4321/index.html?token=s3cr%2Bt&lang=he#/runs');
    const choice = chooseTransport(env, { createSocket: (url) => (sockets.push(new FakeSocket(url)), sockets.at(-1)!) });
    expect(choice.kind).toBe('ready');
    if (choice.kind !== 'ready') return;
    expect(choice.transport.kind).toBe('websocket');
    expect(sockets).toHaveLength(1);
    expect(sockets[0].url).toBe('ws://127.0.0.1:4321/rpc?token=s3cr%2Bt');
    expect(storage.data.get(TOKEN_STORAGE_KEY)).toBe('s3cr+t');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/index.html?lang=he#/runs');
  });

  it('reuses the remembered token after a reload (the address no longer carries it)', () => {
    const sockets: FakeSocket[] = [];
    const { env, replaceState } = environment('http://localhost:8080/#/sources');
    env.sessionStorage = memoryStorage({ [TOKEN_STORAGE_KEY]: 'kept' });
    const choice = chooseTransport(env, { createSocket: (url) => (sockets.push(new FakeSocket(url)), sockets.at(-1)!) });
    expect(choice.kind).toBe('ready');
    expect(sockets[0].url).toBe('ws://localhost:8080/rpc?token=kept');
    expect(replaceState).not.toHaveBeenCalled();
  });

  it('says the token is missing when neither the address nor the session has one', () => {
    const createSocket = vi.fn();
    const { env } = environment('http://127.0.0.1:4321/');
    expect(chooseTransport(env, { createSocket })).toEqual({ kind: 'missing-token' });
    expect(createSocket).not.toHaveBeenCalled();
  });

  it('trades the one-time code of a launch link for the token: code on the first socket only, stripped from the address, token kept for reconnects', () => {
    const sockets: FakeSocket[] = [];
    const timers: (() => void)[] = [];
    const { env, replaceState, storage } = environment('http://127.0.0.1:4321/?code=0ne-T1me&lang=he#/runs');
    storage.data.set(TOKEN_STORAGE_KEY, 'from-an-earlier-start');
    const choice = chooseTransport(env, { createSocket: (url) => (sockets.push(new FakeSocket(url)), sockets.at(-1)!), setTimer: (cb) => timers.push(cb) });
    expect(choice.kind).toBe('ready');
    if (choice.kind !== 'ready') return;
    expect(sockets[0].url).toBe('ws://127.0.0.1:4321/rpc?code=0ne-T1me');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/?lang=he#/runs');

    const received: ServerMessage[] = [];
    choice.transport.onMessage((m) => received.push(m));
    sockets[0].open();
    sockets[0].receive({ kind: 'session', token: 'the-session-token' });
    expect(received).toEqual([]); // the transport consumes it; the client never sees it
    expect(storage.data.get(TOKEN_STORAGE_KEY)).toBe('the-session-token');

    sockets[0].drop();
    expect(choice.transport.status()).toBe('reconnecting');
    timers[0]();
    expect(sockets[1].url).toBe('ws://127.0.0.1:4321/rpc?token=the-session-token');
    expect(sockets.map((s) => s.url).filter((u) => u.includes('code='))).toHaveLength(1);
  });

  it('stops with a clear reason when the launch code was spent or expired, instead of retrying it for ever', async () => {
    const sockets: FakeSocket[] = [];
    const timers: (() => void)[] = [];
    const { env } = environment('http://127.0.0.1:4321/?code=spent');
    const choice = chooseTransport(env, { createSocket: (url) => (sockets.push(new FakeSocket(url)), sockets.at(-1)!), setTimer: (cb) => timers.push(cb) });
    if (choice.kind !== 'ready') throw new Error('expected a transport');
    const client = createStudioClient(choice.transport);
    const queued = client.api.projects.current();
    sockets[0].drop(); // the host answered the upgrade with 401
    expect(choice.transport.status()).toBe('stopped');
    expect(choice.transport.stopReason()).toBe(LAUNCH_LINK_SPENT);
    expect(timers).toEqual([]);
    await expect(queued).rejects.toMatchObject({ message: LAUNCH_LINK_SPENT });
  });

  it('ignores a session message on a socket opened with the token', () => {
    const sockets: FakeSocket[] = [];
    const { env, storage } = environment('http://127.0.0.1:4321/?token=mine');
    const choice = chooseTransport(env, { createSocket: (url) => (sockets.push(new FakeSocket(url)), sockets.at(-1)!) });
    if (choice.kind !== 'ready') throw new Error('expected a transport');
    const received: ServerMessage[] = [];
    choice.transport.onMessage((m) => received.push(m));
    sockets[0].open();
    sockets[0].receive({ kind: 'session', token: 'someone-elses' });
    expect(received).toEqual([]);
    expect(storage.data.get(TOKEN_STORAGE_KEY)).toBe('mine');
  });

  it('uses wss: when the page is served over https:', () => {
    expect(rpcUrl({ protocol: 'https:', host: 'studio.school.example:8443' }, 'a b')).toBe('wss://studio.school.example:8443/rpc?token=a%20b');
  });

  it('still works when session storage refuses writes', () => {
    const { env, replaceState } = environment('http://127.0.0.1:1/?token=t1');
    env.sessionStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(takeAccessToken(env)).toBe('t1');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/');
  });
});

describe('the WebSocket channel', () => {
  function setup() {
    const sockets: FakeSocket[] = [];
    const timers: { callback: () => void; ms: number }[] = [];
    const transport = createWebSocketChannel({
      url: 'ws://127.0.0.1:1/rpc?token=t',
      createSocket: (url) => (sockets.push(new FakeSocket(url)), sockets.at(-1)!),
      setTimer: (callback, ms) => timers.push({ callback, ms }),
      clearTimer: () => {},
    });
    return { sockets, timers, transport };
  }

  it('queues calls until the socket opens, then sends them in order', () => {
    const { sockets, transport } = setup();
    transport.send({ kind: 'call', id: 1, service: 'projects', method: 'current' });
    transport.send({ kind: 'call', id: 2, service: 'projects', method: 'recent' });
    expect(sockets[0].sent).toEqual([]);
    expect(transport.status()).toBe('connecting');
    sockets[0].open();
    expect(transport.status()).toBe('open');
    expect(sockets[0].sent.map((m) => m.id)).toEqual([1, 2]);
  });

  it('carries a typed call and its answer end to end through the client', async () => {
    const { sockets, transport } = setup();
    const client = createStudioClient(transport);
    sockets[0].open();
    const answer = client.api.projects.recent();
    const call = sockets[0].sent[0];
    expect(call).toMatchObject({ kind: 'call', service: 'projects', method: 'recent' });
    sockets[0].receive({ kind: 'result', id: call.id, result: [{ path: '/a.apstudio', name: 'A', openedAt: '2025-01-01T00:00:00Z', exists: true }] });
    await expect(answer).resolves.toEqual([{ path: '/a.apstudio', name: 'A', openedAt: '2025-01-01T00:00:00Z', exists: true }]);

    const events: unknown[] = [];
    client.on('project.changed', (p) => events.push(p));
    sockets[0].receive({ kind: 'event', event: 'project.changed', payload: null });
    expect(events).toEqual([null]);
  });

  it('reconnects with growing delays after a drop, fails calls that were in flight and sends queued ones once back', async () => {
    const { sockets, timers, transport } = setup();
    const client = createStudioClient(transport);
    const statuses: string[] = [];
    transport.onStatus((s) => statuses.push(s));
    sockets[0].open();

    const inFlight = client.api.runs.start({});
    sockets[0].drop();
    await expect(inFlight).rejects.toBeInstanceOf(StudioError);
    await expect(inFlight).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('dropped before it answered') });
    expect(statuses).toEqual(['open', 'reconnecting']);
    expect(timers.map((t) => t.ms)).toEqual([defaultBackoff(1)]);

    // The engine is still down: the next attempt fails too and waits longer.
    timers[0].callback();
    expect(sockets).toHaveLength(2);
    sockets[1].drop();
    expect(timers.map((t) => t.ms)).toEqual([500, 1000]);

    const queued = client.api.projects.current();
    timers[1].callback();
    expect(sockets[2].sent).toEqual([]);
    sockets[2].open();
    expect(statuses.at(-1)).toBe('open');
    const call = sockets[2].sent[0];
    expect(call).toMatchObject({ service: 'projects', method: 'current' });
    sockets[2].receive({ kind: 'result', id: call.id, result: null });
    await expect(queued).resolves.toBeNull();

    // After a successful open the delays start small again.
    sockets[2].drop();
    expect(timers.at(-1)!.ms).toBe(500);
  });

  it('stops reconnecting once closed', () => {
    const { sockets, timers, transport } = setup();
    sockets[0].open();
    transport.close();
    expect(timers).toEqual([]);
    expect(() => transport.send({ kind: 'call', id: 9, service: 'system', method: 'info' })).toThrow(/closed/);
  });

  it('keeps no more calls in flight than the engine accepts; the rest wait in order', () => {
    const sockets: FakeSocket[] = [];
    const transport = createWebSocketChannel({ url: 'ws://127.0.0.1:1/rpc?token=t', createSocket: (url) => (sockets.push(new FakeSocket(url)), sockets.at(-1)!), maxCallsInFlight: 2 });
    sockets[0].open();
    for (let id = 1; id <= 4; id++) transport.send({ kind: 'call', id, service: 'system', method: 'info' });
    expect(sockets[0].sent.map((m) => m.id)).toEqual([1, 2]);
    sockets[0].receive({ kind: 'result', id: 1, result: null });
    expect(sockets[0].sent.map((m) => m.id)).toEqual([1, 2, 3]);
    sockets[0].receive({ kind: 'error', id: 2, error: { code: 'INTERNAL', message: 'x', hint: 'y' } });
    expect(sockets[0].sent.map((m) => m.id)).toEqual([1, 2, 3, 4]);
  });

  it('refuses a call larger than the engine accepts with MESSAGE_TOO_LARGE, without sending it or dropping the others', async () => {
    const sockets: FakeSocket[] = [];
    const transport = createWebSocketChannel({ url: 'ws://127.0.0.1:1/rpc?token=t', createSocket: (url) => (sockets.push(new FakeSocket(url)), sockets.at(-1)!), maxMessageBytes: 300 });
    const client = createStudioClient(transport);
    sockets[0].open();
    const tooBig = client.api.connections.add({ name: 'ü'.repeat(120), location: '/x.csv' });
    await expect(tooBig).rejects.toMatchObject({ code: 'MESSAGE_TOO_LARGE' });
    expect(sockets[0].sent).toEqual([]);
    void client.api.projects.current();
    expect(sockets[0].sent).toMatchObject([{ service: 'projects', method: 'current' }]);
    expect(transport.status()).toBe('open');
  });

  it('sends a listen again on every new socket (the engine keeps listens per socket) and not after its unlisten', () => {
    const { sockets, timers, transport } = setup();
    const client = createStudioClient(transport);
    const stop = client.listen('run.progress', 'run-a', () => {});
    sockets[0].open();
    expect(sockets[0].sent as unknown[]).toEqual([{ kind: 'listen', event: 'run.progress', arg: 'run-a' }]);
    sockets[0].drop();
    timers[0].callback();
    sockets[1].open();
    expect(sockets[1].sent as unknown[]).toEqual([{ kind: 'listen', event: 'run.progress', arg: 'run-a' }]);
    stop();
    expect(sockets[1].sent.at(-1) as unknown).toEqual({ kind: 'unlisten', event: 'run.progress', arg: 'run-a' });
    sockets[1].drop();
    timers[1].callback();
    sockets[2].open();
    expect(sockets[2].sent).toEqual([]);
  });

  it('a cancelled call still queued is never sent; one on the wire gets a cancel and takes no place among the calls in flight', async () => {
    const { sockets, transport } = setup();
    const client = createStudioClient(transport);
    const queued = new AbortController();
    const early = client.api.mappings.preview({ id: 'm1' }, { signal: queued.signal });
    queued.abort();
    await expect(early).rejects.toMatchObject({ code: 'CANCELLED' });
    sockets[0].open();
    expect(sockets[0].sent).toEqual([]);

    const sent = new AbortController();
    const late = client.api.mappings.preview({ id: 'm1' }, { signal: sent.signal });
    const call = sockets[0].sent[0];
    sent.abort();
    await expect(late).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(sockets[0].sent.at(-1) as unknown).toEqual({ kind: 'cancel', id: call.id });
    // The engine's CANCELLED answer frees the call's place; nothing more reaches the caller.
    sockets[0].receive({ kind: 'error', id: call.id, error: { code: 'CANCELLED', message: 'cancelled', hint: '' } });
    void client.api.projects.current();
    expect(sockets[0].sent.at(-1)).toMatchObject({ kind: 'call', method: 'current' });
  });

  it('caps the backoff at ten seconds', () => {
    expect([1, 2, 3, 4, 5, 6, 12].map(defaultBackoff)).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine/api/engine';
import { serveChannel } from '../../../src/main/engine/rpc/serve-channel';
import { createStudioClient } from '../../../src/shared/api/client';
import type { ClientMessage, EventMessage, MessageChannelLike, ServerMessage } from '../../../src/shared/api/rpc';
import type { StudioApi } from '../../../src/shared/api/services';
import type { RunProgress } from '../../../src/shared/model/run';
import { StudioError } from '../../../src/shared/errors';

/** Two ends of an in-memory channel; `wire` records what the client sent and what the engine answered. */
function channelPair() {
  const toEngine = new Set<(m: ClientMessage) => void>();
  const toClient = new Set<(m: ServerMessage) => void>();
  const wire = { up: [] as ClientMessage[], down: [] as ServerMessage[] };
  const client: MessageChannelLike<ServerMessage, ClientMessage> = {
    send: (m) => {
      wire.up.push(m);
      for (const l of toEngine) l(structuredClone(m));
    },
    onMessage: (l) => (toClient.add(l), () => toClient.delete(l)),
  };
  const engine: MessageChannelLike<ClientMessage, ServerMessage> = {
    send: (m) => {
      wire.down.push(m);
      for (const l of toClient) l(structuredClone(m));
    },
    onMessage: (l) => (toEngine.add(l), () => toEngine.delete(l)),
  };
  return { client, engine, wire };
}

/**
 * An engine whose `mappings.preview` runs until its signal aborts (then answers CANCELLED, as the
 * real one does at its next safe point) and whose events the test emits.
 */
function fakeEngine() {
  const listeners = new Set<(m: EventMessage) => void>();
  const seen: { signal?: AbortSignal }[] = [];
  const api = {
    runs: { get: async (req: { runId: string }) => ({ runId: req.runId }) },
    mappings: {
      preview: (_req: unknown, options?: { signal?: AbortSignal }) =>
        new Promise((_resolve, reject) => {
          seen.push(options ?? {});
          options?.signal?.addEventListener('abort', () => reject(new StudioError('CANCELLED', 'The mapping preview was cancelled.', 'Run it again.')));
        }),
    },
  };
  const engine = {
    api: api as unknown as StudioApi,
    onEvent: (l: (m: EventMessage) => void) => (listeners.add(l), () => listeners.delete(l)),
  } as unknown as Engine;
  const emit = (message: EventMessage) => {
    for (const l of listeners) l(message);
  };
  return { engine, emit, seen };
}

const progress = (runId: string): EventMessage => ({ kind: 'event', event: 'run.progress', payload: { runId, entity: 'students', phase: 'push', counters: {}, estimate: null, rate: 0 } as unknown as RunProgress });
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('the channel: cancellation', () => {
  it('a cancelled call rejects at once with CANCELLED, the engine aborts the method and answers it', async () => {
    const { engine, seen } = fakeEngine();
    const pair = channelPair();
    serveChannel(engine, pair.engine);
    const client = createStudioClient(pair.client);
    const controller = new AbortController();
    const answer = client.api.mappings.preview({ id: 'm1' }, { signal: controller.signal });
    await flush();
    expect(seen).toHaveLength(1);
    expect(seen[0].signal?.aborted).toBe(false);

    controller.abort();
    await expect(answer).rejects.toMatchObject({ code: 'CANCELLED' });
    const call = pair.wire.up.find((m) => m.kind === 'call')!;
    expect(pair.wire.up).toContainEqual({ kind: 'cancel', id: (call as { id: number }).id });
    expect(seen[0].signal?.aborted).toBe(true);
    await flush();
    expect(pair.wire.down).toContainEqual(expect.objectContaining({ kind: 'error', id: (call as { id: number }).id, error: expect.objectContaining({ code: 'CANCELLED' }) }));
  });

  it('a call whose signal has already fired is never sent', async () => {
    const { engine, seen } = fakeEngine();
    const pair = channelPair();
    serveChannel(engine, pair.engine);
    const client = createStudioClient(pair.client);
    await expect(client.api.mappings.preview({ id: 'm1' }, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(pair.wire.up).toEqual([]);
    expect(seen).toEqual([]);
  });

  it('a finished call is not cancelled by a later abort, and detaching the channel aborts what still runs', async () => {
    const { engine, seen } = fakeEngine();
    const pair = channelPair();
    const detach = serveChannel(engine, pair.engine);
    const client = createStudioClient(pair.client);
    const controller = new AbortController();
    await expect(client.api.runs.get({ runId: 'r1' }, { signal: controller.signal })).resolves.toMatchObject({ runId: 'r1' });
    controller.abort();
    expect(pair.wire.up.filter((m) => m.kind === 'cancel')).toEqual([]);

    void client.api.mappings.preview({ id: 'm1' }).catch(() => {});
    await flush();
    detach();
    expect(seen[0].signal?.aborted).toBe(true);
  });
});

describe('the channel: scoped subscriptions', () => {
  it('listen(event, id) hears one run only, and the engine sends no other run over the wire', async () => {
    const { engine, emit } = fakeEngine();
    const pair = channelPair();
    serveChannel(engine, pair.engine);
    const client = createStudioClient(pair.client);
    const heard: string[] = [];
    const stop = client.listen('run.progress', 'run-a', (p) => heard.push(p.runId));
    expect(pair.wire.up).toEqual([{ kind: 'listen', event: 'run.progress', arg: 'run-a' }]);

    emit(progress('run-a'));
    emit(progress('run-b'));
    expect(heard).toEqual(['run-a']);
    expect(pair.wire.down.map((m) => (m.kind === 'event' ? (m.payload as RunProgress).runId : null))).toEqual(['run-a']);

    stop();
    expect(pair.wire.up.at(-1)).toEqual({ kind: 'unlisten', event: 'run.progress', arg: 'run-a' });
    emit(progress('run-a'));
    expect(heard).toEqual(['run-a']);
    expect(pair.wire.down).toHaveLength(1);
  });

  it('global events reach a channel whatever it listens to', () => {
    const { engine, emit } = fakeEngine();
    const pair = channelPair();
    serveChannel(engine, pair.engine);
    const client = createStudioClient(pair.client);
    client.listen('run.progress', 'run-a', () => {});
    const projects: unknown[] = [];
    client.on('project.changed', (p) => projects.push(p));
    // A global event needs no listen on the wire.
    expect(pair.wire.up.filter((m) => m.kind === 'listen')).toHaveLength(1);
    emit({ kind: 'event', event: 'project.changed', payload: null });
    expect(projects).toEqual([null]);
  });

  it('on(event) hears every run, and a channel that never listened hears every event (older clients)', () => {
    const { engine, emit } = fakeEngine();
    const legacy = channelPair();
    serveChannel(engine, legacy.engine);
    const modern = channelPair();
    serveChannel(engine, modern.engine);
    const client = createStudioClient(modern.client);
    const all: string[] = [];
    const one: string[] = [];
    client.on('run.progress', (p) => all.push(p.runId));
    client.listen('run.progress', 'run-b', (p) => one.push(p.runId));
    emit(progress('run-a'));
    emit(progress('run-b'));
    emit({ kind: 'event', event: 'assessment.progress', payload: { assessmentId: 'x' } as never });
    expect(all).toEqual(['run-a', 'run-b']);
    expect(one).toEqual(['run-b']);
    // The modern channel asked for run.progress only; the legacy one gets all three.
    expect(modern.wire.down.map((m) => (m as EventMessage).event)).toEqual(['run.progress', 'run.progress']);
    expect(legacy.wire.down.map((m) => (m as EventMessage).event)).toEqual(['run.progress', 'run.progress', 'assessment.progress']);
  });

  it('two listeners on the same run share one listen; the unlisten goes after the last leaves', () => {
    const { engine } = fakeEngine();
    const pair = channelPair();
    serveChannel(engine, pair.engine);
    const client = createStudioClient(pair.client);
    const a = client.listen('run.event', 'r', () => {});
    const b = client.listen('run.event', 'r', () => {});
    a();
    expect(pair.wire.up).toEqual([{ kind: 'listen', event: 'run.event', arg: 'r' }]);
    b();
    expect(pair.wire.up.at(-1)).toEqual({ kind: 'unlisten', event: 'run.event', arg: 'r' });
  });

  it('ignores listens for events that do not exist', () => {
    const { engine, emit } = fakeEngine();
    const pair = channelPair();
    serveChannel(engine, pair.engine);
    pair.client.send({ kind: 'listen', event: 'no.such' as never });
    emit(progress('run-a'));
    // The bogus listen did not switch the channel to listened mode: it still hears everything.
    expect(pair.wire.down).toHaveLength(1);
  });
});

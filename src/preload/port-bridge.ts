import type { EngineStatus, PortHandoff, StudioBridge } from '../shared/api/bridge';
import type { CallMessage, ClientMessage, ErrorMessage, ServerMessage } from '../shared/api/rpc';
import type { StudioErrorShape } from '../shared/errors';

/** The part of a DOM MessagePort the bridge uses, so the logic can be tested without Electron. */
export interface BridgePort {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  start(): void;
  close(): void;
}

/** The bridge's two faces: `api` goes to the page, `attach`/`engineStopped` stay in the preload. */
export interface PortBridge {
  api: StudioBridge;
  /** Switches to a (new) engine port and sends what was queued while there was none. */
  attach(port: BridgePort, handoff: PortHandoff): void;
  /** The engine is gone for good: fail every waiting call and refuse new ones with a clear error. */
  engineStopped(reason: string): void;
}

const RESTARTED_ERROR: Omit<StudioErrorShape, 'message'> = {
  code: 'INTERNAL',
  hint: 'Try the action again. If the engine keeps stopping, close the studio, open it again and send its log to your support contact.',
};

const STOPPED_HINT = 'Close the studio and open it again. If this happens every time, send the log to your support contact.';

/**
 * The preload's message pump between the page and the engine's MessagePort. Calls sent before
 * the first port arrives are queued; calls that were on the wire when an engine died are answered
 * here with an INTERNAL error, because the new engine never heard of them and the page would
 * otherwise wait forever.
 */
export function createPortBridge(report: (error: unknown) => void = defaultReport): PortBridge {
  let port: BridgePort | null = null;
  let stoppedReason: string | null = null;
  const queue: ClientMessage[] = [];
  const inFlight = new Set<number>();
  const messageListeners = new Set<(message: ServerMessage) => void>();
  const statusListeners = new Set<(status: EngineStatus) => void>();

  const deliver = (message: ServerMessage) => {
    for (const listener of [...messageListeners]) {
      try {
        listener(message);
      } catch (error) {
        report(error);
      }
    }
  };

  const announce = (status: EngineStatus) => {
    for (const listener of [...statusListeners]) {
      try {
        listener(status);
      } catch (error) {
        report(error);
      }
    }
  };

  const failCall = (id: number, error: StudioErrorShape) => {
    const answer: ErrorMessage = { kind: 'error', id, error };
    deliver(answer);
  };

  const post = (message: ClientMessage) => {
    if (isCall(message)) inFlight.add(message.id);
    port!.postMessage(message);
  };

  const onPortMessage = (event: { data: unknown }) => {
    const message = event.data;
    if (!isServerMessage(message)) return;
    if (message.kind !== 'event') inFlight.delete(message.id);
    deliver(message);
  };

  const api: StudioBridge = {
    send(message) {
      if (stoppedReason !== null) {
        if (isCall(message)) failCall(message.id, { code: 'INTERNAL', message: stoppedReason, hint: STOPPED_HINT });
        return;
      }
      if (port) post(message);
      else queue.push(message);
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => void messageListeners.delete(listener);
    },
    onEngineStatus(listener) {
      statusListeners.add(listener);
      return () => void statusListeners.delete(listener);
    },
  };

  return {
    api,
    attach(next, handoff) {
      if (stoppedReason !== null) {
        next.close();
        return;
      }
      const previous = port;
      port = next;
      if (previous) previous.close();
      if (handoff.restarted) {
        const reason = handoff.reason ?? 'The studio engine stopped unexpectedly and was restarted.';
        const lost = [...inFlight];
        inFlight.clear();
        for (const id of lost) failCall(id, { ...RESTARTED_ERROR, message: `${reason} The request was lost; nothing more will come back for it.` });
        announce({ state: 'restarted', reason });
      }
      next.addEventListener('message', onPortMessage);
      next.start();
      for (const message of queue.splice(0)) post(message);
    },
    engineStopped(reason) {
      if (stoppedReason !== null) return;
      stoppedReason = reason;
      port?.close();
      port = null;
      const waiting = [...inFlight, ...queue.filter(isCall).map((m) => m.id)];
      inFlight.clear();
      queue.length = 0;
      for (const id of waiting) failCall(id, { code: 'INTERNAL', message: reason, hint: STOPPED_HINT });
      announce({ state: 'stopped', reason });
    },
  };
}

function isCall(message: unknown): message is CallMessage {
  return typeof message === 'object' && message !== null && (message as ClientMessage).kind === 'call' && typeof (message as CallMessage).id === 'number';
}

function isServerMessage(message: unknown): message is ServerMessage {
  if (typeof message !== 'object' || message === null) return false;
  const kind = (message as { kind?: unknown }).kind;
  if (kind === 'event') return typeof (message as { event?: unknown }).event === 'string';
  return (kind === 'result' || kind === 'error') && typeof (message as { id?: unknown }).id === 'number';
}

function defaultReport(error: unknown): void {
  console.error('A studio message listener failed:', error);
}

import type { WebSocket } from 'ws';
import type { ClientMessage, MessageChannelLike, ServerMessage } from '../../shared/api/rpc';
import { StudioError, toErrorShape } from '../../shared/errors';

export interface ConnectionLimits {
  /** Largest call accepted; a larger one is answered MESSAGE_TOO_LARGE without being run. */
  maxMessageBytes: number;
  /** Calls received but not yet answered; more are refused with TOO_MANY_CALLS. */
  maxCallsInFlight: number;
  /** Bytes queued for a peer that does not read; beyond it the socket is dropped. */
  maxBufferedBytes: number;
}

/**
 * One authenticated WebSocket as a message channel for serveChannel, with the limits that keep
 * one peer from exhausting the host: a call over `maxMessageBytes` or beyond `maxCallsInFlight`
 * gets a typed refusal at once (it never reaches the engine), and a peer that stops reading its answers and events is
 * disconnected once `maxBufferedBytes` wait for it, instead of the host buffering without end.
 */
export function webSocketConnection(ws: WebSocket, limits: ConnectionLimits): MessageChannelLike<ClientMessage, ServerMessage> {
  let inFlight = 0;

  const write = (text: string | null) => {
    if (text === null || ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount + Buffer.byteLength(text) > limits.maxBufferedBytes) {
      ws.terminate();
      return;
    }
    ws.send(text);
  };

  return {
    send(message) {
      if (message.kind !== 'event') inFlight = Math.max(0, inFlight - 1);
      write(encode(message));
    },
    onMessage(listener) {
      // ws hands over a whole message (fragments joined) as one Buffer; binary ones are not ours.
      const handler = (data: Buffer, isBinary: boolean) => {
        let parsed: unknown = null;
        if (!isBinary) {
          try {
            parsed = JSON.parse(data.toString('utf8'));
          } catch {
            parsed = null;
          }
        }
        const id = typeof (parsed as { id?: unknown } | null)?.id === 'number' ? (parsed as { id: number }).id : -1;
        const refuse = (error: StudioError) => write(encode({ kind: 'error', id, error: error.toJSON() }));
        if (data.length > limits.maxMessageBytes) {
          refuse(
            new StudioError(
              'MESSAGE_TOO_LARGE',
              `This request is ${data.length} bytes, more than the ${limits.maxMessageBytes} the studio engine accepts in one message; it was not run.`,
              'Send less at once (fewer rows or a shorter value); nothing was changed.',
              { details: { maxMessageBytes: limits.maxMessageBytes } },
            ),
          );
          return;
        }
        // Cancels, listens and unlistens get no answer, so they take no place among the calls in flight.
        const kind = (parsed as { kind?: unknown } | null)?.kind;
        if (kind === 'cancel' || kind === 'listen' || kind === 'unlisten') {
          listener(parsed as ClientMessage);
          return;
        }
        if (inFlight >= limits.maxCallsInFlight) {
          refuse(
            new StudioError(
              'TOO_MANY_CALLS',
              `This connection already has ${limits.maxCallsInFlight} requests waiting for an answer; this one was not run.`,
              'Wait for earlier answers before sending more (the studio window does this by itself), then send it again.',
              { details: { maxCallsInFlight: limits.maxCallsInFlight } },
            ),
          );
          return;
        }
        inFlight += 1;
        listener(parsed as ClientMessage);
      };
      ws.on('message', handler);
      return () => ws.off('message', handler);
    },
  };
}

/**
 * JSON for the wire. An answer that cannot be encoded becomes a typed error and such an event is
 * dropped (null), never a throw that would take the host down.
 */
function encode(message: ServerMessage): string | null {
  try {
    return JSON.stringify(message);
  } catch (err) {
    if (message.kind === 'event') return null;
    return JSON.stringify({ kind: 'error', id: message.id, error: toErrorShape(err) });
  }
}

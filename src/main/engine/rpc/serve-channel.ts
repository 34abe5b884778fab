import type { ClientMessage, MessageChannelLike, ServerMessage } from '../../../shared/api/rpc';
import type { Engine } from '../api/engine';
import { dispatch } from './dispatch';

/**
 * Serves the engine over any message channel (a WebSocket, an Electron MessagePort): calls are
 * dispatched, answers and events are sent back. Returns a function that detaches the channel.
 */
export function serveChannel(engine: Engine, channel: MessageChannelLike<ClientMessage, ServerMessage>): () => void {
  // A channel that throws on send (a socket torn down mid-write) must not become an unhandled
  // rejection or an exception inside the engine's event emitter: either would end the process.
  const send = (message: ServerMessage) => {
    try {
      channel.send(message);
    } catch {
      // The peer is gone; its close handler detaches this channel.
    }
  };
  const offEvents = engine.onEvent(send);
  const offMessages = channel.onMessage((message) => {
    dispatch(engine.api, message).then(
      (answer) => {
        if (answer) send(answer);
      },
      () => {},
    );
  });
  return () => {
    offEvents();
    offMessages();
  };
}

import type { ClientMessage, MessageChannelLike, ServerMessage } from '../../../shared/api/rpc';
import type { Engine } from '../engine';
import { dispatch } from './dispatch';

/**
 * Serves the engine over any message channel (a WebSocket, an Electron MessagePort): calls are
 * dispatched, answers and events are sent back. Returns a function that detaches the channel.
 */
export function serveChannel(engine: Engine, channel: MessageChannelLike<ClientMessage, ServerMessage>): () => void {
  const offEvents = engine.onEvent((m) => channel.send(m));
  const offMessages = channel.onMessage((message) => {
    void dispatch(engine.api, message).then((answer) => {
      if (answer) channel.send(answer);
    });
  });
  return () => {
    offEvents();
    offMessages();
  };
}

import type { ClientMessage, MessageChannelLike, ServerMessage } from '../../../shared/api/rpc';

/**
 * `connecting` before the first open, `reconnecting` after a drop (or while the desktop app
 * replaces an engine process that died), `open` while usable, `stopped` when the engine is gone
 * for good (the desktop shell gave up restarting it).
 */
export type TransportStatus = 'connecting' | 'open' | 'reconnecting' | 'stopped';

/** A message channel to the engine plus its connection state, whatever carries it. */
export interface StudioTransport extends MessageChannelLike<ServerMessage, ClientMessage> {
  kind: 'bridge' | 'websocket';
  status(): TransportStatus;
  onStatus(listener: (status: TransportStatus) => void): () => void;
  /** Why the engine stopped, for the banner; null otherwise. */
  stopReason(): string | null;
  close(): void;
}

import type { EventMessage } from '../../../shared/api/rpc';

/** Fans engine events out to every connected client (windows, web sockets, the CLI). */
export class EventBus {
  private readonly listeners = new Set<(message: EventMessage) => void>();

  on(listener: (message: EventMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(message: EventMessage): void {
    for (const l of this.listeners) {
      try {
        l(message);
      } catch {
        // One broken client (a closed socket) must not stop the others or the run.
      }
    }
  }
}

import type { FileGrantInfo } from '../../shared/api/services';
import { toErrorShape, type StudioErrorShape } from '../../shared/errors';

/**
 * The desktop app's way of granting a picked file to the engine. The system's file dialog lives
 * in the main process; the engine runs in a utility process and takes grants only from its parent
 * port, which no page can reach (the window's MessagePort carries the ordinary API, where
 * `files.grant` is refused in the desktop app). Main asks, the engine answers with the same id, and
 * only then does main hand the path back to the page, so the grant is in place before the page
 * uses it. This file holds both halves and imports no electron.
 */

/** Main → engine. */
export interface GrantRequest {
  type: 'grant';
  id: number;
  path: string;
}

/** Engine → main. */
export type GrantReply = { type: 'grant-reply'; id: number; ok: true; grant: FileGrantInfo } | { type: 'grant-reply'; id: number; ok: false; error: StudioErrorShape };

/** The part of the utility process's `process.parentPort` the engine half uses. */
export interface GrantPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

/** The engine's half: answers every grant request from main with the engine's own grant. */
export function answerGrantRequests(port: GrantPortLike, grant: (path: string) => Promise<FileGrantInfo>): void {
  port.on('message', (event) => {
    const request = event.data as Partial<GrantRequest> | null;
    if (!request || typeof request !== 'object' || request.type !== 'grant' || typeof request.id !== 'number' || typeof request.path !== 'string') return;
    const id = request.id;
    grant(request.path).then(
      (granted) => port.postMessage({ type: 'grant-reply', id, ok: true, grant: granted } satisfies GrantReply),
      (error: unknown) => port.postMessage({ type: 'grant-reply', id, ok: false, error: toErrorShape(error) } satisfies GrantReply),
    );
  });
}

export interface GrantRequesterOptions {
  /** How long the engine may take to answer. Default 10 s. */
  timeoutMs?: number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Main's half: `request` sends a grant and waits for its answer; feed the engine's messages to `handleMessage`. */
export interface GrantRequester {
  request(path: string): Promise<FileGrantInfo>;
  /** True when the message was a grant reply (and has been handled). */
  handleMessage(message: unknown): boolean;
}

/** A typed failure main can show: the engine's refusal, or "the engine is not there". */
export class GrantFailed extends Error {
  constructor(readonly error: StudioErrorShape) {
    super(error.message);
    this.name = 'GrantFailed';
  }
}

export function grantRequester(send: (request: GrantRequest) => boolean, options: GrantRequesterOptions = {}): GrantRequester {
  const setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
  const clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const pending = new Map<number, { resolve(grant: FileGrantInfo): void; reject(error: Error): void; timer: unknown }>();
  let nextId = 1;
  const notRunning = (message: string): StudioErrorShape => ({ code: 'INTERNAL', message, hint: 'Wait a moment and pick the file again; if it keeps happening, restart the studio.' });

  return {
    request(path) {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        const timer = setTimer(() => {
          pending.delete(id);
          reject(new GrantFailed(notRunning('The studio engine did not answer in time.')));
        }, options.timeoutMs ?? 10_000);
        pending.set(id, { resolve, reject, timer });
        if (!send({ type: 'grant', id, path })) {
          pending.delete(id);
          clearTimer(timer);
          reject(new GrantFailed(notRunning('The studio engine is not running.')));
        }
      });
    },
    handleMessage(message) {
      const reply = message as Partial<GrantReply> | null;
      if (!reply || typeof reply !== 'object' || reply.type !== 'grant-reply' || typeof reply.id !== 'number') return false;
      const waiting = pending.get(reply.id);
      if (!waiting) return true;
      pending.delete(reply.id);
      clearTimer(waiting.timer);
      if (reply.ok === true && reply.grant) waiting.resolve(reply.grant);
      else waiting.reject(new GrantFailed((reply as { error?: StudioErrorShape }).error ?? notRunning('The studio engine refused without saying why.')));
      return true;
    },
  };
}

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EmbeddedTarget, EmbeddedTargetStarter } from '../../academia-api/embedded-target';
import { StudioError, fromErrorShape } from '../../shared/errors';
import type { SandboxWorkerData, SandboxWorkerMessage, SandboxWorkerRequest } from './sandbox-worker-protocol';

/** The worker's file name in the main build (electron.vite.config.ts, entry `sandbox-worker`). */
export const SANDBOX_WORKER_FILE = 'sandbox-worker.js';

/**
 * The built worker beside the bundle this module was built into: out/main/sandbox-worker.js,
 * seen from out/main/<entry>.js or from a shared chunk in out/main/chunks/. Null when running
 * from the TypeScript sources (vitest, jiti), where no built file sits beside this one.
 */
export function builtSandboxWorker(moduleUrl: string | URL = import.meta.url): string | null {
  const here = dirname(fileURLToPath(moduleUrl));
  for (const candidate of [join(here, SANDBOX_WORKER_FILE), join(here, '..', SANDBOX_WORKER_FILE)]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** How to start the sandbox's worker: its script, and (for a source bootstrap) what it is told. */
export interface WorkerSandboxOptions {
  /** The worker's script: the built out/main/sandbox-worker.js, or a bootstrap that loads the sources. */
  workerFile: string | URL;
  /** How long the worker may take to open its file and listen (default 60 s; the machine may be loaded). */
  startTimeoutMs?: number;
}

const stoppedHint = 'Run again: the studio starts a new embedded sandbox. If it keeps stopping, check the free space and permissions of the project folder.';

/**
 * An `EmbeddedTargetStarter` that runs the sandbox in a worker thread, so its CPU (most of a
 * run's: parsing, validating and storing every pushed batch) is on another core than the
 * engine's. A thread rather than a child process: it ends with its process whatever ends that
 * (even SIGKILL), so no orphan can hold the sandbox's file or port; it runs on the same runtime
 * with the same native better-sqlite3 build (inside Electron's utility process a child would
 * need Electron's Node mode and ABI); and it still has its own event loop, heap and garbage
 * collector. A worker that dies unasked turns every later request into a typed
 * EMBEDDED_TARGET_UNAVAILABLE, never a hang; its port closes with it, so the client's requests
 * fail fast too.
 */
export function workerSandboxStarter(options: WorkerSandboxOptions): EmbeddedTargetStarter {
  return (start) => startWorkerSandbox(options, { dataFile: start.dataFile, apiVersions: start.apiVersions });
}

/** The running worker behind an EmbeddedTarget; `worker` is there for tests that end it abruptly. */
export interface WorkerSandbox extends EmbeddedTarget {
  readonly worker: Worker;
}

export function startWorkerSandbox(options: WorkerSandboxOptions, data: SandboxWorkerData): Promise<WorkerSandbox> {
  let worker: Worker;
  try {
    worker = new Worker(options.workerFile, { workerData: data });
  } catch (err) {
    return Promise.reject(new StudioError('EMBEDDED_TARGET_UNAVAILABLE', `The embedded sandbox could not start: ${(err as Error).message}`, 'Reinstall the studio: its sandbox worker is missing or damaged.', { cause: err }));
  }
  const pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  let nextId = 1;
  let stopped: StudioError | null = null;
  let closing: Promise<void> | null = null;
  let ready = false;

  // The worker never keeps its host alive by itself: it holds the loop only while the host waits
  // for one of its answers (a CLI that is done exits even if nobody closed the sandbox).
  const holdWhileWaiting = () => (pending.size || !ready ? worker.ref() : worker.unref());

  const stop = (error: StudioError) => {
    stopped ??= error;
    for (const waiter of pending.values()) waiter.reject(stopped);
    pending.clear();
  };

  const request = (message: { kind: 'knowSchool'; externalId: string } | { kind: 'close' }): Promise<void> => {
    if (stopped) return Promise.reject(stopped);
    const id = nextId++;
    return new Promise<void>((resolve, reject) => {
      pending.set(id, {
        resolve: () => {
          pending.delete(id);
          holdWhileWaiting();
          resolve();
        },
        reject: (err) => {
          pending.delete(id);
          holdWhileWaiting();
          reject(err);
        },
      });
      holdWhileWaiting();
      worker.postMessage({ ...message, id } as SandboxWorkerRequest);
    });
  };

  return new Promise<WorkerSandbox>((resolve, reject) => {
    const timeoutMs = options.startTimeoutMs ?? 60_000;
    const timer = setTimeout(() => {
      const error = new StudioError('EMBEDDED_TARGET_UNAVAILABLE', `The embedded sandbox did not start within ${Math.round(timeoutMs / 1000)} s.`, 'The machine may be very busy: try again in a moment.');
      stop(error);
      void worker.terminate();
      reject(error);
    }, timeoutMs);
    timer.unref();

    worker.on('message', (message: SandboxWorkerMessage) => {
      if (message.kind === 'answer') {
        const waiter = pending.get(message.id);
        if (!waiter) return;
        if (message.error) waiter.reject(fromErrorShape(message.error));
        else waiter.resolve();
        return;
      }
      clearTimeout(timer);
      if (message.kind === 'failed') {
        stop(fromErrorShape(message.error));
        reject(stopped as StudioError);
        return;
      }
      ready = true;
      holdWhileWaiting();
      resolve({
        worker,
        url: message.url,
        clientId: message.clientId,
        clientSecret: message.clientSecret,
        apiKey: message.apiKey,
        adminToken: message.adminToken,
        knowSchool: (externalId) => request({ kind: 'knowSchool', externalId }),
        close() {
          closing ??= stopped
            ? worker.terminate().then(() => undefined)
            : request({ kind: 'close' }).then(
                () => worker.terminate().then(() => undefined),
                () => worker.terminate().then(() => undefined),
              );
          return closing;
        },
      });
    });
    // An uncaught exception in the worker: it is gone (the 'exit' event follows).
    worker.on('error', (err) => {
      stop(new StudioError('EMBEDDED_TARGET_UNAVAILABLE', `The embedded sandbox stopped: ${err.message}`, stoppedHint, { cause: err }));
    });
    worker.on('exit', (code) => {
      clearTimeout(timer);
      stop(
        closing
          ? new StudioError('EMBEDDED_TARGET_UNAVAILABLE', 'The embedded sandbox was closed with its project.', 'Open the project again to start it.')
          : new StudioError('EMBEDDED_TARGET_UNAVAILABLE', `The embedded sandbox stopped unexpectedly (its worker ended with code ${code}).`, stoppedHint, { details: { exitCode: code } }),
      );
      if (!ready) reject(stopped as StudioError);
    });
  });
}

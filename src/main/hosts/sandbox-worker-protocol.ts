import type { TargetApiVersion } from '../../academia-api/contract';
import type { StudioErrorShape } from '../../shared/errors';

/**
 * The messages between a host and the embedded sandbox it runs in a worker thread
 * (`sandbox-worker.ts`, started by `worker-sandbox-starter.ts`). Plain objects, so they pass
 * the structured clone of `postMessage` unchanged; errors travel as the studio's error shape.
 */

/** What the worker is started with (its `workerData`). */
export interface SandboxWorkerData {
  dataFile: string;
  apiVersions: TargetApiVersion[];
}

/** Host → worker: a request, answered by a `SandboxWorkerAnswer` with the same id. */
export type SandboxWorkerRequest = { id: number; kind: 'knowSchool'; externalId: string } | { id: number; kind: 'close' };

/** Worker → host. `ready` or `failed` comes once, first; `answer` for each request. */
export type SandboxWorkerMessage =
  | { kind: 'ready'; url: string; clientId: string; clientSecret: string; apiKey: string; adminToken: string }
  | { kind: 'failed'; error: StudioErrorShape }
  | { kind: 'answer'; id: number; error?: StudioErrorShape };

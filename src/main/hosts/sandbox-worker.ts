import { parentPort, workerData } from 'node:worker_threads';
import { StudioError, toErrorShape, type StudioErrorShape } from '../../shared/errors';
import { startSandbox, type RunningSandbox } from '../../sandbox/index';
import type { SandboxWorkerData, SandboxWorkerMessage, SandboxWorkerRequest } from './sandbox-worker-protocol';

/**
 * The embedded sandbox's own thread (entry `sandbox-worker` of the main build). It opens the
 * sandbox's SQLite file, listens on a free loopback port and says where, then answers the
 * host's `knowSchool` and `close` (protocol: `sandbox-worker-protocol.ts`). Everything the
 * sandbox does — parsing, validating and storing pushed batches, paging lists — runs on this
 * thread's event loop and heap, so the engine's thread only speaks HTTP to it. A thread ends
 * with its process, whatever ends the process, so it can never be left behind as an orphan.
 */
if (!parentPort) throw new Error('sandbox-worker.ts runs as a worker thread (new Worker(…)), not on its own.');
const port = parentPort;

const send = (message: SandboxWorkerMessage) => port.postMessage(message);

function shapeOf(err: unknown, what: string): StudioErrorShape {
  if (err instanceof StudioError) return err.toJSON();
  const message = err instanceof Error ? err.message : String(err);
  return new StudioError('EMBEDDED_TARGET_UNAVAILABLE', `The embedded sandbox ${what}: ${message}`, 'Check that the folder of the project is writable and has free space, then try again.').toJSON();
}

async function main(): Promise<void> {
  const data = workerData as SandboxWorkerData;
  let sandbox: RunningSandbox;
  try {
    sandbox = await startSandbox({ port: 0, dataFile: data.dataFile, apiVersions: data.apiVersions });
  } catch (err) {
    send({ kind: 'failed', error: shapeOf(err, 'could not start') });
    port.close();
    return;
  }
  port.on('message', (request: SandboxWorkerRequest) => {
    if (request.kind === 'knowSchool') {
      try {
        sandbox.knowSchool(request.externalId);
        send({ kind: 'answer', id: request.id });
      } catch (err) {
        send({ kind: 'answer', id: request.id, error: shapeOf(err, 'refused the school') });
      }
    } else if (request.kind === 'close') {
      sandbox.close().then(
        () => {
          send({ kind: 'answer', id: request.id });
          // Nothing is left on this thread's loop once the port is closed: the worker exits.
          port.close();
        },
        (err: unknown) => {
          send({ kind: 'answer', id: request.id, error: toErrorShape(err) });
          port.close();
        },
      );
    }
  });
  send({ kind: 'ready', url: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, apiKey: sandbox.apiKey, adminToken: sandbox.adminToken });
}

void main();

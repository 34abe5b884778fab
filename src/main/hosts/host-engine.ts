import type { EmbeddedTargetStarter } from '../../academia-api/embedded-target';
import { startSandbox } from '../../sandbox/index';
import { createEngine, type Engine, type EngineOptions } from '../engine/index';
import { builtSandboxWorker, workerSandboxStarter } from './worker-sandbox-starter';

/**
 * Starts the embedded sandbox for a project's engine on a free loopback port, in this process
 * and on this thread. It lives in the hosts because the engine never imports the sandbox
 * (docs/architecture.md). The hosts run it in a worker (`embeddedSandboxStarter`); this one is
 * for code running from the TypeScript sources, where no built worker exists.
 */
export const startEmbeddedSandbox: EmbeddedTargetStarter = (options) => startSandbox({ port: 0, dataFile: options.dataFile, apiVersions: options.apiVersions });

/**
 * The starter every host uses: the sandbox in a worker thread (`worker-sandbox-starter.ts`)
 * from the built out/main/sandbox-worker.js beside the bundle — the CLI, the web host and the
 * Electron utility process all run from that bundle. Run from the TypeScript sources (vitest,
 * jiti) there is no built worker beside this file, and a raw Worker cannot run TypeScript, so
 * the sandbox runs in-process there; tests and benchmarks that want the worker say so with
 * `workerSandboxStarter` (test/integration/sandbox-worker.test.ts, bench/whole-run.bench.ts).
 */
export function embeddedSandboxStarter(moduleUrl: string | URL = import.meta.url): EmbeddedTargetStarter {
  const workerFile = builtSandboxWorker(moduleUrl);
  return workerFile ? workerSandboxStarter({ workerFile }) : startEmbeddedSandbox;
}

/** The engine as every host runs it: with the embedded sandbox starter unless told otherwise. */
export function createHostEngine(options: EngineOptions): Engine {
  return createEngine({ embeddedTarget: embeddedSandboxStarter(), ...options });
}

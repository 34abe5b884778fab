import type { EmbeddedTargetStarter } from '../../academia-api/embedded-target';
import { startSandbox } from '../../sandbox/index';
import { createEngine, type Engine, type EngineOptions } from '../engine/index';

/**
 * Starts the embedded sandbox for a project's engine: on a free loopback port, in this process.
 * It lives in the hosts because the engine never imports the sandbox (docs/architecture.md).
 */
export const startEmbeddedSandbox: EmbeddedTargetStarter = (options) => startSandbox({ port: 0, dataFile: options.dataFile, apiVersions: options.apiVersions });

/** The engine as every host runs it: with the embedded sandbox starter unless told otherwise. */
export function createHostEngine(options: EngineOptions): Engine {
  return createEngine({ embeddedTarget: startEmbeddedSandbox, ...options });
}

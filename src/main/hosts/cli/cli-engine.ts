import type { Engine, EngineOptions } from '../../engine/index';
import { createHostEngine } from '../host-engine';

/**
 * Runs one command's work on an engine of its own and disposes of it whatever happens: every
 * command goes through the engine API (`engine.api.<service>.<method>`), as the studio's window
 * does (docs/architecture.md, "One door").
 */
export async function withCliEngine<T>(work: (engine: Engine) => Promise<T>, options: Omit<EngineOptions, 'host'> = {}): Promise<T> {
  const engine = createHostEngine({ host: 'cli', ...options });
  try {
    return await work(engine);
  } finally {
    await engine.dispose();
  }
}

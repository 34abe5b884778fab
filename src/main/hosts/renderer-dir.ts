import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Finds the built renderer: APSTUDIO_RENDERER_DIR, else `out/renderer` found by walking up from
 * this file (works from the bundle in out/main and from the sources under test).
 */
export function rendererDir(): string {
  if (process.env.APSTUDIO_RENDERER_DIR) return resolve(process.env.APSTUDIO_RENDERER_DIR);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    for (const candidate of [join(dir, 'renderer'), join(dir, 'out', 'renderer')]) {
      if (existsSync(join(candidate, 'index.html'))) return candidate;
    }
    dir = dirname(dir);
  }
  return resolve('out', 'renderer');
}

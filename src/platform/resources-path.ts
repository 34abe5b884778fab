import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StudioError } from '../shared/errors';

let cached: string | null = null;

/**
 * The folder holding the studio's read-only resources (OpenAPI documents, demo data, icons).
 *
 * APSTUDIO_RESOURCES wins when set (packaged apps and unusual layouts). Otherwise the folder is
 * found by walking up from this module: that works from the TypeScript sources under vitest
 * (src/main/engine/ → ../../../resources) and from the bundle (out/main/ → ../../resources)
 * without depending on `__dirname`, which ESM lacks.
 */
export function resourcesDir(): string {
  const fromEnv = process.env.APSTUDIO_RESOURCES;
  if (fromEnv) {
    const dir = resolve(fromEnv);
    if (!existsSync(join(dir, 'openapi'))) {
      throw new StudioError('RESOURCES_MISSING', `APSTUDIO_RESOURCES points at ${dir}, which has no openapi folder.`, 'Point APSTUDIO_RESOURCES at the resources folder of the studio (it holds openapi/), or unset it.');
    }
    return dir;
  }
  if (cached) return cached;
  for (const start of startingPoints()) {
    let dir = start;
    for (;;) {
      if (existsSync(join(dir, 'resources', 'openapi'))) return (cached = join(dir, 'resources'));
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new StudioError('RESOURCES_MISSING', 'The studio could not find its resources folder (the one holding openapi/).', 'Reinstall the studio, or set APSTUDIO_RESOURCES to the resources folder.');
}

function startingPoints(): string[] {
  const points = [dirname(fileURLToPath(import.meta.url))];
  // Electron sets process.resourcesPath for packaged apps; plain Node leaves it undefined.
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged) points.push(packaged, join(packaged, 'app.asar.unpacked'));
  return points;
}

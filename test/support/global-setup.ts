import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Runs once before the Node tests: points the studio's per-user configuration folder at a
 * throw-away folder so tests never touch the developer's own recent projects (or, later, keys),
 * and says in one line whether the shared real-world fixtures are there.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'apstudio-config-'));
  process.env.APSTUDIO_CONFIG_DIR = dir;
  const fixtures = resolve('..', 'shared', 'fixtures');
  if (!existsSync(fixtures)) {
    process.stdout.write(`fixture suite not run: ${fixtures} does not exist (it always does in CI); the rest of the tests run as usual.\n`);
  }
  return () => rmSync(dir, { recursive: true, force: true });
}

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Runs once before the Node tests: points the studio's per-user configuration folder at a
 * throw-away folder so tests never touch the developer's own recent projects (or, later, keys),
 * and says in one line whether the shared real-world fixtures are there. In CI (CI set) they
 * always are, so their absence fails the run instead of passing it with the fixture suite skipped.
 * After the run it says which files the suite left changed or new in the clone (in CI that fails).
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'apstudio-config-'));
  process.env.APSTUDIO_CONFIG_DIR = dir;
  const fixtures = resolve('..', 'shared', 'fixtures');
  if (!existsSync(fixtures)) {
    const line = `fixture suite not run: ${fixtures} does not exist`;
    if (process.env.CI) throw new Error(`${line}, and CI must run it (CI is set). Put shared/ beside the clone.`);
    process.stdout.write(`${line} (it always does in CI); the rest of the tests run as usual.\n`);
  }
  const before = gitStatus();
  return () => {
    rmSync(dir, { recursive: true, force: true });
    const after = gitStatus();
    if (before === null || after === null) return;
    const left = [...after].filter((line) => !before.has(line));
    if (left.length === 0) return;
    const message = `the tests left the clone changed (git status): ${left.join('; ')}. Tests write under test-results/ or a temporary folder, never into the checkout.`;
    if (process.env.CI) throw new Error(message);
    process.stdout.write(`warning: ${message}\n`);
  };
}

/** `git status --porcelain` lines, or null outside a git checkout (e.g. an unpacked tarball). */
function gitStatus(): Set<string> | null {
  const result = spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], { encoding: 'utf8', timeout: 20_000 });
  if (result.status !== 0) return null;
  return new Set(result.stdout.split('\n').filter(Boolean));
}

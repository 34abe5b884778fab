import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCREENSHOTS_DIR } from '../../support/browser-studio';
import setup from '../../support/global-setup';
import { tempDir } from '../../support/temp-dir';

const root = join(__dirname, '..', '..', '..');

function testSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? testSources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

describe('the suite leaves a clone clean', () => {
  it('saves the browser tests\' screenshots under test-results/, which git ignores', () => {
    expect(relative(root, SCREENSHOTS_DIR).split(sep)[0]).toBe('test-results');
    const ignored = spawnSync('git', ['check-ignore', '-q', relative(root, join(SCREENSHOTS_DIR, 'projects.png'))], { cwd: root });
    expect(ignored.status).toBe(0);
    for (const file of testSources(join(root, 'test', 'e2e'))) {
      const calls = readFileSync(file, 'utf8').match(/\.screenshot\(\{[^}]*\}/g) ?? [];
      for (const call of calls) expect(call, `${relative(root, file)}: ${call}`).toMatch(/path: join\(screenshots, /);
    }
  });

  it('writes into docs/screenshots only through `npm run screenshots`', () => {
    const self = join(__dirname, 'clean-clone.test.ts');
    const writers = testSources(join(root, 'test')).filter((f) => f !== self && /['"]docs['"],\s*['"]screenshots['"]|docs\/screenshots/.test(readFileSync(f, 'utf8')));
    expect(writers.map((f) => relative(root, f))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.screenshots).toBe('node scripts/screenshots.mjs');
    expect(readFileSync(join(root, 'scripts', 'screenshots.mjs'), 'utf8')).toMatch(/'test-results', 'screenshots'[\s\S]*'docs', 'screenshots'/);
  });
});

describe('global setup: fixtures in CI, and what the run left behind', () => {
  const saved = { cwd: process.cwd(), CI: process.env.CI, config: process.env.APSTUDIO_CONFIG_DIR };
  let repo: ReturnType<typeof tempDir>;
  beforeEach(() => {
    // A clone with no ../shared/fixtures beside it.
    repo = tempDir('apstudio-clone-');
    mkdirSync(join(repo.path, 'clone'));
    spawnSync('git', ['init', '-q'], { cwd: join(repo.path, 'clone') });
    process.chdir(realpathSync(join(repo.path, 'clone')));
  });
  afterEach(() => {
    process.chdir(saved.cwd);
    for (const [key, value] of [['CI', saved.CI], ['APSTUDIO_CONFIG_DIR', saved.config]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    repo.cleanup();
  });

  it('fails the run in CI when the fixtures are missing (outside CI it only says so)', () => {
    process.env.CI = 'true';
    expect(() => setup()).toThrow(/fixture suite not run: .*does not exist, and CI must run it/);
    delete process.env.CI;
    const teardown = setup();
    teardown();
  });

  it('names a file the tests left in the clone, and fails on it in CI', () => {
    delete process.env.CI;
    const teardown = setup();
    writeFileSync('left-behind.png', 'x');
    process.env.CI = 'true';
    expect(() => teardown()).toThrow(/left the clone changed \(git status\): \?\? left-behind\.png/);
  });
});

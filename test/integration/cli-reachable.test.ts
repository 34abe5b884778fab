import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir';

const root = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

/** Lines inside ``` fences: the commands docs tell people to type. */
function codeLines(markdown: string): string[] {
  const lines: string[] = [];
  let inside = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) inside = !inside;
    else if (inside) lines.push(line.trim());
  }
  return lines;
}

describe('the CLI is reachable after install and safe from anywhere', () => {
  const dir = tempDir('apstudio-elsewhere-');
  afterAll(() => dir.cleanup());

  it('`npm run cli -- init x.apstudio` from another folder writes there, not into the checkout', () => {
    const result = spawnSync('npm', ['--prefix', root, 'run', '--silent', 'cli', '--', 'init', 'x.apstudio'], {
      cwd: dir.path,
      env: { ...process.env, APSTUDIO_CONFIG_DIR: join(dir.path, 'config') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(join(dir.path, 'x.apstudio'))).toBe(true);
    expect(existsSync(join(root, 'x.apstudio'))).toBe(false);
  });

  it('is built by npm install (prepare) and, where that did not run, on first use', () => {
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string>; bin: Record<string, string> };
    expect(pkg.scripts.prepare).toBe('node scripts/prepare.mjs');
    expect(read('scripts/prepare.mjs')).toMatch(/'electron-vite\.js'\), 'build'|electronVite, 'build'/);
    expect(pkg.bin['academia-studio']).toBe('bin/academia-studio.mjs');
    expect(read('bin/academia-studio.mjs')).toMatch(/building it once/);
  });

  it('docs never tell anyone to run npx academia-studio (outside the checkout it fetches from the registry)', () => {
    for (const file of ['README.md', 'docs/cli.md', 'docs/security.md', 'docs/electron.md', 'docs/architecture.md']) {
      const offending = codeLines(read(file)).filter((l) => /(^|\s)npx academia-studio\b/.test(l));
      expect(offending, file).toEqual([]);
    }
    // Scheduled jobs: the installed command or an absolute path.
    const jobs = read('docs/security.md').split('\n').filter((l) => /\brun \S*school\.apstudio --json/.test(l));
    expect(jobs.length).toBeGreaterThan(0);
    for (const line of jobs) expect(line).toMatch(/(\/usr\/local\/bin\/academia-studio|academia-studio\.mjs) run/);
    expect(read('README.md')).toMatch(/npm link/);
  });
});

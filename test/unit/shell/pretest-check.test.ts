import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installCommand, missingMessage, missingTestRequirements, type RequirementProbe } from '../../../scripts/pretest-check.mjs';

const root = join(__dirname, '..', '..', '..');
const script = join(root, 'scripts', 'pretest-check.mjs');

/** A machine that has exactly the given executables and OS users. */
function machine(files: string[], opts: { isRoot?: boolean; users?: string[]; env?: Record<string, string> } = {}): RequirementProbe {
  const set = new Set(files);
  return {
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', ...opts.env },
    isRoot: opts.isRoot ?? false,
    isExecutable: (file) => set.has(file),
    listDir: (dir) => [...new Set(files.filter((f) => f.startsWith(dir + '/')).map((f) => f.slice(dir.length + 1).split('/')[0]))],
    hasOsUser: (name) => (opts.users ?? []).includes(name),
  };
}

const EVERYTHING = ['/usr/bin/chromium', '/usr/sbin/mariadbd', '/usr/bin/mariadb-install-db', '/usr/lib/postgresql/15/bin/initdb', '/usr/lib/postgresql/15/bin/pg_ctl', '/usr/bin/openssl', '/usr/bin/pdftotext'];

describe('pretest check (npm test on a fresh machine)', () => {
  it('finds nothing missing where the test helpers find their programs', () => {
    expect(missingTestRequirements(machine(EVERYTHING))).toEqual([]);
    expect(missingTestRequirements(machine(EVERYTHING, { isRoot: true, users: ['postgres'] }))).toEqual([]);
    // The helpers' alternatives: mysqld, a chromium named by APSTUDIO_CHROMIUM, PATH lookups.
    const alt = ['/opt/chrome/chrome', '/usr/sbin/mysqld', '/usr/local/bin/mariadb-install-db', '/usr/lib/postgresql/16/bin/initdb', '/usr/lib/postgresql/16/bin/pg_ctl', '/bin/openssl', '/usr/local/bin/pdftotext'];
    expect(missingTestRequirements(machine(alt, { env: { APSTUDIO_CHROMIUM: '/opt/chrome/chrome' } }))).toEqual([]);
  });

  it('names the one apt command for everything missing on a bare machine (sudo unless root)', () => {
    const missing = missingTestRequirements(machine([]));
    expect(missing.map((m) => m.apt)).toEqual(['chromium', 'mariadb-server-core', 'postgresql', 'openssl', 'poppler-utils']);
    expect(installCommand(missing, false)).toBe('sudo apt-get update && sudo apt-get install -y chromium mariadb-server-core postgresql openssl poppler-utils');
    expect(installCommand(missing, true)).toBe('apt-get update && apt-get install -y chromium mariadb-server-core postgresql openssl poppler-utils');
    const message = missingMessage(missing, false);
    expect(message.split('\n').filter((l) => l.includes('apt-get install'))).toHaveLength(1);
    expect(message).toMatch(/APSTUDIO_TEST_INSTALL=1/);
  });

  it('asks only for what is missing: half a MariaDB, or PostgreSQL without its OS user when root', () => {
    const noInstallDb = EVERYTHING.filter((f) => !f.includes('install-db'));
    expect(missingTestRequirements(machine(noInstallDb)).map((m) => m.apt)).toEqual(['mariadb-server-core']);
    expect(missingTestRequirements(machine(EVERYTHING, { isRoot: true, users: [] })).map((m) => m.apt)).toEqual(['postgresql']);
  });

  it('stops npm test at once with that command and installs nothing unasked', () => {
    // A machine without Chromium (and with a PATH that holds only node's folder).
    const started = Date.now();
    const result = spawnSync(process.execPath, [script], {
      env: { PATH: dirname(process.execPath), APSTUDIO_CHROMIUM: '/nonexistent/chromium', HOME: process.env.HOME ?? '/tmp' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    const commands = result.stderr.split('\n').filter((l) => l.includes('apt-get install'));
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatch(/apt-get install -y chromium\b/);
    expect(result.stdout).not.toMatch(/installing/i);
  });

  it('runs before the build in `npm test`, and CI opts in to installing', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.pretest).toMatch(/^node scripts\/pretest-check\.mjs && /);
    expect(pkg.scripts.test).not.toMatch(/sudo|apt-get/);
    expect(readFileSync(join(root, '.ci', 'run'), 'utf8')).toMatch(/APSTUDIO_TEST_INSTALL=1/);
  });
});

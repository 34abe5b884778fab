// `npm test`'s first step (the `pretest` script): checks that the programs the tests start are
// installed, the same way the tests find them (test/support/chromium.ts, mariadb-server.ts,
// postgres-server.ts, test-certificates.ts). When something is missing it stops at once with
// the one command that installs it, instead of letting the suite run for minutes and fail.
//
// It installs by itself only when APSTUDIO_TEST_INSTALL=1 is set (.ci/run sets it): `npm test`
// never runs apt-get or sudo on someone's machine unasked.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What the real probes look at; tests pass their own. */
export function systemProbe(env = process.env) {
  return {
    env,
    isRoot: process.getuid?.() === 0,
    isExecutable(file) {
      try {
        accessSync(file, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
    listDir(dir) {
      try {
        return readdirSync(dir);
      } catch {
        return [];
      }
    },
    hasOsUser(name) {
      try {
        return readFileSync('/etc/passwd', 'utf8').split('\n').some((line) => line.startsWith(`${name}:`));
      } catch {
        return false;
      }
    },
  };
}

function onPath(probe, names) {
  const dirs = (probe.env.PATH ?? '').split(delimiter).filter(Boolean);
  return dirs.some((dir) => names.some((name) => probe.isExecutable(join(dir, name))));
}

function anyExecutable(probe, files) {
  return files.some((file) => probe.isExecutable(file));
}

/**
 * The Debian packages the suite needs and does not have, each with what it is for.
 * Looks exactly where the test helpers look, so a pass here means they find their programs.
 */
export function missingTestRequirements(probe = systemProbe()) {
  const missing = [];
  const chromium = probe.env.APSTUDIO_CHROMIUM || '/usr/bin/chromium';
  if (!probe.isExecutable(chromium)) missing.push({ apt: 'chromium', what: `Chromium (${chromium}) for the browser tests` });

  const mariadbd = anyExecutable(probe, ['/usr/sbin/mariadbd', '/usr/libexec/mariadbd', '/usr/sbin/mysqld']) || onPath(probe, ['mariadbd', 'mysqld']);
  const installDb = anyExecutable(probe, ['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db']) || onPath(probe, ['mariadb-install-db', 'mysql_install_db']);
  if (!mariadbd || !installDb) missing.push({ apt: 'mariadb-server-core', what: 'MariaDB (mariadbd, mariadb-install-db) for the MySQL/MariaDB tests' });

  const pgRoot = '/usr/lib/postgresql';
  const pgBin = probe.listDir(pgRoot).some((v) => probe.isExecutable(join(pgRoot, v, 'bin', 'initdb')) && probe.isExecutable(join(pgRoot, v, 'bin', 'pg_ctl')));
  // PostgreSQL refuses to run as root: as root the tests run it as the `postgres` OS user.
  if (!pgBin || (probe.isRoot && !probe.hasOsUser('postgres'))) missing.push({ apt: 'postgresql', what: `PostgreSQL (${pgRoot}/<version>/bin/initdb) for the PostgreSQL tests` });

  if (!onPath(probe, ['openssl'])) missing.push({ apt: 'openssl', what: 'the openssl command, which makes the TLS tests\' throw-away certificates' });
  if (!onPath(probe, ['pdftotext'])) missing.push({ apt: 'poppler-utils', what: 'pdftotext, with which the report tests read back the PDFs Chromium prints' });
  return missing;
}

/** The one command that installs what is missing (sudo unless already root). */
export function installCommand(missing, isRoot) {
  const packages = missing.map((m) => m.apt).join(' ');
  const sudo = isRoot ? '' : 'sudo ';
  return `${sudo}apt-get update && ${sudo}apt-get install -y ${packages}`;
}

/** What `npm test` prints when something is missing (no install asked for). */
export function missingMessage(missing, isRoot) {
  return [
    `npm test stopped before building: the tests start real programs that are not installed here:`,
    ...missing.map((m) => `  - ${m.what}`),
    `Install them once with (Debian):`,
    `  ${installCommand(missing, isRoot)}`,
    `then run npm test again. (APSTUDIO_TEST_INSTALL=1 npm test installs them itself, as CI does; without it npm test never installs anything.)`,
  ].join('\n');
}

function install(missing, probe) {
  const packages = missing.map((m) => m.apt);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Asked for explicitly; as another user only where sudo needs no password (-n never prompts).
  const runAs = (args) => (probe.isRoot ? spawnSync(args[0], args.slice(1), { stdio: 'inherit', env }) : spawnSync('sudo', ['-n', ...args], { stdio: 'inherit', env }));
  console.log(`APSTUDIO_TEST_INSTALL=1: installing ${packages.join(' ')} ...`);
  if (runAs(['apt-get', 'update', '-q']).status !== 0) return false;
  if (runAs(['apt-get', 'install', '-y', '-q', ...packages]).status !== 0) return false;
  // Debian starts the packaged database services where it can; the tests run their own private
  // instances on free ports, so stop the system ones to keep the machine's memory for them.
  if (existsSync('/usr/sbin/service')) {
    for (const service of ['mariadb', 'postgresql']) runAs(['service', service, 'stop']);
  }
  return true;
}

function main() {
  const probe = systemProbe();
  let missing = missingTestRequirements(probe);
  if (missing.length && probe.env.APSTUDIO_TEST_INSTALL === '1') {
    if (!install(missing, probe)) {
      console.error(`The install failed (see above). Run it by hand:\n  ${installCommand(missing, probe.isRoot)}`);
      process.exit(1);
    }
    missing = missingTestRequirements(probe);
  }
  if (missing.length) {
    console.error(missingMessage(missing, probe.isRoot));
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();

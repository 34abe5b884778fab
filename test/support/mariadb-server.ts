import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import mysql from 'mysql2/promise';
import { makeTestCertificates } from './test-certificates';

/** A private MariaDB server for one test file, on 127.0.0.1 and a free port. */
export interface MariaDbServer {
  host: '127.0.0.1';
  port: number;
  user: string;
  password: string;
  database: string;
  /** mysql://user:pass@127.0.0.1:port/db */
  url: string;
  /** The PEM file of the authority that signed the server certificate (only with `tls`). */
  caFile?: string;
  /** Shuts the server down and deletes its data folder. */
  stop(): Promise<void>;
}

/** The Debian package that holds mariadbd and mariadb-install-db. */
export const MARIADB_APT_PACKAGE = 'mariadb-server-core';

const SERVER_CANDIDATES = ['/usr/sbin/mariadbd', '/usr/libexec/mariadbd', '/usr/sbin/mysqld'];
const INSTALL_DB_CANDIDATES = ['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db'];
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Starts a throw-away mariadbd from the distribution's binaries: a fresh data folder in the temp
 * directory, its own socket and pid file, TCP on 127.0.0.1 only, and a user and database made at
 * start-up (init file) so tests connect over TCP like any client. The system's own MariaDB, if
 * any, is never touched. Resolves once the server accepts a login; rejects with the tail of the
 * server's log when it does not come up.
 */
export async function startMariaDb(opts: { database?: string; timeoutMs?: number; tls?: boolean } = {}): Promise<MariaDbServer> {
  const database = opts.database ?? 'legacy';
  if (!/^[A-Za-z0-9_]{1,64}$/.test(database)) throw new Error(`"${database}" is not a plain database name (letters, digits, underscore).`);
  const mariadbd = findExecutable(SERVER_CANDIDATES, ['mariadbd', 'mysqld']);
  const installDb = findExecutable(INSTALL_DB_CANDIDATES, ['mariadb-install-db', 'mysql_install_db']);
  if (!mariadbd || !installDb) {
    throw new Error(
      `The MariaDB server binaries are not installed (${mariadbd ? '' : 'mariadbd not found in /usr/sbin or PATH; '}${installDb ? '' : 'mariadb-install-db not found in /usr/bin or PATH; '}needed for the MariaDB tests). Install them with: apt-get install -y ${MARIADB_APT_PACKAGE}`,
    );
  }

  const dir = mkdtempSync(join(tmpdir(), 'apstudio-mariadb-'));
  const dataDir = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const user = 'studio';
  const password = randomBytes(12).toString('hex');
  // Small redo log and buffer pool: a test server starts in a fraction of a second and uses little disk.
  const tuning = ['--innodb-log-file-size=8M', '--innodb-buffer-pool-size=32M'];

  const install = spawnSync(installDb, ['--no-defaults', `--datadir=${dataDir}`, '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve', ...(asRoot ? ['--user=root'] : []), ...tuning], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (install.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`mariadb-install-db failed (exit ${install.status ?? install.signal}):\n${tail(`${install.stdout ?? ''}${install.stderr ?? ''}`)}`);
  }
  writeFileSync(
    join(dir, 'init.sql'),
    [
      `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`,
      `CREATE USER IF NOT EXISTS '${user}'@'%' IDENTIFIED BY '${password}';`,
      `GRANT ALL PRIVILEGES ON *.* TO '${user}'@'%';`,
      '',
    ].join('\n'),
  );

  // With `tls`, serve TLS with a certificate for 127.0.0.1 signed by a throw-away authority.
  const caFile = opts.tls ? await makeTestCertificates(dir) : undefined;
  const tlsOptions = caFile ? [`--ssl-ca=${caFile}`, `--ssl-cert=${join(dir, 'server.crt')}`, `--ssl-key=${join(dir, 'server.key')}`] : [];

  let lastError: Error | null = null;
  // A port found free can be taken by someone else before mariadbd binds it; then try another.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const logFile = join(dir, `error-${attempt}.log`);
    const child = spawn(
      mariadbd,
      [
        '--no-defaults',
        `--datadir=${dataDir}`,
        `--socket=${join(dir, 'mysqld.sock')}`,
        `--pid-file=${join(dir, 'mysqld.pid')}`,
        `--tmpdir=${dir}`,
        `--log-error=${logFile}`,
        `--init-file=${join(dir, 'init.sql')}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        '--skip-networking=0',
        '--skip-name-resolve',
        '--innodb-use-native-aio=0',
        '--innodb-flush-log-at-trx-commit=0',
        '--innodb-doublewrite=0',
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_unicode_ci',
        ...(asRoot ? ['--user=root'] : []),
        ...tuning,
        ...tlsOptions,
      ],
      { stdio: 'ignore' },
    );
    track(child);
    try {
      await waitUntilReady(child, { port, user, password, database }, logFile, opts.timeoutMs ?? START_TIMEOUT_MS);
      return {
        host: '127.0.0.1',
        port,
        user,
        password,
        database,
        url: `mysql://${user}:${password}@127.0.0.1:${port}/${database}`,
        caFile,
        stop: () => stopServer(child, dir),
      };
    } catch (err) {
      lastError = err as Error;
      await stopProcess(child);
      if (!/Address already in use|Bind on TCP\/IP port/i.test(readLog(logFile))) break;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError ?? new Error('MariaDB did not start.');
}

function findExecutable(candidates: string[], names: string[]): string | null {
  const inPath = (process.env.PATH ?? '').split(delimiter).flatMap((d) => names.map((n) => join(d, n)));
  for (const file of [...candidates, ...inPath]) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not this one
    }
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(child: ChildProcess, conn: { port: number; user: string; password: string; database: string }, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | null = null;
  child.once('exit', (code, signal) => {
    exited = `exit ${code ?? signal}`;
  });
  for (;;) {
    if (exited) throw new Error(`mariadbd stopped during start-up (${exited}). Server log:\n${tail(readLog(logFile))}`);
    try {
      const c = await mysql.createConnection({ host: '127.0.0.1', port: conn.port, user: conn.user, password: conn.password, database: conn.database, connectTimeout: 2000 });
      await c.end();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`mariadbd did not accept connections on 127.0.0.1:${conn.port} within ${timeoutMs} ms (${(err as Error).message}). Server log:\n${tail(readLog(logFile))}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopServer(child: ChildProcess, dir: string): Promise<void> {
  await stopProcess(child);
  rmSync(dir, { recursive: true, force: true });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    running.delete(child);
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
  running.delete(child);
}

/** A server left running by a crashed test run would hold its port and folder; kill it on exit. */
function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of running) c.kill('SIGKILL');
    });
  }
}

function readLog(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '(no server log was written)';
}

function tail(text: string, lines = 25): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

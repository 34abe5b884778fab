import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { makeTestCertificates } from './test-certificates';

/** A private PostgreSQL server for one test file, reachable on 127.0.0.1 only. */
export interface PostgresServer {
  host: '127.0.0.1';
  port: number;
  /** A login role created for the test, with password authentication and owning `database`. */
  user: string;
  password: string;
  database: string;
  /** postgres://user:password@127.0.0.1:port/database */
  url: string;
  /** The PEM file of the certificate authority that signed the server certificate (only with `tls`). */
  caFile?: string;
  /** Stops the server and removes its data directory. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  database?: string;
  /** Serve TLS with a certificate for 127.0.0.1 (the IP address only, not "localhost") signed by a throw-away certificate authority. */
  tls?: boolean;
  /** How long to wait for the server to accept connections (default 60 s). */
  startTimeoutMs?: number;
}

const ROOT = '/usr/lib/postgresql';

/** Servers still running: stopped when the test process exits, even after a crash of the test. */
const running = new Map<string, () => void>();
let exitHookInstalled = false;

function trackRunning(dir: string, stopNow: () => void): void {
  running.set(dir, stopNow);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const stop of running.values()) stop();
  });
}

/**
 * Starts PostgreSQL from the Debian packages on a free port with a temporary data directory
 * (never the system instance). PostgreSQL refuses to run as root, so when the tests run as root
 * every server command runs as the `postgres` OS user, which owns the temporary directory.
 * Durability is switched off (fsync, full page writes) because the data is thrown away.
 */
export async function startPostgres(opts: StartPostgresOptions = {}): Promise<PostgresServer> {
  const bin = findBinDir();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'apstudio-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const owner = asRoot ? postgresUser() : null;
  const run = (cmd: string, args: string[], timeoutMs = 60_000) =>
    owner ? exec('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], timeoutMs) : exec(join(bin, cmd), args, timeoutMs);

  let started = false;
  const cleanup = async () => {
    running.delete(dir);
    if (started) await run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '20'], 30_000).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  trackRunning(dir, () => {
    const stopArgs = [join(bin, 'pg_ctl'), 'stop', '-D', data, '-m', 'immediate', '-w', '-t', '10'];
    if (started) spawnSync(owner ? 'runuser' : stopArgs[0], owner ? ['-u', 'postgres', '--', ...stopArgs] : stopArgs.slice(1), { stdio: 'ignore', timeout: 15_000 });
    rmSync(dir, { recursive: true, force: true });
  });

  try {
    if (owner) chownSync(dir, owner.uid, owner.gid);
    const superPassword = randomBytes(12).toString('hex');
    const pwfile = join(dir, 'superuser.pw');
    writeFileSync(pwfile, superPassword + '\n', { mode: 0o600 });
    if (owner) chownSync(pwfile, owner.uid, owner.gid);
    await run('initdb', ['-D', data, '-U', 'postgres', `--pwfile=${pwfile}`, '-A', 'scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'], 120_000).catch((err: Error) => {
      throw new Error(`initdb failed: ${err.message}`);
    });
    rmSync(pwfile);

    const serverOptions = ['-c listen_addresses=127.0.0.1', `-c unix_socket_directories=${dir}`, '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c shared_buffers=32MB', '-c max_connections=60', '-c huge_pages=off', '-c logging_collector=off', '-c log_min_messages=warning'];
    let caFile: string | undefined;
    if (opts.tls) {
      caFile = await makeTestCertificates(dir, owner);
      serverOptions.push('-c ssl=on', `-c ssl_cert_file=${join(dir, 'server.crt')}`, `-c ssl_key_file=${join(dir, 'server.key')}`);
    }

    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        await run('pg_ctl', ['start', '-D', data, '-l', log, '-w', '-t', String(Math.ceil((opts.startTimeoutMs ?? 60_000) / 1000)), '-o', [...serverOptions, `-c port=${port}`].join(' ')], (opts.startTimeoutMs ?? 60_000) + 10_000);
        started = true;
        break;
      } catch (err) {
        // Another process may have taken the port between probing and binding.
        if (attempt < 3 && /could not bind|address already in use/i.test(logTail(log))) continue;
        throw new Error(`PostgreSQL did not start: ${(err as Error).message}\n--- server log (last lines) ---\n${logTail(log)}`);
      }
    }

    const admin = await connectWithRetry({ host: '127.0.0.1', port, user: 'postgres', password: superPassword, database: 'postgres' }, opts.startTimeoutMs ?? 60_000, log);
    const user = 'apstudio_test';
    const password = randomBytes(12).toString('hex');
    const database = opts.database ?? 'apstudio_test';
    try {
      await admin.query(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`);
      await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}" OWNER ${user}`);
    } finally {
      await admin.end();
    }
    return {
      host: '127.0.0.1',
      port,
      user,
      password,
      database,
      url: `postgres://${user}:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
      caFile,
      stop: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

function findBinDir(): string {
  const versions = existsSync(ROOT) ? readdirSync(ROOT).filter((v) => existsSync(join(ROOT, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions.length) {
    throw new Error(`PostgreSQL server binaries were not found under ${ROOT}/<version>/bin. Install the Debian package "postgresql" (apt-get install postgresql); .ci/run installs it in CI.`);
  }
  return join(ROOT, versions[0], 'bin');
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('The tests run as root, and PostgreSQL refuses to run as root, but there is no "postgres" OS user. Install the Debian package "postgresql", which creates it.');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function connectWithRetry(config: pg.ClientConfig, timeoutMs: number, log: string): Promise<pg.Client> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const client = new pg.Client({ ...config, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      return client;
    } catch (err) {
      last = err;
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`PostgreSQL did not accept connections within ${timeoutMs} ms: ${(last as Error)?.message}\n--- server log (last lines) ---\n${logTail(log)}`);
}

function logTail(file: string, lines = 25): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server log was written)';
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

function exec(cmd: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolveExec, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      if (err) {
        const what = (err as NodeJS.ErrnoException).code === 'ENOENT' ? `${cmd} is not installed` : err.message;
        reject(new Error(`${what}${stderr ? `\n${stderr.trim()}` : ''}`));
      } else resolveExec(stdout);
    });
  });
}

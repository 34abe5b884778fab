import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMariaDb, type MariaDbServer } from '../../support/mariadb-server';
import { tempDir } from '../../support/temp-dir';

const BIN = resolve(__dirname, '..', '..', '..', 'bin', 'academia-studio.mjs');

interface WatchedRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The child's command line as `ps` shows it to every local account (/proc/PID/cmdline), read while it ran. */
  seenArgv: string;
}

/**
 * Runs the built CLI (node bin/academia-studio.mjs …, the process a user's shell starts) and reads
 * its /proc/PID/cmdline while it runs: spawn returns once the exec happened, and the child cannot
 * finish before it was given its standard input, so the read always sees the CLI's own argv.
 */
function runWatched(args: string[], opts: { env: Record<string, string>; stdin?: string }): Promise<WatchedRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const seenArgv = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').join(' ');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 55_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, seenArgv });
    });
    child.stdin.end(opts.stdin ?? '');
  });
}

/**
 * The same under a pseudo-terminal (util-linux `script`), so the CLI sees a terminal on stdin and
 * prompts; `answer` is typed once the question shows. Everything the terminal displayed comes back.
 */
function runOnTerminal(args: string[], env: Record<string, string>, answer: string): Promise<{ code: number | null; screen: string; seenArgv: string }> {
  return new Promise((done, fail) => {
    const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let typed = false;
    let seenArgv = '';
    child.stdout.on('data', (d) => {
      screen += d;
      if (!typed && screen.includes('not shown as you type')) {
        typed = true;
        // The CLI is now waiting on the terminal: its own process is the node child of `script`.
        seenArgv = cmdlinesOfChildren(child.pid!);
        child.stdin.write(`${answer}\r`);
      }
    });
    child.stderr.on('data', (d) => (screen += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 55_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, screen, seenArgv });
    });
  });
}

/** The command lines of a process's children (and theirs), as `ps` would list them. */
function cmdlinesOfChildren(pid: number): string {
  const lines: string[] = [];
  const walk = (p: number) => {
    let children: string[] = [];
    try {
      children = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch {
      return;
    }
    for (const c of children) {
      lines.push(readFileSync(`/proc/${c}/cmdline`, 'utf8').split('\0').join(' '));
      walk(Number(c));
    }
  };
  walk(pid);
  return lines.join('\n');
}

/** `discover`, `preview` and `assess` take a source password without it ever being in argv (issue 10, point 6). */
describe('source passwords stay out of the process list (built CLI, password-protected MariaDB)', () => {
  const dir = tempDir();
  const env = { APSTUDIO_CONFIG_DIR: join(dir.path, 'config'), APSTUDIO_SOURCE_PASSWORD: '', APSTUDIO_SANDBOX_SECRET: '', APSTUDIO_SANDBOX_ADMIN_TOKEN: '' };
  let db: MariaDbServer;
  /** The source as a script would write it now: the user, no password. */
  let source: string;

  beforeAll(async () => {
    db = await startMariaDb({ database: 'legacy' });
    source = `mysql://${db.user}@127.0.0.1:${db.port}/${db.database}`;
    const c = await mysql.createConnection({ host: db.host, port: db.port, user: db.user, password: db.password, database: db.database });
    await c.query('CREATE TABLE pupils (id INT PRIMARY KEY, last_name VARCHAR(40) NOT NULL, born DATE)');
    await c.query("INSERT INTO pupils VALUES (1, 'Okafor', '2012-03-04'), (2, 'Lindqvist', '2011-11-30'), (3, 'Moreau', NULL)");
    await c.end();
  });
  afterAll(async () => {
    await db?.stop();
    dir.cleanup();
  });

  const commands: { name: string; args: () => string[]; check: (doc: Record<string, unknown>) => void }[] = [
    { name: 'discover', args: () => ['discover', source, '--json'], check: (doc) => expect((doc.streams as { name: string }[]).map((s) => s.name)).toContain('pupils') },
    { name: 'preview', args: () => ['preview', source, 'pupils', '--json', '--reveal'], check: (doc) => expect((doc.rows as { last_name: string }[]).map((r) => r.last_name)).toEqual(['Okafor', 'Lindqvist', 'Moreau']) },
    { name: 'assess', args: () => ['assess', source, '--json'], check: (doc) => expect(doc).toHaveProperty('readiness.score') },
  ];

  for (const command of commands) {
    it(`${command.name}: the password by --password-stdin and by APSTUDIO_SOURCE_PASSWORD, never in argv`, async () => {
      const [byStdin, byEnv] = await Promise.all([
        runWatched([...command.args(), '--password-stdin'], { env, stdin: `${db.password}\n` }),
        runWatched(command.args(), { env: { ...env, APSTUDIO_SOURCE_PASSWORD: db.password } }),
      ]);
      for (const run of [byStdin, byEnv]) {
        expect(run.stderr).not.toMatch(/Error \(/);
        expect(run.code).toBe(0);
        command.check(JSON.parse(run.stdout) as Record<string, unknown>);
        expect(run.seenArgv).toContain(` ${command.name} mysql://${db.user}@127.0.0.1`);
        expect(run.seenArgv).not.toContain(db.password);
        expect(run.stdout + run.stderr).not.toContain(db.password);
      }
    });
  }

  it('a wrong password is SOURCE_AUTH_FAILED (exit 1) and is not echoed', async () => {
    const wrong = 'not-the-password-7f3a';
    const run = await runWatched(['preview', source, 'pupils', '--password-stdin', '--json'], { env, stdin: wrong });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).error.code).toBe('SOURCE_AUTH_FAILED');
    expect(run.stdout + run.stderr).not.toContain(wrong);
  });

  it('on a terminal, asks for the password without echo when the URL names a user but no password', async () => {
    const run = await runOnTerminal(['discover', source, '--json'], env, db.password);
    expect(run.code).toBe(0);
    expect(run.screen).toContain(`Password for ${source} (not shown as you type): `);
    expect(run.screen).not.toContain(db.password);
    expect(run.seenArgv).toContain(` discover ${source}`);
    expect(run.seenArgv).not.toContain(db.password);
    const doc = JSON.parse(run.screen.slice(run.screen.indexOf('{'))) as { streams: { name: string }[] };
    expect(doc.streams.map((s) => s.name)).toContain('pupils');
  });

  it('sandbox: the client secret and admin token from the environment, never in argv; the --json shape is unchanged', async () => {
    const secret = 'env-client-secret-4b1d';
    const token = 'env-admin-token-9c2e';
    const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0', '--json'], {
      env: { ...process.env, ...env, APSTUDIO_SANDBOX_SECRET: secret, APSTUDIO_SANDBOX_ADMIN_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => child.on('close', done));
    try {
      const seenArgv = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').join(' ');
      expect(seenArgv).toContain(' sandbox --port 0 --json');
      expect(seenArgv).not.toContain(secret);
      expect(seenArgv).not.toContain(token);
      const doc = await new Promise<Record<string, string>>((done, fail) => {
        let text = '';
        child.stdout.on('data', (d) => {
          text += d;
          try {
            done(JSON.parse(text) as Record<string, string>);
          } catch {
            // Not the whole document yet.
          }
        });
        child.on('close', () => fail(new Error(`sandbox exited early: ${text}`)));
      });
      expect(Object.keys(doc).sort()).toEqual(['adminToken', 'apiKey', 'apiVersions', 'clientId', 'clientSecret', 'url']);
      expect(doc).toMatchObject({ clientSecret: secret, adminToken: token });
      const issued = await fetch(`${doc.url}/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: doc.clientId, client_secret: secret }),
      });
      expect(issued.status).toBe(200);
      expect((await fetch(`${doc.url}/admin/v1`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });
});

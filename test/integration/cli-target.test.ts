import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index';
import { runBuiltCli, type CliResult } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';

const BIN = resolve(__dirname, '..', '..', 'bin', 'academia-studio.mjs');

/** Runs the built CLI with something on its standard input (run-cli.ts leaves stdin closed). */
function runWithStdin(args: string[], stdin: string, env: Record<string, string>): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

/** `academia-studio target …` and the sandbox's new flags, through the built binary. */
describe('academia-studio target and sandbox (built binary)', () => {
  const dir = tempDir();
  const project = join(dir.path, 'school.apstudio');
  const env = { APSTUDIO_CONFIG_DIR: join(dir.path, 'config'), APSTUDIO_TARGET_SECRET: '' };
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    expect((await runBuiltCli(['init', project], { env })).code).toBe(0);
  });
  afterAll(async () => {
    await sandbox.close();
    dir.cleanup();
  });

  it('shows the default profile: the embedded sandbox', async () => {
    const res = await runBuiltCli(['target', project, '--json'], { env });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ kind: 'embedded-sandbox', hasSecret: false });
    const human = await runBuiltCli(['target', project, 'show'], { env });
    expect(human.stdout).toMatch(/embedded sandbox/);
  });

  it('sets a remote target with the secret from the environment, tests it and keeps the history', async () => {
    const set = await runBuiltCli(['target', project, 'set', '--url', sandbox.url, '--client-id', sandbox.clientId, '--school', 'GREENFIELD', '--json'], {
      env: { ...env, APSTUDIO_TARGET_SECRET: sandbox.clientSecret },
    });
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({ name: 'Academia Pro', kind: 'remote', baseUrl: sandbox.url, apiVersion: 'v1', auth: 'oauth2', clientId: sandbox.clientId, hasSecret: true, schoolId: 'GREENFIELD' });
    expect(set.stdout).not.toContain(sandbox.clientSecret);

    const test = await runBuiltCli(['target', project, 'test', '--json'], { env });
    expect(test.code).toBe(0);
    const check = JSON.parse(test.stdout);
    expect(check).toMatchObject({ ok: true, trigger: 'user', health: { status: 'ok' }, info: { apiVersion: 'v1', status: 'Production' }, auth: { ok: true } });
    const human = await runBuiltCli(['target', project, 'test'], { env });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/Connection test passed/);
  });

  it('reads a secret from stdin; a failing test exits 1 and is in the history', async () => {
    const set = await runWithStdin(['target', project, 'set', '--secret-stdin', '--json'], 'definitely-wrong\n', env);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout).hasSecret).toBe(true);
    const test = await runBuiltCli(['target', project, 'test', '--json'], { env });
    expect(test.code).toBe(1);
    const check = JSON.parse(test.stdout);
    expect(check.ok).toBe(false);
    expect(check.error.code).toBe('TARGET_AUTH_FAILED');

    const history = await runBuiltCli(['target', project, 'history', '--limit', '5', '--json'], { env });
    expect(history.code).toBe(0);
    const checks = JSON.parse(history.stdout);
    expect(checks.map((c: { ok: boolean }) => c.ok)).toEqual([false, true, true]);
    expect(checks[0].id).toBeGreaterThan(checks[1].id);
  });

  it('refuses usage mistakes with exit 2 and changes nothing', async () => {
    const empty = await runWithStdin(['target', project, 'set', '--secret-stdin', '--json'], '', env);
    expect(empty.code).toBe(2);
    expect(JSON.parse(empty.stdout).error.code).toBe('USAGE');
    expect((await runBuiltCli(['target', project, 'frobnicate'], { env })).code).toBe(2);
    expect((await runBuiltCli(['target', project, 'test', '--url', 'https://x.example'], { env })).code).toBe(2);
    expect((await runBuiltCli(['target', project, 'set', '--auth', 'password'], { env })).code).toBe(2);
    expect((await runBuiltCli(['target', project, 'set', '--embedded', '--url', sandbox.url], { env })).code).toBe(2);
    const invalid = await runBuiltCli(['target', project, 'set', '--url', 'ftp://example.org', '--json'], { env });
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.stdout).error.code).toBe('TARGET_PROFILE_INVALID');
    const show = JSON.parse((await runBuiltCli(['target', project, '--json'], { env })).stdout);
    expect(show).toMatchObject({ baseUrl: sandbox.url, hasSecret: true });
  }, 180_000); // seven CLI starts one after another: minutes on a loaded 2-core machine

  it('starts a sandbox with v2 in Production, a sunset date and a given admin token', async () => {
    const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0', '--json', '--api-versions', 'v1,v2', '--production-version', 'v2', '--sunset', '2027-06-30', '--admin-token', 'cli-admin-token-42'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => child.on('close', done));
    try {
      const doc = await new Promise<Record<string, unknown>>((done, fail) => {
        let text = '';
        child.stdout.on('data', (d) => {
          text += d;
          try {
            done(JSON.parse(text) as Record<string, unknown>);
          } catch {
            // Not the whole document yet.
          }
        });
        child.on('close', () => fail(new Error(`sandbox exited early: ${text}`)));
      });
      expect(doc).toMatchObject({ adminToken: 'cli-admin-token-42', apiVersions: ['v1', 'v2'] });
      expect(Object.keys(doc).sort()).toEqual(['adminToken', 'apiKey', 'apiVersions', 'clientId', 'clientSecret', 'url']);
      const info = (await (await fetch(`${doc.url}/api/v1`)).json()) as { status: string; sunsetAt: string; successorVersion: string };
      expect(info).toMatchObject({ status: 'Deprecated', successorVersion: 'v2' });
      expect(info.sunsetAt.slice(0, 10)).toBe('2027-06-30');
      const admin = await fetch(`${doc.url}/admin/v1`, { headers: { Authorization: 'Bearer cli-admin-token-42' } });
      expect(admin.status).toBe(200);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });

  it('refuses bad sandbox flags with exit 2', async () => {
    expect((await runBuiltCli(['sandbox', '--api-versions', 'v3'], { env })).code).toBe(2);
    expect((await runBuiltCli(['sandbox', '--production-version', 'v2', '--sunset', 'next year'], { env })).code).toBe(2);
    expect((await runBuiltCli(['sandbox', '--sunset', '2027-06-30'], { env })).code).toBe(2);
  });
});

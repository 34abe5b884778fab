import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../src/shared/errors';
import { builtSandboxWorker, startWorkerSandbox, workerSandboxStarter, type WorkerSandbox } from '../../src/main/hosts/worker-sandbox-starter';
import { createHostEngine, embeddedSandboxStarter, startEmbeddedSandbox } from '../../src/main/hosts/host-engine';
import type { EmbeddedTargetStarter } from '../../src/academia-api/embedded-target';
import { tempDir } from '../support/temp-dir';

const root = join(__dirname, '..', '..');
/** The product's worker as the hosts run it: `npm test`'s pretest builds it (electron-vite build). */
const workerFile = join(root, 'out', 'main', 'sandbox-worker.js');

async function token(url: string, id: string, secret: string): Promise<string> {
  const res = await fetch(`${url}/oauth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credentials', client_id: id, client_secret: secret }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** True when nothing listens at the URL any more (the connection is refused or dropped). */
async function refused(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) });
    return false;
  } catch (err) {
    return !(err instanceof DOMException && err.name === 'TimeoutError');
  }
}

async function rejection(promise: Promise<unknown>): Promise<StudioError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StudioError);
  return err as StudioError;
}

describe('the embedded sandbox in a worker thread', () => {
  const dir = tempDir('apstudio-sandbox-worker-');
  const started: WorkerSandbox[] = [];
  let child: ChildProcess | null = null;
  afterEach(async () => {
    for (const sandbox of started.splice(0)) await sandbox.close();
    if (child?.pid && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child = null;
  });
  afterAll(() => dir.cleanup());

  async function start(name: string): Promise<WorkerSandbox> {
    const sandbox = await startWorkerSandbox({ workerFile }, { dataFile: join(dir.path, name), apiVersions: ['v1', 'v2'] });
    started.push(sandbox);
    return sandbox;
  }

  it('is built beside the bundle, and found there from the bundle and from a shared chunk', () => {
    expect(existsSync(workerFile), 'out/main/sandbox-worker.js is missing: run `npx electron-vite build` (npm test does it first)').toBe(true);
    expect(builtSandboxWorker(pathToFileURL(join(root, 'out', 'main', 'cli.js')))).toBe(workerFile);
    expect(builtSandboxWorker(pathToFileURL(join(root, 'out', 'main', 'chunks', 'host-engine.js')))).toBe(workerFile);
    // From the TypeScript sources there is none, so the hosts' starter runs the sandbox in-process there.
    expect(builtSandboxWorker(pathToFileURL(join(root, 'src', 'main', 'hosts', 'host-engine.ts')))).toBeNull();
    expect(embeddedSandboxStarter(pathToFileURL(join(root, 'src', 'main', 'hosts', 'host-engine.ts')))).toBe(startEmbeddedSandbox);
    expect(embeddedSandboxStarter(pathToFileURL(join(root, 'out', 'main', 'cli.js')))).not.toBe(startEmbeddedSandbox);
  });

  it('serves the API from its own SQLite file, learns the school, keeps its client across a restart and stops its port on close', async () => {
    const sandbox = await start('a.sandbox.sqlite');
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${sandbox.url}/health`)).status).toBe(200);
    const bearer = await token(sandbox.url, sandbox.clientId, sandbox.clientSecret);
    // Unknown school: 404; once the host says the project loads into it, an empty page.
    expect((await fetch(`${sandbox.url}/api/v2/schools/NPS-1/students`, { headers: { Authorization: `Bearer ${bearer}` } })).status).toBe(404);
    await sandbox.knowSchool('NPS-1');
    const page = await fetch(`${sandbox.url}/api/v2/schools/NPS-1/students`, { headers: { Authorization: `Bearer ${bearer}` } });
    expect(page.status).toBe(200);
    expect(((await page.json()) as { total: number }).total).toBe(0);
    const admin = await fetch(`${sandbox.url}/admin/v1/clients`, { headers: { Authorization: `Bearer ${sandbox.adminToken}` } });
    expect(admin.status).toBe(200);
    // The sandbox's own errors come back typed, as they did in-process.
    expect((await rejection(Promise.resolve(sandbox.knowSchool(' padded ')))).code).toBe('TARGET_PROFILE_INVALID');

    await sandbox.close();
    expect(await refused(sandbox.url)).toBe(true);
    expect(existsSync(join(dir.path, 'a.sandbox.sqlite'))).toBe(true);
    const again = await start('a.sandbox.sqlite');
    expect([again.clientId, again.clientSecret, again.apiKey]).toEqual([sandbox.clientId, sandbox.clientSecret, sandbox.apiKey]);
    // Closing twice, or asking a closed sandbox, is an answer, never a hang.
    await again.close();
    await again.close();
    expect((await rejection(Promise.resolve(again.knowSchool('NPS-1')))).code).toBe('EMBEDDED_TARGET_UNAVAILABLE');
  });

  it('answers a typed error on the next request after its worker died, and its port is gone', async () => {
    const sandbox = await start('b.sandbox.sqlite');
    await sandbox.knowSchool('NPS-1');
    const exited = new Promise((resolve) => sandbox.worker.once('exit', resolve));
    await sandbox.worker.terminate();
    await exited;
    const err = await rejection(Promise.resolve(sandbox.knowSchool('NPS-1')));
    expect(err.code).toBe('EMBEDDED_TARGET_UNAVAILABLE');
    expect(err.message).toMatch(/stopped unexpectedly/);
    expect(err.hint).toMatch(/Run again/);
    expect(await refused(sandbox.url)).toBe(true);
    await sandbox.close();
  });

  it('says why when it cannot start, instead of waiting', async () => {
    const blocked = join(dir.path, 'a-file');
    writeFileSync(blocked, 'not a folder');
    const noFolder = await rejection(workerSandboxStarter({ workerFile })({ dataFile: join(blocked, 'x.sandbox.sqlite'), apiVersions: ['v1'] }));
    expect(noFolder.code).toBe('EMBEDDED_TARGET_UNAVAILABLE');
    expect(noFolder.message).toMatch(/could not start/);
    const notSqlite = join(dir.path, 'garbage.sandbox.sqlite');
    writeFileSync(notSqlite, 'this is not a database, and it is long enough to have a header of its own'.repeat(20));
    expect((await rejection(workerSandboxStarter({ workerFile })({ dataFile: notSqlite, apiVersions: ['v1'] }))).code).toBe('EMBEDDED_TARGET_UNAVAILABLE');
    const missing = await rejection(workerSandboxStarter({ workerFile: join(dir.path, 'no-such-worker.js') })({ dataFile: join(dir.path, 'c.sqlite'), apiVersions: ['v1'] }));
    expect(missing.code).toBe('EMBEDDED_TARGET_UNAVAILABLE');
  });

  it('through the engine: a project uses it, a dead worker fails the next check with a typed error, and the check after starts a new one', async () => {
    const workers: WorkerSandbox[] = [];
    const starter = workerSandboxStarter({ workerFile });
    const recording: EmbeddedTargetStarter = async (options) => {
      const sandbox = (await starter(options)) as WorkerSandbox;
      workers.push(sandbox);
      return sandbox;
    };
    const engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config'), embeddedTarget: recording });
    try {
      await engine.api.projects.create({ path: join(dir.path, 'school.apstudio') });
      const first = await engine.api.targets.test();
      expect(first.ok, JSON.stringify(first.error)).toBe(true);
      expect(workers).toHaveLength(1);
      expect(existsSync(join(dir.path, 'school.sandbox.sqlite'))).toBe(true);

      await workers[0].worker.terminate();
      const failed = await engine.api.targets.test();
      expect(failed.ok).toBe(false);
      expect(failed.error?.code).toBe('EMBEDDED_TARGET_UNAVAILABLE');

      const again = await engine.api.targets.test();
      expect(again.ok, JSON.stringify(again.error)).toBe(true);
      expect(workers).toHaveLength(2);
    } finally {
      await engine.dispose();
    }
    // Closing the project closed the sandbox it had started: its port is gone.
    expect(await refused(workers[1].url)).toBe(true);
  });

  it.runIf(process.platform === 'linux')('dies with its host process: after SIGKILL to the host nothing answers on its port', async () => {
    mkdirSync(join(dir.path, 'child'), { recursive: true });
    const jiti = join(root, 'node_modules', 'jiti', 'lib', 'jiti-cli.mjs');
    const host = spawn(process.execPath, [jiti, join(root, 'test', 'support', 'sandbox-worker-child.ts'), workerFile, join(dir.path, 'child', 'd.sandbox.sqlite')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child = host;
    let output = '';
    host.stdout!.on('data', (d) => (output += d));
    host.stderr!.on('data', (d) => (output += d));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the host did not start its sandbox:\n${output}`)), 50_000);
      host.stdout!.on('data', () => {
        const found = /ready (http:\S+)/.exec(output)?.[1];
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      });
      host.once('exit', () => reject(new Error(`the host ended early:\n${output}`)));
    });
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const gone = new Promise((resolve) => host.once('exit', resolve));
    host.kill('SIGKILL');
    await gone;
    // A thread has no process of its own: with its host gone, so are its port and its file handle.
    expect(await refused(url)).toBe(true);
  });
});

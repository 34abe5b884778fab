import { spawn } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { tempDir } from '../support/temp-dir';

/**
 * Ctrl-C (SIGINT) or SIGTERM during `run`: the run stops at the next batch boundary, is marked
 * Cancelled (not left Processing until the project is next opened), and the CLI still reports
 * it (its `--json` document, exit 1). A real child process gets a real signal.
 */
describe('a signal during run', () => {
  const dir = tempDir();
  let childScript: string;

  beforeAll(async () => {
    const out = join(dir.path, 'child');
    await build({ configFile: false, logLevel: 'silent', root: resolve('.'), build: { ssr: resolve('test/integration/run-cancel-child.ts'), outDir: out, emptyOutDir: true, minify: false } });
    symlinkSync(resolve('node_modules'), join(out, 'node_modules'), 'junction');
    childScript = join(out, 'run-cancel-child.js');
  }, 60_000);
  afterAll(() => dir.cleanup());

  function runUntilPushThenSignal(path: string, signal: NodeJS.Signals): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((done, reject) => {
      // Bundled into a temporary folder, the child finds the studio's resources (the API documents) by the environment.
      const child = spawn(process.execPath, [childScript, path], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, APSTUDIO_RESOURCES: resolve('resources') } });
      let stdout = '';
      let stderr = '';
      let sent = false;
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the child did not finish.\nstdout: ${stdout}\nstderr: ${stderr}`));
      }, 50_000);
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => {
        stderr += d;
        // The first push progress line: the run is pushing, with many batches to go.
        if (!sent && /^students\s+push\s/m.test(stderr)) {
          sent = true;
          child.kill(signal);
        }
      });
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        done({ code, stdout, stderr });
      });
    });
  }

  it.each(['SIGINT', 'SIGTERM'] as const)('%s stops the push at a batch boundary and marks the run Cancelled', async (signal) => {
    const path = join(dir.path, `${signal}.apstudio`);
    const r = await runUntilPushThenSignal(path, signal);
    expect(r.stderr).toContain(`${signal}: stopping the run at the next batch boundary`);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { runId: string; status: string; steps: { entity: string; status: string; created: number }[] };
    expect(doc.status).toBe('Cancelled');
    // The signal lands while students are being pushed; on a loaded machine the batch in flight
    // may be the last, so the step that stops may be students or the one after. Either way, one
    // step is Cancelled, every step before it Completed, every step after it never started.
    const stopped = doc.steps.findIndex((s) => s.status === 'Cancelled');
    expect(stopped).toBeGreaterThanOrEqual(doc.steps.findIndex((s) => s.entity === 'students'));
    expect(doc.steps.slice(0, stopped).every((s) => s.status === 'Completed')).toBe(true);
    expect(doc.steps.slice(stopped + 1).every((s) => s.status === 'Queued')).toBe(true);

    // Reopened, the run is still Cancelled (not Interrupted); it stopped part way through the push.
    const engine = createHostEngine({ host: 'cli' });
    try {
      await engine.api.projects.open({ path });
      const run = await engine.api.runs.get({ runId: doc.runId });
      expect(run.status).toBe('Cancelled');
      const pushed = run.steps.find((s) => s.entity === 'students')!.counters;
      expect(pushed.created).toBeGreaterThan(0);
      // 400 demo pupils stage 386 students; unless the last batch was already in flight, the push
      // stopped before the last of them, and only completed steps are reconciled.
      expect(pushed.created).toBeLessThanOrEqual(386);
      expect(run.reconciliation.map((l) => l.entity)).toEqual(doc.steps.slice(0, stopped).map((s) => s.entity));
    } finally {
      await engine.dispose();
    }
  }, 60_000);
});

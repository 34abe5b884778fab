import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostEngine } from '../../../src/main/hosts/host-engine';
import { demoLegacyFileFor, setupDemoProject, type DemoSetupStep } from '../../../src/main/engine/demo/demo-project';
import { DEMO_SCHOOL_CODE } from '../../../src/main/engine/demo/generate-legacy-school';
import { demoMappings } from '../../../src/main/engine/demo/demo-mappings';
import { MappingsRepo } from '../../../src/main/engine/project/mappings-repo';
import { tempDir } from '../../support/temp-dir';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * kill -9 at every point of the demo's setup, then the demo works: the next setup finds either
 * nothing (and builds it all again) or the finished project, never a half-made one that fails
 * with MAPPING_NOT_FOUND or TARGET_NOT_FOUND.
 */
describe('demo setup survives kill -9 at every step', () => {
  const dir = tempDir();
  let childScript: string;

  beforeAll(async () => {
    const out = join(dir.path, 'child');
    // The child runs the real engine code, bundled from TypeScript; better-sqlite3 stays external
    // and resolves through a link to the project's node_modules.
    await build({ configFile: false, logLevel: 'silent', root: resolve('.'), build: { ssr: resolve('test/integration/security/demo-setup-child.ts'), outDir: out, emptyOutDir: true, minify: false } });
    symlinkSync(resolve('node_modules'), join(out, 'node_modules'), 'junction');
    childScript = join(out, 'demo-setup-child.js');
  });
  afterAll(() => dir.cleanup());

  /** Runs the child; resolves with how it ended. */
  function child(path: string, crashAt?: DemoSetupStep, nth = 1): Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
    return new Promise((done, reject) => {
      const args = [childScript, path, ...(crashAt ? [crashAt, String(nth)] : [])];
      const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      proc.stdout.on('data', (d) => (stdout += d));
      proc.stderr.on('data', (d) => (stderr += d));
      proc.on('error', reject);
      proc.on('close', (_code, signal) => done({ signal, stdout, stderr }));
    });
  }

  const mappingCount = demoMappings('c', DEMO_SCHOOL_CODE).length;
  // Every step setup passes, in order; the mappings step at the first and at the last mapping.
  const crashPoints: [DemoSetupStep, number][] = [
    ['folder-ready', 1],
    ['legacy-chunk-written', 1],
    ['legacy-ready', 1],
    ['draft-created', 1],
    ['connection-added', 1],
    ['mapping-saved', 1],
    ['mapping-saved', mappingCount],
    ['target-set', 1],
    ['draft-filled', 1],
    ['draft-closed', 1],
    ['published', 1],
  ];

  const folderOf = (step: DemoSetupStep, nth: number) => join(dir.path, `${step}-${nth}`);
  let referenceLegacy: string;
  // The children run side by side: each is mostly process start-up, so the matrix costs about one.
  const crashed = new Map<string, Awaited<ReturnType<typeof child>>>();
  beforeAll(async () => {
    const reference = child(join(dir.path, 'reference', 'demo.apstudio'));
    await Promise.all(
      crashPoints.map(async ([step, nth]) => {
        mkdirSync(folderOf(step, nth));
        crashed.set(`${step}-${nth}`, await child(join(folderOf(step, nth), 'demo.apstudio'), step, nth));
      }),
    );
    const res = await reference;
    expect(res.stdout, res.stderr).toBe('finished\n');
    referenceLegacy = sha(demoLegacyFileFor(join(dir.path, 'reference', 'demo.apstudio')));
  });

  it.each(crashPoints)('killed at %s (#%i): the next setup gives the whole demo', async (step, nth) => {
    const folder = folderOf(step, nth);
    const path = join(folder, 'demo.apstudio');
    const res = crashed.get(`${step}-${nth}`)!;
    expect(res.signal, `the child never reached ${step} #${nth}: ${res.stderr}`).toBe('SIGKILL');

    const project = await setupDemoProject(path, { app: 'test', now: new Date('2026-03-02T08:00:00Z'), pupils: 40 });
    try {
      expect(project.info()).toMatchObject({ isDemo: true, name: 'Demo school migration', counts: { connections: 1, mappings: mappingCount, runs: 0 } });
      expect(project.target()).toMatchObject({ kind: 'embedded-sandbox', name: 'Embedded sandbox', schoolId: DEMO_SCHOOL_CODE });
      const saved = await new MappingsRepo(project).list();
      expect(saved.map((m) => m.entity).sort()).toEqual(demoMappings('c', DEMO_SCHOOL_CODE).map((m) => m.entity).sort());
    } finally {
      project.close();
    }
    // The legacy school is the same, byte for byte, as one never interrupted; no draft is left.
    expect(sha(demoLegacyFileFor(path))).toBe(referenceLegacy);
    expect(readdirSync(folder).sort()).toEqual(['demo-legacy-school.sqlite', 'demo-legacy-school.sqlite.manifest.json', 'demo.apstudio']);
  });

  it('and the demo then runs: killed where the old setup broke for good (after the connection), it migrates into the sandbox', async () => {
    const path = join(dir.path, 'connection-added-1', 'demo.apstudio');
    expect(existsSync(path)).toBe(true);
    const engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    try {
      await engine.api.projects.openDemo({ path });
      const { runId } = await engine.api.runs.start({});
      await engine.idle();
      const run = await engine.api.runs.get({ runId });
      expect(run.status).toBe('Completed');
      expect(run.steps.length).toBe(mappingCount);
      for (const s of run.steps) expect(s.counters.failed).toBe(0);
      expect(run.steps.reduce((n, s) => n + s.counters.created, 0)).toBeGreaterThan(0);
    } finally {
      await engine.dispose();
    }
  });
});

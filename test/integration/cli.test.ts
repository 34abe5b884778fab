import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { runBuiltCli } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));

describe('academia-studio CLI (built binary)', () => {
  const dir = tempDir();
  const env = { APSTUDIO_CONFIG_DIR: join(dir.path, 'config') };
  afterAll(() => dir.cleanup());

  it('prints its version and help', async () => {
    expect((await runBuiltCli(['--version'])).stdout.trim()).toBe(pkg.version);
    const help = await runBuiltCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['init', 'open', 'demo', 'serve', 'run']) expect(help.stdout).toContain(`  ${command} `);
  });

  it('exits 2 with a clear message on an unknown command or flag, changing nothing', async () => {
    const unknownCommand = await runBuiltCli(['frobnicate']);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toMatch(/not an academia-studio command/);
    const unknownFlag = await runBuiltCli(['run', 'x.apstudio', '--fast', '--json']);
    expect(unknownFlag.code).toBe(2);
    const doc = JSON.parse(unknownFlag.stdout);
    expect(doc.error.code).toBe('USAGE');
    expect(doc.error.message).toMatch(/--fast/);
    expect(doc.error.hint).toBeTruthy();
  });

  it('exits 1 with a JSON error for a missing project', async () => {
    const res = await runBuiltCli(['run', join(dir.path, 'nope.apstudio'), '--json']);
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout).error.code).toBe('PROJECT_NOT_FOUND');
    expect(existsSync(join(dir.path, 'nope.apstudio'))).toBe(false);
  });

  it('refuses to open a foreign file and leaves it unchanged', async () => {
    const file = join(dir.path, 'notes.apstudio');
    writeFileSync(file, 'not a project');
    const res = await runBuiltCli(['run', file, '--json']);
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout).error.code).toBe('PROJECT_NOT_STUDIO_FILE');
    expect(readFileSync(file, 'utf8')).toBe('not a project');
  });

  it('runs the demo twice: created, then unchanged; one JSON document on stdout', async () => {
    const project = join(dir.path, 'demo.apstudio');
    const first = await runBuiltCli(['demo', '--project', project, '--pupils', '300', '--json'], { cwd: dir.path, env, timeoutMs: 120_000 });
    expect([0, 3]).toContain(first.code);
    const doc = JSON.parse(first.stdout);
    expect(doc.status).toBe('Completed');
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['runId', 'status', 'steps', 'reconciliation']));
    const students = doc.steps.find((s: { entity: string }) => s.entity === 'students');
    expect(students).toMatchObject({ status: 'Completed' });
    for (const k of ['read', 'created', 'updated', 'unchanged', 'rejected', 'skipped', 'failed']) expect(typeof students[k]).toBe('number');
    expect(students.created).toBeGreaterThan(0);
    expect(first.code).toBe(students.rejected > 0 ? 3 : 0);
    for (const line of doc.reconciliation) {
      // The conventions' fields, and the certificate's additive ones (docs/conventions.md `run --json`).
      expect(Object.keys(line)).toEqual(expect.arrayContaining(['entity', 'mismatches', 'pushed', 'rejected', 'source', 'staged', 'target', 'filtered', 'merged', 'sourceChecksum', 'targetChecksum', 'checksumMismatches']));
      expect(line.mismatches).toBe(0);
      expect(line.checksumMismatches).toBe(0);
      expect(line.sourceChecksum).toBe(line.targetChecksum);
    }
    expect(first.stderr).toMatch(/Demo project/);

    const second = await runBuiltCli(['demo', '--project', project, '--pupils', '300', '--json'], { cwd: dir.path, env, timeoutMs: 120_000 });
    const again = JSON.parse(second.stdout);
    const students2 = again.steps.find((s: { entity: string }) => s.entity === 'students');
    expect(students2.created).toBe(0);
    expect(students2.unchanged).toBe(students.created);
  });

  it('exits 5 when another studio has the project open', async () => {
    const project = join(dir.path, 'demo.apstudio');
    const engine = createHostEngine({ host: 'web', configDir: join(dir.path, 'config2') });
    try {
      await engine.api.projects.open({ path: project });
      const res = await runBuiltCli(['run', project, '--json'], { env });
      expect(res.code).toBe(5);
      const doc = JSON.parse(res.stdout);
      expect(doc.error.code).toBe('PROJECT_IN_USE');
      expect(doc.error.message).toMatch(/web host/);
    } finally {
      await engine.dispose();
    }
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostEngine } from '../../../src/main/hosts/host-engine';
import { createProjectFile, openProjectFile } from '../../../src/main/engine/project/project-file';
import { lockPathFor } from '../../../src/main/engine/project/project-lock';
import { tempDir } from '../../support/temp-dir';
import { runCliInProcess } from '../../support/run-cli';

const cli = runCliInProcess;

/**
 * Another program (here: a second better-sqlite3 connection in another process, as a SQLite
 * browser or a sync tool would be) holds SQLite's write lock on the project. The studio says the
 * project is in use (PROJECT_IN_USE, CLI exit 5) instead of INTERNAL / exit 1, and leaves no .lock.
 */
describe('a SQLite lock held by another program', () => {
  const dir = tempDir();
  const project = join(dir.path, 'school.apstudio');
  let holder: ChildProcess;

  beforeAll(async () => {
    createProjectFile(project, 'test', { name: 'School' }).close();
    const script = `const D = require('better-sqlite3'); const db = new D(process.argv[1]); db.exec('BEGIN EXCLUSIVE'); db.prepare("INSERT INTO meta (key, value) VALUES ('foreign', 'x')").run(); process.stdout.write('locked\\n'); setInterval(() => {}, 1000);`;
    holder = spawn(process.execPath, ['-e', script, project], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((ready, fail) => {
      let err = '';
      holder.stderr!.on('data', (d) => (err += d));
      holder.stdout!.on('data', (d) => String(d).includes('locked') && ready());
      holder.on('exit', (code) => fail(new Error(`the lock holder exited (${code}): ${err}`)));
    });
  });
  afterAll(() => {
    holder.kill('SIGKILL');
    dir.cleanup();
  });

  it('the engine answers PROJECT_IN_USE and leaves no .lock', async () => {
    const engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    try {
      await expect(engine.api.projects.open({ path: project })).rejects.toMatchObject({ code: 'PROJECT_IN_USE', message: expect.stringMatching(/locked by another program/) });
    } finally {
      await engine.dispose();
    }
    expect(existsSync(lockPathFor(project))).toBe(false);
  });

  it('the CLI exits 5 with the PROJECT_IN_USE document, and leaves no .lock', async () => {
    const res = await cli('run', project, '--dry-run', '--json');
    expect(res.code).toBe(5);
    expect(JSON.parse(res.stdout).error).toMatchObject({ code: 'PROJECT_IN_USE', hint: expect.stringMatching(/Close the other program/) });
    expect(existsSync(lockPathFor(project))).toBe(false);
  });

  it('once the other program lets go, the project opens and nothing of its half-done write is there', async () => {
    holder.kill('SIGKILL');
    await new Promise((r) => holder.once('close', r));
    const opened = openProjectFile(project, 'test');
    try {
      expect(opened.db.prepare("SELECT value FROM meta WHERE key = 'foreign'").get()).toBeUndefined();
    } finally {
      opened.close();
    }
    expect(existsSync(lockPathFor(project))).toBe(false);
  });
});

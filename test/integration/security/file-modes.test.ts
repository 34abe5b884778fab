import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostEngine } from '../../../src/main/hosts/host-engine';
import { demoLegacyFileFor, setupDemoProject } from '../../../src/main/engine/demo/demo-project';
import { openSqlite } from '../../../src/platform/open-sqlite';
import { createProjectFile, openProjectFile } from '../../../src/main/engine/project/project-file';
import { lockPathFor } from '../../../src/main/engine/project/project-lock';
import { sandboxDataFileFor } from '../../../src/main/engine/core/target-resolver';
import { tempDir } from '../../support/temp-dir';
import { runCliInProcess } from '../../support/run-cli';

const mode = (path: string) => statSync(path).mode & 0o777;
const octal = (path: string) => `${path.split('/').slice(-2).join('/')} ${mode(path).toString(8)}`;

/** Runs the CLI in this process and captures what it prints. */
const cli = runCliInProcess;

/**
 * Every file the studio writes holds pupils' data or names them, so each is owner-only (0600, its
 * folders 0700) whatever the umask: checked here under umask 000, where anything left to the
 * defaults would come out 0644 / 0755 or wider.
 */
describe.runIf(process.platform !== 'win32')('file modes of everything the studio writes (umask 000)', () => {
  const dir = tempDir();
  let previousUmask: number;
  beforeAll(() => {
    previousUmask = process.umask(0o000);
  });
  afterAll(() => {
    process.umask(previousUmask);
    dir.cleanup();
  });

  it('the demo: its folders, project, sidecars, lock, legacy school, manifest, sandbox data; then the export, audit export and report', async () => {
    const demoPath = join(dir.path, 'nested', 'demo', 'demo.apstudio');
    // A small school keeps this quick; the engine then reopens the finished demo.
    (await setupDemoProject(demoPath, { app: 'test', now: new Date('2026-03-01T08:00:00Z'), pupils: 30 })).close();
    const engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    try {
      await engine.api.projects.openDemo({ path: demoPath });
      const { runId } = await engine.api.runs.start({});
      await engine.idle();
      expect((await engine.api.runs.get({ runId })).status).toBe('Completed');

      const legacy = demoLegacyFileFor(demoPath);
      const sandbox = sandboxDataFileFor(demoPath);
      const files = [demoPath, `${demoPath}-wal`, `${demoPath}-shm`, lockPathFor(demoPath), legacy, `${legacy}.manifest.json`, sandbox, `${sandbox}-wal`, `${sandbox}-shm`];
      for (const f of files) expect(existsSync(f), f).toBe(true);
      expect(files.map(octal)).toEqual(files.map((f) => `${f.split('/').slice(-2).join('/')} 600`));
      expect([join(dir.path, 'nested'), join(dir.path, 'nested', 'demo')].map(mode)).toEqual([0o700, 0o700]);

      // A hand-over export into folders that do not exist yet.
      const handover = join(dir.path, 'out', 'for-school', 'handover.apstudio');
      await engine.api.projects.export({ path: handover });
      expect(mode(handover)).toBe(0o600);
      expect([join(dir.path, 'out'), join(dir.path, 'out', 'for-school')].map(mode)).toEqual([0o700, 0o700]);
      expect(readdirSync(join(dir.path, 'out', 'for-school'))).toEqual(['handover.apstudio']);

      // The audit export and an assessment report (every report kind goes through one writer).
      const audit = join(dir.path, 'audit.json');
      expect((await cli('audit', 'export', demoPath, '--format', 'json', '--out', audit)).code).toBe(0);
      expect(mode(audit)).toBe(0o600);
      const report = join(dir.path, 'readiness.html');
      const res = await cli('assess', legacy, '--report', report);
      expect(res.code, res.stderr).toBe(0);
      expect(mode(report)).toBe(0o600);
    } finally {
      await engine.dispose();
    }
    // Closing leaves no sidecar or lock behind.
    expect(readdirSync(join(dir.path, 'nested', 'demo')).filter((f) => f.startsWith('demo.apstudio')).sort()).toEqual(['demo.apstudio']);
  });

  it('a project made with `projects.create`, and the rollback journal SQLite creates beside a database', async () => {
    const engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    const path = join(dir.path, 'school.apstudio');
    try {
      await engine.api.projects.create({ path, name: 'School' });
      for (const f of [path, `${path}-wal`, `${path}-shm`, lockPathFor(path)]) expect(octal(f)).toBe(`${f.split('/').slice(-2).join('/')} 600`);
    } finally {
      await engine.dispose();
    }

    const db = openSqlite(join(dir.path, 'journal.sqlite'));
    db.pragma('journal_mode = DELETE');
    db.exec('CREATE TABLE t (x)');
    db.exec('BEGIN');
    db.exec("INSERT INTO t VALUES ('pupil')");
    db.exec('CREATE TABLE u (y)');
    expect(mode(join(dir.path, 'journal.sqlite-journal'))).toBe(0o600);
    db.exec('COMMIT');
    db.close();
    expect(mode(join(dir.path, 'journal.sqlite'))).toBe(0o600);
  });

  it('warns when an existing project can be read by other accounts, and opens it all the same', () => {
    const path = join(dir.path, 'shared.apstudio');
    createProjectFile(path, 'test', { name: 'Shared' }).close();
    chmodSync(path, 0o644);
    const warnings: string[] = [];
    const opened = openProjectFile(path, 'test', { warn: (m) => void warnings.push(m) });
    opened.close();
    expect(warnings).toEqual([`The project ${path} can be read by other accounts on this computer (permissions 644), and it holds personal data. Make it private with: chmod 600 ${path}`]);
    expect(mode(path)).toBe(0o644);

    chmodSync(path, 0o600);
    openProjectFile(path, 'test', { warn: (m) => void warnings.push(m) }).close();
    expect(warnings).toHaveLength(1);
  });
});

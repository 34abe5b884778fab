import { rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../support/run-cli';
import { tempDir } from '../../support/temp-dir';
import { legacy, migratedProject, targetStudent } from './sync-support';

/**
 * `sync <project> define|list|--job|approve` as docs/conventions.md gives them: the `--json`
 * shapes, exit 4 when the change gate holds a job, exit 5 while the studio has the project open.
 */
describe('sync on the command line', () => {
  const dir = tempDir();
  let project: string;
  let legacyFile: string;
  const saved = process.env.APSTUDIO_CONFIG_DIR;
  const json = (out: { stdout: string }) => JSON.parse(out.stdout) as Record<string, unknown>;

  beforeAll(async () => {
    process.env.APSTUDIO_CONFIG_DIR = join(dir.path, 'config');
    const migrated = await migratedProject(dir.path);
    ({ project, legacyFile } = migrated);
    await migrated.engine.dispose();
  }, 60_000);
  afterAll(() => {
    if (saved === undefined) delete process.env.APSTUDIO_CONFIG_DIR;
    else process.env.APSTUDIO_CONFIG_DIR = saved;
    dir.cleanup();
  });

  it('exits 5 with PROJECT_IN_USE while the studio has the project open (its own scheduler runs the job then)', async () => {
    // The studio of another process (alive, on this computer) holds the project's lock.
    const lock = `${project}.lock`;
    writeFileSync(lock, JSON.stringify({ pid: process.ppid, host: hostname(), user: 'teacher', app: 'the studio desktop app', since: new Date().toISOString() }));
    try {
      const busy = await runCliInProcess('sync', project, '--job', 'nightly', '--json');
      expect(busy.code).toBe(5);
      expect(json(busy)).toMatchObject({ error: { code: 'PROJECT_IN_USE', message: expect.stringContaining('its own scheduler runs the job') } });
    } finally {
      rmSync(lock);
    }
  });

  it('defines a sync and lists it', async () => {
    const defined = await runCliInProcess('sync', project, 'define', 'nightly', '--type', 'delta', '--entities', 'students', '--schedule', '0 2 * * *', '--timezone', 'Europe/London', '--deletes', 'withdraw', '--json');
    expect(defined.code, defined.stdout).toBe(0);
    expect(json(defined)).toMatchObject({ name: 'nightly', type: 'Delta', direction: 'one-way', entities: [{ entity: 'students', mode: 'Delta', deletes: { policy: 'withdraw' } }], schedule: { cron: '0 2 * * *', timezone: 'Europe/London', blackouts: [], missedPolicy: 'skip' } });
    // The next run is computed from the schedule in its zone: 02:00 London time, within a day.
    const next = Date.parse((json(defined) as { nextSyncAt: string }).nextSyncAt);
    expect(next - Date.now()).toBeGreaterThan(0);
    expect(next - Date.now()).toBeLessThanOrEqual(25 * 3600_000);
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }).format(next)).toBe('02:00');
    const listed = await runCliInProcess('sync', project, 'list', '--json');
    expect(listed.code).toBe(0);
    expect((json(listed).syncs as { name: string }[]).map((s) => s.name)).toEqual(['nightly']);
    const bad = await runCliInProcess('sync', project, 'define', 'x', '--type', 'sometimes', '--json');
    expect(bad.code).toBe(2);
  });

  it('exits 4 when the gate holds a job, and 0 once its category is approved and pushed', async () => {
    legacy(legacyFile, 'DELETE FROM PUPILS WHERE PUPIL_NO IN (8, 9)');
    const held = await runCliInProcess('sync', project, '--job', 'nightly', '--json');
    expect(held.code, held.stdout).toBe(4);
    const doc = json(held);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['job', 'runId', 'status', 'changes', 'held']));
    expect(doc).toMatchObject({ job: 'nightly', status: 'Paused', changes: [{ entity: 'students', inserts: 0, updates: 0, deletes: 2, conflicts: 0 }], held: { reason: expect.stringContaining('students.deletes'), summary: '2 students would be withdrawn.' } });
    expect(targetStudent(project, '8')?.fields.enrollmentStatus).toBe('active');

    const approved = await runCliInProcess('sync', project, 'approve', String(doc.runId), '--category', 'students.deletes', '--json');
    expect(approved.code, approved.stdout).toBe(0);
    expect(json(approved)).toMatchObject({ job: 'nightly', runId: doc.runId, status: 'Completed', held: { categories: [{ category: 'students.deletes', approved: true }] } });
    expect(targetStudent(project, '8')?.fields.enrollmentStatus).toBe('withdrawn');

    const quiet = await runCliInProcess('sync', project, '--job', 'nightly', '--json');
    expect(quiet.code).toBe(0);
    expect(json(quiet)).toMatchObject({ status: 'Completed', changes: [{ entity: 'students', inserts: 0, updates: 0, deletes: 0 }], held: null });
  });

  it('runs unattended under another account’s key, unlocked by the passphrase in the environment', async () => {
    const jobConfig = join(dir.path, 'job-config');
    const passphrase = 'a long passphrase for the job account';
    process.env.APSTUDIO_JOB_PASSPHRASE = passphrase;
    try {
      expect((await runCliInProcess('vault', 'key-for-job', jobConfig)).code).toBe(0);
    } finally {
      delete process.env.APSTUDIO_JOB_PASSPHRASE;
    }
    process.env.APSTUDIO_CONFIG_DIR = jobConfig;
    process.env.APSTUDIO_VAULT_PASSPHRASE = passphrase;
    try {
      legacy(legacyFile, "UPDATE PUPILS SET FIRST = 'Nightly' WHERE PUPIL_NO = 1");
      const job = await runCliInProcess('sync', project, '--job', 'nightly', '--json');
      expect(job.code, job.stdout).toBe(0);
      expect(json(job)).toMatchObject({ status: 'Completed', changes: [{ entity: 'students', updates: 1 }] });
    } finally {
      process.env.APSTUDIO_CONFIG_DIR = join(dir.path, 'config');
      delete process.env.APSTUDIO_VAULT_PASSPHRASE;
    }
    // The job's audit entries carry a MAC: the key was opened with the passphrase, no terminal asked.
    const db = new Database(project, { readonly: true });
    try {
      const entry = db.prepare("SELECT mac FROM audit_log WHERE action = 'sync.finish' ORDER BY seq DESC LIMIT 1").get() as { mac: string | null };
      expect(entry.mac).toEqual(expect.any(String));
    } finally {
      db.close();
    }
  });

  it('says what is wrong with an unknown job or run', async () => {
    const unknown = await runCliInProcess('sync', project, '--job', 'weekly', '--json');
    expect(unknown.code).toBe(1);
    expect(json(unknown)).toMatchObject({ error: { code: 'SYNC_NOT_FOUND' } });
    const notHeld = await runCliInProcess('sync', project, 'approve', 'sync-nope', '--json');
    expect(json(notHeld)).toMatchObject({ error: { code: 'RUN_NOT_FOUND' } });
    expect((await runCliInProcess('sync', project, 'sideways')).code).toBe(2);
  });
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine } from '../../src/main/engine';
import { dispatch } from '../../src/main/engine/rpc/dispatch';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { openSqlite } from '../../src/platform/open-sqlite';
import { tempDir } from '../support/temp-dir';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Issue 21, point 1: the retention policy. Two dry runs of the demo 20 days apart, on an injected
 * clock; each stages records and rejects rows. The purge removes only what belongs to runs that
 * ended before the cutoff, reports it per run, audits it, keeps every run summary and log, and
 * happens again when the project is opened.
 */
describe('retention: projects.purge on an injected clock', () => {
  const dir = tempDir();
  let clock = new Date('2026-01-05T08:00:00Z');
  let engine: Engine;
  let projectPath: string;
  const runIds: string[] = [];

  /** Counts straight from the project file (read-only, beside the engine's connection). */
  function counts(): { staged: Record<string, number>; rejects: Record<string, number>; runs: number; events: number } {
    const db = openSqlite(projectPath, { readonly: true });
    try {
      const byRun = (sql: string) => Object.fromEntries((db.prepare(sql).all() as { run: string; n: number }[]).map((r) => [r.run, r.n]));
      return {
        staged: byRun("SELECT n.name AS run, count(*) AS n FROM staged_records s JOIN staging_names n ON n.no = s.run_no AND n.kind = 'run' GROUP BY n.name"),
        rejects: byRun('SELECT run_id AS run, count(*) AS n FROM rejects GROUP BY run_id'),
        runs: (db.prepare('SELECT count(*) FROM runs').pluck().get() as number),
        events: (db.prepare('SELECT count(*) FROM run_events').pluck().get() as number),
      };
    } finally {
      db.close();
    }
  }

  beforeAll(async () => {
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config'), now: () => clock });
    projectPath = (await engine.api.projects.openDemo({ path: join(dir.path, 'demo.apstudio'), pupils: 40 })).path;
    for (const offset of [0, 20]) {
      clock = new Date(Date.parse('2026-01-05T08:00:00Z') + offset * DAY);
      const { runId } = await engine.api.runs.start({ dryRun: true });
      await engine.idle();
      expect((await engine.api.runs.get({ runId })).endedAt).not.toBeNull();
      runIds.push(runId);
    }
  }, 240_000);
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  it('purges nothing without a policy', async () => {
    clock = new Date(Date.parse('2026-01-05T08:00:00Z') + 400 * DAY);
    const before = counts();
    expect(await engine.api.projects.purge()).toEqual({ retentionDays: null, cutoff: null, runs: [], stagedRows: 0, rejects: 0, mismatches: 0, merges: 0, preimages: 0, syncChanges: 0, requests: 0, baselineKept: 0 });
    expect(counts()).toEqual(before);
  });

  it('purges the staged rows and rejects of runs ended before the cutoff only, and reports them per run', async () => {
    const [first, second] = runIds;
    const before = counts();
    // The second run staged every record again: they are its own now; the first keeps only its rejects.
    expect(before.staged[second]).toBeGreaterThan(0);
    expect(before.rejects[first]).toBeGreaterThan(0);
    expect(before.rejects[second]).toBeGreaterThan(0);

    // Day 25: 30 days of retention keep both runs.
    clock = new Date(Date.parse('2026-01-05T08:00:00Z') + 25 * DAY);
    await engine.api.settings.update({ retentionDays: 30 });
    expect(await engine.api.projects.purge()).toMatchObject({ retentionDays: 30, cutoff: new Date(clock.getTime() - 30 * DAY).toISOString(), runs: [], stagedRows: 0, rejects: 0 });
    expect(counts()).toEqual(before);

    // Day 35: the first run ended more than 30 days ago, the second did not.
    clock = new Date(Date.parse('2026-01-05T08:00:00Z') + 35 * DAY);
    const result = await engine.api.projects.purge();
    expect(result.runs).toEqual([{ runId: first, endedAt: expect.any(String), stagedRows: before.staged[first] ?? 0, rejects: before.rejects[first] }]);
    expect(result).toMatchObject({ stagedRows: before.staged[first] ?? 0, rejects: before.rejects[first] });
    const after = counts();
    expect(after.rejects[first]).toBeUndefined();
    expect(after.staged[first]).toBeUndefined();
    expect(after.rejects[second]).toBe(before.rejects[second]);
    expect(after.staged[second]).toBe(before.staged[second]);
    // Run summaries and logs are never purged.
    expect(after.runs).toBe(before.runs);
    expect(after.events).toBe(before.events);
    expect((await engine.api.runs.list({})).map((r) => r.runId).sort()).toEqual([...runIds].sort());

    const entries = await engine.api.audit.list({ limit: 5 });
    const purge = entries.find((e) => e.action === 'project.purge');
    expect(purge?.summary).toContain(first);
    expect(purge?.summary).not.toContain(second);

    // A second purge at the same instant finds nothing left, and writes no audit entry.
    expect((await engine.api.projects.purge()).runs).toEqual([]);
  });

  it('is applied again when the project is opened', async () => {
    const [, second] = runIds;
    const before = counts();
    expect(before.rejects[second]).toBeGreaterThan(0);
    await engine.api.projects.close();
    clock = new Date(Date.parse('2026-01-05T08:00:00Z') + 55 * DAY);
    await engine.api.projects.open({ path: projectPath });
    const after = counts();
    expect(after.rejects[second]).toBeUndefined();
    expect(after.staged[second]).toBeUndefined();
    expect(after.runs).toBe(before.runs);
    expect(after.events).toBe(before.events);
  });

  it('refuses a retention that is not a whole number of days from 1, and leaves the policy as it was', async () => {
    for (const retentionDays of [0, -3, 1.5, '30']) {
      const answer = await dispatch(engine.api, { kind: 'call', id: 1, service: 'settings', method: 'update', params: { retentionDays } });
      expect(answer, String(retentionDays)).toMatchObject({ kind: 'error', error: { code: 'BAD_REQUEST' } });
    }
    expect((await engine.api.settings.get()).retentionDays).toBe(30);
    await expect(dispatch(engine.api, { kind: 'call', id: 2, service: 'settings', method: 'update', params: { retentionDays: null } })).resolves.toMatchObject({ kind: 'result' });
    expect((await engine.api.settings.get()).retentionDays).toBeNull();
  });
});

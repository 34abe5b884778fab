import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, schedulerHandoff, type Engine } from '../../src/main/engine/index';
import type { SyncJobSource } from '../../src/main/engine/core/sync-scheduling';
import type { SyncTrigger } from '../../src/main/engine/sync/schedule/schedule-log';
import { StudioError } from '../../src/shared/errors';
import { FakeScheduleClock } from '../support/fake-schedule-clock';
import { tempDir } from '../support/temp-dir';

const HOUR = 3_600_000;

describe('the studio runs the open project\'s sync schedules; a scheduled CLI job hands over to it', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  function setup(host: 'web' | 'cli') {
    const dir = tempDir();
    const clock = new FakeScheduleClock('2025-01-06T00:30:00Z');
    const runs: { project: string; job: string; trigger: SyncTrigger; signal: AbortSignal }[] = [];
    const block = { untilAborted: false };
    const syncJobs: SyncJobSource = {
      scheduledJobs: () => [{ name: 'nightly', schedule: { cron: '0 * * * *', timezone: 'UTC', blackouts: [], missedPolicy: 'skip' }, lastRunAt: null }],
      run: async (session, job, trigger, signal) => {
        runs.push({ project: session.project.path, job, trigger, signal });
        // A long sync: it ends only when its signal aborts (the project closing).
        if (block.untilAborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      },
    };
    const engine: Engine = createEngine({ host, configDir: join(dir.path, 'config'), syncJobs, scheduleClock: clock });
    cleanups.push(() => dir.cleanup(), () => engine.dispose());
    return { dir, clock, runs, engine, block };
  }

  it('starts the scheduler when a project opens in the studio and stops it (aborting a running sync) when it closes', async () => {
    const { dir, clock, runs, engine, block } = setup('web');
    const info = await engine.api.projects.create({ path: join(dir.path, 'school.apstudio') });
    await clock.advance(30 * 60_000);
    expect(runs.map((r) => [r.project, r.job, r.trigger])).toEqual([[info.path, 'nightly', { kind: 'schedule', dueAt: '2025-01-06T01:00:00.000Z' }]]);
    block.untilAborted = true;
    await clock.advance(HOUR);
    expect(runs).toHaveLength(2);
    expect(runs[1].signal.aborted).toBe(false);
    await engine.api.projects.close();
    expect(runs[1].signal.aborted).toBe(true);
    expect(clock.pending).toBe(0);
    await clock.advance(3 * HOUR);
    expect(runs).toHaveLength(2);
  });

  it('the CLI never schedules: its engine opens the project and runs nothing by itself', async () => {
    const { dir, clock, runs, engine } = setup('cli');
    await engine.api.projects.create({ path: join(dir.path, 'school.apstudio') });
    await clock.advance(3 * HOUR);
    expect(runs).toHaveLength(0);
    expect(clock.pending).toBe(0);
  });

  it('sync --job on a project the studio holds: PROJECT_IN_USE (exit 5) saying the studio runs the job; another command holding it is told apart', async () => {
    const { dir, engine } = setup('cli');
    const path = join(dir.path, 'school.apstudio');
    await engine.api.projects.create({ path });
    await engine.api.projects.close();
    // The studio's lock as the desktop app writes it, from a process that is alive (this one's parent).
    const lock = (app: string) => writeFileSync(`${path}.lock`, JSON.stringify({ pid: process.ppid, host: hostname(), user: 'office', app, since: '2025-01-06T07:00:00.000Z' }));
    const refusal = async () => {
      try {
        await engine.api.projects.open({ path });
      } catch (err) {
        return err;
      }
      throw new Error('expected PROJECT_IN_USE');
    };
    lock('the studio desktop app');
    const studio = schedulerHandoff(await refusal(), 'nightly');
    expect(studio?.studioRunsJob).toBe(true);
    expect(studio?.error).toMatchObject({ code: 'PROJECT_IN_USE', details: { job: 'nightly', studioRunsJob: true, holder: { app: 'the studio desktop app', pid: process.ppid } } });
    expect(studio?.error.message).toContain('its own scheduler runs the job at its scheduled times');
    lock('the studio (web host)');
    expect(schedulerHandoff(await refusal(), 'nightly')?.studioRunsJob).toBe(true);
    lock('the academia-studio command');
    const other = schedulerHandoff(await refusal(), 'nightly');
    expect(other?.studioRunsJob).toBe(false);
    expect(other?.error.message).toContain('in use by the academia-studio command');
    expect(schedulerHandoff(new StudioError('RUN_FAILED', 'x', 'y'), 'nightly')).toBeNull();
  });
});

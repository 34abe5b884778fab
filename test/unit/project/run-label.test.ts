import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProjectFile } from '../../../src/main/engine/project/project-file';
import { Project } from '../../../src/main/engine/project/project';
import { RunsRepo } from '../../../src/main/engine/project/runs-repo';
import { runLabel, shortTime } from '../../../src/shared/model/run-label';
import { tempDir } from '../../support/temp-dir';

describe('run labels', () => {
  it('reads "Run N · entities · day month hh:mm"', () => {
    expect(runLabel({ number: 3, entities: ['students', 'guardians'], startedAt: '2026-12-07T14:02:59.000Z' }, 'UTC')).toBe('Run 3 · students, guardians · 7 Dec 14:02');
    expect(runLabel({ number: 12, entities: ['schools', 'terms', 'students', 'guardians', 'staff'], startedAt: '2026-01-31T09:05:00.000Z' }, 'UTC')).toBe('Run 12 · schools, terms, students +2 more · 31 Jan 09:05');
    expect(runLabel({ number: 1, entities: [], startedAt: 'not a time' }, 'UTC')).toBe('Run 1');
  });

  it('writes the time in the zone asked for, 24-hour, with the short month every locale build agrees on', () => {
    expect(shortTime('2026-09-07T23:30:00.000Z', 'Europe/Berlin')).toBe('8 Sep 01:30');
    expect(shortTime('2026-12-07T00:00:00.000Z', 'UTC')).toBe('7 Dec 00:00');
  });

  describe('in the project file', () => {
    let dir: ReturnType<typeof tempDir>;
    let project: Project;
    let close: () => void;
    beforeEach(() => {
      dir = tempDir();
      const created = createProjectFile(join(dir.path, 'p.apstudio'), 'test', { name: 'Labels' });
      project = new Project(created);
      close = () => created.close();
    });
    afterEach(() => {
      close();
      dir.cleanup();
    });

    it('numbers runs in the order they started, apart from their ids, and labels them with their entities', () => {
      const runs = new RunsRepo(project);
      // Ids that sort against the start order: the number follows the start time, not the id.
      runs.create({ runId: 'run-zzz', operation: 'Import', dryRun: true, entities: [{ entity: 'students', estimate: null }], now: new Date('2026-12-07T13:00:00Z') });
      runs.create({ runId: 'run-aaa', operation: 'Import', dryRun: false, entities: [{ entity: 'students', estimate: null }, { entity: 'guardians', estimate: null }], now: new Date('2026-12-07T14:02:00Z') });
      const [second, first] = runs.list();
      expect([first.runId, first.number, second.runId, second.number]).toEqual(['run-zzz', 1, 'run-aaa', 2]);
      expect(second.label).toBe(runLabel({ number: 2, entities: ['students', 'guardians'], startedAt: '2026-12-07T14:02:00.000Z' }));
      expect(second.label).toMatch(/^Run 2 · students, guardians · \d{1,2} Dec \d{2}:\d{2}$/);
      expect(runs.get('run-zzz').label).toMatch(/^Run 1 · students · /);
      expect(first.label).not.toBe(second.label);
    });
  });
});

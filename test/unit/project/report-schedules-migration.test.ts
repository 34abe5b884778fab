import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProjectFile } from '../../../src/main/engine/project/project-file';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src/main/engine/project/migrations';
import { ReportSchedulesRepo } from '../../../src/main/engine/project/report-schedules-repo';
import { reportSchedulesMigration } from '../../../src/main/engine/project/report-schedules-migration';
import { olderProjectFile } from '../../support/older-project-file';
import { tempDir } from '../../support/temp-dir';

const MINE = reportSchedulesMigration.version;

describe('project file migration 19 (scheduled reports)', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it('upgrades a file of the version before it in place, keeps its data, and stores schedules and their delivery log', () => {
    const before = Math.max(...MIGRATIONS.filter((m) => m.version < MINE).map((m) => m.version));
    const file = join(dir.path, 'old.apstudio');
    const db = olderProjectFile(file, before);
    db.prepare("INSERT INTO meta (key, value) VALUES ('name', 'Old school')").run();
    db.close();

    const opened = openProjectFile(file, 'test');
    try {
      expect(opened.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(opened.db.prepare("SELECT value FROM meta WHERE key = 'name'").pluck().get()).toBe('Old school');
      const repo = new ReportSchedulesRepo(opened.db);
      const schedule = { id: 's1', name: 'Weekly', kind: 'sla' as const, period: 'week' as const, format: 'pdf' as const, cron: '0 7 * * 1', timezone: 'Europe/Berlin', integration: 'target', folder: '/srv/reports', email: true, emailTo: ['it@school.example'], enabled: true, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z' };
      repo.save(schedule);
      expect(repo.list()).toEqual([schedule]);
      repo.addDelivery({ scheduleId: 's1', at: '2025-01-06T06:00:00Z', trigger: 'schedule', destination: 'folder', status: 'ok', target: '/srv/reports/a.pdf', bytes: 10, reason: null, error: null });
      repo.addDelivery({ scheduleId: 's1', at: '2025-01-06T06:00:00Z', trigger: 'schedule', destination: 'email', status: 'failed', target: 'it@school.example', bytes: null, reason: 'refused', error: { code: 'SMTP_FAILED', message: 'refused', hint: 'h' } });
      expect(repo.lastDeliveries('s1').map((d) => [d.destination, d.status, d.error?.code ?? null])).toEqual([['folder', 'ok', null], ['email', 'failed', 'SMTP_FAILED']]);
      expect(() => opened.db.prepare("INSERT INTO report_schedules (id, name, kind, period, format, cron, timezone, created_at, updated_at) VALUES ('x', 'x', 'weather', 'day', 'csv', '@daily', 'UTC', '', '')").run()).toThrow(/CHECK/);
      repo.remove('s1');
      expect(repo.deliveries(null, 10)).toEqual([]);
    } finally {
      opened.close();
    }
  });
});

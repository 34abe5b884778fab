import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProjectFile, type ProjectFile } from '../../../src/main/engine/project/project-file';
import { purgeExpired } from '../../../src/main/engine/project/retention-purge';
import { auditObjectId } from '../../../src/main/engine/services/support-bundle';
import { tempDir } from '../../support/temp-dir';

const NOW = new Date('2026-06-01T00:00:00Z');

describe('purgeExpired: what the retention policy may remove', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: ProjectFile;

  beforeEach(() => {
    dir = tempDir();
    file = createProjectFile(join(dir.path, 'p.apstudio'), 'test', { name: 'P' });
    const db = file.db;
    const run = db.prepare("INSERT INTO runs (id, operation, status, dry_run, started_at, ended_at, counters_json) VALUES (?, 'Migration', ?, 0, ?, ?, '{}')");
    run.run('old', 'Completed', '2026-01-01T00:00:00.000Z', '2026-01-01T01:00:00.000Z');
    // Started long ago and still running (or left so by a process that died): never purged.
    run.run('running', 'Processing', '2026-01-01T00:00:00.000Z', null);
    run.run('recent', 'Completed', '2026-05-30T00:00:00.000Z', '2026-05-30T01:00:00.000Z');
    const name = db.prepare('INSERT INTO staging_names (kind, name) VALUES (?, ?)');
    const entity = Number(name.run('entity', 'students').lastInsertRowid);
    const staged = db.prepare("INSERT INTO staged_records (entity_no, external_id, run_no, payload_json, row_hash) VALUES (?, ?, ?, '{}', x'00')");
    const reject = db.prepare("INSERT INTO rejects (run_id, entity, stage, external_id, errors_json, row_json) VALUES (?, 'students', 'validate', ?, '[]', '{}')");
    for (const runId of ['old', 'running', 'recent']) {
      const no = Number(name.run('run', runId).lastInsertRowid);
      for (let i = 0; i < 3; i++) staged.run(entity, `${runId}-${i}`, no);
      for (let i = 0; i < 2; i++) reject.run(runId, `${runId}-r${i}`);
      // A reconciliation mismatch holds field values (school data).
      db.prepare("INSERT INTO run_mismatches (run_id, seq, entity, external_id, field, kind, source_json, target_json) VALUES (?, 1, 'students', ?, 'lastName', 'field', '\"Lee\"', '\"Lea\"')").run(runId, `${runId}-0`);
    }
  });
  afterEach(() => {
    file.close();
    dir.cleanup();
  });

  const left = () => ({
    staged: file.db.prepare("SELECT n.name FROM staged_records s JOIN staging_names n ON n.no = s.run_no GROUP BY n.name ORDER BY n.name").pluck().all(),
    rejects: file.db.prepare('SELECT DISTINCT run_id FROM rejects ORDER BY run_id').pluck().all(),
    runs: file.db.prepare('SELECT count(*) FROM runs').pluck().get(),
    mismatches: file.db.prepare('SELECT DISTINCT run_id FROM run_mismatches ORDER BY run_id').pluck().all(),
  });

  it('removes only the rows of runs that ended before the cutoff, and keeps every run', () => {
    const result = purgeExpired(file.db, 30, NOW);
    expect(result).toEqual({
      retentionDays: 30,
      cutoff: '2026-05-02T00:00:00.000Z',
      runs: [{ runId: 'old', endedAt: '2026-01-01T01:00:00.000Z', stagedRows: 3, rejects: 2 }],
      stagedRows: 3,
      rejects: 2,
    });
    expect(left()).toEqual({ staged: ['recent', 'running'], rejects: ['recent', 'running'], runs: 3, mismatches: ['recent', 'running'] });
  });

  it('keeps everything without a policy, and a run that ended less than N days ago', () => {
    expect(purgeExpired(file.db, null, NOW).runs).toEqual([]);
    expect(purgeExpired(file.db, undefined, NOW).runs).toEqual([]);
    // 'recent' ended a millisecond less than 3 days before this instant: a 3-day policy keeps it.
    expect(purgeExpired(file.db, 3, new Date('2026-06-02T00:59:59.999Z')).runs.map((r) => r.runId)).toEqual(['old']);
    expect(left().staged).toEqual(['recent', 'running']);
  });
});

describe('auditObjectId: audit objects in the support bundle', () => {
  it('keeps ids and drops what may name a person or a path', () => {
    expect(auditObjectId('project')).toBe('project');
    expect(auditObjectId('connection:c-1')).toBe('connection:c-1');
    expect(auditObjectId('run:run-7')).toBe('run:run-7');
    expect(auditObjectId('path:/home/jane/Emma Smith records')).toBe('path:[redacted]');
    expect(auditObjectId('something-new:Emma Smith')).toBe('something-new:[redacted]');
  });
});

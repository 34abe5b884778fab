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
      // Tables added after the policy: merged people, rollback pre-images, a sync's change set.
      db.prepare("INSERT INTO run_merges (run_id, entity, external_id, survivor) VALUES (?, 'students', ?, ?)").run(runId, `${runId}-dup`, `${runId}-0`);
      db.prepare("INSERT INTO run_preimages (run_id, entity, external_id, version, record_json) VALUES (?, 'students', ?, 3, '{\"lastName\":\"Lee\"}')").run(runId, `${runId}-0`);
      db.prepare("INSERT INTO sync_changes (run_id, entity, external_id, kind, record_json) VALUES (?, 'students', ?, 'update', '{\"lastName\":\"Lee\"}')").run(runId, `${runId}-0`);
    }
    // The request log: two old calls (one of them not yet copied into the metrics), one recent; a
    // call of the run still in progress, logged before the cutoff.
    const request = db.prepare("INSERT INTO target_requests (id, run_id, at, method, path, status, latency_ms, attempt) VALUES (?, ?, ?, 'POST', '/api/v1/students/batch', 200, 12, 1)");
    request.run(1, 'old', '2026-01-01T00:30:00.000Z');
    request.run(2, 'running', '2026-01-01T00:40:00.000Z');
    request.run(3, null, '2026-01-02T00:00:00.000Z');
    request.run(4, 'recent', '2026-05-30T00:30:00.000Z');
    request.run(5, null, '2026-01-03T00:00:00.000Z');
    db.prepare("INSERT INTO monitoring_cursors (name, value) VALUES ('target_requests', '4')").run();
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
    merges: file.db.prepare('SELECT DISTINCT run_id FROM run_merges ORDER BY run_id').pluck().all(),
    preimages: file.db.prepare('SELECT DISTINCT run_id FROM run_preimages ORDER BY run_id').pluck().all(),
    syncChanges: file.db.prepare('SELECT DISTINCT run_id FROM sync_changes ORDER BY run_id').pluck().all(),
    requests: file.db.prepare('SELECT id FROM target_requests ORDER BY id').pluck().all(),
  });

  it('removes only the rows of runs that ended before the cutoff, and keeps every run', () => {
    const result = purgeExpired(file.db, 30, NOW);
    expect(result).toEqual({
      retentionDays: 30,
      cutoff: '2026-05-02T00:00:00.000Z',
      runs: [{ runId: 'old', endedAt: '2026-01-01T01:00:00.000Z', stagedRows: 3, rejects: 2 }],
      stagedRows: 3,
      rejects: 2,
      mismatches: 1,
      merges: 1,
      preimages: 1,
      syncChanges: 1,
      requests: 2,
      baselineKept: 0,
    });
    const kept = ['recent', 'running'];
    expect(left()).toEqual({
      staged: kept,
      rejects: kept,
      runs: 3,
      mismatches: kept,
      merges: kept,
      preimages: kept,
      syncChanges: kept,
      // 1 and 3: before the cutoff and copied into the metrics. 2: its run is still in progress;
      // 4: recent; 5: old but past monitoring's cursor (the metrics have not seen it yet).
      requests: [2, 4, 5],
    });
  });

  it('removes the request log only as far as monitoring has copied it', () => {
    file.db.prepare("DELETE FROM monitoring_cursors WHERE name = 'target_requests'").run();
    expect(purgeExpired(file.db, 30, NOW).requests).toBe(0);
    expect(left().requests).toEqual([1, 2, 3, 4, 5]);
    file.db.prepare("INSERT INTO monitoring_cursors (name, value) VALUES ('target_requests', '5')").run();
    expect(purgeExpired(file.db, 30, NOW).requests).toBe(3);
    expect(left().requests).toEqual([2, 4]);
  });

  it("keeps the staged rows a defined sync's delta baseline needs, and counts them", () => {
    const db = file.db;
    const oldNo = db.prepare("SELECT no FROM staging_names WHERE kind = 'run' AND name = 'old'").pluck().get() as number;
    // old-0 and old-1 were acknowledged by the target; old-1 was since deleted by a sync; old-2 never acknowledged.
    db.prepare("UPDATE staged_records SET pushed_hash = x'00' WHERE run_no = ? AND external_id IN ('old-0', 'old-1')").run(oldNo);
    db.prepare("INSERT INTO sync_gone (entity, external_id, run_id, policy, at) VALUES ('students', 'old-1', 'old', 'delete', '2026-01-01T01:00:00.000Z')").run();
    const byRun = () => db.prepare('SELECT external_id FROM staged_records WHERE run_no = ? ORDER BY external_id').pluck().all(oldNo);

    // Without a sync of students, nothing is a baseline.
    db.prepare("INSERT INTO sync_definitions (name, definition_json, created_at, updated_at) VALUES ('guardians', ?, 'x', 'x')").run(JSON.stringify({ name: 'guardians', entities: [{ entity: 'guardians' }] }));
    const snapshot = db.prepare('SELECT * FROM staged_records').all();
    db.exec('SAVEPOINT probe');
    expect(purgeExpired(db, 30, NOW).baselineKept).toBe(0);
    expect(byRun()).toEqual([]);
    db.exec('ROLLBACK TO probe; RELEASE probe');
    expect(db.prepare('SELECT * FROM staged_records').all()).toEqual(snapshot);

    db.prepare("INSERT INTO sync_definitions (name, definition_json, created_at, updated_at) VALUES ('nightly', ?, 'x', 'x')").run(JSON.stringify({ name: 'nightly', entities: [{ entity: 'students', mode: 'Delta' }] }));
    const result = purgeExpired(db, 30, NOW);
    expect(result.baselineKept).toBe(1);
    expect(result.runs).toEqual([{ runId: 'old', endedAt: '2026-01-01T01:00:00.000Z', stagedRows: 2, rejects: 2 }]);
    expect(byRun()).toEqual(['old-0']);
    // The rest of the run's school data goes as before.
    expect(left().syncChanges).toEqual(['recent', 'running']);
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

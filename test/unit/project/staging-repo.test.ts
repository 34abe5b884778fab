import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalRecord, hashRecord } from '../../../src/main/engine/pipeline/record-hash';
import { APPLICATION_ID, createProjectFile, openProjectFile } from '../../../src/main/engine/project/project-file';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src/main/engine/project/migrations';
import { Project } from '../../../src/main/engine/project/project';
import { StagingRepo, type StagedRecord } from '../../../src/main/engine/project/staging-repo';
import { tempDir } from '../../support/temp-dir';

const rec = (id: string, n = 0): StagedRecord => {
  const payload = { externalId: id, n };
  return { externalId: id, payload, ...canonicalRecord(payload) };
};
const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `S${String(from + i).padStart(5, '0')}`);

describe('staging repo (migration 8: integer keys, multi-row upserts)', () => {
  let dir: ReturnType<typeof tempDir>;
  let project: Project;
  let close: () => void;
  beforeEach(() => {
    dir = tempDir();
    const created = createProjectFile(join(dir.path, 'p.apstudio'), 'test', { name: 'Staging' });
    project = new Project(created);
    close = () => created.close();
  });
  afterEach(() => {
    close();
    dir.cleanup();
  });

  it('stores the canonical JSON it hashed, and hashes what hashRecord hashes', () => {
    const r = canonicalRecord({ b: 1, a: { d: 2, c: [3] } });
    expect(r.json).toBe('{"a":{"c":[3],"d":2},"b":1}');
    expect(r.hash).toBe(hashRecord({ a: { c: [3], d: 2 }, b: 1 }));
    const repo = new StagingRepo(project);
    repo.stage('run-1', 'students', [{ externalId: 'S1', payload: { b: 1, a: 2, externalId: 'S1' }, hash: hashRecord({ b: 1, a: 2, externalId: 'S1' }) }]);
    expect(project.db.prepare('SELECT payload_json FROM staged_records').pluck().get()).toBe('{"a":2,"b":1,"externalId":"S1"}');
    expect(repo.page('run-1', 'students', null, 10)[0].hash).toBe(hashRecord({ a: 2, b: 1, externalId: 'S1' }));
  });

  it('finds duplicates inside a full chunk, across chunks and in the tail, in source order', () => {
    const repo = new StagingRepo(project);
    const first = ids(0, 250).map((id) => rec(id));
    // a duplicate of an earlier batch's key inside a full chunk, one within the same chunk, one in the tail
    first.splice(150, 0, rec('S00010', 1));
    first.splice(160, 0, rec('S00155', 2));
    first.push(rec('S00249', 3));
    const out = repo.stage('run-1', 'students', first.slice(0, 120));
    expect(out).toEqual({ staged: 120, duplicates: [] });
    const rest = repo.stage('run-1', 'students', first.slice(120));
    expect(rest.staged).toBe(130);
    expect(rest.duplicates.map((d) => [d.externalId, d.payload.n])).toEqual([
      ['S00010', 1],
      ['S00155', 2],
      ['S00249', 3],
    ]);
    expect(repo.stagedCount('run-1', 'students')).toBe(250);
    // the first of each key was kept
    const page = repo.page('run-1', 'students', 'S00154', 2);
    expect(page.map((p) => [p.externalId, p.payload.n])).toEqual([
      ['S00155', 0],
      ['S00156', 0],
    ]);
  });

  it('keeps what the target acknowledged across runs: unchanged, updated and created', () => {
    const repo = new StagingRepo(project);
    repo.stage('run-1', 'students', ids(0, 300).map((id) => rec(id)));
    const all = [...repo.page('run-1', 'students', null, 500)];
    expect(all.map((r) => r.externalId)).toEqual(ids(0, 300));
    project.db.prepare("INSERT INTO runs (id, operation, status, dry_run, started_at, counters_json) VALUES ('run-1', 'Migration', 'Completed', 0, '2026-01-01T00:00:00Z', '{}')").run();
    repo.recordReceipts('run-1', 'students', 'k1', all.map((r, i) => ({ externalId: r.externalId, status: 'created', targetId: `t${i}`, version: 1 })), new Date(0));
    expect(repo.predict('run-1', 'students')).toEqual({ created: 0, updated: 0, unchanged: 300 });

    const second = ids(0, 301).map((id, i) => rec(id, i < 10 ? 1 : 0));
    expect(repo.stage('run-2', 'students', second)).toEqual({ staged: 301, duplicates: [] });
    expect(repo.predict('run-2', 'students')).toEqual({ created: 1, updated: 10, unchanged: 290 });
    expect(repo.stagedCount('run-1', 'students')).toBe(0);
    expect(repo.stagedCount('run-2', 'students')).toBe(301);
    expect(repo.stagedCount('run-2', 'guardians')).toBe(0);
    expect(repo.page('run-9', 'students', null, 10)).toEqual([]);
    expect(project.db.prepare("SELECT count(*) FROM staging_names WHERE kind = 'run' AND name = 'run-9'").pluck().get()).toBe(0);
    expect(repo.receiptIds('run-1', 'students')).toEqual({ acknowledged: ids(0, 300), rejected: 0, firstWrittenAt: '1970-01-01T00:00:00.000Z' });
  });
});

describe('project file migration 8', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it('carries staged_rows over to staged_records, hashes and acknowledgements included', () => {
    const file = join(dir.path, 'old.apstudio');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma(`application_id = ${APPLICATION_ID}`);
    for (const m of MIGRATIONS.filter((m) => m.version <= 5)) m.up(db);
    db.pragma('user_version = 5');
    const a = canonicalRecord({ externalId: 'A', x: 1 });
    const b = canonicalRecord({ externalId: 'B', x: 2 });
    const insert = db.prepare('INSERT INTO staged_rows (entity, external_id, run_id, payload_json, row_hash, pushed_hash, target_id, target_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    insert.run('students', 'A', 'run-old', a.json, a.hash, a.hash, 'tA', 1);
    insert.run('students', 'B', 'run-old', b.json, b.hash, null, null, null);
    insert.run('guardians', 'A', 'run-old', a.json, a.hash, hashRecord({ other: true }), 'tG', 3);
    db.close();

    const opened = openProjectFile(file, 'test');
    try {
      expect(opened.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(opened.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'staged_rows'").pluck().get()).toBe(0);
      const repo = new StagingRepo(new Project(opened));
      expect(repo.predict('run-old', 'students')).toEqual({ created: 1, updated: 0, unchanged: 1 });
      expect(repo.predict('run-old', 'guardians')).toEqual({ created: 0, updated: 1, unchanged: 0 });
      expect(repo.page('run-old', 'students', null, 10)).toEqual([
        { externalId: 'A', payload: { externalId: 'A', x: 1 }, hash: a.hash, json: a.json },
        { externalId: 'B', payload: { externalId: 'B', x: 2 }, hash: b.hash, json: b.json },
      ]);
      // the next run sees the old acknowledgement
      repo.stage('run-new', 'students', [{ externalId: 'A', payload: { externalId: 'A', x: 1 }, ...a }]);
      expect(repo.predict('run-new', 'students')).toEqual({ created: 0, updated: 0, unchanged: 1 });
    } finally {
      opened.close();
    }
  });
});

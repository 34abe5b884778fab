import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTargetContract } from '../../../src/academia-api/contract';
import { createProjectFile } from '../../../src/main/engine/project/project-file';
import { erasePersonData, findPeople, personData, recordsAbout } from '../../../src/main/engine/project/person-records';
import { Project } from '../../../src/main/engine/project/project';
import { tempDir } from '../../support/temp-dir';

/** What a family's request reaches (issue 21): the person, what references them, transitively, and nothing else. */
describe('records about a person', () => {
  const contract = loadTargetContract('v1');
  let dir: ReturnType<typeof tempDir>;
  let project: Project;

  function stage(entity: string, externalId: string, payload: Record<string, unknown>): void {
    const db = project.db;
    db.prepare("INSERT OR IGNORE INTO staging_names (kind, name) VALUES ('entity', ?), ('run', 'run-1')").run(entity);
    const no = (kind: string, name: string) => db.prepare('SELECT no FROM staging_names WHERE kind = ? AND name = ?').pluck().get(kind, name);
    db.prepare('INSERT INTO staged_records (entity_no, external_id, run_no, payload_json, row_hash) VALUES (?, ?, ?, ?, ?)').run(
      no('entity', entity),
      externalId,
      no('run', 'run-1'),
      JSON.stringify({ externalId, ...payload }),
      Buffer.alloc(32),
    );
  }

  beforeEach(() => {
    dir = tempDir('apstudio-person-records-');
    project = new Project(createProjectFile(join(dir.path, 'p.apstudio'), 'test', { name: 'p', createdAt: '2026-12-07T00:00:00Z', createdBy: 't', appVersion: '0', migrationStatus: 'Planning', isDemo: 'false' }));
    stage('students', 'S-1', { firstName: 'Zoë', lastName: 'ÖZTÜRK', birthDate: '2012-03-04' });
    stage('students', 'S-2', { firstName: 'Anna', lastName: 'Łukasiewicz' });
    stage('classes', 'C-1', { name: 'Maths 7A' });
    stage('enrollments', 'E-1', { studentExternalId: 'S-1', classExternalId: 'C-1' });
    stage('enrollments', 'E-2', { studentExternalId: 'S-2', classExternalId: 'C-1' });
    stage('fee-invoices', 'I-1', { studentExternalId: 'S-1', amount: 100 });
    stage('payments', 'P-1', { invoiceExternalId: 'I-1', amount: 100 });
    project.db.prepare("INSERT INTO runs (id, operation, status, dry_run, started_at, counters_json) VALUES ('run-1', 'Migration', 'Completed', 0, '2026-12-07T00:00:00Z', '{}')").run();
    project.db.prepare("INSERT INTO rejects (run_id, entity, stage, external_id, source_row, errors_json, row_json) VALUES ('run-1', 'students', 'validate', 'S-1', 4, '[]', '{}')").run();
  });
  afterEach(() => {
    project.close();
    dir.cleanup();
  });

  it('finds people by any case of their name in any script, and by key', () => {
    expect(findPeople(project.db, contract, 'öztürk zoë', 10).map((p) => p.externalId)).toEqual(['S-1']);
    expect(findPeople(project.db, contract, 'łUKASIEWICZ', 10).map((p) => p.externalId)).toEqual(['S-2']);
    expect(findPeople(project.db, contract, 's-', 1)).toHaveLength(1);
    // Classes hold no people, so their names are never searched.
    expect(findPeople(project.db, contract, 'maths', 10)).toEqual([]);
  });

  it('follows references into the person, transitively, never out of them', () => {
    const keys = recordsAbout(project.db, contract, { entity: 'students', externalId: 'S-1' }).map((k) => `${k.entity}/${k.externalId}`);
    expect(keys.sort()).toEqual(['enrollments/E-1', 'fee-invoices/I-1', 'payments/P-1', 'students/S-1']);
  });

  it('exports and erases exactly those records, the other pupil untouched', () => {
    const keys = recordsAbout(project.db, contract, { entity: 'students', externalId: 'S-1' });
    expect(personData(project.db, keys).counts).toMatchObject({ staged: 4, rejects: 1 });
    expect(erasePersonData(project.db, keys)).toMatchObject({ staged: 4, rejects: 1 });
    expect(personData(project.db, keys).counts).toMatchObject({ staged: 0, rejects: 0 });
    const left = project.db.prepare('SELECT external_id FROM staged_records ORDER BY external_id').pluck().all();
    expect(left).toEqual(['C-1', 'E-2', 'S-2']);
  });
});

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { enrolledAgeGradeFindings } from '../../../../src/main/engine/assessment/findings/enrolled-age-grade';
import { SqliteConnector } from '../../../../src/main/engine/connectors/sqlite/sqlite-connector';
import type { Relationship } from '../../../../src/shared/model/assessment';
import { tempDir } from '../../../support/temp-dir';

describe('age against the grade a pupil is enrolled in (across tables)', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it('finds the pupil whose birth date does not fit the enrolled grade, counting people once', async () => {
    const file = join(dir.path, 'sis.db');
    const db = new Database(file);
    db.exec(`
      CREATE TABLE pupils (id INTEGER PRIMARY KEY, dob TEXT);
      CREATE TABLE grade_levels (id INTEGER PRIMARY KEY, short_name TEXT, sort_order INTEGER);
      CREATE TABLE enrolments (id INTEGER PRIMARY KEY, pupil_id INTEGER, grade_id INTEGER, start_date TEXT);
      INSERT INTO grade_levels VALUES (1, 'K', 1), (2, '1', 2), (3, '2', 3);
      INSERT INTO pupils VALUES (1, '2019-03-01'), (2, '2018-05-05'), (3, '2017-01-09'), (4, '2001-02-02');
      INSERT INTO enrolments VALUES (1, 1, 1, '2024-09-01'), (2, 2, 2, '2024-09-01'), (3, 3, 3, '2024-09-01'), (4, 4, 2, '2024-09-01'), (5, 4, 2, '2025-01-10');
    `);
    db.close();
    const connector = new SqliteConnector(file);
    const rel: Relationship = { fromTable: 'enrolments', fromColumns: ['pupil_id'], toTable: 'pupils', toColumns: ['id'], declared: false, confidence: 0.9, orphans: 0, orphanExamples: [] };
    try {
      const { findings } = await enrolledAgeGradeFindings(connector, await connector.discover(), [rel], new Date('2025-06-01T00:00:00Z'));
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ code: 'IMPLAUSIBLE_AGE_FOR_GRADE', table: 'pupils', column: 'dob', count: 1 });
      expect(findings[0].examples[0]).toMatchObject({ id: '4', grade: 1, age: 23 });
      expect(findings[0].message).toMatch(/outside 3–7/);
    } finally {
      await connector.close();
    }
  });
});

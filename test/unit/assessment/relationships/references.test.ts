import { describe, expect, it } from 'vitest';
import { analyzeRelationships } from '../../../../src/main/engine/assessment/relationships';
import { entityWords, readReferenceName, singular } from '../../../../src/main/engine/assessment/relationships/name-tokens';
import { nameEvidence } from '../../../../src/main/engine/assessment/relationships/reference-names';
import type { StreamInfo } from '../../../../src/shared/model/connection';
import { MemoryConnector, type MemoryTable } from './memory-connector';

const stream = (name: string): StreamInfo => ({ name, columns: [], primaryKey: [], foreignKeys: [], rowEstimate: 0 });

describe('reference names', () => {
  it('reads column and table names in any style', () => {
    expect(readReferenceName('PUPIL_NO')).toEqual({ subject: ['pupil'], suffix: 'no' });
    expect(readReferenceName('studentId')).toEqual({ subject: ['student'], suffix: 'id' });
    expect(readReferenceName('FK_ClassID')).toEqual({ subject: ['class'], suffix: 'id' });
    expect(readReferenceName('course_period_id')).toEqual({ subject: ['course', 'period'], suffix: 'id' });
    expect(readReferenceName('id')).toEqual({ subject: [], suffix: 'id' });
    expect(entityWords('tblStudents')).toEqual(['student']);
    expect(entityWords('dbo.CLASS_ENROL')).toEqual(['class', 'enrol']);
    expect(['pupils', 'classes', 'families', 'addresses', 'staff'].map(singular)).toEqual(['pupil', 'class', 'family', 'address', 'staff']);
  });

  it('scores references by name: same key name, named after the table, synonyms, qualifiers', () => {
    const key = (table: string, column: string) => ({ table, column, isTableKey: true });
    expect(nameEvidence(stream('CLASS_ENROL'), 'PUPIL_NO', key('PUPILS', 'PUPIL_NO'))?.score).toBe(0.95);
    expect(nameEvidence(stream('PAYMENTS'), 'INV_NO', key('INVOICES', 'INV_NO'))?.score).toBe(0.95);
    expect(nameEvidence(stream('enrollment'), 'student_id', key('students', 'id'))?.score).toBe(0.9);
    expect(nameEvidence(stream('marks'), 'PUPIL_ID', key('PUPILS', 'PUPIL_NO'))?.score).toBe(0.9);
    expect(nameEvidence(stream('CLASSES'), 'TEACHER_ID', key('STAFF', 'STAFF_ID'))?.score).toBe(0.75);
    expect(nameEvidence(stream('staff'), 'current_school_id', key('schools', 'id'))?.score).toBeCloseTo(0.765);
    expect(nameEvidence(stream('quarters'), 'semester_id', key('school_semesters', 'marking_period_id'))?.score).toBeCloseTo(0.8);
    // Nothing to go on: every table's own `id`, a non-identifier shared name, a qualifier plus a synonym.
    expect(nameEvidence(stream('a'), 'id', key('b', 'id'))).toBeNull();
    expect(nameEvidence(stream('CLASSES'), 'ACAD_YEAR', key('SCHOOL_INFO', 'ACAD_YEAR'))).toBeNull();
    expect(nameEvidence(stream('attendance_period'), 'attendance_teacher_code', key('staff', 'staff_id'))).toBeNull();
    expect(nameEvidence(stream('PUPILS'), 'PUPIL_NO', key('PUPILS', 'PUPIL_NO'))).toBeNull();
  });
});

describe('analyzeRelationships: references', () => {
  const tables: MemoryTable[] = [
    { name: 'students', columns: [['id', 'integer'], ['name', 'string']], primaryKey: ['id'], rows: Array.from({ length: 20 }, (_, i) => [i + 1, `s${i + 1}`]) },
    { name: 'staff', columns: [['staff_id', 'integer'], ['name', 'string']], primaryKey: ['staff_id'], rows: Array.from({ length: 5 }, (_, i) => [i + 1, `t${i + 1}`]) },
    { name: 'houses', columns: [['house_code', 'string'], ['name', 'string']], primaryKey: ['house_code'], rows: [['RED', 'Red'], ['BLU', 'Blue'], ['GRN', 'Green']] },
    {
      name: 'enrollment',
      columns: [['enrol_id', 'integer'], ['student_id', 'integer'], ['teacher_id', 'integer'], ['colour_code', 'string']],
      primaryKey: ['enrol_id'],
      // Students 21 and 22 do not exist: three orphan rows (one value twice); teacher 9 neither.
      rows: Array.from({ length: 40 }, (_, i) => [i + 1, i === 5 ? 21 : i === 6 || i === 30 ? 22 : (i % 20) + 1, i === 12 ? 9 : (i % 5) + 1, ['RED', 'BLU', 'GRN'][i % 3]]),
    },
    {
      name: 'guardians',
      columns: [['guardian_id', 'integer'], ['pupil', 'integer']],
      primaryKey: ['guardian_id'],
      foreignKeys: [{ columns: ['pupil'], refStream: 'students', refColumns: ['id'], declared: true }],
      rows: [[1, 1], [2, 2], [3, 99], [4, null]],
    },
  ];

  it('infers references from names and values, counts orphans exactly, and keeps declared ones', async () => {
    const connector = new MemoryConnector(tables);
    const { relationships, findings } = await analyzeRelationships(connector, await connector.discover(), []);
    const rel = (from: string, column: string) => relationships.find((r) => r.fromTable === from && r.fromColumns.join() === column);

    const student = rel('enrollment', 'student_id');
    expect(student).toMatchObject({ toTable: 'students', toColumns: ['id'], declared: false, orphans: 3, orphanExamples: ['6', '7', '31'], referencingRows: 40, orphansExact: true });
    expect(student!.confidence).toBeCloseTo(0.9 * (37 / 40) ** 2, 3);

    expect(rel('enrollment', 'teacher_id')).toMatchObject({ toTable: 'staff', toColumns: ['staff_id'], orphans: 1 });
    expect(rel('enrollment', 'teacher_id')!.confidence).toBeCloseTo(0.75 * (39 / 40) ** 2, 3);

    // Value-only: `colour_code` names no table, but only houses.house_code holds all its values.
    expect(rel('enrollment', 'colour_code')).toMatchObject({ toTable: 'houses', toColumns: ['house_code'], confidence: 0.5, orphans: 0 });

    expect(rel('guardians', 'pupil')).toMatchObject({ toTable: 'students', declared: true, confidence: 1, orphans: 1, orphanExamples: ['3'], referencingRows: 3 });

    const orphans = findings.filter((f) => f.code === 'ORPHAN_REFERENCE');
    expect(orphans.map((f) => [f.table, f.column, f.count, f.severity])).toEqual([
      ['enrollment', 'student_id', 3, 'warning'],
      ['enrollment', 'teacher_id', 1, 'warning'],
      ['guardians', 'pupil', 1, 'error'],
    ]);
    expect(orphans[0].examples).toEqual([
      { enrol_id: '6', student_id: '21' },
      { enrol_id: '7', student_id: '22' },
      { enrol_id: '31', student_id: '22' },
    ]);
  });

  it('reports a table it cannot read and analyses the rest', async () => {
    const connector = new MemoryConnector(tables);
    const streams = [...(await connector.discover()), { name: 'vanished', columns: [], primaryKey: [], foreignKeys: [], rowEstimate: 0 }];
    const result = await analyzeRelationships(connector, streams, []);
    expect(result.notAssessed).toEqual([{ table: 'vanished', column: null, reason: expect.stringContaining('could not be checked') }]);
    expect(result.relationships.length).toBeGreaterThan(3);
  });

  it('stops when cancelled', async () => {
    const connector = new MemoryConnector(tables);
    const controller = new AbortController();
    controller.abort();
    await expect(analyzeRelationships(connector, await connector.discover(), [], { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

import { describe, expect, it } from 'vitest';
import { planRollover, type RolloverSnapshot } from '../../../src/main/engine/rollover/plan-rollover';
import { nextYearDate, nextYearName, progressionOf, resolveRules } from '../../../src/main/engine/rollover/rollover-rules';

const LEVELS = ['PK', 'KG', '01', '02', '03'];

function school(over: Partial<RolloverSnapshot> = {}): RolloverSnapshot {
  return {
    'academic-years': [{ externalId: '2024-2025', name: 'School year 2024-2025', startDate: '2024-09-01', endDate: '2025-07-31', isCurrent: true }],
    terms: [
      { externalId: 'T2', academicYearExternalId: '2024-2025', name: 'Spring 2025', startDate: '2025-01-06', endDate: '2025-07-31' },
      { externalId: 'T1', academicYearExternalId: '2024-2025', name: 'Autumn 2024', startDate: '2024-09-01', endDate: '2024-12-20' },
    ],
    students: [
      { externalId: 's1', gradeLevel: 'PK', enrollmentStatus: 'active' },
      { externalId: 's2', gradeLevel: '03', enrollmentStatus: 'active' },
      { externalId: 's3', gradeLevel: '02', enrollmentStatus: 'withdrawn' },
      { externalId: 's4', gradeLevel: '01' },
    ],
    classes: [{ externalId: 'c1', courseExternalId: 'MA', termExternalId: 'T2', name: 'Maths', room: 'R1' }],
    'class-teachers': [{ externalId: 'ct1', classExternalId: 'c1', staffExternalId: 'st1', role: 'primary' }],
    enrollments: [
      { externalId: 'e1', studentExternalId: 's1', classExternalId: 'c1', startDate: '2024-09-01', status: 'active' },
      { externalId: 'e2', studentExternalId: 's2', classExternalId: 'c1', startDate: '2024-09-01', status: 'active' },
      { externalId: 'e3', studentExternalId: 's4', classExternalId: 'c1', startDate: '2024-09-01', endDate: '2024-10-01', status: 'dropped' },
    ],
    ...over,
  };
}

const rules = (input = {}) => resolveRules(input, LEVELS, null);

describe('rollover rules', () => {
  it('take the progression from the target model\'s grade levels in order; the last leaves', () => {
    expect(progressionOf(LEVELS)).toEqual({ PK: 'KG', KG: '01', '01': '02', '02': '03', '03': null });
    expect(rules().rules).toMatchObject({ progressionSource: 'target-model', leavers: { action: 'graduated', date: null }, classTerm: 'first', carry: { classes: true, classTeachers: true, enrollments: true } });
  });

  it('take a crosswalk\'s table, an empty value meaning the students leave', () => {
    const r = resolveRules({ progressionCrosswalk: 'years' }, LEVELS, { PK: 'KG', '03': '' });
    expect(r.rules).toMatchObject({ progressionSource: 'crosswalk', progression: { PK: 'KG', '03': null } });
  });

  it('refuse a progression naming a grade level the target does not have, with the fix', () => {
    const { problems } = rules({ progression: { PK: 'KG', KG: 'Y1' } });
    expect(problems).toEqual([expect.objectContaining({ code: 'BAD_RULE', field: 'gradeLevel', message: 'The progression sends KG to "Y1", which is not a grade level of Academia Pro.' })]);
  });

  it('move year names and dates on by one', () => {
    expect(nextYearName('2024/25')).toBe('2025/26');
    expect(nextYearName('2024-2025')).toBe('2025-2026');
    expect(nextYearName('Autumn term 2024')).toBe('Autumn term 2025');
    expect(nextYearName('1999/00')).toBe('2000/01');
    expect(nextYearDate('2024-02-29')).toBe('2025-02-28');
  });
});

describe('the rollover plan', () => {
  it('promotes, graduates, adds the year and terms, carries the class, its teacher and the promoted enrolments', () => {
    const r = rules();
    const plan = planRollover(school(), r.rules, r.problems);
    expect(plan.problems).toEqual([]);
    expect(plan.toYear).toEqual({ externalId: '2025-2026', name: 'School year 2025-2026', startDate: '2025-09-01', endDate: '2026-07-31' });
    const byId = Object.fromEntries(plan.changes.map((c) => [`${c.entity}:${c.externalId}`, c]));
    expect(byId['students:s1']).toMatchObject({ kind: 'update', fields: { gradeLevel: 'KG' }, before: { gradeLevel: 'PK' } });
    expect(byId['students:s2']).toMatchObject({ fields: { enrollmentStatus: 'graduated' }, why: 'graduated on 2025-07-31 (03 is the last grade level)' });
    expect(byId['students:s3']).toBeUndefined();
    expect(byId['students:s4']).toMatchObject({ fields: { gradeLevel: '02' } });
    expect(byId['terms:T1-2025-2026']).toMatchObject({ fields: { academicYearExternalId: '2025-2026', name: 'Autumn 2025', startDate: '2025-09-01' } });
    // The class starts the new year in its first term (the rule "first").
    expect(byId['classes:c1-2025-2026']).toMatchObject({ kind: 'insert', fields: { termExternalId: 'T1-2025-2026', courseExternalId: 'MA', room: 'R1' } });
    expect(byId['class-teachers:ct1-2025-2026']).toMatchObject({ fields: { classExternalId: 'c1-2025-2026', staffExternalId: 'st1', startDate: '2025-09-01' } });
    expect(byId['enrollments:e1']).toMatchObject({ kind: 'update', fields: { endDate: '2025-07-31', status: 'completed' } });
    expect(byId['enrollments:e1-2025-2026']).toMatchObject({ kind: 'insert', fields: { studentExternalId: 's1', classExternalId: 'c1-2025-2026', status: 'active' } });
    // The leaver's enrolment ends and is not carried; a dropped one is left alone.
    expect(byId['enrollments:e2']).toBeDefined();
    expect(byId['enrollments:e2-2025-2026']).toBeUndefined();
    expect(byId['enrollments:e3']).toBeUndefined();
    expect(plan.counts).toEqual([
      { entity: 'academic-years', inserts: 1, updates: 1, deletes: 0, conflicts: 0 },
      { entity: 'terms', inserts: 2, updates: 0, deletes: 0, conflicts: 0 },
      { entity: 'students', inserts: 0, updates: 3, deletes: 0, conflicts: 0 },
      { entity: 'classes', inserts: 1, updates: 0, deletes: 0, conflicts: 0 },
      { entity: 'class-teachers', inserts: 1, updates: 0, deletes: 0, conflicts: 0 },
      { entity: 'enrollments', inserts: 1, updates: 2, deletes: 0, conflicts: 0 },
    ]);
  });

  it('withdraws leavers on the given date, puts classes in the matching term, and can carry nothing but people', () => {
    const r = rules({ leavers: { action: 'withdrawn', date: '2025-06-30' }, classTerm: 'matching', schoolYear: '2025/26' });
    const plan = planRollover(school(), r.rules);
    expect(plan.toYear?.externalId).toBe('2025/26');
    expect(plan.changes.find((c) => c.externalId === 's2')?.fields).toEqual({ enrollmentStatus: 'withdrawn' });
    expect(plan.changes.find((c) => c.externalId === 'e2')?.fields).toEqual({ endDate: '2025-06-30', status: 'completed' });
    expect(plan.changes.find((c) => c.entity === 'classes')?.fields.termExternalId).toBe('T2-2025-26');
    const none = rules({ carry: { classes: false, classTeachers: false, enrollments: false } });
    expect(planRollover(school(), none.rules).changes.filter((c) => c.kind === 'insert').map((c) => c.entity)).toEqual(['academic-years', 'terms', 'terms']);
  });

  it('reports a student in a grade the progression does not name, with the place and the fix, and leaves them alone', () => {
    const r = rules();
    const plan = planRollover(school({ students: [{ externalId: 's9', gradeLevel: 'Y7', enrollmentStatus: 'active' }] }), r.rules);
    expect(plan.problems).toEqual([
      {
        code: 'UNKNOWN_GRADE',
        entity: 'students',
        externalId: 's9',
        field: 'gradeLevel',
        message: 'Student s9 is in grade level "Y7", which the progression does not name, so the rollover cannot tell where they go.',
        fix: 'Add "Y7" to the rollover rules\' progression (the grade it moves to, or null when its students leave), or correct the student\'s grade level in Academia Pro.',
      },
    ]);
    expect(plan.changes.some((c) => c.externalId === 's9')).toBe(false);
  });

  it('reports a class with no term and one whose term is unknown, and carries neither', () => {
    const plan = planRollover(
      school({
        classes: [
          { externalId: 'c7', courseExternalId: 'MA', name: 'Lost', termExternalId: '' },
          { externalId: 'c8', courseExternalId: 'MA', name: 'Elsewhere', termExternalId: 'T9' },
        ],
      }),
      rules().rules,
    );
    expect(plan.problems.map((p) => [p.code, p.entity, p.externalId, p.field])).toEqual([
      ['CLASS_WITHOUT_TERM', 'classes', 'c7', 'termExternalId'],
      ['CLASS_TERM_UNKNOWN', 'classes', 'c8', 'termExternalId'],
    ]);
    expect(plan.problems[0].fix).toBe('Give class c7 its term in Academia Pro (the classes mapping\'s termExternalId), then preview again.');
    expect(plan.changes.some((c) => c.entity === 'classes')).toBe(false);
  });

  it('refuses to plan without a current year, or into a year that already exists', () => {
    expect(planRollover(school({ 'academic-years': [] }), rules().rules).problems[0]).toMatchObject({ code: 'NO_CURRENT_YEAR', fix: expect.stringContaining('run the migration') });
    const exists = planRollover(school({ 'academic-years': [...school()['academic-years'], { externalId: '2025-2026', name: 'next', startDate: '2025-09-01', isCurrent: false }] }), rules().rules);
    expect(exists).toMatchObject({ changes: [], problems: [{ code: 'YEAR_EXISTS', externalId: '2025-2026' }] });
  });
});

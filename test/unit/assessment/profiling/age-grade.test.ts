import { describe, expect, it } from 'vitest';
import { birthReadings, parseGradeLabel } from '../../../../src/main/engine/assessment/profiling/age-grade';
import { profileRows, streamOf } from './profile-helper';

describe('age against grade', () => {
  it.each([
    ['N', -1],
    ['PK', -1],
    ['R', 0],
    ['KG', 0],
    ['Y7', 7],
    ['Year 10', 10],
    ['07', 7],
    ['Grade 3', 3],
    ['3rd', 3],
    ['13', 13],
    ['Y14', null],
    ['Blue', null],
  ])('reads grade %s as %s', (label, grade) => {
    expect(parseGradeLabel(label)).toBe(grade);
  });

  it('reads birth dates, both ways when ambiguous, none for placeholders', () => {
    expect(birthReadings('2012-03-04')).toEqual([20120304]);
    expect(birthReadings('03/04/2012')).toEqual([20120403, 20120304]);
    expect(birthReadings('25/12/2012')).toEqual([20121225]);
    expect(birthReadings('1900-01-01')).toEqual([]);
    expect(birthReadings('30/02/2016')).toEqual([]);
  });

  it('flags pupils whose age at the data\'s as-of day does not fit their grade', () => {
    // The table's latest date is 2025-03-21, so ages are taken then, whatever today is.
    const rows = [
      { ID: 1, DOB: '2018-05-01', YEAR_GROUP: 'Y1', UPDATED: '2025-03-21' }, // 6 → fits
      { ID: 2, DOB: '2012-05-01', YEAR_GROUP: 'Y1', UPDATED: '2025-01-01' }, // 12 in Year 1
      { ID: 3, DOB: '2010-10-10', YEAR_GROUP: 'Y10', UPDATED: '2025-01-01' }, // 14 → fits
      { ID: 4, DOB: '2024-01-01', YEAR_GROUP: 'Y5', UPDATED: '2025-01-01' }, // 1 in Year 5
      { ID: 5, DOB: '1900-01-01', YEAR_GROUP: 'Y5', UPDATED: '2025-01-01' }, // placeholder: not judged here
      { ID: 6, DOB: '03/04/2019', YEAR_GROUP: 'R', UPDATED: '2025-01-01' }, // 5 either way → fits
    ];
    const table = profileRows(streamOf('PUPILS', ['ID', 'DOB', 'YEAR_GROUP', 'UPDATED'], ['ID']), rows, { now: new Date('2031-01-01T00:00:00Z') });
    expect(table.asOf).toBe(20250321);
    expect(table.ageGrade).toMatchObject({ birthColumn: 'DOB', gradeColumn: 'YEAR_GROUP', checked: 5, implausible: 2, complete: true });
    expect(table.ageGrade?.examples.map((e) => e.key)).toEqual([2, 4]);
  });

  it('does not check a table whose grade column holds no grades', () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({ ID: i, DOB: '2012-01-01', FORM: `Blue ${i}` }));
    expect(profileRows(streamOf('P', ['ID', 'DOB', 'FORM'], ['ID']), rows).ageGrade).toBeNull();
  });
});

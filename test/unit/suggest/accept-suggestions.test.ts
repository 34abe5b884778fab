import { describe, expect, it } from 'vitest';
import type { ColumnProfile } from '../../../src/shared/model/assessment';
import type { ColumnType, StreamInfo } from '../../../src/shared/model/connection';
import type { EntitySuggestion, FieldSuggestion } from '../../../src/shared/model/suggestion';
import { loadTargetModel } from '../../../src/main/engine/academia/target-model';
import { acceptSuggestions } from '../../../src/main/engine/suggest/accept-suggestions';

const model = loadTargetModel('v1');

function stream(name: string, columns: [string, ColumnType][], primaryKey: string[] = []): StreamInfo {
  return { name, columns: columns.map(([n, type]) => ({ name: n, type, nativeType: type, nullable: true })), primaryKey, foreignKeys: [], rowEstimate: null };
}

/** A profile from the values a sample saw (only what acceptance reads is filled in). */
function profile(table: string, column: string, values: (string | number)[]): ColumnProfile {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  return {
    table, column, nativeType: 'TEXT', semanticType: 'text' as ColumnProfile['semanticType'], rows: values.length, nulls: 0, blanks: 0, whitespaceOnly: 0, untrimmed: 0,
    distinct: counts.size, distinctExact: true, topValues: [...counts].map(([value, count]) => ({ value, count })), patterns: [], sentinels: [], mojibake: 0, leadingZeros: 0,
  };
}

const field = (name: string, column: string | null, confidence = 0.9, required = false): FieldSuggestion => ({ field: name, column, confidence, reasons: [], required, candidates: [] });

function suggestion(entity: string, table: string, keyColumns: string[], fields: FieldSuggestion[], confidence = 0.9): EntitySuggestion {
  return { entity, table, confidence, reasons: [], streams: [], keyColumns, fields };
}

describe('acceptSuggestions', () => {
  const pupils = stream('pupils', [['pupil_id', 'integer'], ['forename', 'string'], ['surname', 'string'], ['dob', 'string'], ['sex', 'string']], ['pupil_id']);
  const register = stream('register', [['id', 'integer'], ['pupil_id', 'integer'], ['mark_code', 'integer'], ['day', 'date']], ['id']);
  const marks = stream('mark_codes', [['id', 'integer'], ['label', 'string']], ['id']);
  const enrolment = stream('pupil_enrolment', [['pupil_id', 'integer'], ['year_id', 'integer']]);
  const years = stream('year_groups', [['id', 'integer'], ['label', 'string']], ['id']);
  const profiles = [
    profile('pupils', 'dob', ['03/04/2012', '21/11/2011']),
    profile('pupils', 'sex', ['M', 'F', 'F']),
    profile('register', 'mark_code', [1, 2, 1]),
    profile('mark_codes', 'id', [1, 2, 3]),
    profile('mark_codes', 'label', ['Present', 'Absent', 'Late']),
    profile('pupil_enrolment', 'pupil_id', [1, 2, 3]),
    profile('pupil_enrolment', 'year_id', [7, 8, 7]),
    profile('year_groups', 'id', [7, 8, 9]),
    profile('year_groups', 'label', ['Year 7', 'Year 8', 'Year 9']),
  ].map((p) => (p.column === 'dob' ? { ...p, dateFormats: [{ format: 'dd/MM/yyyy', count: 2 }] } : p));
  const students = suggestion('students', 'pupils', ['pupil_id'], [field('firstName', 'forename', 0.9, true), field('lastName', 'surname', 0.9, true), field('birthDate', 'dob', 0.9, true), field('gender', 'sex', 0.9, true), field('gradeLevel', null, 0, true)]);
  const attendance = suggestion('attendance', 'register', ['id'], [field('studentExternalId', 'pupil_id', 0.9, true), field('date', 'day', 0.9, true), field('status', 'mark_code', 0.7, true)]);
  const input = { entities: [students, attendance], streams: [pupils, register, marks, enrolment, years], profiles, model, connectionId: 'c1' };

  it('feeds a required grade level through a companion stream and its code table, and a code through its code table', () => {
    const { mappings, crosswalks, leftOut } = acceptSuggestions(input);
    expect(leftOut).toEqual([]);
    const s = mappings.find((m) => m.entity === 'students')!;
    expect(s.joins).toEqual([
      { as: 'pupil_enrolment', stream: 'pupil_enrolment', on: [{ column: 'pupil_id', joinColumn: 'pupil_id' }] },
      { as: 'year_groups', stream: 'year_groups', on: [{ column: 'pupil_enrolment.year_id', joinColumn: 'id' }] },
    ]);
    expect(s.specVersion).toBe(2);
    expect(s.fields.find((f) => f.field === 'gradeLevel')!.column).toBe('year_groups.label');
    expect(crosswalks.find((c) => c.name === 'students.gradeLevel')!.table).toEqual({ 'Year 7': '07', 'Year 8': '08', 'Year 9': '09' });
    expect(crosswalks.find((c) => c.name === 'students.gender')!.table).toEqual({ M: 'male', F: 'female' });
    expect(s.fields.find((f) => f.field === 'birthDate')!.transforms).toEqual([{ kind: 'parseDate', formats: ['dd/MM/yyyy', 'yyyy-MM-dd'] }]);
    const a = mappings.find((m) => m.entity === 'attendance')!;
    expect(a.joins).toEqual([{ as: 'mark_codes', stream: 'mark_codes', on: [{ column: 'mark_code', joinColumn: 'id' }] }]);
    expect(a.fields.find((f) => f.field === 'status')!.column).toBe('mark_codes.label');
    expect(a.fields.find((f) => f.field === 'studentExternalId')).toEqual({ field: 'studentExternalId', column: null, transforms: [{ kind: 'concat', columns: ['pupil_id'], separator: '-' }] });
  });

  it('leaves out an entity below the confidence, one with an unfed required field, and then those that reference it', () => {
    const low = acceptSuggestions({ ...input, minConfidence: 0.95 });
    expect(low.mappings).toEqual([]);
    expect(low.leftOut.map((l) => l.entity).sort()).toEqual(['attendance', 'students']);
    const noGrade = acceptSuggestions({ ...input, streams: [pupils, register, marks] });
    expect(noGrade.leftOut.find((l) => l.entity === 'students')!.reason).toMatch(/gradeLevel/);
    expect(noGrade.leftOut.find((l) => l.entity === 'attendance')!.reason).toMatch(/studentExternalId \(students\), which no mapping feeds/);
    expect(noGrade.mappings).toEqual([]);
    // ... unless the project already maps the referenced entity.
    expect(acceptSuggestions({ ...input, streams: [pupils, register, marks], mapped: ['students'] }).mappings.map((m) => m.entity)).toEqual(['attendance']);
  });
});

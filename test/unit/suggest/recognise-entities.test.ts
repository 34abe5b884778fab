import { describe, expect, it } from 'vitest';
import type { ColumnProfile, SemanticType } from '../../../src/shared/model/assessment';
import type { ColumnInfo, ColumnType, ForeignKeyInfo, StreamInfo } from '../../../src/shared/model/connection';
import { recogniseEntities } from '../../../src/main/engine/suggest/recognise-entities';
import { suggestMappings } from '../../../src/main/engine/suggest/suggest-mappings';
import { loadTargetModel } from '../../../src/main/engine/academia/target-model';

const model = loadTargetModel('v1');

const col = (name: string, type: ColumnType = 'string'): ColumnInfo => ({ name, type, nativeType: type, nullable: true });
const stream = (name: string, columns: ColumnInfo[], opts: { pk?: string[]; fks?: ForeignKeyInfo[]; rows?: number } = {}): StreamInfo => ({ name, columns, primaryKey: opts.pk ?? [], foreignKeys: opts.fks ?? [], rowEstimate: opts.rows ?? 100 });
const fk = (column: string, refStream: string, refColumn: string): ForeignKeyInfo => ({ columns: [column], refStream, refColumns: [refColumn], declared: true });

function profile(table: string, column: string, semanticType: SemanticType, topValues: [string, number][] = [], rows = 100): ColumnProfile {
  return { table, column, nativeType: 'text', semanticType, rows, nulls: 0, blanks: 0, whitespaceOnly: 0, untrimmed: 0, distinct: topValues.length || rows, distinctExact: true, topValues: topValues.map(([value, count]) => ({ value, count })), patterns: [], sentinels: [], mojibake: 0, leadingZeros: 0 };
}

const personColumns = () => [col('person_id', 'integer'), col('first_name'), col('last_name'), col('email'), col('phone')];

describe('the entity recogniser', () => {
  it('splits one person table into students, staff and guardians by its role column', () => {
    const people = stream('people', [...personColumns(), col('birth_date', 'date'), col('role')], { pk: ['person_id'] });
    const profiles = [profile('people', 'role', 'code', [['student', 60], ['teacher', 15], ['parent', 25]]), profile('people', 'first_name', 'person-name'), profile('people', 'last_name', 'person-name')];
    const r = recogniseEntities({ streams: [people], profiles, model });
    const byEntity = new Map(r.choices.map((c) => [c.entity, c]));
    for (const [entity, value] of [['students', 'student'], ['staff', 'teacher'], ['guardians', 'parent']] as const) {
      expect(byEntity.get(entity)?.stream, entity).toBe('people');
      expect(byEntity.get(entity)?.filter).toMatchObject({ column: 'role', values: [value] });
    }
    expect(r.streams[0]).toMatchObject({ stream: 'people', kind: 'person' });
    expect(r.streams[0].roles?.map((x) => x.entity).sort()).toEqual(['guardians', 'staff', 'students']);
  });

  it('gives a shared person table only the roles its role column holds', () => {
    const person = stream('dbo.Person', [col('PersonID', 'integer'), col('LastName'), col('FirstName'), col('HireDate', 'datetime'), col('EnrollmentDate', 'datetime'), col('Discriminator')], { pk: ['PersonID'] });
    const profiles = [profile('dbo.Person', 'Discriminator', 'code', [['Student', 25], ['Instructor', 9]]), profile('dbo.Person', 'FirstName', 'person-name'), profile('dbo.Person', 'LastName', 'person-name')];
    const r = suggestMappings({ streams: [person], profiles, model });
    const students = r.entities.find((e) => e.entity === 'students')!;
    const staff = r.entities.find((e) => e.entity === 'staff')!;
    expect(students.filter).toMatchObject({ column: 'Discriminator', values: ['Student'] });
    expect(staff.filter).toMatchObject({ column: 'Discriminator', values: ['Instructor'] });
    expect(students.fields.find((f) => f.field === 'entryDate')?.column).toBe('EnrollmentDate');
    expect(staff.fields.find((f) => f.field === 'hireDate')?.column).toBe('HireDate');
    expect(r.entities.some((e) => e.entity === 'guardians')).toBe(false);
  });

  it('tells roles apart by membership when the person table has no role column', () => {
    const person = stream('person', [...personColumns(), col('birth_date', 'date')], { pk: ['person_id'] });
    const classes = stream('classes', [col('class_id', 'integer'), col('course_id', 'integer'), col('term_id', 'integer'), col('name'), col('room')], { pk: ['class_id'] });
    const enrol = stream('class_enrollments', [col('enrollment_id', 'integer'), col('student_id', 'integer'), col('class_id', 'integer'), col('start_date', 'date')], { pk: ['enrollment_id'], fks: [fk('student_id', 'person', 'person_id'), fk('class_id', 'classes', 'class_id')] });
    const teachers = stream('class_teachers', [col('class_id', 'integer'), col('teacher_id', 'integer')], { pk: ['class_id', 'teacher_id'], fks: [fk('class_id', 'classes', 'class_id'), fk('teacher_id', 'person', 'person_id')] });
    const r = recogniseEntities({ streams: [person, classes, enrol, teachers], model });
    const byEntity = new Map(r.choices.map((c) => [c.entity, c]));
    expect(byEntity.get('students')).toMatchObject({ stream: 'person', filter: { column: 'person_id', inStream: 'class_enrollments', inColumn: 'student_id' } });
    expect(byEntity.get('staff')).toMatchObject({ stream: 'person', filter: { column: 'person_id', inStream: 'class_teachers', inColumn: 'teacher_id' } });
    expect(byEntity.get('enrollments')?.stream).toBe('class_enrollments');
    expect(byEntity.get('class-teachers')?.stream).toBe('class_teachers');
  });

  it('does not take a link table (two keys and little else) for the entities it links', () => {
    const pupils = stream('pupils', [col('pupil_id', 'integer'), col('forename'), col('surname'), col('dob', 'date'), col('sex')], { pk: ['pupil_id'] });
    const contacts = stream('contacts', [col('contact_id', 'integer'), col('forename'), col('surname'), col('relationship'), col('mobile')], { pk: ['contact_id'] });
    const links = stream('pupil_contacts', [col('pupil_id', 'integer'), col('contact_id', 'integer'), col('priority', 'integer')], { pk: ['pupil_id', 'contact_id'], fks: [fk('pupil_id', 'pupils', 'pupil_id'), fk('contact_id', 'contacts', 'contact_id')] });
    // A link table whose name names a person entity outright.
    const studentCourses = stream('student_courses', [col('student_id', 'integer'), col('course_id', 'integer')], { fks: [fk('student_id', 'pupils', 'pupil_id')] });
    const r = suggestMappings({ streams: [pupils, contacts, links, studentCourses], model });
    const table = (entity: string) => r.entities.find((e) => e.entity === entity)?.table;
    expect(table('students')).toBe('pupils');
    expect(table('guardians')).toBe('contacts');
    expect(table('student-guardians')).toBe('pupil_contacts');
    expect(table('courses')).toBeUndefined();
    expect(r.recognition.find((x) => x.stream === 'student_courses')).toMatchObject({ kind: 'link' });
    const sg = r.entities.find((e) => e.entity === 'student-guardians')!;
    expect(sg.fields.find((f) => f.field === 'studentExternalId')?.column).toBe('pupil_id');
    expect(sg.fields.find((f) => f.field === 'guardianExternalId')?.column).toBe('contact_id');
    expect(sg.fields.find((f) => f.field === 'isPrimaryContact')?.column).toBe('priority');
  });

  it('never takes a backup copy for the live table', () => {
    const cols = () => [col('student_id', 'integer'), col('first_name'), col('last_name'), col('birth_date', 'date'), col('gender'), col('grade_level')];
    const streams = [stream('students_backup', cols(), { rows: 900 }), stream('old_students', cols(), { rows: 800 }), stream('students_2019', cols(), { rows: 700 }), stream('students', cols(), { pk: ['student_id'], rows: 500 })];
    const r = recogniseEntities({ streams, model });
    expect(r.choices.find((c) => c.entity === 'students')?.stream).toBe('students');
    for (const copy of ['students_backup', 'old_students', 'students_2019']) {
      expect(r.streams.find((s) => s.stream === copy), copy).toMatchObject({ kind: 'backup', entity: null });
      expect(r.entityOf(copy)).toBeNull();
    }
  });

  it('ranks columns by names, abbreviations, synonyms and values, with reasons', () => {
    const pupils = stream('tblPupil', [col('PupilNo'), col('FRST_NM'), col('Surname'), col('DOB'), col('Sex'), col('YrGrp'), col('Tutor_Group'), col('Email_Address')], { pk: ['PupilNo'] });
    const profiles = [
      profile('tblPupil', 'Sex', 'code', [['M', 50], ['F', 48], ['U', 2]]),
      profile('tblPupil', 'YrGrp', 'code', [['Y7', 30], ['Y8', 30], ['R', 10]]),
      profile('tblPupil', 'DOB', 'date'),
      profile('tblPupil', 'Email_Address', 'email'),
    ];
    const r = suggestMappings({ streams: [pupils], profiles, model });
    const students = r.entities.find((e) => e.entity === 'students')!;
    expect(students.table).toBe('tblPupil');
    expect(students.keyColumns).toEqual(['PupilNo']);
    const field = (name: string) => students.fields.find((f) => f.field === name)!;
    expect(field('firstName')).toMatchObject({ column: 'FRST_NM' });
    expect(field('firstName').reasons.join(' ')).toMatch(/abbreviation/);
    expect(field('lastName').reasons.join(' ')).toMatch(/surname/);
    expect(field('birthDate').column).toBe('DOB');
    expect(field('gender')).toMatchObject({ column: 'Sex' });
    expect(field('gender').reasons.join(' ')).toMatch(/match the target's list/);
    expect(field('gradeLevel').column).toBe('YrGrp');
    expect(field('email').column).toBe('Email_Address');
    for (const f of students.fields) {
      expect(f.confidence).toBeGreaterThanOrEqual(0);
      expect(f.confidence).toBeLessThanOrEqual(1);
      if (f.column) expect(f.candidates[0].column).toBe(f.column);
    }
  });
});

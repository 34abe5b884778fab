import { describe, expect, it } from 'vitest';
import { guessEntity, TargetFieldResolver } from '../../../../src/main/engine/assessment/findings/target-fields';
import { demoMappings } from '../../../../src/main/engine/demo/demo-mappings';
import { loadTargetContract } from '../../../../src/academia-api/contract';

const contract = loadTargetContract('v1');

describe('target fields from names and mappings', () => {
  it.each([
    ['PUPILS', 'students'],
    ['CONTACTS', 'guardians'],
    ['CLASS_ENROL', 'enrollments'],
    ['ATTENDANCE', 'attendance'],
    ['MARKS', 'grades'],
    ['INVOICES', 'fee-invoices'],
    ['PAYMENTS', 'payments'],
    ['SCHOOL_INFO', 'schools'],
    ['dbo.Student', 'students'],
    ['tblPupils', 'students'],
    ['FAMILIES', null],
  ])('%s becomes %s', (table, entity) => {
    expect(guessEntity(table, contract)).toBe(entity);
  });

  it('guesses a column\'s field by name, with its enum and whether it is required', () => {
    const r = new TargetFieldResolver(contract);
    expect(r.fieldFor('PUPILS', 'SEX')).toMatchObject({ entity: 'students', field: 'gender', required: true, enum: ['female', 'male', 'other', 'unknown'], source: 'name' });
    expect(r.fieldFor('PUPILS', 'DOB')).toMatchObject({ field: 'birthDate', required: true, format: 'date' });
    expect(r.fieldFor('PUPILS', 'STATUS')).toMatchObject({ field: 'enrollmentStatus', required: false });
    expect(r.fieldFor('PUPILS', 'REG_GROUP')).toBeNull();
    expect(r.fieldFor('FAMILIES', 'TOWN')).toBeNull();
  });

  it('follows a mapping when there is one', () => {
    const r = new TargetFieldResolver(contract, demoMappings('c1', 'NPS-4021'));
    expect(r.fieldFor('PUPILS', 'FORENAME')).toMatchObject({ entity: 'students', field: 'firstName', required: true, source: 'mapping' });
    expect(r.fieldFor('CONTACTS', 'MOBILE')).toMatchObject({ entity: 'guardians', field: 'phone', source: 'mapping' });
    expect(r.fieldFor('PUPILS', 'REG_GROUP')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { loadTargetContract } from '../../../../src/academia-api/contract';
import { comparedFields, comparedForm, differingFields } from '../../../../src/main/engine/pipeline/reconciliation/compared-fields';

/** The certificate's comparison rules come from the OpenAPI document, not from a list per entity. */
describe('compared fields', () => {
  const contract = loadTargetContract('v1');

  it('leaves out every field the document marks readOnly, and the key, for every entity', () => {
    for (const entity of contract.entities) {
      const names = comparedFields(entity).map((f) => f.name);
      expect(names, entity.name).not.toContain('externalId');
      for (const f of entity.fields) if (f.readOnly) expect(names, `${entity.name}.${f.name}`).not.toContain(f.name);
      expect(names.length, entity.name).toBe(entity.fields.filter((f) => !f.readOnly && f.name !== 'externalId').length);
    }
  });

  it('ignores what the target adds and treats null as absent for optional fields', () => {
    const fields = comparedFields(contract.entity('students'));
    const staged = { externalId: 'S1', firstName: 'Ann', lastName: 'Lee', birthDate: '2015-02-03', gender: 'female', gradeLevel: '03', middleName: null, email: 'Ann.Lee@School.example' };
    const held = { externalId: 'S1', firstName: 'Ann', lastName: 'Lee', birthDate: '2015-02-03', gender: 'female', gradeLevel: '03', email: 'ann.lee@school.example', id: 'x', version: 3, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-02T00:00:00Z', deleted: false, unknownExtra: 1 };
    expect(differingFields(fields, staged, held)).toEqual([]);
    expect(comparedForm(fields, staged)).toEqual(comparedForm(fields, held));
    expect(differingFields(fields, staged, { ...held, lastName: 'Lea', middleName: 'Jo' })).toEqual([
      { field: 'lastName', source: 'Lee', target: 'Lea' },
      { field: 'middleName', source: null, target: 'Jo' },
    ]);
  });

  it('compares date-times as instants and decimals by value, by the fields’ formats', () => {
    const withFormat = (format: string) => contract.entities.flatMap((e) => e.fields.filter((f) => f.format === format && !f.readOnly).map((f) => ({ entity: e, field: f.name })));
    const [decimal] = withFormat('decimal');
    // A writable date-time field, as a document may declare one (v1's are all the target's own).
    const base = contract.entity('students');
    const at = { ...base, fields: [...base.fields, { name: 'checkedAt', type: 'string', format: 'date-time', required: false, nullable: true, personal: false, readOnly: false }] };
    const atFields = comparedFields(at);
    expect(differingFields(atFields, { checkedAt: '2026-01-02T03:04:05+01:00' }, { checkedAt: '2026-01-02T02:04:05.000Z' })).toEqual([]);
    expect(differingFields(atFields, { checkedAt: '2026-01-02T03:04:05Z' }, { checkedAt: '2026-01-02T03:04:06Z' })).toEqual([{ field: 'checkedAt', source: '2026-01-02T03:04:05Z', target: '2026-01-02T03:04:06Z' }]);
    expect(decimal).toBeDefined();
    const fields = comparedFields(decimal.entity);
    expect(differingFields(fields, { [decimal.field]: '10.50' }, { [decimal.field]: '10.5' })).toEqual([]);
    expect(differingFields(fields, { [decimal.field]: '010.0' }, { [decimal.field]: '10' })).toEqual([]);
    expect(differingFields(fields, { [decimal.field]: '10.50' }, { [decimal.field]: '10.05' })).toEqual([{ field: decimal.field, source: '10.50', target: '10.05' }]);
  });
});

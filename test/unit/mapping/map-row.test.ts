import { describe, expect, it } from 'vitest';
import { compileMapRow, mapRow } from '../../../src/main/engine/mapping/map-row';
import type { EntityMapping } from '../../../src/shared/model/mapping';

const base: EntityMapping = {
  id: 'm1',
  entity: 'students',
  connectionId: 'c1',
  stream: 'PUPILS',
  keyColumns: ['PUPIL_NO'],
  fields: [
    { field: 'firstName', column: 'FORENAME', transforms: [{ kind: 'fixMojibake' }, { kind: 'trim' }] },
    { field: 'middleName', column: 'MIDDLE', transforms: [{ kind: 'emptyToNull' }] },
    { field: 'birthDate', column: 'DOB', transforms: [{ kind: 'parseDate', formats: ['dd/MM/yyyy'] }] },
    { field: 'gender', column: 'SEX', transforms: [{ kind: 'crosswalk', table: { M: 'male', F: 'female' }, fallback: 'reject' }] },
    { field: 'homeLanguage', column: null, transforms: [{ kind: 'constant', value: 'English' }] },
  ],
  updatedAt: '2025-01-01T00:00:00.000Z',
};

const row = { PUPIL_NO: '000123', FORENAME: ' JosÃ© ', MIDDLE: '', DOB: '03/04/2012', SEX: 'M', STATUS: 'C' };

describe('mapRow', () => {
  it('builds the record: externalId first, transformed fields, nulls left out', () => {
    const r = mapRow(base, row);
    expect(r).toEqual({ externalId: '000123', record: { externalId: '000123', firstName: 'José', birthDate: '2012-04-03', gender: 'male', homeLanguage: 'English' }, errors: [], skipped: false });
    expect(Object.keys(r.record)[0]).toBe('externalId');
  });

  it('maps a named crosswalk through the lookup it is given, exactly as the inline table', () => {
    const named: EntityMapping = { ...base, fields: base.fields.map((f) => (f.field === 'gender' ? { ...f, transforms: [{ kind: 'crosswalk', crosswalk: 'students.gender', fallback: 'reject' }] } : f)) };
    const lookup = { crosswalk: (name: string) => (name === 'students.gender' ? { M: 'male', F: 'female' } : null) };
    for (const sex of ['M', ' f ', 'X', null]) expect(mapRow(named, { ...row, SEX: sex }, lookup)).toEqual(mapRow(base, { ...row, SEX: sex }));
    expect(mapRow(named, row).errors).toEqual([{ field: 'gender', column: 'SEX', message: 'The project has no crosswalk named "students.gender".' }]);
  });

  it('keeps the key as text (leading zeros), trims it, and joins several key columns with "-"', () => {
    expect(mapRow({ ...base, keyColumns: ['PUPIL_NO'] }, { ...row, PUPIL_NO: ' 000123 ' }).externalId).toBe('000123');
    expect(mapRow({ ...base, keyColumns: ['PUPIL_NO', 'SEX'] }, row).externalId).toBe('000123-M');
    expect(mapRow({ ...base, keyColumns: ['N'] }, { ...row, N: 42 }).externalId).toBe('42');
  });

  it('reports an empty or missing key, and a mapping without key columns', () => {
    expect(mapRow(base, { ...row, PUPIL_NO: '  ' }).errors).toContainEqual({ field: 'externalId', column: 'PUPIL_NO', message: 'The key column "PUPIL_NO" is empty, so the row has no identifier.' });
    expect(mapRow({ ...base, keyColumns: ['ID'] }, row).errors).toContainEqual({ field: 'externalId', column: 'ID', message: 'The key column "ID" is not in the source row.' });
    expect(mapRow({ ...base, keyColumns: [] }, row).errors[0]).toMatchObject({ field: 'externalId', column: null });
  });

  it('collects every failing field, with its column, and still maps the others', () => {
    const r = mapRow(base, { ...row, DOB: '31/02/2012', SEX: 'Q' });
    expect(r.skipped).toBe(false);
    expect(r.errors).toEqual([
      { field: 'birthDate', column: 'DOB', message: '"31/02/2012" is not a real date in any of the expected formats (dd/MM/yyyy).' },
      { field: 'gender', column: 'SEX', message: '"Q" has no entry in the crosswalk (known codes: M, F).' },
    ]);
    expect(r.record).toEqual({ externalId: '000123', firstName: 'José', homeLanguage: 'English' });
  });

  it('names a mapped column the row does not have', () => {
    const { DOB: _dob, ...withoutDob } = row;
    expect(mapRow(base, withoutDob).errors).toEqual([{ field: 'birthDate', column: 'DOB', message: 'The column "DOB" is not in the source table PUPILS.' }]);
  });

  it('skips rows matching a skipWhen rule (trimmed, any case) and maps nothing for them', () => {
    const mapping = { ...base, skipWhen: [{ column: 'STATUS', values: ['P', 'X'] }] };
    expect(mapRow(mapping, { ...row, STATUS: ' p ' })).toEqual({ externalId: '000123', record: {}, errors: [], skipped: true });
    expect(mapRow(mapping, { ...row, STATUS: 'C' }).skipped).toBe(false);
    expect(mapRow({ ...base, skipWhen: [{ column: 'DELETED', values: [''] }] }, { ...row, DELETED: null }).skipped).toBe(true);
  });

  it('never lets a field mapping override the key-derived externalId', () => {
    const mapping = { ...base, fields: [...base.fields, { field: 'externalId', column: 'FORENAME', transforms: [] }] };
    expect(mapRow(mapping, row).record.externalId).toBe('000123');
  });

  it('does not change the row it was given', () => {
    const copy = { ...row };
    mapRow(base, copy);
    expect(copy).toEqual(row);
  });

  it('compiled once for many rows (as the map stage does), answers each row as mapRow does: skip rules, errors, unknown kinds', () => {
    const mapping: EntityMapping = {
      ...base,
      skipWhen: [{ column: 'STATUS', values: [' P ', 'x'] }],
      fields: [...base.fields, { field: 'note', column: 'NOTE', transforms: [{ kind: 'nope' } as never, { kind: 'trim' }] }],
    };
    const rows = [row, { ...row, STATUS: 'p ' }, { ...row, STATUS: 'X' }, { ...row, PUPIL_NO: ' ' }, { ...row, SEX: 'Q', DOB: '31/02/2012' }, { ...row, NOTE: null }, { ...row, NOTE: ' n ' }, { PUPIL_NO: '9' }];
    const compiled = compileMapRow(mapping);
    for (const r of rows) expect(compiled(r)).toEqual(mapRow(mapping, r));
    expect(compiled({ ...row, STATUS: ' p' }).skipped).toBe(true);
    expect(compiled({ ...row, NOTE: 'a' }).errors).toContainEqual({ field: 'note', column: 'NOTE', message: 'Unknown transform "nope".' });
  });
});

import { describe, expect, it } from 'vitest';
import { adoptFixIntoMapping, hasAdopted, isAdoptable, looselySameStream, mappingForFinding, mergeTransforms } from '../../../src/main/engine/mapping/adopt-fix';
import type { Finding } from '../../../src/shared/model/assessment';
import type { EntityMapping } from '../../../src/shared/model/mapping';
import { StudioError } from '../../../src/shared/errors';

const AT = '2025-04-01T10:00:00.000Z';

function students(partial: Partial<EntityMapping> = {}): EntityMapping {
  return {
    id: 'm-students',
    entity: 'students',
    connectionId: 'c1',
    stream: 'PUPILS',
    keyColumns: ['PUPIL_NO'],
    fields: [
      { field: 'firstName', column: 'FORENAME', transforms: [{ kind: 'trim' }] },
      { field: 'birthDate', column: 'DOB', transforms: [{ kind: 'parseDate', formats: ['yyyy-MM-dd'] }] },
      { field: 'gender', column: 'SEX', transforms: [{ kind: 'crosswalk', table: { M: 'male', F: 'female' }, fallback: 'reject' }] },
    ],
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...partial,
  };
}

function finding(partial: Partial<Finding>): Finding {
  return { code: 'X', severity: 'warning', table: 'PUPILS', column: null, count: 1, message: 'm', examples: [], fix: null, ...partial };
}

function refusal(fn: () => unknown): StudioError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StudioError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('finding the mapping that reads a finding’s table', () => {
  const mappings = [students(), students({ id: 'm-other', connectionId: 'c2' }), students({ id: 'm-guardians', entity: 'guardians', stream: 'dbo.Contacts', fields: [{ field: 'email', column: 'EMAIL', transforms: [] }] })];

  it('matches the stream of the assessed connection, exactly first', () => {
    expect(mappingForFinding(mappings, 'c1', finding({ table: 'PUPILS' }))?.id).toBe('m-students');
    expect(mappingForFinding(mappings, 'c2', finding({ table: 'PUPILS' }))?.id).toBe('m-other');
    expect(mappingForFinding(mappings, 'c3', finding({ table: 'PUPILS' }))).toBeNull();
  });

  it('matches another spelling of the table: case, or a schema on one side only', () => {
    expect(mappingForFinding(mappings, 'c1', finding({ table: 'contacts' }))?.id).toBe('m-guardians');
    expect(mappingForFinding(mappings, 'c1', finding({ table: 'dbo.CONTACTS' }))?.id).toBe('m-guardians');
    expect(looselySameStream('dbo.Person', 'sales.Person')).toBe(false);
    expect(looselySameStream('dbo.Person', 'person')).toBe(true);
  });

  it('prefers the mapping of the entity the fix names when several read the table', () => {
    const two = [students(), students({ id: 'm-links', entity: 'student-guardians', fields: [] })];
    const f = finding({ column: 'FORENAME', fix: { kind: 'transform', description: 'd', transforms: [{ kind: 'trim' }], target: { entity: 'student-guardians', field: 'x', source: 'name' } } });
    expect(mappingForFinding(two, 'c1', f)?.id).toBe('m-links');
    expect(mappingForFinding([students({ id: 'm-links', entity: 'student-guardians', fields: [] }), students()], 'c1', finding({ column: 'DOB' }))?.id).toBe('m-students');
  });
});

describe('adopting transform and crosswalk fixes', () => {
  const mojibake = finding({ code: 'MOJIBAKE', column: 'FORENAME', fix: { kind: 'transform', description: 'd', transforms: [{ kind: 'fixMojibake' }] } });

  it('puts a clean-up before the field’s converters, and records the adoption', () => {
    const m = students({ fields: [{ field: 'gender', column: 'SEX', transforms: [{ kind: 'crosswalk', table: { M: 'male' }, fallback: 'reject' }] }] });
    const sentinel = finding({ code: 'SENTINEL_VALUE', column: 'SEX', fix: { kind: 'transform', description: 'd', transforms: [{ kind: 'crosswalk', table: { 'N/A': '' }, fallback: 'keep' }, { kind: 'emptyToNull' }] } });
    const out = adoptFixIntoMapping(m, sentinel, AT);
    expect(out.changed).toBe(true);
    expect(out.mapping.fields[0].transforms.map((t) => t.kind)).toEqual(['crosswalk', 'emptyToNull', 'crosswalk']);
    expect(out.mapping.fields[0].transforms[0]).toEqual({ kind: 'crosswalk', table: { 'N/A': '' }, fallback: 'keep' });
    expect(out.change).toBe('Added crosswalk, emptyToNull to students.gender.');
    expect(out.mapping.updatedAt).toBe(AT);
    expect(out.mapping.adoptedFixes).toEqual([{ code: 'SENTINEL_VALUE', table: 'PUPILS', column: 'SEX', at: AT }]);
    expect(hasAdopted(out.mapping, sentinel)).toBe(true);
    expect(m.fields[0].transforms).toHaveLength(1); // the input is left alone
  });

  it('keeps clean-ups in the order raw text needs: placeholders become blank before blanks become null', () => {
    expect(mergeTransforms([{ kind: 'trim' }, { kind: 'emptyToNull' }], [{ kind: 'crosswalk', table: { 'n/a': '' }, fallback: 'keep' }, { kind: 'emptyToNull' }])).toEqual([
      { kind: 'trim' },
      { kind: 'crosswalk', table: { 'n/a': '' }, fallback: 'keep' },
      { kind: 'emptyToNull' },
    ]);
  });

  it('is idempotent: adopting the same fix again changes nothing', () => {
    const once = adoptFixIntoMapping(students(), mojibake, AT);
    expect(once.mapping.fields[0].transforms).toEqual([{ kind: 'fixMojibake' }, { kind: 'trim' }]);
    const twice = adoptFixIntoMapping(once.mapping, mojibake, '2025-04-02T00:00:00.000Z');
    expect(twice.changed).toBe(false);
    expect(twice.mapping).toBe(once.mapping);
    expect(twice.change).toMatch(/already has this fix/);
  });

  it('merges a parseDate or a crosswalk into the one the field has rather than chaining two', () => {
    expect(mergeTransforms([{ kind: 'trim' }, { kind: 'parseDate', formats: ['yyyy-MM-dd'] }], [{ kind: 'parseDate', formats: ['dd/MM/yyyy', 'yyyy-MM-dd'], sentinels: ['1900-01-01'] }])).toEqual([
      { kind: 'trim' },
      { kind: 'parseDate', formats: ['yyyy-MM-dd', 'dd/MM/yyyy'], sentinels: ['1900-01-01'] },
    ]);
    // The same formats in another order: the mapping's order stands.
    expect(mergeTransforms([{ kind: 'parseDate', formats: ['yyyy-MM-dd', 'MM/dd/yyyy', 'dd/MM/yyyy'] }], [{ kind: 'parseDate', formats: ['dd/MM/yyyy', 'MM/dd/yyyy'] }])).toBeNull();
    // A code crosswalk gains the codes it lacks; its own entries and fallback win.
    expect(mergeTransforms([{ kind: 'crosswalk', table: { M: 'male', '9': 'unknown' }, fallback: 'reject' }], [{ kind: 'crosswalk', table: { M: 'man', f: 'female' }, fallback: 'null' }])).toEqual([
      { kind: 'crosswalk', table: { M: 'male', '9': 'unknown', f: 'female' }, fallback: 'reject' },
    ]);
    expect(mergeTransforms([{ kind: 'trim' }], [{ kind: 'split', separator: ',' }])).toEqual([{ kind: 'trim' }, { kind: 'split', separator: ',' }]);
  });

  it('maps the column to the fix’s target field when no field reads it', () => {
    const f = finding({ code: 'CODE_VALUES', column: 'HOME_LANG', fix: { kind: 'crosswalk', description: 'd', transforms: [{ kind: 'crosswalk', table: { ENG: 'English' }, fallback: 'reject' }], target: { entity: 'students', field: 'homeLanguage', source: 'name' } } });
    const out = adoptFixIntoMapping(students(), f, AT);
    expect(out.mapping.fields.at(-1)).toEqual({ field: 'homeLanguage', column: 'HOME_LANG', transforms: [{ kind: 'crosswalk', table: { ENG: 'English' }, fallback: 'reject' }] });
    expect(out.change).toBe('Mapped PUPILS.HOME_LANG to students.homeLanguage with crosswalk.');
  });

  it('refuses when no field reads the column and the fix names no field, or the field is fed by another column', () => {
    const noTarget = finding({ code: 'UNTRIMMED', column: 'NOTES', fix: { kind: 'transform', description: 'd', transforms: [{ kind: 'trim' }] } });
    expect(refusal(() => adoptFixIntoMapping(students(), noTarget, AT))).toMatchObject({ code: 'FIX_NOT_ADOPTABLE', where: { table: 'PUPILS', column: 'NOTES' } });
    const taken = finding({ code: 'UNTRIMMED', column: 'FIRST', fix: { kind: 'transform', description: 'd', transforms: [{ kind: 'trim' }], target: { entity: 'students', field: 'firstName', source: 'name' } } });
    expect(refusal(() => adoptFixIntoMapping(students(), taken, AT)).message).toMatch(/already fed by the column FORENAME/);
  });

  it('refuses review fixes and the duplicate-person crosswalk, pointing to the review queue', () => {
    const review = finding({ code: 'IMPLAUSIBLE_AGE', column: 'DOB', fix: { kind: 'review', description: 'd' } });
    expect(refusal(() => adoptFixIntoMapping(students(), review, AT))).toMatchObject({ code: 'FIX_NOT_ADOPTABLE', hint: expect.stringMatching(/review queue/) });
    const dup = finding({ code: 'DUPLICATE_PERSON', fix: { kind: 'crosswalk', description: 'd', payload: { tables: ['PUPILS'], pairs: 3, clusters: 2 } } });
    expect(refusal(() => adoptFixIntoMapping(students(), dup, AT)).hint).toMatch(/review queue/);
    expect(isAdoptable(review)).toBe(false);
    expect(isAdoptable(dup)).toBe(false);
    expect(isAdoptable(finding({ fix: null }))).toBe(false);
  });
});

describe('adopting rule fixes', () => {
  it('sets the key columns a mapping lacks; leaves a matching key alone', () => {
    const f = finding({ code: 'CANDIDATE_KEY', column: 'PUPIL_NO', fix: { kind: 'rule', description: 'd', payload: { table: 'PUPILS', key: ['PUPIL_NO'] } } });
    expect(isAdoptable(f)).toBe(true);
    const out = adoptFixIntoMapping(students({ keyColumns: [] }), f, AT);
    expect(out.mapping.keyColumns).toEqual(['PUPIL_NO']);
    expect(adoptFixIntoMapping(out.mapping, f, AT).changed).toBe(false);
    const np = finding({ code: 'NO_PRIMARY_KEY', fix: { kind: 'rule', description: 'd', payload: { candidates: ['UPN', 'EMAIL'] } } });
    expect(adoptFixIntoMapping(students({ keyColumns: [] }), np, AT).mapping.keyColumns).toEqual(['UPN']);
  });

  it('refuses to replace a key the mapping already has, and rules the mapping cannot hold', () => {
    const f = finding({ code: 'CANDIDATE_KEY', fix: { kind: 'rule', description: 'd', payload: { table: 'PUPILS', key: ['UPN'] } } });
    expect(refusal(() => adoptFixIntoMapping(students(), f, AT)).message).toMatch(/already identifies rows by PUPIL_NO/);
    const hash = finding({ code: 'NO_PRIMARY_KEY', fix: { kind: 'rule', description: 'Use a hash of the whole row', payload: { table: 'PUPILS', key: 'row-hash' } } });
    expect(isAdoptable(hash)).toBe(false);
    expect(refusal(() => adoptFixIntoMapping(students(), hash, AT))).toMatchObject({ code: 'FIX_NOT_ADOPTABLE', hint: expect.stringMatching(/Mapping screen/) });
  });

  it('treats a rule that carries transforms like a transform (leading zeros → padStart)', () => {
    const f = finding({ code: 'LEADING_ZERO_ID', column: 'FORENAME', fix: { kind: 'rule', description: 'd', transforms: [{ kind: 'padStart', length: 6, char: '0' }] } });
    expect(adoptFixIntoMapping(students(), f, AT).mapping.fields[0].transforms).toEqual([{ kind: 'trim' }, { kind: 'padStart', length: 6, char: '0' }]);
  });
});

describe('adopting exclusion fixes', () => {
  it('leaves always-empty columns out of the mapping', () => {
    const f = finding({ code: 'EMPTY_COLUMN', fix: { kind: 'exclusion', description: 'd', payload: { columns: ['SEX', 'FAX'] } } });
    const out = adoptFixIntoMapping(students(), f, AT);
    expect(out.mapping.fields.map((x) => x.field)).toEqual(['firstName', 'birthDate']);
    expect(out.change).toMatch(/Left students\.gender out/);
    expect(adoptFixIntoMapping(out.mapping, f, AT).changed).toBe(false);
  });

  it('skips rows without a key, extending an existing rule on the column', () => {
    const f = finding({ code: 'BLANK_KEY', column: 'PUPIL_NO', fix: { kind: 'exclusion', description: 'd', payload: { table: 'PUPILS', columns: ['PUPIL_NO'], rule: 'blank-key' } } });
    const out = adoptFixIntoMapping(students({ skipWhen: [{ column: 'PUPIL_NO', values: ['TEST'] }] }), f, AT);
    expect(out.mapping.skipWhen).toEqual([{ column: 'PUPIL_NO', values: ['TEST', ''] }]);
    expect(out.change).toBe('Runs now skip rows whose PUPIL_NO is blank.');
    expect(adoptFixIntoMapping(out.mapping, f, AT).changed).toBe(false);
  });

  it('skips orphan rows by their reference values when the finding lists every one of them', () => {
    const orphan = (count: number): Finding =>
      finding({
        code: 'ORPHAN_REFERENCE',
        table: 'PUPILS',
        column: 'FAMILY_ID',
        count,
        examples: [
          { PUPIL_NO: 'P1', FAMILY_ID: 'F9' },
          { PUPIL_NO: 'P2', FAMILY_ID: 'F8' },
          { PUPIL_NO: 'P3', FAMILY_ID: 'F9' },
        ],
        fix: { kind: 'exclusion', description: 'd', payload: { table: 'PUPILS', columns: ['FAMILY_ID'], references: { table: 'FAMILIES', columns: ['FAMILY_ID'] }, rule: 'orphan' } },
      });
    const out = adoptFixIntoMapping(students(), orphan(3), AT);
    expect(out.mapping.skipWhen).toEqual([{ column: 'FAMILY_ID', values: ['F9', 'F8'] }]);
    expect(out.change).toBe('Runs now skip rows whose FAMILY_ID is one of 2 values the assessment listed.');
    expect(refusal(() => adoptFixIntoMapping(students(), orphan(40), AT)).message).toMatch(/lists 3 of the 40 orphan rows/);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyTransforms } from '../../../src/main/engine/mapping/transforms';
import { loadTargetContract } from '../../../src/academia-api/contract';
import { crosswalkFromCsv, crosswalkToCsv } from '../../../src/shared/model/crosswalk-csv';
import { STARTER_CROSSWALKS } from '../../../src/shared/model/starter-crosswalks';

const contract = loadTargetContract('v1');
const enumOf = (entity: string, field: string) => contract.entity(entity).fields.find((f) => f.name === field)!.enum!.filter((v): v is string => typeof v === 'string');

describe('starter crosswalks', () => {
  it('translate only into the target’s enum values, with no code listed twice in another case', () => {
    const targets: Record<string, string[]> = {
      'starter.grade-levels': enumOf('students', 'gradeLevel'),
      'starter.attendance-codes': enumOf('attendance', 'status'),
      'starter.gender': enumOf('students', 'gender'),
      'starter.relationships': enumOf('guardians', 'relationship'),
    };
    expect(STARTER_CROSSWALKS.map((c) => c.name)).toEqual(Object.keys(targets));
    for (const c of STARTER_CROSSWALKS) {
      for (const v of Object.values(c.table)) expect(targets[c.name], `${c.name}: ${v}`).toContain(v);
      const keys = Object.keys(c.table).map((k) => k.trim().toLowerCase());
      expect(new Set(keys).size, c.name).toBe(keys.length);
    }
  });

  it('read the codes schools write', () => {
    const via = (name: string, code: string) => applyTransforms(code, [{ kind: 'crosswalk', table: STARTER_CROSSWALKS.find((c) => c.name === name)!.table, fallback: 'reject' }], {});
    expect(via('starter.grade-levels', 'y7')).toEqual({ ok: true, value: '07' });
    expect(via('starter.grade-levels', 'Year 11')).toEqual({ ok: true, value: '11' });
    expect(via('starter.grade-levels', 'Reception')).toEqual({ ok: true, value: 'KG' });
    expect(via('starter.grade-levels', '3rd')).toEqual({ ok: true, value: '03' });
    expect(via('starter.attendance-codes', '/')).toEqual({ ok: true, value: 'present' });
    expect(via('starter.gender', 'f')).toEqual({ ok: true, value: 'female' });
    expect(via('starter.relationships', 'MUM')).toEqual({ ok: true, value: 'mother' });
  });
});

describe('crosswalks as two-column CSV', () => {
  it('round-trips any table, quotes, commas, line breaks and Hebrew included', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 })), { selector: ([k]) => k.trim().toLowerCase(), maxLength: 20 }), (pairs) => {
        const table = Object.fromEntries(pairs.filter(([k]) => k !== '' || pairs.length === 1));
        const back = crosswalkFromCsv(crosswalkToCsv(table));
        expect(back).toEqual({ ok: true, table });
      }),
      { numRuns: 200 },
    );
    // Found by the property above: a code named __proto__ is a code, not the table's prototype.
    expect(crosswalkFromCsv(crosswalkToCsv(Object.fromEntries([['__proto__', '']])))).toEqual({ ok: true, table: Object.fromEntries([['__proto__', '']]) });
    expect(crosswalkFromCsv('\uFEFFcode,value\r\nM,male\r\n"a, ""b""",c\r\nיעל,female\n')).toEqual({ ok: true, table: { M: 'male', 'a, "b"': 'c', יעל: 'female' } });
  });

  it('refuses a bad file with the line of each problem', () => {
    expect(crosswalkFromCsv('M,male\nm,female\nX\n"open,1\n')).toEqual({ ok: false, problems: [{ line: 4, message: 'A quote opened on line 4 is never closed.' }] });
    expect(crosswalkFromCsv('M,male\n m ,female\nX\nA,b,c\n')).toEqual({
      ok: false,
      problems: [
        { line: 2, message: 'The code " m " on line 2 is already on line 1 (codes match in any case and spacing).' },
        { line: 3, message: 'Line 3 has 1 column(s); a crosswalk line is a code and a value.' },
        { line: 4, message: 'Line 4 has 3 column(s); a crosswalk line is a code and a value.' },
      ],
    });
  });
});

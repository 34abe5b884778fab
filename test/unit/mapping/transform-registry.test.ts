import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoMappings } from '../../../src/main/engine/demo/demo-mappings';
import { mergeTransforms } from '../../../src/main/engine/mapping/adopt-fix';
import { applyTransforms, type TransformResult } from '../../../src/main/engine/mapping/transforms';
import { ENGINE_TRANSFORMS } from '../../../src/main/engine/mapping/transforms/registry';
import { entityMappingSchema } from '../../../src/shared/api/schemas';
import type { FieldTransform } from '../../../src/shared/model/mapping';
import type { TransformRemark } from '../../../src/shared/transforms/define';
import { transformFormFields } from '../../../src/shared/transforms/form-fields';
import {
  checkTransform,
  fieldTransformSchema,
  TRANSFORM_KINDS,
  TRANSFORM_METAS,
  transformCleanupRank,
  transformMeta,
  transformReads,
  transformSuppliesBlank,
  type TransformKind,
} from '../../../src/shared/transforms/registry';

const run = (value: unknown, t: FieldTransform, row: Record<string, unknown> = {}): TransformResult => applyTransforms(value, [t], row);
const LONG = `  ${'Zoë-יעל '.repeat(20_000)}  `;

describe('the transform registry', () => {
  it('has one engine transform for every shared one, in the same order, with the words a form needs', () => {
    expect(ENGINE_TRANSFORMS.map((t) => t.kind)).toEqual([...TRANSFORM_KINDS]);
    expect(new Set(TRANSFORM_KINDS).size).toBe(TRANSFORM_KINDS.length);
    for (const m of TRANSFORM_METAS) {
      expect(m.label.length, m.kind).toBeGreaterThan(2);
      expect(m.description.length, m.kind).toBeGreaterThan(10);
      expect(transformMeta(m.kind)).toBe(m);
      // Every setting names itself for the form.
      for (const [key, schema] of Object.entries(m.schema.shape)) if (key !== 'kind') expect((schema as z.ZodType).description, `${m.kind}.${key}`).toBeTruthy();
    }
    expect(transformMeta('shout')).toBeNull();
  });

  it('answers what callers used to special-case: columns read, blanks supplied, clean-up order', () => {
    expect(transformReads({ kind: 'concat', columns: ['A', 'B'], separator: ' ' })).toEqual(['A', 'B']);
    expect(TRANSFORM_METAS.filter((m) => m.kind !== 'concat').every((m) => m.reads({} as never).length === 0)).toBe(true);

    const named: Record<string, Record<string, string>> = { blanks: { '': 'unknown' }, plain: { M: 'male' } };
    const supplies = (t: FieldTransform) => transformSuppliesBlank(t, { crosswalk: (name) => named[name] ?? null });
    expect(supplies({ kind: 'constant', value: 'x' })).toBe(true);
    expect(supplies({ kind: 'concat', columns: [], separator: '' })).toBe(true);
    expect(supplies({ kind: 'crosswalk', table: { '': 'unknown' } })).toBe(true);
    expect(supplies({ kind: 'crosswalk', table: { M: 'male' } })).toBe(false);
    expect(supplies({ kind: 'crosswalk', crosswalk: 'blanks' })).toBe(true);
    expect(supplies({ kind: 'crosswalk', crosswalk: 'plain' })).toBe(false);
    expect(supplies({ kind: 'crosswalk', crosswalk: 'missing' })).toBe(false);
    for (const kind of ['trim', 'fixMojibake', 'titleCase', 'emptyToNull'] as const) expect(supplies({ kind })).toBe(false);

    expect(transformCleanupRank({ kind: 'fixMojibake' })).toBe(0);
    expect(transformCleanupRank({ kind: 'trim' })).toBe(1);
    expect(transformCleanupRank({ kind: 'collapseSpaces' })).toBe(1.5);
    // Fix adoption places a new clean-up by its declared rank alone: after trim, before a placeholder crosswalk and any converter.
    expect(mergeTransforms([{ kind: 'trim' }, { kind: 'crosswalk', table: { 'n/a': '' } }, { kind: 'parseDate', formats: ['yyyy-MM-dd'] }], [{ kind: 'collapseSpaces' }])!.map((t) => t.kind)).toEqual(['trim', 'collapseSpaces', 'crosswalk', 'parseDate']);
    expect(transformCleanupRank({ kind: 'crosswalk', table: {} })).toBe(2);
    expect(transformCleanupRank({ kind: 'crosswalk', table: {}, fallback: 'keep' })).toBe(2);
    expect(transformCleanupRank({ kind: 'crosswalk', table: {}, fallback: 'reject' })).toBeNull();
    expect(transformCleanupRank({ kind: 'emptyToNull' })).toBe(3);
    expect(transformCleanupRank({ kind: 'parseDate', formats: [] })).toBeNull();
  });
});

describe('check: each transform’s settings, remarks with a place', () => {
  const cases: Record<TransformKind, { good: FieldTransform[]; bad: [FieldTransform, Pick<TransformRemark, 'place' | 'severity'>[]][] }> = {
    trim: { good: [{ kind: 'trim' }], bad: [] },
    collapseSpaces: { good: [{ kind: 'collapseSpaces' }], bad: [] },
    fixMojibake: { good: [{ kind: 'fixMojibake' }], bad: [] },
    emptyToNull: { good: [{ kind: 'emptyToNull' }], bad: [] },
    titleCase: { good: [{ kind: 'titleCase' }, { kind: 'titleCase', onlyIfAllCaps: true }], bad: [] },
    constant: { good: [{ kind: 'constant', value: '' }, { kind: 'constant', value: 'Europe/London' }], bad: [] },
    parseDate: {
      good: [{ kind: 'parseDate', formats: ['dd/MM/yyyy', 'd.M.yy'], sentinels: ['1900-01-01'] }],
      bad: [
        [{ kind: 'parseDate', formats: [] }, [{ place: 'formats', severity: 'error' }]],
        [{ kind: 'parseDate', formats: ['dd/MM/yyyy', 'MM/yyyy'] }, [{ place: 'formats[1]', severity: 'error' }]],
        [{ kind: 'parseDate', formats: ['yyyy-MM-dd'], sentinels: ['01/01/1900'] }, [{ place: 'sentinels[0]', severity: 'warning' }]],
      ],
    },
    crosswalk: {
      good: [{ kind: 'crosswalk', table: { M: 'male' } }, { kind: 'crosswalk', crosswalk: 'students.gender', fallback: 'reject' }],
      bad: [
        [{ kind: 'crosswalk' }, [{ place: '', severity: 'error' }]],
        [{ kind: 'crosswalk', crosswalk: ' ' }, [{ place: 'crosswalk', severity: 'error' }]],
        [{ kind: 'crosswalk', table: {} }, [{ place: 'table', severity: 'warning' }]],
      ],
    },
    padStart: {
      good: [{ kind: 'padStart', length: 6, char: '0' }],
      bad: [
        [{ kind: 'padStart', length: 2.5, char: '0' }, [{ place: 'length', severity: 'error' }]],
        [{ kind: 'padStart', length: -1, char: '' }, [{ place: 'length', severity: 'error' }, { place: 'char', severity: 'error' }]],
      ],
    },
    concat: {
      good: [{ kind: 'concat', columns: ['ADDRESS_1', 'TOWN'], separator: ', ' }],
      bad: [
        [{ kind: 'concat', columns: [], separator: ' ' }, [{ place: 'columns', severity: 'error' }]],
        [{ kind: 'concat', columns: ['A', ''], separator: ' ' }, [{ place: 'columns[1]', severity: 'error' }]],
      ],
    },
    split: { good: [{ kind: 'split', separator: ',' }], bad: [[{ kind: 'split', separator: '' }, [{ place: 'separator', severity: 'error' }]]] },
  };

  it.each(TRANSFORM_KINDS.map((k) => [k]))('%s', (kind) => {
    const { good, bad } = cases[kind];
    for (const t of good) expect(checkTransform(t), JSON.stringify(t)).toEqual([]);
    for (const [t, expected] of bad) {
      const remarks = checkTransform(t);
      expect(remarks.map((r) => ({ place: r.place, severity: r.severity })), JSON.stringify(t)).toEqual(expected);
      for (const r of remarks) {
        expect(r.message.length).toBeGreaterThan(10);
        expect(r.hint.length).toBeGreaterThan(10);
      }
    }
  });

  it('reports what the schema refuses with the schema’s place, and unknown kinds by name', () => {
    expect(checkTransform({ kind: 'padStart', length: '6', char: '0' })).toEqual([expect.objectContaining({ severity: 'error', place: 'length' })]);
    expect(checkTransform({ kind: 'parseDate', formats: ['dd/MM/yyyy', 7] })).toEqual([expect.objectContaining({ place: 'formats[1]' })]);
    const [unknown] = checkTransform({ kind: 'shout' });
    expect(unknown.place).toBe('kind');
    expect(unknown.message).toBe(`Unknown transform kind "shout": this studio knows ${TRANSFORM_KINDS.join(', ')}.`);
  });
});

describe('the derived contract schema', () => {
  it('accepts every transform of the demo’s stored mappings, unchanged', () => {
    const transforms = demoMappings('c1', 'GF').flatMap((m) => m.fields.flatMap((f) => f.transforms));
    expect(new Set(transforms.map((t) => t.kind)).size).toBeGreaterThanOrEqual(8);
    for (const t of transforms) expect(fieldTransformSchema.parse(t)).toEqual(t);
  });

  it('accepts every stored mapping of the demo whole, and says where an unknown kind is in one', () => {
    const mappings = demoMappings('c1', 'GF');
    for (const m of mappings) expect(entityMappingSchema.parse(m)).toEqual(m);
    const broken = structuredClone(mappings[1]);
    broken.fields[2].transforms = [...broken.fields[2].transforms, { kind: 'reverse' } as unknown as FieldTransform];
    const parsed = entityMappingSchema.safeParse(broken);
    expect(parsed.error!.issues).toEqual([expect.objectContaining({ path: ['fields', 2, 'transforms', broken.fields[2].transforms.length - 1, 'kind'], message: expect.stringMatching(/^Unknown transform kind "reverse"/) })]);
  });

  it('accepts a named crosswalk, and refuses unknown kinds, missing kinds and wrong settings clearly', () => {
    expect(fieldTransformSchema.safeParse({ kind: 'crosswalk', crosswalk: 'students.gender', fallback: 'reject' }).success).toBe(true);
    const chain = z.array(fieldTransformSchema).safeParse([{ kind: 'trim' }, { kind: 'uppercase' }]);
    expect(chain.success).toBe(false);
    expect(chain.error!.issues).toEqual([expect.objectContaining({ path: [1, 'kind'], message: expect.stringMatching(/^Unknown transform kind "uppercase": this studio knows trim, fixMojibake, /) })]);
    expect(fieldTransformSchema.safeParse({ separator: ',' }).error!.issues[0].message).toMatch(/^A transform needs a kind \(one of trim, /);
    expect(fieldTransformSchema.safeParse({ kind: 'crosswalk', table: { M: 1 } }).success).toBe(false);
    expect(fieldTransformSchema.safeParse({ kind: 'crosswalk', fallback: 'drop' }).success).toBe(false);
  });
});

/**
 * What every existing kind does, table-driven, hostile input included (empty, null, undefined,
 * Hebrew and accents, a 160,000-character text, lists). These are the answers the closed switch
 * gave before the registry; they must not move.
 */
describe('apply: every kind, unchanged, on hostile input', () => {
  type Case = [input: unknown, expected: unknown] | [input: unknown, expected: { error: RegExp }];
  const row = { A: ' 12 High St ', B: null, C: '', D: 'Leeds', N: 7, W: new Date('2020-01-02T03:04:05.000Z') };
  const table: [FieldTransform, Case[]][] = [
    [{ kind: 'trim' }, [['', ''], [null, null], [undefined, null], [' \u00a0Zoë יעל\u2003', 'Zoë יעל'], [LONG, LONG.trim()], [[' a ', 3, null], ['a', 3, null]], [42, 42], [true, true]]],
    [{ kind: 'collapseSpaces' }, [['', ''], [null, null], [undefined, null], ['Mary  Ann', 'Mary Ann'], ['12\tHigh\u00a0\u00a0St\r\nLeeds', '12 High St Leeds'], [' a ', ' a '], ['יעל   כהן', 'יעל כהן'], [LONG, LONG.replace(/\s+/gu, ' ')], [['a  b', 7], ['a b', 7]], [3, 3]]],
    [{ kind: 'fixMojibake' }, [['', ''], [null, null], ['JosÃ©', 'José'], ['יעל', 'יעל'], [LONG, LONG], [['JosÃ©', 1], ['José', 1]], [5, 5]]],
    [{ kind: 'titleCase' }, [['', ''], [null, null], ["O'BRIEN-SMITH", "O'Brien-Smith"], ['MCDONALD', 'McDonald'], ['יעל כהן', 'יעל כהן'], [['ANA', 'bo'], ['Ana', 'Bo']], [12, 12]]],
    [{ kind: 'titleCase', onlyIfAllCaps: true }, [['de la Cruz', 'de la Cruz'], ['DE LA CRUZ', 'De La Cruz'], ['A', 'A']]],
    [{ kind: 'emptyToNull' }, [['', null], ['  \t', null], [null, null], [undefined, null], [[], null], [[''], ['']], [0, 0], ['0', '0'], [LONG, LONG]]],
    [{ kind: 'constant', value: 'Europe/London' }, [[null, 'Europe/London'], ['', 'Europe/London'], [LONG, 'Europe/London']]],
    [{ kind: 'constant', value: '' }, [[null, '']]],
    [{ kind: 'concat', columns: ['A', 'B', 'C', 'D'], separator: ', ' }, [[null, '12 High St, Leeds'], ['ignored', '12 High St, Leeds']]],
    [{ kind: 'concat', columns: ['N', 'W'], separator: '|' }, [[null, '7|2020-01-02T03:04:05.000Z']]],
    [{ kind: 'concat', columns: ['B', 'C'], separator: ' ' }, [[null, null]]],
    [{ kind: 'concat', columns: ['A', 'MISSING'], separator: ' ' }, [[null, { error: /^The column "MISSING" is not in the source row\.$/ }]]],
    [{ kind: 'split', separator: ',' }, [['', null], [' , ,', null], [null, null], [undefined, null], ['Peanuts, Eggs ,', ['Peanuts', 'Eggs']], ['חלב,ביצים', ['חלב', 'ביצים']], [7, 7], [['a,b'], ['a,b']]]],
    [{ kind: 'padStart', length: 6, char: '0' }, [['', '000000'], [null, null], [undefined, null], ['123', '000123'], [123, '000123'], [12n, '000012'], ['1234567', '1234567'], [['7', 8], ['000007', '000008']], [true, true]]],
    [{ kind: 'padStart', length: 1.5, char: '0' }, [['7', { error: /^padStart needs a whole length and a fill character \(got 1\.5 and "0"\)\.$/ }]]],
    [{ kind: 'padStart', length: 3, char: '' }, [[null, { error: /^padStart needs a whole length/ }]]],
    [
      { kind: 'parseDate', formats: ['dd/MM/yyyy', 'yyyy-MM-dd'] },
      [
        ['', null],
        [null, null],
        ['03/04/2012', '2012-04-03'],
        ['2012-04-03 00:00:00', '2012-04-03'],
        ['1900-01-01', null],
        ['0000-00-00', null],
        [['03/04/2012', '2013-05-06'], ['2012-04-03', '2013-05-06']],
        ['31/02/2012', { error: /31\/02\/2012/ }],
        ['יום שני', { error: /יום שני/ }],
      ],
    ],
    [{ kind: 'parseDate', formats: ['MM/yyyy'] }, [['04/2012', { error: /needs a year \(yyyy or yy\), a month \(MM or M\) and a day/ }]]],
    [
      { kind: 'crosswalk', table: { M: 'male', F: 'female', '1': 'male', '': 'unknown' }, fallback: 'reject' },
      [
        ['M', 'male'],
        [' f ', 'female'],
        ['m', 'male'],
        [1, 'male'],
        [null, 'unknown'],
        ['', 'unknown'],
        [['M', 'F'], ['male', 'female']],
        ['X', { error: /^"X" has no entry in the crosswalk \(known codes: 1, M, F, \(blank\)\)\.$/ }],
        ['toString', { error: /"toString" has no entry/ }],
      ],
    ],
    [{ kind: 'crosswalk', table: { 'N/A': '' }, fallback: 'keep' }, [['n/a', ''], ['Zoë', 'Zoë'], [null, null], [undefined, null], [LONG, LONG]]],
    [{ kind: 'crosswalk', table: { C: 'active' }, fallback: 'null' }, [['C', 'active'], ['P', null], [null, null]]],
  ];

  it.each(table.map(([t, cases]) => [JSON.stringify(t).slice(0, 70), t, cases] as const))('%s', (_name, t, cases) => {
    for (const [input, expected] of cases) {
      const result = run(input, t, row);
      const label = typeof input === 'bigint' ? `${input}n` : `${JSON.stringify(input)?.slice(0, 40)}`;
      if (expected instanceof Object && 'error' in expected && expected.error instanceof RegExp) {
        expect(result.ok, label).toBe(false);
        if (!result.ok) expect(result.error, label).toMatch(expected.error);
      } else expect(result, label).toEqual({ ok: true, value: expected });
    }
  });

  it('covers every registered kind', () => {
    expect(new Set(table.map(([t]) => t.kind))).toEqual(new Set(TRANSFORM_KINDS));
  });

  it('a named crosswalk reads its table through the lookup, and a missing one says so', () => {
    const lookup = { crosswalk: (name: string) => (name === 'students.gender' ? { M: 'male' } : null) };
    expect(applyTransforms('m', [{ kind: 'crosswalk', crosswalk: 'students.gender', fallback: 'reject' }], {}, lookup)).toEqual({ ok: true, value: 'male' });
    expect(applyTransforms('m', [{ kind: 'crosswalk', crosswalk: 'gone' }], {}, lookup)).toEqual({ ok: false, error: 'The project has no crosswalk named "gone".' });
    expect(applyTransforms('m', [{ kind: 'crosswalk', crosswalk: 'students.gender' }], {})).toEqual({ ok: false, error: 'The project has no crosswalk named "students.gender".' });
    // The table a mapping read from the project carries wins over a lookup.
    expect(applyTransforms('M', [{ kind: 'crosswalk', crosswalk: 'students.gender', table: { M: 'm' } }], {}, lookup)).toEqual({ ok: true, value: 'm' });
  });
});

describe('forms from the registered schemas', () => {
  it('describes each setting’s input, label and choices, in declaration order', () => {
    expect(transformFormFields('trim')).toEqual([]);
    expect(transformFormFields('shout')).toEqual([]);
    expect(transformFormFields('padStart')).toEqual([
      { name: 'length', label: 'Width', input: 'number', optional: false },
      { name: 'char', label: 'Fill character', input: 'text', optional: false },
    ]);
    expect(transformFormFields('titleCase')).toEqual([{ name: 'onlyIfAllCaps', label: 'Only text written all in capitals', input: 'boolean', optional: true }]);
    expect(transformFormFields('parseDate').map((f) => [f.name, f.input, f.optional])).toEqual([
      ['formats', 'list', false],
      ['sentinels', 'list', true],
    ]);
    expect(transformFormFields('crosswalk')).toEqual([
      { name: 'crosswalk', label: 'Crosswalk', input: 'text', optional: true },
      { name: 'table', label: 'Codes', input: 'codes', optional: true },
      { name: 'fallback', label: 'Unknown codes', input: 'choice', optional: true, options: ['keep', 'null', 'reject'] },
    ]);
    for (const kind of TRANSFORM_KINDS) for (const f of transformFormFields(kind)) expect(f.label, `${kind}.${f.name}`).not.toBe(f.name);
  });
});

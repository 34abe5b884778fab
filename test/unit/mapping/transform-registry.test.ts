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
    expect(transformReads({ kind: 'coalesce', columns: ['MOBILE', 'HOME'] })).toEqual(['MOBILE', 'HOME']);
    expect(transformReads({ kind: 'generateId', columns: ['YEAR', 'NO'] })).toEqual(['YEAR', 'NO']);
    expect(transformReads({ kind: 'when', column: 'STATUS', op: 'isEmpty', then: null })).toEqual(['STATUS']);
    expect(transformReads({ kind: 'expression', expression: 'row.FORENAME + " " + row["SUR NAME"] + value' })).toEqual(['FORENAME', 'SUR NAME']);
    const readers = new Set(['concat', 'coalesce', 'generateId', 'when', 'expression']);
    expect(TRANSFORM_METAS.filter((m) => !readers.has(m.kind)).every((m) => m.reads({} as never).length === 0)).toBe(true);

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
    changeCase: { good: [{ kind: 'changeCase', mode: 'sentence' }], bad: [] },
    substring: {
      good: [{ kind: 'substring', start: -4 }, { kind: 'substring', start: 0, length: 4 }],
      bad: [[{ kind: 'substring', start: 0.5, length: -1 }, [{ place: 'start', severity: 'error' }, { place: 'length', severity: 'error' }]]],
    },
    regexExtract: {
      good: [{ kind: 'regexExtract', pattern: '(\\d+)([A-Z])', group: 2 }],
      bad: [
        [{ kind: 'regexExtract', pattern: '(a)\\1' }, [{ place: 'pattern', severity: 'error' }]],
        [{ kind: 'regexExtract', pattern: '', group: -1 }, [{ place: 'pattern', severity: 'error' }, { place: 'group', severity: 'error' }]],
      ],
    },
    regexReplace: { good: [{ kind: 'regexReplace', pattern: '(?i)mr\\.?', replacement: '' }], bad: [[{ kind: 'regexReplace', pattern: '(?<=a)b', replacement: '' }, [{ place: 'pattern', severity: 'error' }]]] },
    detectDate: { good: [{ kind: 'detectDate' }, { kind: 'detectDate', order: 'mdy', sentinels: ['1900-01-01'] }], bad: [] },
    parseNumber: { good: [{ kind: 'parseNumber', locale: 'fr', integer: true }], bad: [] },
    parseBoolean: { good: [{ kind: 'parseBoolean' }, { kind: 'parseBoolean', trueWords: ['J'], falseWords: ['N'] }], bad: [[{ kind: 'parseBoolean', trueWords: ['Y', 'X'], falseWords: ['x'] }, [{ place: 'falseWords', severity: 'error' }]]] },
    defaultValue: { good: [{ kind: 'defaultValue', value: 'unknown' }], bad: [] },
    coalesce: { good: [{ kind: 'coalesce', columns: ['HOME_PHONE'] }], bad: [[{ kind: 'coalesce', columns: [] }, [{ place: 'columns', severity: 'warning' }]]] },
    generateId: {
      good: [{ kind: 'generateId', columns: ['YEAR', 'NO'], prefix: 'STU-' }, { kind: 'generateId', columns: ['EMAIL'], hash: 16 }],
      bad: [[{ kind: 'generateId', columns: [], hash: 4 }, [{ place: 'columns', severity: 'error' }, { place: 'hash', severity: 'error' }]]],
    },
    normalizePhone: { good: [{ kind: 'normalizePhone', countryCode: '+44' }], bad: [[{ kind: 'normalizePhone', countryCode: 'UK' }, [{ place: 'countryCode', severity: 'error' }]]] },
    normalizeEmail: { good: [{ kind: 'normalizeEmail', fallback: 'reject' }], bad: [] },
    splitName: { good: [{ kind: 'splitName', part: 'first', order: 'lastFirst' }], bad: [] },
    when: {
      good: [{ kind: 'when', column: 'LEFT', op: 'isNotEmpty', then: 'withdrawn', else: 'active' }],
      bad: [
        [{ kind: 'when', op: 'in', then: 'x' }, [{ place: 'values', severity: 'error' }]],
        [{ kind: 'when', op: 'matches', values: ['ok', '(x)\\1'], then: 'x' }, [{ place: 'values[1]', severity: 'error' }]],
      ],
    },
    expression: { good: [{ kind: 'expression', expression: 'row.A + row.B' }], bad: [[{ kind: 'expression', expression: ' ' }, [{ place: 'expression', severity: 'error' }]]] },
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
    // ── the library of #14 ──
    [{ kind: 'changeCase', mode: 'upper' }, [['straße', 'STRASSE'], [null, null], ['יעל', 'יעל'], [['a', 2], ['A', 2]], [7, 7]]],
    [{ kind: 'changeCase', mode: 'lower' }, [['ÉCOLE', 'école'], ['', ''], [LONG, LONG.toLowerCase()]]],
    [{ kind: 'changeCase', mode: 'title' }, [["O'BRIEN-SMITH", "O'Brien-Smith"]]],
    [{ kind: 'changeCase', mode: 'sentence' }, [['PEANUT ALLERGY', 'Peanut allergy'], ['  éCOLE', '  École'], ['123', '123']]],
    [{ kind: 'substring', start: 0, length: 4 }, [['2024-09-01', '2024'], ['ab', 'ab'], ['', ''], [null, null], ['👩‍🎓x', '👩‍🎓x'], [5, 5]]],
    [{ kind: 'substring', start: -2 }, [['7B', '7B'], ['Year 7B', '7B'], ['😀😀😀', '😀😀']]],
    [{ kind: 'substring', start: 100 }, [['short', '']]],
    [{ kind: 'substring', start: 0.5 }, [['x', { error: /whole start/ }]]],
    [{ kind: 'regexExtract', pattern: '(\\d+)([A-Z])', group: 2 }, [['Class 7B (room 12)', 'B'], ['none', null], [null, null], [42, 42], [['7B', 'x'], ['B', null]]]],
    [{ kind: 'regexExtract', pattern: '^(a+)+$' }, [[`${'a'.repeat(100_000)}!`, null], ['aaa', 'aaa']]],
    [{ kind: 'regexExtract', pattern: '\\d+', fallback: 'reject' }, [['abc', { error: /finds nothing in "abc"/ }]]],
    [{ kind: 'regexExtract', pattern: '\\d+', fallback: 'keep' }, [['abc', 'abc']]],
    [{ kind: 'regexExtract', pattern: '(a)\\1' }, [['aa', { error: /cannot be read: invalid escape sequence/ }]]],
    [{ kind: 'regexExtract', pattern: 'a', group: 3 }, [['a', { error: /has 0 group\(s\), so group 3/ }]]],
    [{ kind: 'regexReplace', pattern: '(\\d{3})(\\d{4})', replacement: '$1 $2' }, [['5551234', '555 1234'], [null, null], ['יעל', 'יעל'], [LONG, LONG]]],
    [{ kind: 'regexReplace', pattern: 'mr\\.?\\s*', replacement: '', ignoreCase: true }, [['MR. Smith', 'Smith']]],
    [{ kind: 'regexReplace', pattern: '(?<=a)b', replacement: '' }, [['ab', { error: /cannot be read/ }]]],
    [
      { kind: 'detectDate' },
      [
        ['25/12/2024', '2024-12-25'],
        ['12/25/2024', '2024-12-25'],
        ['3/9/2024', { error: /could be read day-first or month-first/ }],
        ['4/4/2024', '2024-04-04'],
        ['2024-9-3', '2024-09-03'],
        ['20240903', '2024-09-03'],
        ['3 Sep 2024', '2024-09-03'],
        ['03-SEP-24', '2024-09-03'],
        ['September 3, 2024', '2024-09-03'],
        ['3. März 2024', '2024-03-03'],
        ['2024-09-03T08:30:00Z', '2024-09-03'],
        ['31/02/2024', { error: /not a real date/ }],
        ['1900-01-01', null],
        ['00/00/0000', null],
        ['', null],
        [null, null],
        [new Date('2012-04-03T00:00:00.000Z'), '2012-04-03'],
        [LONG, { error: /too long to be a date/ }],
        [12, { error: /not a date written as text/ }],
      ],
    ],
    [{ kind: 'detectDate', order: 'mdy' }, [['3/9/2024', '2024-03-09'], ['25/12/2024', { error: /not a real date/ }]]],
    [{ kind: 'detectDate', order: 'dmy' }, [['3/9/24', '2024-09-03'], ['3.9.1999', '1999-09-03']]],
    [{ kind: 'parseNumber', locale: 'en' }, [['1,234.56', 1234.56], ['-12', -12], ['(12.50)', -12.5], ['£1,000', 1000], ['12-', -12], ['.5', 0.5], ['', null], [null, null], [7, 7], ['1,23', { error: /not a number written as 1,234\.56/ }], ['1.2.3', { error: /not a number/ }], ['12abc', { error: /not a number/ }], ['1234567890123456', { error: /more digits/ }], [LONG, { error: /not a number/ }]]],
    [{ kind: 'parseNumber', locale: 'de' }, [['1.234,56', 1234.56], ['1234,5', 1234.5], ['1.5', { error: /1\.234,56/ }], ['-0', 0]]],
    [{ kind: 'parseNumber', locale: 'fr' }, [['1 234,56', 1234.56], ['1\u202f234', 1234], ['12 €', 12]]],
    [{ kind: 'parseNumber', locale: 'ch', integer: true }, [["1'234", 1234], ['12.5', { error: /not a whole number/ }], [2.5, { error: /not a whole number/ }]]],
    [{ kind: 'parseBoolean' }, [['Y', true], [' no ', false], ['X', true], [-1, true], [0, false], ['Oui', true], [true, true], ['', null], [null, null], ['maybe', { error: /neither a word for yes/ }], [LONG, { error: /neither a word for yes/ }]]],
    [{ kind: 'parseBoolean', trueWords: ['J'], falseWords: ['N'] }, [['j', true], ['Y', { error: /neither/ }]]],
    [{ kind: 'defaultValue', value: 'unknown' }, [[null, 'unknown'], ['', 'unknown'], ['  ', 'unknown'], [[], 'unknown'], ['x', 'x'], [0, 0], [false, false]]],
    [{ kind: 'coalesce', columns: ['B', 'C', 'D', 'A'] }, [[null, 'Leeds'], ['  ', 'Leeds'], ['own', 'own']]],
    [{ kind: 'coalesce', columns: ['B', 'C'] }, [[null, null]]],
    [{ kind: 'coalesce', columns: ['MISSING'] }, [[null, { error: /"MISSING" is not in the source row/ }], ['kept', 'kept']]],
    [{ kind: 'generateId', columns: ['D', 'N'], prefix: 'STU-' }, [[null, 'STU-Leeds-7'], ['ignored', 'STU-Leeds-7']]],
    [{ kind: 'generateId', columns: ['D', 'N'], separator: '', hash: 12 }, [[null, 'f68e72a2ae5a']]],
    [{ kind: 'generateId', columns: ['D', 'B'] }, [[null, { error: /"B" is empty/ }]]],
    [{ kind: 'normalizePhone', countryCode: '44' }, [['07700 900123', '+447700900123'], ['+44 (0)7700-900123', '+4407700900123'], ['0044 7700 900123', '+447700900123'], ['+447700900123', '+447700900123'], ['7700900123', '+447700900123'], ['01632 960001 ext. 12', '+441632960001'], ['call me', null], ['12', null], ['', null], [null, null], [LONG, null], [7700900123, '+447700900123']]],
    [{ kind: 'normalizePhone', countryCode: '1', fallback: 'reject' }, [['(555) 123-4567', '+15551234567'], ['1-555-123-4567', '+15551234567'], ['n/a', { error: /"n\/a" is not a phone number/ }]]],
    [{ kind: 'normalizePhone', countryCode: '44', fallback: 'keep' }, [['unknown', 'unknown']]],
    [{ kind: 'normalizeEmail' }, [[' ANN@School.ORG ', 'ann@school.org'], ['mailto:bo@x.org', 'bo@x.org'], ['"Ann Lee" <Ann.Lee@x.org>', 'ann.lee@x.org'], ['no address', null], ['a@b', null], ['a@@b.org', null], ['a..b@x.org', null], ['', null], [null, null], [LONG, null], [5, 5]]],
    [{ kind: 'normalizeEmail', fallback: 'reject' }, [['ann at school', { error: /is not an e-mail address/ }]]],
    [{ kind: 'splitName', part: 'first' }, [['John Paul Smith', 'John'], ['SMITH, John Paul', 'John'], ['Madonna', 'Madonna'], ['', null], [null, null], ['  Ana   de la Cruz ', 'Ana']]],
    [{ kind: 'splitName', part: 'middle' }, [['John Paul Smith', 'Paul'], ['SMITH, John Paul', 'Paul'], ['Ana de la Cruz', null]]],
    [{ kind: 'splitName', part: 'last' }, [['John Paul Smith', 'Smith'], ['SMITH, John', 'SMITH'], ['Ana de la Cruz', 'de la Cruz'], ['Jan van der Berg', 'van der Berg'], ['Madonna', null], ['יעל כהן', 'כהן']]],
    [{ kind: 'splitName', part: 'first', order: 'lastFirst' }, [['SMITH John', 'John']]],
    [{ kind: 'when', op: 'in', values: ['L', 'W'], then: 'withdrawn', else: 'active' }, [['l', 'withdrawn'], [' W ', 'withdrawn'], ['C', 'active'], [null, 'active']]],
    [{ kind: 'when', column: 'C', op: 'isEmpty', then: null }, [['x', null]]],
    [{ kind: 'when', column: 'D', op: 'matches', values: ['^Lee'], then: 'north' }, [['x', 'north']]],
    [{ kind: 'when', op: 'notEquals', values: ['N/A'], then: 'given' }, [['n/a', 'n/a'], ['yes', 'given']]],
    [{ kind: 'when', column: 'MISSING', op: 'isEmpty', then: 'x' }, [['x', { error: /"MISSING" is not in the source row/ }]]],
    [{ kind: 'expression', expression: 'row.D + " " + string(row.N)' }, [[null, 'Leeds 7']]],
    [{ kind: 'expression', expression: 'has(row.B) ? row.B : value' }, [['kept', 'kept']]],
    [{ kind: 'expression', expression: 'value.matches("^(a+)+$")' }, [[`${'a'.repeat(50_000)}!`, false]]],
    [{ kind: 'expression', expression: 'row.B + 1' }, [[null, { error: /^EXPRESSION_RUNTIME: No such key: B\. \(at line 1, column 5\)$/ }]]],
    [{ kind: 'expression', expression: 'value +' }, [['x', { error: /^EXPRESSION_SYNTAX: .*\(at line 1, column \d+\)$/ }]]],
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

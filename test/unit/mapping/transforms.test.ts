import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyTransforms, isAllCapsText, titleCase, type TransformResult } from '../../../src/main/engine/mapping/transforms';
import { toMojibake } from '../../../src/main/engine/values/cp1252';
import { FIELD_TRANSFORM_KINDS, type FieldTransform } from '../../../src/shared/model/mapping';

const run = (value: unknown, ...transforms: FieldTransform[]): TransformResult => applyTransforms(value, transforms, {});
const value = (r: TransformResult): unknown => {
  if (!r.ok) throw new Error(`expected a value, got error: ${r.error}`);
  return r.value;
};
const error = (r: TransformResult): string => {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return r.error;
};

describe('applyTransforms', () => {
  it('knows every kind the model declares', () => {
    const samples: Record<(typeof FIELD_TRANSFORM_KINDS)[number], [FieldTransform, unknown, unknown]> = {
      trim: [{ kind: 'trim' }, ' a ', 'a'],
      fixMojibake: [{ kind: 'fixMojibake' }, 'JosÃ©', 'José'],
      titleCase: [{ kind: 'titleCase' }, 'SMITH', 'Smith'],
      parseDate: [{ kind: 'parseDate', formats: ['dd/MM/yyyy'] }, '03/04/2012', '2012-04-03'],
      crosswalk: [{ kind: 'crosswalk', table: { R: 'KG' } }, 'R', 'KG'],
      padStart: [{ kind: 'padStart', length: 3, char: '0' }, '7', '007'],
      constant: [{ kind: 'constant', value: 'x' }, null, 'x'],
      concat: [{ kind: 'concat', columns: [], separator: ' ' }, 'ignored', null],
      emptyToNull: [{ kind: 'emptyToNull' }, '', null],
      split: [{ kind: 'split', separator: ',' }, 'a,b', ['a', 'b']],
      collapseSpaces: [{ kind: 'collapseSpaces' }, 'Mary \t Ann', 'Mary Ann'],
      changeCase: [{ kind: 'changeCase', mode: 'upper' }, 'smith', 'SMITH'],
      substring: [{ kind: 'substring', start: 0, length: 4 }, '2024-09', '2024'],
      regexExtract: [{ kind: 'regexExtract', pattern: '\\d+[A-Z]' }, 'Class 7B', '7B'],
      regexReplace: [{ kind: 'regexReplace', pattern: '\\s+', replacement: '' }, 'AB 12 CD', 'AB12CD'],
      detectDate: [{ kind: 'detectDate', order: 'dmy' }, '3/9/24', '2024-09-03'],
      parseNumber: [{ kind: 'parseNumber', locale: 'de' }, '1.234,5', 1234.5],
      parseBoolean: [{ kind: 'parseBoolean' }, 'Y', true],
      defaultValue: [{ kind: 'defaultValue', value: 'unknown' }, ' ', 'unknown'],
      coalesce: [{ kind: 'coalesce', columns: [] }, 'x', 'x'],
      generateId: [{ kind: 'generateId', columns: [] }, 'x', null],
      normalizePhone: [{ kind: 'normalizePhone', countryCode: '44' }, '07700 900123', '+447700900123'],
      normalizeEmail: [{ kind: 'normalizeEmail' }, ' Ann <ANN@School.org> ', 'ann@school.org'],
      splitName: [{ kind: 'splitName', part: 'last' }, 'SMITH, John', 'SMITH'],
      when: [{ kind: 'when', op: 'equals', values: ['Y'], then: 'yes' }, 'y', 'yes'],
      expression: [{ kind: 'expression', expression: 'value + "!"' }, 'hi', 'hi!'],
    };
    for (const kind of FIELD_TRANSFORM_KINDS) {
      const [transform, input, expected] = samples[kind];
      // generateId with no column refuses the row (it would give every row the same id).
      if (kind === 'generateId') expect(error(run(input, transform))).toMatch(/names no column/);
      else expect(value(run(input, transform)), kind).toEqual(expected);
    }
    expect(error(run('x', { kind: 'shout' } as unknown as FieldTransform))).toMatch(/Unknown transform "shout"/);
  });

  it('returns the value unchanged with no transforms, and undefined as null', () => {
    expect(value(run(' a '))).toBe(' a ');
    expect(value(run(undefined))).toBeNull();
  });

  it('trim: strips spaces and other white space, idempotent, leaves non-text alone', () => {
    expect(value(run('  Smith \t', { kind: 'trim' }))).toBe('Smith');
    expect(value(run('\u00a0Zoë\u2003', { kind: 'trim' }))).toBe('Zoë');
    expect(value(run(42, { kind: 'trim' }))).toBe(42);
    expect(value(run(null, { kind: 'trim' }))).toBeNull();
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const once = value(run(s, { kind: 'trim' }));
        expect(value(run(once, { kind: 'trim' }))).toBe(once);
      }),
    );
  });

  it('fixMojibake: repairs UTF-8 read as Windows-1252 and leaves clean text alone', () => {
    expect(value(run('JosÃ©', { kind: 'fixMojibake' }))).toBe('José');
    expect(value(run('José', { kind: 'fixMojibake' }))).toBe('José');
    expect(value(run(toMojibake('יעל'), { kind: 'fixMojibake' }))).toBe('יעל');
    expect(value(run(7, { kind: 'fixMojibake' }))).toBe(7);
  });

  it('titleCase: words, hyphens, apostrophes, Mc; optionally only all-capital text', () => {
    expect(titleCase("O'BRIEN-SMITH")).toBe("O'Brien-Smith");
    expect(titleCase('MCDONALD')).toBe('McDonald');
    expect(titleCase('de la cruz')).toBe('De La Cruz');
    expect(titleCase('MÜLLER')).toBe('Müller');
    expect(titleCase('כהן')).toBe('כהן');
    expect(value(run('SMITH', { kind: 'titleCase', onlyIfAllCaps: true }))).toBe('Smith');
    expect(value(run('McDonald', { kind: 'titleCase', onlyIfAllCaps: true }))).toBe('McDonald');
    expect(value(run('van der Berg', { kind: 'titleCase', onlyIfAllCaps: true }))).toBe('van der Berg');
    expect(value(run('van der Berg', { kind: 'titleCase' }))).toBe('Van Der Berg');
    expect(isAllCapsText('JOSÉ')).toBe(true);
    expect(isAllCapsText('J')).toBe(false);
    expect(isAllCapsText('محمد')).toBe(false);
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z' -]{0,24}$/), (s) => {
        expect(titleCase(titleCase(s))).toBe(titleCase(s));
      }),
    );
  });

  describe('parseDate', () => {
    const formats = ['yyyy-MM-dd', 'dd/MM/yyyy', 'MM/dd/yyyy', 'dd/MM/yy', 'dd.MM.yyyy'];
    const parse = (v: unknown, f = formats) => run(v, { kind: 'parseDate', formats: f });

    it('reads each format into YYYY-MM-DD', () => {
      expect(value(parse('2012-04-03'))).toBe('2012-04-03');
      expect(value(parse('03/04/2012'))).toBe('2012-04-03');
      expect(value(parse('12/25/2012'))).toBe('2012-12-25');
      expect(value(parse('03/04/12'))).toBe('2012-04-03');
      expect(value(parse('03/04/85'))).toBe('1985-04-03');
      expect(value(parse('24.12.2011'))).toBe('2011-12-24');
      expect(value(parse('2012-04-03 00:00:00'))).toBe('2012-04-03');
      expect(value(parse('2012-04-03T08:30:00Z'))).toBe('2012-04-03');
      expect(value(parse('3/4/2012', ['d/M/yyyy']))).toBe('2012-04-03');
      expect(value(parse(' 2012-04-03 '))).toBe('2012-04-03');
    });

    it('takes the first format that gives a real date (so the order decides ambiguous dates)', () => {
      expect(value(parse('03/04/2012', ['MM/dd/yyyy', 'dd/MM/yyyy']))).toBe('2012-03-04');
      expect(value(parse('25/03/2012', ['MM/dd/yyyy', 'dd/MM/yyyy']))).toBe('2012-03-25');
    });

    it('turns sentinel, zero and empty dates into null', () => {
      for (const s of ['1900-01-01', '01/01/1900', '12/30/1899', '30/12/1899', '1899-12-30', '0000-00-00', '00/00/0000', '', '   ', null]) expect(value(parse(s)), String(s)).toBeNull();
      expect(value(run('1970-01-01', { kind: 'parseDate', formats, sentinels: ['1970-01-01'] }))).toBeNull();
      expect(value(run('1900-01-01', { kind: 'parseDate', formats, sentinels: [] }))).toBe('1900-01-01');
    });

    it('rejects impossible and unreadable dates with the text and the formats tried', () => {
      expect(error(parse('30/02/2016'))).toBe('"30/02/2016" is not a real date in any of the expected formats (yyyy-MM-dd, dd/MM/yyyy, MM/dd/yyyy, dd/MM/yy, dd.MM.yyyy).');
      for (const s of ['2014-02-29', '2013-13-05', '31/04/2015', 'tomorrow', '2012-4-3', '12/2012']) expect(parse(s).ok, s).toBe(false);
      expect(value(parse('2016-02-29'))).toBe('2016-02-29');
      expect(error(parse(20120403))).toMatch(/not a date written as text/);
      expect(error(run('2012', { kind: 'parseDate', formats: ['yyyy'] }))).toMatch(/needs a year/);
    });

    it('takes Date objects by their calendar day', () => {
      expect(value(parse(new Date(Date.UTC(2012, 3, 3))))).toBe('2012-04-03');
      expect(value(parse(new Date(2012, 3, 3, 0, 0, 0)))).toBe('2012-04-03');
      expect(parse(new Date('nonsense')).ok).toBe(false);
    });

    it('round-trips any real date through every format', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1901, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
          const real = new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
          const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          const dd = String(d).padStart(2, '0');
          const mm = String(m).padStart(2, '0');
          const cases: [string, string][] = [
            [iso, 'yyyy-MM-dd'],
            [`${dd}/${mm}/${y}`, 'dd/MM/yyyy'],
            [`${mm}/${dd}/${y}`, 'MM/dd/yyyy'],
            [`${dd}.${mm}.${y}`, 'dd.MM.yyyy'],
          ];
          if (y >= 1969 && y <= 2068) cases.push([`${dd}/${mm}/${String(y).slice(2)}`, 'dd/MM/yy']);
          for (const [text, format] of cases) {
            const r = run(text, { kind: 'parseDate', formats: [format], sentinels: [] });
            if (real) expect(value(r)).toBe(iso);
            else expect(r.ok).toBe(false);
          }
        }),
      );
    });
  });

  describe('crosswalk', () => {
    const table = { M: 'male', F: 'female', '1': 'male', '': 'unknown' };
    it('maps codes exactly, then loosely (case and padding), numbers by their text, blank by the empty code', () => {
      expect(value(run('M', { kind: 'crosswalk', table }))).toBe('male');
      expect(value(run(' f ', { kind: 'crosswalk', table }))).toBe('female');
      expect(value(run(1, { kind: 'crosswalk', table }))).toBe('male');
      expect(value(run(null, { kind: 'crosswalk', table }))).toBe('unknown');
      expect(value(run('', { kind: 'crosswalk', table }))).toBe('unknown');
    });
    it('falls back to keeping, nulling or rejecting an unknown code', () => {
      expect(value(run('X', { kind: 'crosswalk', table }))).toBe('X');
      expect(value(run('X', { kind: 'crosswalk', table, fallback: 'keep' }))).toBe('X');
      expect(value(run('X', { kind: 'crosswalk', table, fallback: 'null' }))).toBeNull();
      expect(error(run('X', { kind: 'crosswalk', table, fallback: 'reject' }))).toBe('"X" has no entry in the crosswalk (known codes: 1, M, F, (blank)).');
      expect(value(run(null, { kind: 'crosswalk', table: { A: 'a' }, fallback: 'keep' }))).toBeNull();
    });
    it('does not treat inherited object keys as codes', () => {
      expect(value(run('constructor', { kind: 'crosswalk', table: {}, fallback: 'null' }))).toBeNull();
    });
  });

  it('padStart: pads text and numbers, leaves longer values and null alone', () => {
    expect(value(run('123', { kind: 'padStart', length: 6, char: '0' }))).toBe('000123');
    expect(value(run(123, { kind: 'padStart', length: 6, char: '0' }))).toBe('000123');
    expect(value(run('1234567', { kind: 'padStart', length: 6, char: '0' }))).toBe('1234567');
    expect(value(run(null, { kind: 'padStart', length: 6, char: '0' }))).toBeNull();
    expect(run('1', { kind: 'padStart', length: 2, char: '' }).ok).toBe(false);
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 30 }), (s, n) => {
        const padded = value(run(s, { kind: 'padStart', length: n, char: '0' })) as string;
        expect(padded.length).toBe(Math.max(n, s.length));
        expect(padded.endsWith(s)).toBe(true);
      }),
    );
  });

  it('constant: always the constant', () => {
    expect(value(run(null, { kind: 'constant', value: 'Europe/London' }))).toBe('Europe/London');
    expect(value(run('x', { kind: 'constant', value: '' }))).toBe('');
  });

  it('concat: joins the row’s columns, skipping blanks; null when all are blank; says which column is missing', () => {
    const row = { A1: '1 High St ', A2: '', TOWN: 'Northbridge', PC: null, N: 7 };
    expect(value(applyTransforms(null, [{ kind: 'concat', columns: ['A1', 'A2', 'TOWN', 'PC', 'N'], separator: ', ' }], row))).toBe('1 High St, Northbridge, 7');
    expect(value(applyTransforms(null, [{ kind: 'concat', columns: ['A2', 'PC'], separator: ', ' }], row))).toBeNull();
    expect(error(applyTransforms(null, [{ kind: 'concat', columns: ['A1', 'ADDR9'], separator: ' ' }], row))).toBe('The column "ADDR9" is not in the source row.');
  });

  it('emptyToNull: blank text and empty lists become null', () => {
    expect(value(run('', { kind: 'emptyToNull' }))).toBeNull();
    expect(value(run(' \t', { kind: 'emptyToNull' }))).toBeNull();
    expect(value(run([], { kind: 'emptyToNull' }))).toBeNull();
    expect(value(run('x', { kind: 'emptyToNull' }))).toBe('x');
    expect(value(run(0, { kind: 'emptyToNull' }))).toBe(0);
  });

  it('split: unpacks a packed list; later text transforms act on each item', () => {
    expect(value(run('Peanuts, Tree nuts ,,Eggs', { kind: 'split', separator: ',' }))).toEqual(['Peanuts', 'Tree nuts', 'Eggs']);
    expect(value(run(' , ', { kind: 'split', separator: ',' }))).toBeNull();
    expect(value(run(null, { kind: 'split', separator: ',' }))).toBeNull();
    expect(value(run('000123; 000124', { kind: 'split', separator: ';' }, { kind: 'padStart', length: 8, char: '0' }))).toEqual(['00000123', '00000124']);
    expect(value(run('m;F;x', { kind: 'split', separator: ';' }, { kind: 'crosswalk', table: { M: 'male', F: 'female' }, fallback: 'null' }))).toEqual(['male', 'female', null]);
    expect(error(run('2012-01-01|31/02/2012', { kind: 'split', separator: '|' }, { kind: 'parseDate', formats: ['yyyy-MM-dd', 'dd/MM/yyyy'] }))).toMatch(/31\/02\/2012/);
  });

  it('runs in order and stops at the first failure', () => {
    const chain: FieldTransform[] = [{ kind: 'fixMojibake' }, { kind: 'trim' }, { kind: 'titleCase', onlyIfAllCaps: true }, { kind: 'emptyToNull' }];
    expect(value(run('  MÃœLLER ', ...chain))).toBe('Müller');
    expect(value(run('   ', ...chain))).toBeNull();
    const failing: FieldTransform[] = [{ kind: 'crosswalk', table: {}, fallback: 'reject' }, { kind: 'constant', value: 'never' }];
    expect(run('Q', ...failing).ok).toBe(false);
  });

  it('is pure: the input and the transforms are not changed', () => {
    const list = ['a ', ' b'];
    const transforms: FieldTransform[] = [{ kind: 'trim' }];
    const frozen = JSON.stringify(transforms);
    expect(value(run(list, ...transforms))).toEqual(['a', 'b']);
    expect(list).toEqual(['a ', ' b']);
    expect(JSON.stringify(transforms)).toBe(frozen);
  });
});

import { describe, expect, it } from 'vitest';
import { HLL_RELATIVE_ERROR } from '../../../../src/main/engine/assessment/profiling/hyperloglog';
import { toMojibake } from '../../../../src/main/engine/values/cp1252';
import { profileColumn, profileRows, streamOf } from './profile-helper';

describe('column profiling counters', () => {
  it('counts nulls, blanks, whitespace-only and untrimmed values separately', () => {
    const c = profileColumn('NAME', [null, '', ' ', '\t', 'Ann', ' Bob', 'Cy  ', undefined, 'Dee']);
    expect(c.profile).toMatchObject({ rows: 9, nulls: 2, blanks: 1, whitespaceOnly: 2, untrimmed: 2 });
    expect(c.stats.nonBlank).toBe(4);
  });

  it('counts distinct values exactly below the threshold', () => {
    const values = Array.from({ length: 50_000 }, (_, i) => `v${i % 9_999}`);
    const c = profileColumn('CODE', values);
    expect(c.profile.distinct).toBe(9_999);
    expect(c.profile.distinctExact).toBe(true);
    expect(c.profile.topValues[0].count).toBe(6);
  });

  it('estimates distinct values above the threshold with HyperLogLog, within its documented error', () => {
    const n = 200_000;
    const values = Array.from({ length: n }, (_, i) => `student-${i}`);
    const c = profileColumn('EMAIL', values, { batch: 5000 });
    expect(c.profile.distinctExact).toBe(false);
    expect(Math.abs(c.profile.distinct - n) / n).toBeLessThan(3 * HLL_RELATIVE_ERROR);
  });

  it('gives the same exact counters whether a column stays exact or overflows early', () => {
    const values: unknown[] = [];
    for (let i = 0; i < 4000; i++) {
      values.push(
        [` Name${i}`, toMojibake('José'), 'MÜLLER', `0${i}`, '1900-01-01', `${(i % 28) + 1}/0${(i % 9) + 1}/2012`, 'n/a', `a${i}@x.org`, 'Peanuts, Eggs', null, '', '  ', '2030-01-01', -5, 12.5, '13/13/2013'][i % 16],
      );
    }
    const exact = profileColumn('MIXED', values, { exactDistinctLimit: 100_000 });
    const early = profileColumn('MIXED', values, { exactDistinctLimit: 10 });
    expect(exact.stats.distinctExact).toBe(true);
    expect(early.stats.distinctExact).toBe(false);
    const counters = (s: typeof exact.stats) => ({
      rows: s.rows,
      nulls: s.nulls,
      blanks: s.blanks,
      ws: s.whitespaceOnly,
      untrimmed: s.untrimmed,
      nonBlank: s.nonBlank,
      mojibake: s.mojibake,
      allCaps: s.allCaps,
      leadingZeros: s.leadingZeros,
      dateShaped: s.dateShaped,
      impossible: s.impossibleDates,
      future: s.futureDates,
      order: s.dateOrder,
      negatives: s.negatives,
      integers: s.integers,
      decimals: s.decimals,
      emailValid: s.emailValid,
      packed: s.packed,
      sentinels: [...s.sentinels.entries()].map(([k, e]) => [k, e.count]),
      lengthSum: s.lengthSum,
      minLength: s.minLength,
      maxLength: s.maxLength,
      patterns: s.patterns.items().map((p) => [p.value, p.count]),
    });
    expect(counters(early.stats)).toEqual(counters(exact.stats));
    expect(exact.stats.mojibake).toBe(250);
    expect(exact.stats.futureDates).toBe(250);
  });

  it('finds sentinels, mojibake and capitals without flagging clean accented, Hebrew or Arabic names', () => {
    const names = ['José', 'Sørensen', 'שרה', 'محمد', toMojibake('José'), toMojibake('כהן'), 'SMITH', 'McDonald', "O'Brien", toMojibake('MÜLLER')];
    const c = profileColumn('SURNAME', names);
    expect(c.profile.mojibake).toBe(3);
    expect(c.stats.allCaps).toBe(2);
    const dates = profileColumn('DOB', ['1900-01-01', '12/30/1899', '0000-00-00', '2012-05-06', '01/01/1900', '2013-07-08']);
    expect(dates.profile.sentinels.reduce((a, s) => a + s.count, 0)).toBe(4);
    const text = profileColumn('EMAIL', ['n/a', 'N/A', 'none', '-', '000000000', 'ok@school.org']);
    expect(Object.fromEntries(text.profile.sentinels.map((s) => [s.value, s.count]))).toEqual({ 'n/a': 1, 'N/A': 1, none: 1, '-': 1, '000000000': 1 });
  });

  it('counts leading zeros, numbers, packed lists and e-mail validity', () => {
    const ids = profileColumn('PUPIL_NO', ['000123', '000124', '1000000', '0', '07']);
    expect(ids.profile.leadingZeros).toBe(3);
    const money = profileColumn('AMOUNT', ['4850.00', '-12.50', '1,234.50', '0.5', 'x']);
    expect(money.stats.decimals).toBe(4);
    expect(money.stats.negatives).toBe(1);
    expect(money.stats.numericMin).toBe(-12.5);
    expect(money.stats.numericMax).toBe(4850);
    expect(money.stats.packed[',']).toBe(0);
    const lists = profileColumn('ALLERGIES', ['Peanuts, Eggs', 'Milk', 'Soya; Fish', 'Fish, Sesame, Milk']);
    expect(lists.stats.packed).toEqual({ ',': 2, ';': 1, '|': 0 });
    const mails = profileColumn('EMAIL', ['a@b.co', ' a@b.co', 'jsmith@', 'mary.jones@gmail', 'a@@b.com', 'sara cohen@x.org', 'n/a']);
    expect(mails.stats.emailValid).toBe(2);
  });

  it('keeps examples with the row key of the first affected rows', () => {
    const table = profileRows(streamOf('P', ['NO', 'NAME'], ['NO']), [
      { NO: 'A1', NAME: 'Ann' },
      { NO: 'A2', NAME: ' Bo' },
      { NO: 'A3', NAME: 'Cy ' },
    ]);
    expect(table.columns[1].stats.examples.untrimmed).toEqual([
      { key: 'A2', value: ' Bo' },
      { key: 'A3', value: 'Cy ' },
    ]);
  });

  it('reads driver values: numbers, big integers as text, dates, booleans; counts binary apart', () => {
    const c = profileColumn('V', [1, 2n ** 60n, new Date('2012-03-04T00:00:00Z'), true, Buffer.from('x'), { a: 1 }]);
    expect(c.stats.binary).toBe(1);
    expect(c.stats.nonBlank).toBe(5);
    expect(c.stats.dateShaped).toBe(1);
    expect(c.stats.booleans).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { birthYear, compareBirthDates, readBirthDate } from '../../../../src/main/engine/assessment/matching/birth-dates';
import { compareNameParts, phoneticKey } from '../../../../src/main/engine/assessment/matching/name-similarity';
import { areNameVariants } from '../../../../src/main/engine/assessment/matching/nicknames';
import { consonantSkeleton, displayName, normalizeName } from '../../../../src/main/engine/assessment/matching/normalize-name';
import { toMojibake } from '../../../../src/main/engine/values/cp1252';

describe('normalizeName', () => {
  it.each([
    ['  JOSÉ ', 'jose'],
    [toMojibake('José'), 'jose'],
    [toMojibake('Zieliński'), 'zielinski'],
    ['Łukasz', 'lukasz'],
    ['Sørensen', 'sorensen'],
    ["O'Brien", 'obrien'],
    ['Smith-Jones', 'smith jones'],
    ['  Mary   Ann ', 'mary ann'],
    [toMojibake('כהן'), 'כהן'],
    ['אַבְרָהָם', 'אברהם'],
    [null, ''],
  ])('%s → %s', (raw, normalized) => {
    expect(normalizeName(raw)).toBe(normalized);
  });

  it('shows names to reviewers repaired but with their case', () => {
    expect(displayName(`  ${toMojibake('Gonçalo')}  `)).toBe('Gonçalo');
  });

  it('reduces names to consonant skeletons comparable across scripts', () => {
    expect(consonantSkeleton('mohammed')).toBe(consonantSkeleton('محمد'));
    expect(consonantSkeleton('muhammad')).toBe(consonantSkeleton('محمد'));
    expect(consonantSkeleton('yosef')).toBe(consonantSkeleton('יוסף'));
    expect(consonantSkeleton('david')).toBe(consonantSkeleton('דוד'));
    expect(consonantSkeleton('fatima')).toBe(consonantSkeleton('فاطمة'));
    expect(consonantSkeleton('omar')).toBe(consonantSkeleton('عمر'));
    expect(consonantSkeleton('sarah')).not.toBe(consonantSkeleton('דוד'));
  });

  it('codes Hebrew and Arabic names phonetically, without the Arabic article', () => {
    expect(phoneticKey('כהן')).toMatch(/^K/);
    expect(phoneticKey('الخطيب')).toBe(phoneticKey('خطيب'));
    expect(phoneticKey('al khatib')).toBe(phoneticKey('khatib'));
  });
});

describe('compareNameParts', () => {
  it('knows nicknames and other spellings, but not names given in their own right', () => {
    expect(areNameVariants('jon', 'john')).toBe(true);
    expect(areNameVariants('tilly', 'matilda')).toBe(true);
    expect(areNameVariants('mohammed', 'muhammad')).toBe(true);
    expect(areNameVariants('jack', 'john')).toBe(false);
    expect(areNameVariants('harry', 'henry')).toBe(false);
    expect(compareNameParts('ellie', 'eleanor')).toMatchObject({ how: 'variant', score: 0.95 });
  });

  it('matches the same name in another script', () => {
    expect(compareNameParts('yosef', 'יוסף')).toMatchObject({ how: 'transliteration', score: 0.9 });
    expect(compareNameParts('mohammed', 'محمد')).toMatchObject({ how: 'transliteration' });
    expect(compareNameParts('sarah', 'محمد')).toMatchObject({ how: 'different', score: 0 });
  });

  it('lets typos and sound-alikes through the 0.85 gate, and keeps different names out', () => {
    expect(compareNameParts('smith', 'smyth')).toMatchObject({ how: 'similar', soundsAlike: true, soundexA: 'S530' });
    expect(compareNameParts('olivia', 'olivai').score).toBeGreaterThanOrEqual(0.85);
    expect(compareNameParts('mary', 'mary ann')).toMatchObject({ how: 'within', score: 0.9 });
    for (const [a, b] of [['jack', 'jacob'], ['joshua', 'joseph'], ['harry', 'harriet'], ['harris', 'harrison'], ['evie', 'eva'], ['ella', 'eleanor']]) {
      expect(compareNameParts(a, b).score, `${a}/${b}`).toBeLessThan(0.85);
    }
  });
});

describe('dates of birth', () => {
  it('reads the formats legacy systems use, keeping both readings of an ambiguous date', () => {
    expect(readBirthDate('2015-05-30').readings).toEqual([20150530]);
    expect(readBirthDate('30/05/2015').readings).toEqual([20150530]);
    expect(readBirthDate('05/30/2015').readings).toEqual([20150530]);
    expect(readBirthDate('03/04/2012').readings.sort()).toEqual([20120304, 20120403]);
    expect(readBirthDate('22/06/10', 25).readings).toEqual([20100622]);
    expect(readBirthDate('22/06/87', 25).readings).toEqual([19870622]);
    expect(readBirthDate(new Date(Date.UTC(2011, 1, 8))).readings).toEqual([20110208]);
  });

  it('treats blanks, placeholders and impossible dates as unknown', () => {
    for (const v of ['', '   ', null, '1900-01-01', '01/01/1900', '12/30/1899', '0000-00-00', '30/02/2016', '2013-13-05']) expect(readBirthDate(v).readings, String(v)).toEqual([]);
  });

  it('compares two dates from the same day down to the same year', () => {
    const c = (a: string, b: string) => compareBirthDates(readBirthDate(a), readBirthDate(b));
    expect(c('2015-05-30', '30/05/2015')).toBe('same');
    expect(c('2012-03-04', '04/03/2012')).toBe('same');
    expect(c('2012-03-14', '2012-14-03')).toBe('unknown');
    expect(c('2012-05-07', '2012-07-05')).toBe('day-month-swapped');
    expect(c('2012-05-07', '2012-05-20')).toBe('same-year-month');
    expect(c('2012-05-07', '2012-11-20')).toBe('same-year');
    expect(c('2012-05-07', '2013-05-07')).toBe('different');
    expect(c('2012-05-07', '1900-01-01')).toBe('unknown');
    expect(birthYear(readBirthDate('03/04/2012'))).toBe(2012);
  });
});

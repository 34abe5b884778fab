import { describe, expect, it } from 'vitest';
import { integerPattern, isTrimmable, textShape } from '../../../../src/main/engine/values/text-shape';
import { patternInfo } from '../../../../src/main/engine/values/pattern-info';

describe('pattern signatures', () => {
  it.each([
    ['Smith John', 'Aa+ Aa+'],
    ['2012-03-04', '9999-99-99'],
    ['03/04/12', '99/99/99'],
    ['SW1A 1AA', 'A+9A 9A+'],
    ["O'Brien", "A'Aa+"],
    ['000123', '999999'],
    ['Al', 'Aa'],
    ['שרה כהן', 'L+ L+'],
    ['José', 'Aa+'],
    ['  x ', '  a '],
    ['a@b.co', 'a@a.a+'],
    ['2025-03-21 10:22:33', '9999-99-99 99:99:99'],
  ])('%s → %s', (text, pattern) => {
    expect(textShape(text).pattern).toBe(pattern);
  });

  it('counts character classes and notices non-ASCII text', () => {
    const s = textShape('MÜLLER 7');
    expect(s.upper).toBe(6);
    expect(s.lower).toBe(0);
    expect(s.digits).toBe(1);
    expect(s.spaces).toBe(1);
    expect(s.nonAscii).toBe(true);
  });

  it('caps long signatures and long digit runs', () => {
    expect(textShape('1'.repeat(20)).pattern).toBe('9+');
    expect(textShape('word '.repeat(30)).pattern.endsWith('…')).toBe(true);
  });

  it('writes whole numbers without text', () => {
    expect(integerPattern(0)).toBe('9');
    expect(integerPattern(1000)).toBe('9999');
    expect(integerPattern(-42)).toBe('-99');
  });

  it('knows which characters trim() removes', () => {
    for (const ch of [' ', '\t', '\n', '\u00a0', '\u3000', '\ufeff']) expect(isTrimmable(ch.charCodeAt(0))).toBe(true);
    for (const ch of ['a', '0', '-', '\u00e9']) expect(isTrimmable(ch.charCodeAt(0))).toBe(false);
  });

  it('reads date layouts, numbers and phones from a signature', () => {
    expect(patternInfo('9999-99-99').date?.family).toBe('ymd');
    expect(patternInfo('99/99/9999').date).toMatchObject({ family: 'xxy', twoDigitYear: false, first: [0, 2], second: [3, 5], year: [6, 10] });
    expect(patternInfo('9/9/99').date).toMatchObject({ family: 'xxy', twoDigitYear: true });
    expect(patternInfo('9999-99-99 99:99:99').date?.withTime).toBe(true);
    expect(patternInfo('99:99').time).toBe(true);
    expect(patternInfo('-999').integer).toBe(true);
    expect(patternInfo('9,999.99')).toMatchObject({ decimal: true, grouped: true });
    expect(patternInfo('99999 999999').phone).toBe(true);
    expect(patternInfo('9999-99-99').phone).toBe(false);
    expect(patternInfo("Aa+ A'Aa+").name).toBe(true);
  });
});

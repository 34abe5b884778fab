import { describe, expect, it } from 'vitest';
import { maskKindFor, maskValue } from '../../../../src/main/engine/values/mask';
import { columnHints } from '../../../../src/main/engine/values/column-hints';
import { toMojibake } from '../../../../src/main/engine/values/cp1252';

describe('masking examples', () => {
  it('keeps the first letter of each word of a name and the spaces around it', () => {
    expect(maskValue('Mary Jones', 'name')).toBe('M••• J••••');
    expect(maskValue('  Smith', 'name')).toBe('  S••••');
    expect(maskValue('שרה', 'name')).toBe('ש••');
  });

  it('keeps the damaged characters of a mojibake name visible', () => {
    expect(maskValue(toMojibake('José'), 'name')).toBe('J••Ã©');
  });

  it('masks a name in a non-Latin script read in the wrong code page: decoded, it gives away no more than its first letters (issue 16 point 6)', () => {
    const masked = String(maskValue(toMojibake('Михаил Петров'), 'name'));
    expect(masked).toBe('Ðœ•••••••••• ÐŸ••••••••••');
    // Each word shows one damaged pair: decoded, the first letter, as a clean name's mask shows.
    expect(masked.split(' ').map((w) => Buffer.from(w.slice(0, 2).replace('œ', '\x9c').replace('Ÿ', '\x9f'), 'latin1').toString('utf8'))).toEqual(['М', 'П']);
    expect(maskValue('Михаил Петров', 'name')).toBe('М••••• П•••••');
  });

  it('keeps the domain of an e-mail, the last digits of a phone, the year of a birth date', () => {
    expect(maskValue('mary.jones@gmail', 'email')).toBe('m•••@gmail');
    expect(maskValue('07700 900123', 'phone')).toBe('••••• •••123');
    expect(maskValue('03/04/2012', 'birthDate')).toBe('0•/0•/2012');
    expect(maskValue('2012-03-04', 'birthDate')).toBe('2012-0•-0•');
    expect(maskValue('NB1 4PS', 'postcode')).toBe('NB1 •••');
  });

  it('shows placeholders, blanks, ids and codes as they are', () => {
    expect(maskValue('1900-01-01', 'birthDate')).toBe('1900-01-01');
    expect(maskValue('n/a', 'email')).toBe('n/a');
    expect(maskValue('', 'name')).toBe('');
    expect(maskValue('000123', 'none')).toBe('000123');
    expect(maskValue(null, 'name')).toBeNull();
  });

  it('picks the masking from the column', () => {
    expect(maskKindFor('date', columnHints('DOB'), 'DOB')).toBe('birthDate');
    expect(maskKindFor('person-name', columnHints('FORENAME'), 'FORENAME')).toBe('name');
    expect(maskKindFor('email', columnHints('EMAIL'), 'EMAIL')).toBe('email');
    expect(maskKindFor('phone', columnHints('MOBILE'), 'MOBILE')).toBe('phone');
    expect(maskKindFor('packed-list', columnHints('ALLERGIES'), 'ALLERGIES')).toBe('sensitive');
    expect(maskKindFor('code', columnHints('SEX'), 'SEX')).toBe('none');
    expect(maskKindFor('identifier', columnHints('PUPIL_NO'), 'PUPIL_NO')).toBe('none');
  });
});

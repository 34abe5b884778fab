import { describe, expect, it } from 'vitest';
import { suggestCrosswalk } from '../../../../src/main/engine/assessment/findings/crosswalk-suggest';

describe('crosswalk suggestions', () => {
  it('maps sex codes, ISO 5218 digits and blanks onto the target genders', () => {
    expect(suggestCrosswalk('gender', ['female', 'male', 'other', 'unknown'], ['M', 'F', '1', '2', 'm', 'f', ''])).toEqual({
      table: { M: 'male', F: 'female', '1': 'male', '2': 'female', m: 'male', f: 'female', '': 'unknown' },
      unmapped: [],
    });
  });

  it('maps English year groups onto grade levels', () => {
    const levels = ['PK', 'KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13'];
    expect(suggestCrosswalk('gradeLevel', levels, ['N', 'R', 'Y1', 'Y13', 'Year 7']).table).toEqual({ N: 'PK', R: 'KG', Y1: '01', Y13: '13', 'Year 7': '07' });
  });

  it('leaves codes it cannot place for a person, and matches case and unique prefixes', () => {
    const s = suggestCrosswalk('enrollmentStatus', ['active', 'inactive', 'graduated', 'withdrawn'], ['C', 'L', 'P', 'Active', 'grad']);
    expect(s.table).toEqual({ C: 'active', L: 'withdrawn', Active: 'active', grad: 'graduated' });
    expect(s.unmapped).toEqual(['P']);
    expect(suggestCrosswalk('relationship', ['mother', 'father', 'guardian', 'grandparent', 'other'], ['MUM', 'Father', 'NAN', 'FOSTER CARER', 'STEP-DAD']).table).toEqual({
      MUM: 'mother',
      Father: 'father',
      NAN: 'grandparent',
      'FOSTER CARER': 'guardian',
      'STEP-DAD': 'other',
    });
    expect(suggestCrosswalk('method', ['cash', 'card', 'bank-transfer', 'cheque', 'online', 'other'], ['BACS', 'CHQ', 'Bank Transfer']).table).toEqual({ BACS: 'bank-transfer', CHQ: 'cheque', 'Bank Transfer': 'bank-transfer' });
  });
});

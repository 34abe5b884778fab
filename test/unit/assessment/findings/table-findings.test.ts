import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../../src/shared/model/assessment';
import { mappingFindings } from '../../../../src/main/engine/assessment/findings/mapping-findings';
import { mergeFindings } from '../../../../src/main/engine/assessment/findings/merge-findings';
import { tableFindings } from '../../../../src/main/engine/assessment/findings/table-findings';
import { TargetFieldResolver } from '../../../../src/main/engine/assessment/findings/target-fields';
import { demoMappings } from '../../../../src/main/engine/demo/demo-mappings';
import { toMojibake } from '../../../../src/main/engine/values/cp1252';
import { applyTransforms } from '../../../../src/main/engine/mapping/transforms';
import { loadTargetContract } from '../../../../src/academia-api/contract';
import { profileRows, streamOf } from '../profiling/profile-helper';

const contract = loadTargetContract('v1');
const COLUMNS = ['PUPIL_NO', 'FORENAME', 'SURNAME', 'SEX', 'DOB', 'YEAR_GROUP', 'ALLERGIES', 'EMAIL', 'FEE'];

/** 100 pupils with a known number of each problem. */
function pupils(): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let i = 1; i <= 100; i++) {
    rows.push({
      PUPIL_NO: String(i).padStart(6, '0'),
      FORENAME: i <= 4 ? ` Ann${i}` : i <= 7 ? toMojibake('José') : ['Oliver', 'Amelia', 'Noah', 'Isla', 'Leo'][i % 5],
      SURNAME: i <= 3 ? 'SMITH' : ['Smith', 'Jones', 'Brown', "O'Brien", 'McDonald'][i % 5],
      SEX: ['M', 'F', '1', '2'][i % 4],
      DOB: i <= 2 ? '1900-01-01' : i === 3 ? '' : i === 4 ? '30/02/2016' : i <= 8 ? `25/0${i}/2012` : i <= 10 ? `0${i - 8}/05/2012` : `2012-0${(i % 9) + 1}-1${i % 9}`,
      YEAR_GROUP: 'Y7',
      ALLERGIES: i <= 5 ? 'Peanuts, Eggs' : i <= 20 ? 'Milk' : '',
      EMAIL: i <= 2 ? 'n/a' : i === 3 ? 'jsmith@' : `p${i}@school.org`,
      FEE: i <= 2 ? '-100.00' : '4850.00',
    });
  }
  return rows;
}

const byCode = (findings: Finding[], code: string, column?: string) => findings.find((f) => f.code === code && (column === undefined || f.column === column));

describe('findings from a profiled table', () => {
  const table = profileRows(streamOf('PUPILS', COLUMNS, ['PUPIL_NO']), pupils());
  const findings = tableFindings(table, new TargetFieldResolver(contract), '2025-03-21');

  it('counts each problem exactly, with the code, severity and column', () => {
    const summary = Object.fromEntries(findings.map((f) => [`${f.code} ${f.column}`, [f.count, f.severity]]));
    expect(summary).toMatchObject({
      'UNTRIMMED_TEXT FORENAME': [4, 'warning'],
      'MOJIBAKE FORENAME': [3, 'warning'],
      'ALL_CAPS_TEXT SURNAME': [3, 'info'],
      'LEADING_ZERO_ID PUPIL_NO': [100, 'info'],
      'CODE_NEEDS_CROSSWALK SEX': [100, 'warning'],
      'CODE_NEEDS_CROSSWALK YEAR_GROUP': [100, 'warning'],
      'SENTINEL_DATE DOB': [2, 'error'],
      'MISSING_VALUE DOB': [1, 'error'],
      'IMPOSSIBLE_DATE DOB': [1, 'error'],
      'MIXED_DATE_FORMATS DOB': [7, 'warning'],
      'PACKED_LIST ALLERGIES': [5, 'warning'],
      'INVALID_EMAIL EMAIL': [3, 'warning'],
      'SENTINEL_VALUE EMAIL': [2, 'warning'],
      'NEGATIVE_AMOUNT FEE': [2, 'warning'],
    });
    // 25/0x/2012 proves day-first, so the two 0x/05/2012 dates are settled, not ambiguous.
    expect(byCode(findings, 'AMBIGUOUS_DATE')).toMatchObject({ count: 2, severity: 'info' });
  });

  it('offers fixes the mapping can adopt, and they repair the values', () => {
    const crosswalk = byCode(findings, 'CODE_NEEDS_CROSSWALK', 'SEX')?.fix;
    expect(crosswalk).toMatchObject({ kind: 'crosswalk', target: { entity: 'students', field: 'gender', source: 'name' } });
    expect(applyTransforms('2', crosswalk?.transforms ?? [], {})).toEqual({ ok: true, value: 'female' });
    const dates = byCode(findings, 'MIXED_DATE_FORMATS')?.fix?.transforms ?? [];
    expect(dates).toEqual([{ kind: 'parseDate', formats: ['yyyy-MM-dd', 'dd/MM/yyyy'] }]);
    expect(applyTransforms('25/03/2012', dates, {})).toEqual({ ok: true, value: '2012-03-25' });
    expect(applyTransforms(toMojibake('José'), byCode(findings, 'MOJIBAKE')?.fix?.transforms ?? [], {})).toEqual({ ok: true, value: 'José' });
    expect(applyTransforms('Peanuts, Eggs', byCode(findings, 'PACKED_LIST')?.fix?.transforms ?? [], {})).toEqual({ ok: true, value: ['Peanuts', 'Eggs'] });
    expect(applyTransforms('SMITH', byCode(findings, 'ALL_CAPS_TEXT')?.fix?.transforms ?? [], {})).toEqual({ ok: true, value: 'Smith' });
    expect(byCode(findings, 'LEADING_ZERO_ID')?.fix?.transforms).toEqual([{ kind: 'padStart', length: 6, char: '0' }]);
  });

  it('shows examples by row key, with personal data masked', () => {
    expect(byCode(findings, 'UNTRIMMED_TEXT')?.examples.slice(0, 2)).toEqual([
      { row: '000001', value: ' A•••' },
      { row: '000002', value: ' A•••' },
    ]);
    expect(byCode(findings, 'IMPOSSIBLE_DATE')?.examples).toEqual([{ row: '000004', value: '3•/0•/2016' }]);
    expect(byCode(findings, 'SENTINEL_DATE')?.examples).toEqual([{ row: '000001', value: '1900-01-01' }]);
    expect(byCode(findings, 'INVALID_EMAIL')?.examples.map((e) => e.value)).toEqual(['n/a', 'j•••@']);
  });

  it('masks the values a profile quotes for personal columns, not for codes', () => {
    const col = (name: string) => table.columns.find((c) => c.info.name === name)?.profile;
    expect(col('FORENAME')?.topValues.map((t) => t.value)).toContain('O•••••');
    expect(col('EMAIL')?.min).toMatch(/^[a-z]•••@/);
    expect(col('DOB')?.max).toMatch(/^\d{4}-\d•-\d•$/);
    expect(col('SEX')?.topValues.map((t) => t.value).sort()).toEqual(['1', '2', 'F', 'M']);
  });

  it('finds nothing wrong in clean data', () => {
    const clean = profileRows(
      streamOf('STUDENTS', ['ID', 'FIRST_NAME', 'BIRTH_DATE', 'GENDER'], ['ID']),
      Array.from({ length: 50 }, (_, i) => ({ ID: i + 1, FIRST_NAME: ['Ann', 'Bo', 'José', 'שרה', 'McDonald'][i % 5], BIRTH_DATE: `2012-0${(i % 9) + 1}-1${i % 9}`, GENDER: ['female', 'male'][i % 2] })),
    );
    expect(tableFindings(clean, new TargetFieldResolver(contract), '2025-03-21')).toEqual([]);
  });

  it('lists a table\'s empty columns once, and an empty required column on its own', () => {
    const t = profileRows(streamOf('PUPILS', ['PUPIL_NO', 'DOB', 'NOTES', 'OLD_CODE'], ['PUPIL_NO']), [
      { PUPIL_NO: '1', DOB: '', NOTES: null, OLD_CODE: ' ' },
      { PUPIL_NO: '2', DOB: null, NOTES: '', OLD_CODE: null },
    ]);
    const found = tableFindings(t, new TargetFieldResolver(contract), '2025-03-21').filter((f) => f.code === 'EMPTY_COLUMN');
    expect(found.map((f) => [f.column, f.severity, f.count])).toEqual([
      ['DOB', 'error', 2],
      [null, 'info', 2],
    ]);
    expect(found[1].fix?.payload).toEqual({ columns: ['NOTES', 'OLD_CODE'] });
  });

  it('reports a table without a key, naming a unique column when there is one', () => {
    const t = profileRows(streamOf('LOG', ['A', 'B']), [
      { A: 1, B: 'x' },
      { A: 2, B: 'x' },
    ]);
    expect(byCode(tableFindings(t, null, '2025-03-21'), 'NO_PRIMARY_KEY')).toMatchObject({ severity: 'info', count: 2, fix: { payload: { candidates: ['A'] } } });
  });

  it('checks required target fields against the mapping', () => {
    const contacts = profileRows(streamOf('CONTACTS', ['CONTACT_ID', 'FORENAME', 'SURNAME', 'RELATIONSHIP'], ['CONTACT_ID']), [
      { CONTACT_ID: 1, FORENAME: '', SURNAME: 'Smith', RELATIONSHIP: 'MUM' },
      { CONTACT_ID: 2, FORENAME: 'Ann', SURNAME: ' ', RELATIONSHIP: 'DAD' },
      { CONTACT_ID: 3, FORENAME: null, SURNAME: 'Jones', RELATIONSHIP: 'MUM' },
    ]);
    const found = mappingFindings(demoMappings('c1', 'NPS-4021'), [contacts], contract);
    expect(found.map((f) => [f.code, f.column, f.count, f.severity])).toEqual([
      ['MISSING_REQUIRED', 'FORENAME', 2, 'error'],
      ['MISSING_REQUIRED', 'SURNAME', 1, 'error'],
    ]);
  });

  it('merges specialised findings over profiling ones and orders by severity', () => {
    const mine: Finding = { code: 'NO_PRIMARY_KEY', severity: 'warning', table: 'T', column: null, count: 5, message: 'mine', examples: [], fix: null };
    const theirs: Finding = { ...mine, message: 'theirs', severity: 'info' };
    const error: Finding = { ...mine, code: 'ORPHAN_REFERENCE', severity: 'error', message: 'orphans' };
    expect(mergeFindings([mine], [theirs, error]).map((f) => f.message)).toEqual(['orphans', 'theirs']);
  });
});

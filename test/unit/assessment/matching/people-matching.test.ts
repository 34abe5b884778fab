import { describe, expect, it } from 'vitest';
import { findDuplicatePeople, recognisePeopleTables } from '../../../../src/main/engine/assessment/matching';
import { blockingKeys } from '../../../../src/main/engine/assessment/matching/blocking';
import type { PersonRecord } from '../../../../src/main/engine/assessment/matching/person-records';
import { readBirthDate } from '../../../../src/main/engine/assessment/matching/birth-dates';
import { normalizeName } from '../../../../src/main/engine/assessment/matching/normalize-name';
import { toMojibake } from '../../../../src/main/engine/values/cp1252';
import { MemoryConnector, type MemoryTable } from '../relationships/memory-connector';

const record = (first: string, last: string, dob: string): PersonRecord => ({
  table: 0,
  key: '1',
  first: normalizeName(first),
  last: normalizeName(last),
  firstShown: first,
  lastShown: last,
  repaired: false,
  birth: readBirthDate(dob),
  sex: null,
  emails: [],
  phones: [],
  updated: null,
  filled: 3,
  others: new Uint32Array(0),
});

describe('blocking', () => {
  it('files swapped first name and surname under shared keys', () => {
    const a = blockingKeys(record('William', 'Kaur', '2015-05-30'));
    const b = blockingKeys(record('Kaur', 'William', '2015-05-30'));
    expect(a.filter((k) => b.includes(k)).sort()).toEqual(['n|K600|W450', 'y2015|K600', 'y2015|W450']);
  });

  it('files a first name written in another script under the surname with the birth year', () => {
    const a = blockingKeys(record('יוסף', 'כהן', '2012-01-02'));
    const b = blockingKeys(record('Yosef', 'כהן', '2012-01-02'));
    expect(a.some((k) => k.startsWith('y2012|') && b.includes(k))).toBe(true);
  });
});

describe('recognisePeopleTables', () => {
  it('finds people by their name columns and reads their role from the table name', async () => {
    const connector = new MemoryConnector([
      { name: 'PUPILS', columns: [['PUPIL_NO', 'string'], ['FORENAME', 'string'], ['SURNAME', 'string'], ['DOB', 'string'], ['SEX', 'string'], ['LAST_UPDATED', 'string']], primaryKey: ['PUPIL_NO'], rows: [] },
      { name: 'staff_emergency_contact', columns: [['id', 'integer'], ['staff_emergency_first_name', 'string'], ['staff_emergency_last_name', 'string'], ['staff_emergency_email', 'string'], ['staff_emergency_mobile_phone', 'string']], rows: [] },
      { name: 'tblTeachers', columns: [['TeacherID', 'integer'], ['FirstName', 'string'], ['LastName', 'string'], ['PhoneExt', 'string']], rows: [] },
      { name: 'courses', columns: [['title', 'string'], ['short_name', 'string']], rows: [] },
    ]);
    const tables = recognisePeopleTables(await connector.discover());
    expect(tables.map((t) => [t.table, t.role, t.first, t.last, t.birthDate, t.sex, t.updated])).toEqual([
      ['PUPILS', 'student', 'FORENAME', 'SURNAME', 'DOB', 'SEX', 'LAST_UPDATED'],
      ['staff_emergency_contact', 'guardian', 'staff_emergency_first_name', 'staff_emergency_last_name', null, null, null],
      ['tblTeachers', 'staff', 'FirstName', 'LastName', null, null, null],
    ]);
    expect(tables[1]).toMatchObject({ emails: ['staff_emergency_email'], phones: ['staff_emergency_mobile_phone'] });
    expect(tables[2].phones).toEqual([]);
  });
});

describe('findDuplicatePeople', () => {
  const pupils: MemoryTable = {
    name: 'pupils',
    columns: [['pupil_no', 'string'], ['forename', 'string'], ['surname', 'string'], ['dob', 'string'], ['sex', 'string'], ['family_id', 'string']],
    primaryKey: ['pupil_no'],
    rows: [
      ['001', 'William', 'Kaur', '2015-05-30', 'M', 'F1'],
      ['002', 'Kaur', 'William', '30/05/2015', 'M', 'F1'], // swapped, other date format
      ['003', 'Jon', 'Smith', '2012-03-04', 'M', 'F2'],
      ['004', 'John', 'SMITH ', '2012-03-04', 'M', 'F2'], // nickname, capitals, trailing space
      ['005', 'Amelia', 'Hall', '2014-09-09', 'F', 'F3'],
      ['006', 'Matilda', 'Hall', '2014-09-09', 'F', 'F3'], // twin: not a duplicate
      ['007', 'Oliver', 'Hall', '2016-01-01', 'M', 'F3'], // sibling
      ['008', toMojibake('José'), 'García', '2013-07-08', '1', 'F4'],
      ['009', 'Jose', 'Garcia', '2013-07-08', 'm', 'F4'], // mojibake + accents
      ['010', 'Charlie', 'Hall', '2014-09-09', 'M', 'F3'],
      ['011', 'Charlie', 'Hall', '2014-09-09', 'F', 'F3'], // same names, different sex
      ['012', 'Sam', 'Ng', '', 'M', 'F5'],
      ['013', 'Sam', 'Ng', '1900-01-01', 'M', 'F5'], // no usable date on either side
      ['014', 'Ana', 'Ng', '', 'F', 'F5'],
      ['015', 'Ana', 'Ng', '', 'F', 'F7'], // same rare name, but another family
    ],
  };

  it('finds duplicates under swapped names, nicknames, capitals and mojibake, and leaves twins and siblings alone', async () => {
    const connector = new MemoryConnector([pupils]);
    const { duplicates, findings } = await findDuplicatePeople(connector, await connector.discover(), []);
    const pairs = duplicates.map((d) => `${d.left}|${d.right}`);
    expect(pairs.sort()).toEqual(['001|002', '003|004', '008|009', '012|013']);

    const swapped = duplicates.find((d) => d.left === '001')!;
    expect(swapped.reasons).toEqual(['same first name', 'same surname', 'first name and surname swapped', 'same date of birth']);
    expect(swapped.score).toBeCloseTo(0.988, 3);

    const nickname = duplicates.find((d) => d.left === '003')!;
    expect(nickname.reasons).toContain('first name Jon ~ John (known variant)');
    expect(nickname.reasons).toContain('first name sounds alike (J500)');

    expect(duplicates.find((d) => d.left === '008')!.reasons).toContain('a name was repaired from garbled characters (mojibake) before comparing');

    // Only names and family to go on (rare names in a small table): above the bar when the family
    // agrees (012/013), below it when it does not (014/015).
    const nameOnly = duplicates.find((d) => d.left === '012')!;
    expect(nameOnly.reasons).toContain('no date of birth to compare; names this rare are seldom shared by chance here');
    expect(nameOnly.reasons).toContain('other details agree (1 of 1 the same)');
    expect(nameOnly.score).toBeLessThan(0.95);

    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: 'DUPLICATE_PERSON', severity: 'warning', table: 'pupils', column: null, count: 4, fix: { kind: 'crosswalk' } });
    // Names are masked in the finding's examples.
    expect(JSON.stringify(findings[0].examples)).not.toMatch(/John|Smith/);
  });

  it('clusters pairs that share a record, and respects maxPairs while counting all pairs', async () => {
    const connector = new MemoryConnector([
      {
        name: 'students',
        columns: [['id', 'integer'], ['first_name', 'string'], ['last_name', 'string'], ['birthdate', 'string']],
        primaryKey: ['id'],
        rows: [
          [1, 'Katherine', 'Bennett', '2010-02-03'],
          [2, 'Catherine', 'Bennett', '2010-02-03'],
          [3, 'Kathryn', 'Bennett', '2010-02-03'],
          [4, 'Noor', 'Haddad', '2011-04-05'],
        ],
      },
    ]);
    const result = await findDuplicatePeople(connector, await connector.discover(), [], { maxPairs: 2 });
    expect(result.duplicates).toHaveLength(2);
    expect(result.findings[0]).toMatchObject({ count: 3, message: expect.stringContaining('3 records in 1 cluster)') });
    expect(new Set(result.duplicates.map((d) => d.cluster))).toEqual(new Set(['students:1']));
  });

  it('matches people across tables: a member of staff who is also a guardian (never a pupil with a parent)', async () => {
    const connector = new MemoryConnector([
      { name: 'staff', columns: [['staff_id', 'integer'], ['first_name', 'string'], ['last_name', 'string'], ['email', 'string']], primaryKey: ['staff_id'], rows: [[1, 'Rudyard', 'Kipling', 'r.kipling@school.org'], [2, 'Helen', 'Marsh', 'h.marsh@school.org']] },
      { name: 'guardians', columns: [['guardian_id', 'integer'], ['forename', 'string'], ['surname', 'string'], ['email', 'string']], primaryKey: ['guardian_id'], rows: [[7, 'Rudyard', 'Kipling', 'rk@home.net'], [8, 'Tom', 'Marsh', 'tm@home.net']] },
      { name: 'students', columns: [['student_id', 'integer'], ['first_name', 'string'], ['last_name', 'string']], primaryKey: ['student_id'], rows: [[1, 'Rudyard', 'Kipling']] },
    ]);
    const { duplicates, findings } = await findDuplicatePeople(connector, await connector.discover(), []);
    expect(duplicates.map((d) => [d.left, d.right, d.leftTable, d.rightTable])).toEqual([['staff:1', 'guardians:7', 'staff', 'guardians']]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ table: 'staff', count: 1, message: expect.stringContaining('staff and guardians') });
  });

  it('does not take common names for the same person without a date of birth', async () => {
    const rows: unknown[][] = [];
    const firsts = ['Oliver', 'Jack', 'Harry', 'George'];
    const lasts = ['Smith', 'Jones', 'Brown'];
    for (let i = 0; i < 120; i++) rows.push([i + 1, firsts[i % 4], lasts[i % 3]]);
    const connector = new MemoryConnector([{ name: 'contacts', columns: [['contact_id', 'integer'], ['forename', 'string'], ['surname', 'string']], primaryKey: ['contact_id'], rows }]);
    const { duplicates } = await findDuplicatePeople(connector, await connector.discover(), []);
    expect(duplicates).toEqual([]);
  });
});

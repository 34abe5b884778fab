import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILE_RULES } from '../../../src/main/engine/oneroster/column-rules';
import { parseCsv, writeCsv } from '../../../src/main/engine/oneroster/csv-text';
import { validateBundle, validateBundleDir, type BundleEntry } from '../../../src/main/engine/oneroster/validate-bundle';

const manifest = (files: Record<string, string>) =>
  writeCsv(['propertyName', 'value'], [['manifest.version', '1.0'], ['oneroster.version', '1.2'], ...FILE_RULES.map((r) => [`file.${r.file}`, files[r.file] ?? 'absent']), ...['categories', 'lineItemLearningObjectiveIds', 'lineItems', 'lineItemScoreScales', 'resultLearningObjectiveIds', 'results', 'resultScoreScales', 'scoreScales'].map((f) => [`file.${f}`, 'absent'])]);

const ORGS = 'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\norg-1,active,2025-09-01T08:00:00.000Z,Northgate Park School,school,NPS,\r\n';

function bundle(files: Record<string, string>, mode = 'bulk'): BundleEntry[] {
  const modes = Object.fromEntries(Object.keys(files).map((f) => [f, mode]));
  return [{ name: 'manifest.csv', text: manifest(modes) }, ...Object.entries(files).map(([f, text]) => ({ name: `${f}.csv`, text }))];
}

describe('the OneRoster 1.2 bundle validator', () => {
  it('passes a clean bundle with nothing to report', () => {
    const r = validateBundle(bundle({ orgs: ORGS }), '/b');
    expect(r).toMatchObject({ valid: true, errors: 0, warnings: 0, version: '1.2', findings: [] });
    expect(r.files.find((f) => f.file === 'orgs')).toEqual({ file: 'orgs', name: 'orgs.csv', mode: 'bulk', rows: 1 });
  });

  it('reports a missing required column with the file, the header line, the column and where to add it', () => {
    const users = 'sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns\r\nu-1,,,true,jo,,Jo,,,,,,,,,,,,,org-1,\r\n';
    const r = validateBundle(bundle({ orgs: ORGS, users }), '/b');
    expect(r.valid).toBe(false);
    expect(r.findings).toContainEqual({ severity: 'error', code: 'MISSING_COLUMN', file: 'users.csv', line: 1, column: 'familyName', message: 'users.csv has no familyName column, which the spec requires.', fix: 'Add the column familyName in its place in the header (after givenName) and fill it in each row.' });
  });

  it('reports a bad enumeration value and a bad date on their line, with the values to write', () => {
    const sessions = 'sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\r\ny-1,active,2025-09-01T08:00:00.000Z,2025/26,year,2025-09-01,2026-02-30,,2026\r\n';
    const r = validateBundle(bundle({ academicSessions: sessions }), '/b');
    expect(r.errors).toBe(2);
    expect(r.findings).toContainEqual(expect.objectContaining({ severity: 'error', code: 'BAD_ENUM', file: 'academicSessions.csv', line: 2, column: 'type', fix: 'Write one of gradingPeriod, semester, schoolYear, term.' }));
    expect(r.findings).toContainEqual(expect.objectContaining({ severity: 'error', code: 'BAD_DATE', file: 'academicSessions.csv', line: 2, column: 'endDate', fix: 'Write an ISO 8601 date, YYYY-MM-DD, e.g. 2025-09-01.' }));
  });

  it('tells a readable but non-ISO date (a warning, both readings named) from an unreadable one (an error)', () => {
    const orgs = 'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\no-1,active,1/05/2023,A,school,,\r\no-2,active,15/06/2023,B,school,,\r\no-3,active,yesterday,C,school,,\r\n';
    const r = validateBundle(bundle({ orgs }), '/b');
    const at = (line: number) => r.findings.find((f) => f.line === line)!;
    expect(at(2)).toMatchObject({ severity: 'warning', code: 'DATE_NOT_ISO', message: expect.stringContaining('2023-05-01 (day first) or 2023-01-05 (month first)') });
    expect(at(3)).toMatchObject({ severity: 'warning', code: 'DATE_NOT_ISO', fix: 'Write it as 2023-06-15T00:00:00.000Z.' });
    expect(at(4)).toMatchObject({ severity: 'error', code: 'BAD_DATE', column: 'dateLastModified' });
  });

  it('requires status and dateLastModified in a delta file only', () => {
    const orgs = 'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\no-1,,,A,school,,\r\n';
    expect(validateBundle(bundle({ orgs }, 'bulk'), '/b').errors).toBe(0);
    const delta = validateBundle(bundle({ orgs }, 'delta'), '/b');
    expect(delta.findings.map((f) => [f.code, f.column])).toEqual([
      ['MISSING_VALUE', 'status'],
      ['MISSING_VALUE', 'dateLastModified'],
    ]);
  });

  it('names the bundle problems: no manifest, a declared file missing, another version', () => {
    expect(validateBundle([{ name: 'orgs.csv', text: ORGS }], '/b').findings[0]).toMatchObject({ code: 'NO_MANIFEST', severity: 'error' });
    const missing = validateBundle([{ name: 'manifest.csv', text: manifest({ users: 'bulk' }) }], '/b');
    expect(missing.findings).toContainEqual(expect.objectContaining({ code: 'FILE_MISSING', file: 'users.csv', fix: 'Add users.csv, or set file.users to absent in manifest.csv.' }));
    const old = validateBundle([{ name: 'manifest.csv', text: 'propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\n' }], '/b');
    expect(old.findings).toEqual([expect.objectContaining({ code: 'VERSION_UNSUPPORTED', line: 3 })]);
  });

  it('reads a misspelt header as the spec column (a warning) and flags duplicate sourcedIds (an error)', () => {
    const orgs = 'sourcedId,status,dataLastModified,name,type,identifier,parentSourcedId\r\no-1,,,A,School,,\r\no-1,,,B,school,,\r\n';
    const r = validateBundle(bundle({ orgs }), '/b');
    expect(r.findings.map((f) => [f.severity, f.code, f.line])).toEqual([
      ['warning', 'MISSPELT_COLUMN', 1],
      ['warning', 'ENUM_CASE', 2],
      ['error', 'DUPLICATE_ID', 3],
    ]);
  });

  it('counts every finding but lists at most the limit', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `o-${i},active,bad,A,school,,`).join('\r\n');
    const r = validateBundle(bundle({ orgs: `sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\n${rows}\r\n` }), '/b', { limit: 5 });
    expect(r).toMatchObject({ errors: 30, truncated: true, byCode: [{ code: 'BAD_DATE', severity: 'error', count: 30 }] });
    expect(r.findings).toHaveLength(5);
  });

  it('the fixture 1.2 bundle passes with warnings only, each with its category', () => {
    const r = validateBundleDir(resolve('..', 'shared', 'fixtures', 'oneroster-csv', 'v1p2_full_dataset'));
    expect(r).toMatchObject({ valid: true, errors: 0 });
    expect(Object.fromEntries(r.byCode.map((c) => [c.code, c.count]))).toEqual({
      DATETIME_AS_DATE: 9,
      ENUM_CASE: 7,
      ROW_LENGTH: 7,
      DATE_NOT_ISO: 5,
      MISSPELT_COLUMN: 4,
      MANIFEST_VALUE_BLANK: 3,
      UNRESOLVED_REFERENCE: 3,
      UNNAMED_COLUMN: 2,
      ENUM_RETIRED: 1,
      FILE_UNDECLARED: 1,
      MISSING_OPTIONAL_COLUMN: 1,
    });
    expect(r.findings).toContainEqual(expect.objectContaining({ code: 'MISSPELT_COLUMN', file: 'users.csv', column: 'prefferedGivenName', fix: 'Rename the header to preferredGivenName (header names are case-sensitive).' }));
    expect(r.findings).toContainEqual(expect.objectContaining({ code: 'FILE_UNDECLARED', file: 'userprofiles.csv' }));
  });
});

describe('OneRoster CSV text', () => {
  it('round-trips quoted values and names each record by its first line', () => {
    const text = writeCsv(['a', 'b'], [['x, y', 'say "hi"'], ['multi\nline', '']]);
    expect(text).toBe('a,b\r\n"x, y","say ""hi"""\r\n"multi\nline",\r\n');
    expect(parseCsv(text).records.map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b']],
      [2, ['x, y', 'say "hi"']],
      [3, ['multi\nline', '']],
    ]);
    expect(parseCsv('a\n"open').unterminatedAt).toBe(2);
  });
});

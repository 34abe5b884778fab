import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assessSource, type AssessOptions } from '../../../src/main/engine/assessment/assess-source';
import type { SourceConnector } from '../../../src/main/engine/connectors/connector';
import { SqliteConnector } from '../../../src/main/engine/connectors/sqlite/sqlite-connector';
import type { AssessmentResult, Finding } from '../../../src/shared/model/assessment';
import type { EntityMapping } from '../../../src/shared/model/mapping';
import { fixMojibake } from '../../../src/main/engine/values/cp1252';
import { createFolderConnector } from '../../../src/main/engine/connectors/files';
import {
  DAMAGE_MANIFEST,
  DAMAGE_NATIVE_TYPES,
  DESCRIPTORS_MANIFEST,
  FALSE_ALARMS_MANIFEST,
  FALSE_ALARMS_NOW,
  ORPHANS_MANIFEST,
  QUIRKS_MANIFEST,
  REQUIRED_BY_ROLE_MANIFEST,
  REQUIRED_EMPTY_MANIFEST,
  ROLES_MANIFEST,
  withNativeTypes,
  writeCleanPupilsCsv,
  writeDamageFixture,
  writeDescriptorsCsv,
  writeFalseAlarmsFixture,
  writeOrphansFixture,
  writeQuirksFixture,
  writeMembershipFixture,
  writeRequiredByRoleFixture,
  writeRequiredEmptyFixture,
  writeStaffBlankFixture,
  writeRolesFixture,
  writeSettingsTable,
} from '../../support/detector-fixtures';
import { tempDir } from '../../support/temp-dir';

// Issue 16's patterns, each planted in its own small source (test/support/detector-fixtures.ts)
// with its exact counts in a manifest written before the detector.
const dir = tempDir('apstudio-patterns-');
afterAll(() => dir.cleanup());
/** A new folder inside the test's temporary folder, for a fixture written more than once. */
const fresh = () => mkdtempSync(join(dir.path, 'f-'));

async function assess(connector: SourceConnector, opts: Partial<AssessOptions> = {}): Promise<AssessmentResult> {
  try {
    return await assessSource(connector, { sourceLabel: 'pattern fixture', now: () => new Date('2025-10-15T09:00:00Z'), ...opts });
  } finally {
    await connector.close();
  }
}

const on = (result: AssessmentResult, table: string, column: string | null) => result.findings.filter((f) => f.table === table && f.column === column);
const find = (result: AssessmentResult, code: string, table: string, column: string | null = null): Finding | undefined =>
  result.findings.find((f) => f.code === code && f.table === table && (column === null || f.column === column));

describe('1. orphans that hide themselves', () => {
  it('reports each link with its orphan rate, however high, and the whole links without one', async () => {
    const result = await assess(new SqliteConnector(writeOrphansFixture(dir.path)));
    for (const [at, expected] of Object.entries(ORPHANS_MANIFEST.orphans)) {
      const [table, column] = at.split('.');
      const [toTable, toColumn] = expected.to.split('.');
      const rel = result.relationships.find((r) => r.fromTable === table && r.fromColumns.join() === column);
      expect(rel, at).toMatchObject({ toTable, toColumns: [toColumn], orphans: expected.count, referencingRows: expected.referencing });
      const f = find(result, 'ORPHAN_REFERENCE', table, column);
      expect(f?.count, at).toBe(expected.count);
      expect(f?.message).toContain(`(${Math.round(expected.rate * 100)} %)`);
      expect((f?.fix?.payload as { orphanRate: number }).orphanRate).toBe(expected.rate);
    }
    for (const at of ORPHANS_MANIFEST.whole) {
      const [table, column] = at.split('.');
      expect(result.relationships.find((r) => r.fromTable === table && r.fromColumns.join() === column)?.orphans, at).toBe(0);
      expect(find(result, 'ORPHAN_REFERENCE', table, column), at).toBeUndefined();
    }
    expect(result.findings.filter((f) => f.code === 'ORPHAN_REFERENCE')).toHaveLength(Object.keys(ORPHANS_MANIFEST.orphans).length);
  });
});

describe('3. required fields left empty', () => {
  const m = REQUIRED_EMPTY_MANIFEST;
  const mapping: EntityMapping = {
    id: 'm1',
    entity: 'students',
    connectionId: 'c1',
    stream: 'pupils',
    keyColumns: ['pupil_id'],
    fields: [
      { field: 'firstName', column: 'forename', transforms: [] },
      { field: 'lastName', column: 'surname', transforms: [] },
      { field: 'birthDate', column: 'dob', transforms: [] },
      { field: 'gender', column: 'sex', transforms: [] },
      { field: 'gradeLevel', column: 'year_group', transforms: [] },
    ],
    updatedAt: '2025-10-01T00:00:00Z',
  };

  it.each([
    ['guessed from names', undefined],
    ['with a mapping', [mapping]],
  ])('an empty birth date is one blocking error with the choices spelled out (%s)', async (_, mappings) => {
    const result = await assess(new SqliteConnector(writeRequiredEmptyFixture(fresh())), { mappings });
    const findings = on(result, m.table, m.column);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ...m.finding, blocking: true, fix: { kind: 'review', target: { entity: 'students', field: 'birthDate' } } });
    for (const choice of m.choices) expect(findings[0].fix?.description).toMatch(choice);
    expect(result.readiness.blockers).toEqual([{ code: m.finding.code, table: m.table, column: m.column, message: findings[0].message }]);
    expect(result.readiness.explanation[0]).toMatch(/^Blocked: one problem stops the migration/);
    expect(result.findings.filter((f) => f.code === 'MISSING_VALUE' || f.code === 'MISSING_REQUIRED')).toEqual([]);
  });
});

const DATE_CODES = ['IMPOSSIBLE_DATE', 'AMBIGUOUS_DATE', 'TWO_DIGIT_YEAR', 'MIXED_DATE_FORMATS', 'FUTURE_DATE', 'SENTINEL_DATE'];

describe('4. false alarms', () => {
  const m = FALSE_ALARMS_MANIFEST;

  it('versions, codes and ranges are no dates; a school calendar\'s future days are normal; real future dates still are found', async () => {
    const result = await assess(new SqliteConnector(writeFalseAlarmsFixture(fresh())), { now: () => FALSE_ALARMS_NOW });
    for (const at of m.noDateFindings) {
      const [table, column] = at.split('.');
      expect(on(result, table, column).filter((f) => DATE_CODES.includes(f.code)), at).toEqual([]);
    }
    expect(result.profiles.find((p) => p.table === 'software_modules' && p.column === 'version')?.semanticType).not.toMatch(/date/);
    expect(find(result, 'FUTURE_DATE', m.future.table, m.future.column)?.count).toBe(m.future.count);
    expect(result.findings.filter((f) => DATE_CODES.includes(f.code))).toHaveLength(1);
  });

  it('a one-row settings table moves the score by at most one point', async () => {
    const alone = fresh();
    writeSettingsTable(join(alone, 'pupils.sqlite'), true);
    const withSettings = await assess(new SqliteConnector(join(alone, 'pupils.sqlite')));
    const folder = writeCleanPupilsCsv(fresh());
    const without = await assess(createFolderConnector({ path: folder }, null));
    // The settings table is damaged in several ways, and its findings are shown…
    expect(on(withSettings, m.settingsTable, 'school_name').map((f) => f.code)).toEqual(['UNTRIMMED_TEXT']);
    expect(withSettings.readiness.perTable.find((t) => t.table === m.settingsTable)!.score).toBeLessThan(90);
    // …but it is no record to migrate, so the score stays where the pupils put it.
    expect(Math.abs(withSettings.readiness.score - without.readiness.score)).toBeLessThanOrEqual(m.settingsMaxEffect);
    expect(withSettings.readiness.explanation.some((l) => l.startsWith(`${m.settingsTable}: `) && l.includes('not in the score'))).toBe(true);
  });

  it('a clean five-row CSV of pupils scores at least 95', async () => {
    const result = await assess(createFolderConnector({ path: writeCleanPupilsCsv(fresh()) }, null));
    expect(result.readiness.perTable).toEqual([{ table: 'pupils', score: expect.any(Number), rows: 5 }]);
    expect(result.readiness.score).toBeGreaterThanOrEqual(m.cleanCsvMinScore);
    expect(result.findings.filter((f) => f.severity !== 'info').map((f) => f.code).sort()).toEqual(['CODE_NEEDS_CROSSWALK', 'CODE_NEEDS_CROSSWALK']);
  });
});

describe('5. damage still missed', () => {
  const m = DAMAGE_MANIFEST;
  let result: AssessmentResult;
  let file: string;
  const damage = async () => (result ??= await assess(withNativeTypes(new SqliteConnector((file = writeDamageFixture(fresh()))), DAMAGE_NATIVE_TYPES), { schoolYear: { start: m.ageForGrade.schoolYearStart } }));

  it('finds values a spreadsheet turned into dates inside a column of ranges and fractions, in every layout', async () => {
    const r = await damage();
    const f = find(r, 'SPREADSHEET_DATE', m.spreadsheetDates.table, m.spreadsheetDates.column);
    expect(f).toMatchObject({ severity: 'warning', count: m.spreadsheetDates.count, fix: { kind: 'review' } });
    for (const at of m.spreadsheetDates.notFlagged) expect(on(r, ...(at.split('.') as [string, string]))).toEqual([]);
    expect(r.findings.filter((x) => x.code === 'SPREADSHEET_DATE')).toHaveLength(1);
  });

  it('finds text encoded twice, through either code page, once or twice, and its repair gives the names back', async () => {
    const r = await damage();
    const f = find(r, 'MOJIBAKE', m.mojibake.table, m.mojibake.column);
    expect(f).toMatchObject({ count: m.mojibake.count, fix: { kind: 'transform', transforms: [{ kind: 'fixMojibake' }] } });
    const connector = new SqliteConnector(file);
    try {
      const rows = (await connector.sample(m.mojibake.table, 100)).map((row) => String(row[m.mojibake.column]));
      const repaired = rows.map(fixMojibake).filter((v, i) => v !== rows[i]);
      expect(repaired).toEqual(m.mojibake.repaired);
    } finally {
      await connector.close();
    }
  });

  it("finds '' in an enum that does not allow it", async () => {
    const r = await damage();
    expect(find(r, 'BLANK_NOT_IN_ENUM', m.blankEnum.table, m.blankEnum.column)).toMatchObject({ count: m.blankEnum.count, severity: 'warning' });
    // One finding per problem: the crosswalk onto the target's statuses leaves those rows to it ('left' alone needs placing).
    expect(find(r, 'CODE_NEEDS_CROSSWALK', m.blankEnum.table, m.blankEnum.column)?.count).toBe(1);
  });

  it('flags backup and copy tables and leaves them out: no score, no duplicates with the live table', async () => {
    const r = await damage();
    expect(r.findings.filter((f) => f.code === 'BACKUP_TABLE').map((f) => f.table).sort()).toEqual([...m.backups].sort());
    for (const t of m.backups) {
      expect(find(r, 'BACKUP_TABLE', t)).toMatchObject({ severity: 'info', count: 12, fix: { kind: 'exclusion', payload: { copyOf: 'pupils', excluded: true } } });
      expect(r.readiness.perTable.some((p) => p.table === t)).toBe(false);
      expect(r.findings.filter((f) => f.table === t && f.code !== 'BACKUP_TABLE')).toEqual([]);
    }
    expect(r.duplicates).toEqual([]);
    for (const t of m.notBackups) expect(r.readiness.perTable.some((p) => p.table === t), t).toBe(true);
  });

  it('measures age for grade at the school year being migrated, not at a date taken from the file', async () => {
    const r = await damage();
    const f = find(r, 'IMPLAUSIBLE_AGE_FOR_GRADE', m.ageForGrade.table, m.ageForGrade.column);
    expect(f?.count).toBe(m.ageForGrade.count);
    expect(f?.message).toContain(m.ageForGrade.schoolYearStart);
    expect(f?.examples.map((e) => String(e.row)).sort()).toEqual([...m.ageForGrade.examples]);
  });
});

describe("9. openSIS's documented quirks, as patterns", () => {
  const m = QUIRKS_MANIFEST;
  let result: AssessmentResult;
  const quirks = async () => (result ??= await assess(new SqliteConnector(writeQuirksFixture(fresh()))));

  it("finds roman numerals typed with L's, and offers their repair", async () => {
    const f = find(await quirks(), 'LOOKALIKE_CHARACTERS', m.lookalike.table, m.lookalike.column);
    expect(f?.count).toBe(m.lookalike.count);
    expect(f?.fix?.transforms).toEqual([{ kind: 'crosswalk', table: m.lookalike.repaired, fallback: 'keep' }]);
  });

  it('finds codes written in several styles, not a prefix with a counter', async () => {
    const r = await quirks();
    expect(find(r, 'MIXED_CODE_STYLES', m.codeStyles.table, m.codeStyles.column)).toMatchObject({ count: m.codeStyles.count, severity: 'info' });
    for (const at of m.codeStyles.notFlagged) expect(find(r, 'MIXED_CODE_STYLES', ...(at.split('.') as [string, string])), at).toBeUndefined();
  });

  it('finds attendance codes whose state contradicts their title', async () => {
    const f = find(await quirks(), 'CODE_STATE_MISMATCH', m.stateMismatch.table, m.stateMismatch.column);
    expect(f?.count).toBe(m.stateMismatch.count);
    expect(f?.examples.map((e) => e.title).sort()).toEqual([...m.stateMismatch.titles]);
  });
});

describe('10. codes with a namespace', () => {
  it('reads Ed-Fi descriptor URIs as codes and offers a complete crosswalk onto the target enums', async () => {
    const m = DESCRIPTORS_MANIFEST;
    const result = await assess(createFolderConnector({ path: writeDescriptorsCsv(fresh()) }, null));
    for (const [column, expected] of Object.entries(m.crosswalks)) {
      expect(result.profiles.find((p) => p.table === m.table && p.column === column)?.semanticType, column).toBe('code');
      const f = find(result, 'CODE_NEEDS_CROSSWALK', m.table, column);
      expect(f?.count, column).toBe(expected.count);
      expect(f?.fix?.transforms, column).toEqual([{ kind: 'crosswalk', table: expected.table, fallback: 'reject' }]);
      expect((f?.fix?.payload as { unmapped: string[] }).unmapped, column).toEqual([]);
    }
  });
});

describe('2. people tables shared by roles', () => {
  it('counts each role of one people table, not link rows, and pairs duplicates within a role only', async () => {
    const m = ROLES_MANIFEST;
    const result = await assess(new SqliteConnector(writeRolesFixture(fresh())));
    const records = Object.fromEntries((result.readiness.entityRecords ?? []).map((e) => [e.entity, e.records]));
    expect(records).toMatchObject(m.roles);
    // The link of pupils and parents is its own entity, and the junction of staff and activities none.
    expect(records['student-guardians']).toBe(6);
    expect(Object.values(records).reduce((a, n) => a + n, 0)).toBe(m.roles.students + m.roles.staff + m.roles.guardians + 6);
    expect(result.duplicates.map((d) => [d.table, [d.left, d.right].sort()])).toEqual(m.duplicates.map((d) => [m.table, [...d.ids]]));
    expect(find(result, 'DUPLICATE_PERSON', m.table)?.count).toBe(m.duplicates.length);
  });
});

describe('2 + 3. required fields per role in a shared people table', () => {
  const m = REQUIRED_BY_ROLE_MANIFEST;
  type Case = (typeof m)['byRole' | 'staffBlank' | 'membership'];

  /** Each column's required-field findings are exactly the manifest's, with their counts per role. */
  function expectRequiredFindings(result: AssessmentResult, c: Case) {
    for (const [column, expected] of Object.entries(c.findings)) {
      const found = on(result, c.table, column).filter((f) => (m.codes as readonly string[]).includes(f.code));
      expect(found.map((f) => [f.code, f.severity, f.count, f.blocking]), column).toEqual([[expected.code, expected.severity, expected.count, expected.blocking]]);
      expect(found[0].fix?.target, column).toMatchObject(expected.target);
      const roles = (found[0].fix?.payload as { roles: { entity: string; rows: number }[] }).roles;
      expect(Object.fromEntries(roles.map((r) => [r.entity, r.rows])), column).toEqual(expected.roles);
      if (expected.code === 'EMPTY_COLUMN') for (const choice of REQUIRED_EMPTY_MANIFEST.choices) expect(found[0].fix?.description).toMatch(choice);
    }
    for (const column of c.fine) expect(on(result, c.table, column).filter((f) => f.severity === 'error' || (m.codes as readonly string[]).includes(f.code)), column).toEqual([]);
    expect((result.readiness.blockers ?? []).map((b) => [b.code, b.table, b.column])).toEqual(c.blockers.map((column) => ['EMPTY_COLUMN', c.table, column]));
  }

  it('holds each column to a required field on the rows of the roles that require it (a role column)', async () => {
    const result = await assess(new SqliteConnector(writeRequiredByRoleFixture(fresh())));
    expectRequiredFindings(result, m.byRole);
    expect(Object.fromEntries((result.readiness.entityRecords ?? []).map((e) => [e.entity, e.records]))).toEqual(m.byRole.rolesRows);
    // People are matched within their role: the teacher who is also a parent is no duplicate.
    expect(result.duplicates.map((d) => [d.table, [d.left, d.right].sort()])).toEqual(m.byRole.duplicates.map((ids) => [m.byRole.table, [...ids].sort()]));
  });

  it('does the same with one mapping per role (filters on the role column), and the mappings\' own check counts their rows only', async () => {
    const keeps = (entity: string, values: string[]) => ({ column: 'role', op: 'in' as const, values, label: `${entity} only (role)` });
    const names = [
      { field: 'firstName', column: 'first_name', transforms: [] },
      { field: 'lastName', column: 'last_name', transforms: [] },
    ];
    const mapping = (entity: string, values: string[], fields: EntityMapping['fields']): EntityMapping => ({
      id: entity,
      entity,
      connectionId: 'c1',
      stream: 'people',
      keyColumns: ['person_id'],
      fields,
      specVersion: 2,
      filters: [keeps(entity, values)],
      updatedAt: '2025-10-01T00:00:00Z',
    });
    const mappings = [
      mapping('students', ['student'], [...names, { field: 'birthDate', column: 'birth_date', transforms: [] }, { field: 'gender', column: 'gender', transforms: [] }, { field: 'gradeLevel', column: 'grade_level', transforms: [] }]),
      mapping('staff', ['teacher', 'admin'], [...names, { field: 'email', column: 'email', transforms: [] }]),
      mapping('guardians', ['parent'], [...names, { field: 'email', column: 'email', transforms: [] }]),
    ];
    const result = await assess(new SqliteConnector(writeRequiredByRoleFixture(fresh())), { mappings });
    expectRequiredFindings(result, m.byRole);
    // gender and grade_level are empty for 9 of 15 rows, none of them a student's: no MISSING_REQUIRED.
    expect(result.findings.filter((f) => f.code === 'MISSING_REQUIRED')).toEqual([]);
  });

  it('a required field empty for staff is no student problem; the pupils without one are', async () => {
    const result = await assess(new SqliteConnector(writeStaffBlankFixture(fresh())));
    expectRequiredFindings(result, m.staffBlank);
  });

  it('tells roles apart by membership when there is no role column', async () => {
    const result = await assess(new SqliteConnector(writeMembershipFixture(fresh())));
    expectRequiredFindings(result, m.membership);
    expect(Object.fromEntries((result.readiness.entityRecords ?? []).map((e) => [e.entity, e.records]))).toMatchObject(m.membership.rolesRows);
  });
});

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { tempDir } from '../support/temp-dir';

/**
 * The school-year rollover on the demo school (60 pupils, seed 42) after a real run into the
 * embedded sandbox: the preview's counts are exact, the change gate holds it until each category
 * is approved, applying writes it to the sandbox, and the OneRoster bundle exported afterwards
 * holds the new year and passes the column rules with nothing to report.
 */
describe('school-year rollover and OneRoster out, on the demo', () => {
  const dir = tempDir();
  const project = join(dir.path, 'demo.apstudio');
  let engine: Engine;

  beforeAll(async () => {
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    await engine.api.projects.openDemo({ path: project, pupils: 60 });
    await engine.api.runs.start({ dryRun: false });
    await engine.idle();
  }, 120_000);
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  it('previews 2024/25 → 2025/26 with exact counts, held by the change gate in plain words', async () => {
    const p = await engine.api.migration.rollover({});
    expect(p).toMatchObject({ status: 'held', fromYear: { externalId: '2024/25' }, toYear: { externalId: '2025/26', name: '2025/26', startDate: '2025-09-01', endDate: '2026-08-31' }, problems: [], applied: null });
    expect(p.rules).toMatchObject({ progressionSource: 'target-model', leavers: { action: 'graduated', date: null }, classTerm: 'first' });
    expect(p.rules.progression).toMatchObject({ PK: 'KG', KG: '01', '12': '13', '13': null });
    expect(p.changes).toEqual([
      { entity: 'academic-years', inserts: 1, updates: 1, deletes: 0, conflicts: 0 },
      { entity: 'terms', inserts: 3, updates: 0, deletes: 0, conflicts: 0 },
      { entity: 'students', inserts: 0, updates: 56, deletes: 0, conflicts: 0 },
      { entity: 'classes', inserts: 41, updates: 0, deletes: 0, conflicts: 0 },
      { entity: 'class-teachers', inserts: 41, updates: 0, deletes: 0, conflicts: 0 },
      { entity: 'enrollments', inserts: 138, updates: 150, deletes: 0, conflicts: 0 },
    ]);
    expect(p.summary).toEqual([
      '2025/26 is added (2025-09-01 to 2026-08-31) and becomes the current school year, with 3 terms.',
      '52 students move up a grade level.',
      '4 students in the last grade level are graduated on 2025-08-31.',
      '41 classes are carried into 2025/26 with 41 class teachers.',
      '150 enrolments of 2024/25 end; 138 are carried into the new classes.',
    ]);
    expect(p.held?.categories.map((c) => [c.category, c.sentence, c.approved])).toEqual([
      ['academic-years.updates', '2024/25 would stop being the current school year', false],
      ['students.updates', '52 students would move up a grade level and 4 would be graduated', false],
      ['enrollments.updates', '150 enrolments of 2024/25 would end', false],
    ]);
    expect(p.samples.find((c) => c.entity === 'terms')).toMatchObject({ externalId: '2025/26-AUT', fields: { academicYearExternalId: '2025/26', name: 'Autumn term 2025', startDate: '2025-09-04' } });
  }, 60_000);

  it('does not apply while a category is held; approved one by one, it applies to the sandbox and is recorded', async () => {
    const still = await engine.api.migration.rolloverApply();
    expect(still.status).toBe('held');
    expect((await engine.api.migration.rolloverHistory()).rollovers).toEqual([]);
    await expect(engine.api.migration.rolloverApprove({ category: 'students.deletes' })).rejects.toMatchObject({ code: 'SYNC_NOT_HELD', hint: expect.stringContaining('students.updates') });
    for (const category of ['academic-years.updates', 'students.updates']) expect((await engine.api.migration.rolloverApprove({ category })).status).toBe('held');
    expect((await engine.api.migration.rolloverApprove({ category: 'enrollments.updates' })).status).toBe('ready');

    const applied = await engine.api.migration.rolloverApply();
    expect(applied.status).toBe('applied');
    expect(applied.applied?.results).toEqual([
      { entity: 'academic-years', created: 1, updated: 1, unchanged: 0, rejected: 0 },
      { entity: 'terms', created: 3, updated: 0, unchanged: 0, rejected: 0 },
      { entity: 'students', created: 0, updated: 56, unchanged: 0, rejected: 0 },
      { entity: 'classes', created: 41, updated: 0, unchanged: 0, rejected: 0 },
      { entity: 'class-teachers', created: 41, updated: 0, unchanged: 0, rejected: 0 },
      { entity: 'enrollments', created: 138, updated: 150, unchanged: 0, rejected: 0 },
    ]);
    const [record] = (await engine.api.migration.rolloverHistory()).rollovers;
    expect(record).toMatchObject({ fromYear: '2024/25', toYear: '2025/26', approved: ['academic-years.updates', 'students.updates', 'enrollments.updates'], rejected: 0 });
    const audit = await engine.api.audit.list({ limit: 20 });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['migration.rollover', 'migration.rollover.approve', 'migration.rollover.apply']));
    await expect(engine.api.migration.rolloverApply()).rejects.toMatchObject({ code: 'ROLLOVER_NOT_READY' });

    // The sandbox now holds 2025/26 as the current year: the next preview plans the year after it.
    const next = await engine.api.migration.rollover({});
    expect(next).toMatchObject({ fromYear: { externalId: '2025/26' }, toYear: { externalId: '2026/27' } });
    expect(next.summary[1]).toBe('48 students move up a grade level.');

    // The target moves under the saved preview (the students loaded again): applying it is refused, nothing written.
    await engine.api.runs.start({ dryRun: false, entities: ['students'] });
    await engine.idle();
    await expect(engine.api.migration.rolloverApply()).rejects.toMatchObject({ code: 'ROLLOVER_STALE', hint: expect.stringContaining('Preview the rollover again') });
    expect((await engine.api.migration.rolloverHistory()).rollovers).toHaveLength(1);
  }, 60_000);

  it('exports the school after the rollover as a OneRoster 1.2 bundle the column rules pass without a finding', async () => {
    const out = join(dir.path, 'oneroster');
    const bundle = await engine.api.oneRoster.export({ out });
    expect(bundle.validation).toMatchObject({ valid: true, errors: 0, warnings: 0, version: '1.2' });
    expect(bundle.files.map((f) => f.file)).toEqual(['manifest.csv', 'orgs.csv', 'academicSessions.csv', 'courses.csv', 'classes.csv', 'users.csv', 'roles.csv', 'enrollments.csv', 'demographics.csv']);
    const sessions = readFileSync(join(out, 'academicSessions.csv'), 'utf8');
    expect(sessions).toContain('year-2025/26,active,');
    expect(sessions).toContain(',Autumn term 2025,term,2025-09-04,');
    expect(bundle.files.find((f) => f.file === 'classes.csv')?.rows).toBe(82);
    await expect(engine.api.oneRoster.export({ out })).rejects.toMatchObject({ code: 'FILE_EXISTS' });
    expect((await engine.api.oneRoster.validate({ dir: out })).valid).toBe(true);
  }, 60_000);

  it('validates the shared fixture bundles that claim 1.2: no error, every deviation a warning with its category', async () => {
    const fixtures = resolve('..', 'shared', 'fixtures', 'oneroster-csv');
    const full = await engine.api.oneRoster.validate({ dir: join(fixtures, 'v1p2_full_dataset') });
    expect(full).toMatchObject({ valid: true, errors: 0, version: '1.2' });
    expect(full.byCode.map((c) => c.code)).toEqual(expect.arrayContaining(['DATE_NOT_ISO', 'MISSPELT_COLUMN', 'ENUM_CASE', 'ENUM_RETIRED', 'FILE_UNDECLARED']));
    const delta = await engine.api.oneRoster.validate({ dir: join(fixtures, 'oneroster_test_data') });
    expect(delta).toMatchObject({ valid: true, errors: 0, warnings: 1, byCode: [{ code: 'ENUM_CASE', severity: 'warning', count: 1 }] });
  });
});

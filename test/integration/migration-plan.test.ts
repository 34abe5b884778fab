import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { StudioError } from '../../src/shared/errors';
import { tempDir } from '../support/temp-dir';

/**
 * The migration record, timeline and rehearsals on the demo school, through the API: what a
 * person types is checked, what the project shows decides each milestone, two rehearsals are
 * compared, and the plan prints to a PDF a school can sign.
 */
describe('the migration plan of the demo school', () => {
  const dir = tempDir();
  let engine: Engine;

  beforeAll(async () => {
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    await engine.api.projects.openDemo({ path: join(dir.path, 'demo.apstudio'), pupils: 200 });
  }, 120_000);
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  it('keeps the record a person sets and refuses one whose dates are out of order, naming the field', async () => {
    const progress = await engine.api.migration.setRecord({ legacySystem: { name: 'Greenfield SIS', version: '3.1' }, approach: 'big-bang', startDate: '2027-03-01', endDate: '2027-08-31' });
    expect(progress.record).toMatchObject({ legacySystem: { name: 'Greenfield SIS', version: '3.1' }, scope: 'Full', approach: 'big-bang', dataVolumeEstimate: null, riskScore: null });
    expect(progress.record?.implications.join(' ')).toMatch(/rehearse the whole load at full volume at least twice/);
    const refused = await engine.api.migration.setRecord({ endDate: '2027-02-01' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StudioError);
    expect(refused).toMatchObject({ code: 'MIGRATION_PLAN_INVALID', where: { field: 'endDate' } });
    expect((await engine.api.migration.status()).record?.endDate).toBe('2027-08-31');
  });

  it('plans milestones with owners, refusing a date nobody owns and one that breaks the order', async () => {
    const noOwner = await engine.api.migration.setMilestones({ milestones: [{ name: 'rehearsal-1', due: '2027-04-01' }] }).catch((e: unknown) => e);
    expect(noOwner).toMatchObject({ code: 'MIGRATION_PLAN_INVALID', hint: expect.stringContaining('owner') });
    await engine.api.migration.setMilestones({ milestones: [{ name: 'rehearsal-1', due: '2027-04-01', owner: 'Dana' }, { name: 'cutover', due: '2027-07-21', owner: 'Dana' }] });
    const backwards = await engine.api.migration.setMilestones({ milestones: [{ name: 'rehearsal-2', due: '2027-03-15', owner: 'Sam' }] }).catch((e: unknown) => e);
    expect(backwards).toMatchObject({ code: 'MIGRATION_PLAN_INVALID', message: expect.stringContaining('before rehearsal-1') });
    const timeline = (await engine.api.migration.status()).milestones;
    expect(timeline.find((m) => m.name === 'cutover')).toMatchObject({ due: '2027-07-21', owner: 'Dana', status: 'Planned' });
    expect(timeline.find((m) => m.name === 'rehearsal-2')?.due).toBeNull();
  });

  it('compares two rehearsals to the sandbox and marks both rehearsal milestones done, with the measured duration as the estimate', async () => {
    for (let i = 0; i < 2; i++) {
      await engine.api.runs.start({ dryRun: false });
      await engine.idle();
    }
    const progress = await engine.api.migration.status();
    const compared = progress.rehearsals!;
    expect(compared.rehearsals).toHaveLength(2);
    const [first, second] = compared.rehearsals;
    expect(first.rejected).toBeGreaterThan(0);
    expect(first.rejectsByReason.reduce((n, r) => n + r.count, 0)).toBe(first.rejected);
    // The second run of the same data rejects the same rows for the same reasons.
    expect(second.change).toMatchObject({ rejected: 0, mismatches: 0, reasons: [] });
    expect(compared.trend).toBe('flat');
    const m = Object.fromEntries(progress.milestones.map((x) => [x.name, x]));
    expect([m['rehearsal-1'].status, m['rehearsal-2'].status]).toEqual(['Done', 'Done']);
    expect(m.cutover.estimate).toMatch(/^Allow for the final load: the last rehearsal took \d+ (s|min)\.$/);
    // Rehearsals to the embedded sandbox are not the cutover.
    expect(m.cutover.status).toBe('Planned');
  }, 120_000);

  it('measures age against grade on the first day of the school year the record names', async () => {
    await engine.api.migration.setRecord({ schoolYearStart: '2041-09-01' });
    const [connection] = await engine.api.connections.list();
    await engine.api.assessment.start({ connectionId: connection.id });
    await engine.idle();
    const [summary] = await engine.api.assessment.list();
    const result = await engine.api.assessment.get({ assessmentId: summary.assessmentId });
    // In 2041 every demo pupil is far too old for their grade, and the finding says at which day.
    const age = result.findings.find((f) => f.code === 'IMPLAUSIBLE_AGE_FOR_GRADE');
    expect(age?.message).toContain('at 2041-09-01');
    expect((await engine.api.migration.setRecord({ schoolYearStart: '2041-13-01' }).catch((e: unknown) => e)) as StudioError).toMatchObject({ code: 'MIGRATION_PLAN_INVALID', where: { field: 'schoolYearStart' } });
  }, 120_000);

  it('prints the plan a school signs as a PDF', async () => {
    const file = await engine.api.migration.planDocument({ format: 'pdf' });
    expect(file).toMatchObject({ contentType: 'application/pdf', encoding: 'base64' });
    const pdf = join(dir.path, file.filename);
    writeFileSync(pdf, Buffer.from(file.content, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    for (const words of ['Migration plan', 'Greenfield SIS 3.1', 'Timeline', 'cutover', '2027-07-21', 'Go / no-go', 'Rehearsals', 'Sign-off']) expect(text).toContain(words);
  }, 60_000);
});

import { describe, expect, it } from 'vitest';
import { EMPTY_MIGRATION_RECORD, compareRehearsals, recordProblems, strategyImplications, timelineProblems, type MigrationRecordStored } from '../../../src/shared/model/migration-plan';
import { computeMigrationProgress, type MigrationFacts } from '../../../src/shared/model/migration-progress';

const record = (over: Partial<MigrationRecordStored> = {}): MigrationRecordStored => ({ ...EMPTY_MIGRATION_RECORD, ...over });

const facts: MigrationFacts = {
  connections: 1,
  connectionNames: [{ connectionId: 'c1', connectionName: 'Legacy SIS' }],
  assessments: [{ connectionId: 'c1', connectionName: 'Legacy SIS', status: 'Completed', score: 72, errors: 1 }],
  mappings: [{ id: 'students', entity: 'students', signedOff: false }],
  runs: [],
  readinessThreshold: 80,
  rejectLimit: 0,
  rollbackRehearsed: false,
  freezeWindow: null,
  now: '2027-03-10T12:00:00Z',
  assessed: { records: 12_400, complexity: 'Medium', effortDays: 6.5, pushMinutes: 4, blockers: 2 },
};

const rehearsal = (runId: string, rejected: number, mismatches: number, reasons: Record<string, number>, durationMs = 60_000) => ({
  runId,
  label: null,
  endedAt: null,
  durationMs,
  read: 1000,
  rejected,
  mismatches,
  rejectsByReason: Object.entries(reasons).map(([code, count]) => ({ code, count })),
});

describe('the migration record', () => {
  it('refuses dates out of order and modules that do not fit the scope, naming the field', () => {
    expect(recordProblems(record({ startDate: '2027-06-01', endDate: '2027-03-01' })).map((p) => p.field)).toEqual(['endDate']);
    expect(recordProblems(record({ startDate: 'next monday' }))[0]).toMatchObject({ field: 'startDate', message: expect.stringContaining('not a date') });
    expect(recordProblems(record({ scope: 'Module-specific', modules: ['people', 'fees'] }))[0].field).toBe('modules');
    expect(recordProblems(record({ scope: 'Partial', modules: ['people', 'grades'] }))).toEqual([]);
    expect(recordProblems(record({ scope: 'Full', modules: ['people'] }))[0].field).toBe('modules');
  });

  it('spells out what a strategy implies: a parallel run needs a sync, a partial scope keeps the legacy system', () => {
    const parallel = strategyImplications(record({ approach: 'parallel-run', scope: 'Partial', modules: ['people', 'attendance'] }));
    expect(parallel.join(' ')).toMatch(/sync definition/);
    expect(parallel.join(' ')).toMatch(/cannot be switched off/);
    expect(strategyImplications(record())[1]).toMatch(/No approach is chosen/);
  });

  it('a parallel run says whether its sync exists, what it follows and that cutover stops it; other approaches say nothing of a sync', () => {
    const without = strategyImplications(record({ approach: 'parallel-run' }));
    expect(without.at(-1)).toMatch(/^No sync is defined yet: create "parallel-run" with one action on the Plan screen \(or `academia-studio migration parallel-sync`\)/);
    const scheduled = strategyImplications(record({ approach: 'parallel-run' }), { name: 'parallel-run', entities: ['students', 'staff'], cron: '0 2 * * *', timezone: 'UTC' });
    expect(scheduled.at(-1)).toMatch(/^The sync "parallel-run" keeps students, staff in step on the schedule "0 2 \* \* \*" \(UTC\), one way, legacy → Academia Pro\..*stops it \(clears its schedule\) rather than switching its direction/);
    const stopped = strategyImplications(record({ approach: 'parallel-run' }), { name: 'parallel-run', entities: ['students'], cron: null, timezone: 'UTC' });
    expect(stopped.at(-1)).toMatch(/in step only when run by hand \(it has no schedule\)/);
    expect(strategyImplications(record({ approach: 'big-bang' }), { name: 'parallel-run', entities: ['students'], cron: null, timezone: 'UTC' }).join(' ')).not.toMatch(/parallel-run/);
  });

  it('shows what go/no-go is measured against, as set', () => {
    expect(computeMigrationProgress({ ...facts, freezeWindow: { from: '2027-07-20', to: '2027-07-23' } }).measures).toEqual({ readinessThreshold: facts.readinessThreshold, rejectLimit: facts.rejectLimit, freezeWindow: { from: '2027-07-20', to: '2027-07-23' } });
  });

  it('fills volume, complexity and risk from the assessment, never from what was typed', () => {
    const p = computeMigrationProgress({ ...facts, record: record({ legacySystem: { name: 'openSIS', version: '7.3' } }) });
    expect(p.record).toMatchObject({ legacySystem: { name: 'openSIS', version: '7.3' }, dataVolumeEstimate: 12_400, complexity: 'Medium', riskScore: 38, rollbackPlanAvailable: false });
  });
});

describe('the timeline', () => {
  it('refuses a milestone before the one it follows, one without an owner, and one outside the migration dates', () => {
    const problems = timelineProblems(
      [
        { name: 'rehearsal-1', due: '2027-04-10', owner: 'Dana' },
        { name: 'rehearsal-2', due: '2027-04-01', owner: 'Dana' },
        { name: 'cutover', due: '2027-05-01' },
        { name: 'decommission', due: '2027-12-01', owner: 'IT' },
      ],
      record({ startDate: '2027-03-01', endDate: '2027-08-31' }),
    );
    expect(problems.map((p) => [p.field, p.message.split(' ').slice(0, 4).join(' ')])).toEqual([
      ['rehearsal-2', 'rehearsal-2 is due 2027-04-01,'],
      ['cutover', 'The milestone cutover has'],
      ['decommission', 'decommission is due 2027-12-01,'],
    ]);
    expect(problems[0].message).toContain('before rehearsal-1');
    expect(problems[2].message).toContain('after the migration ends');
  });

  it('marks by hand only what no fact can prove', () => {
    expect(timelineProblems([{ name: 'cutover', done: true }], record())[0].message).toMatch(/done when the project shows it/);
    expect(timelineProblems([{ name: 'decommission', done: true }], record())).toEqual([]);
  });

  it('decides each milestone from the project: done when shown, late when the date passed first, with estimates from the assessment', () => {
    const p = computeMigrationProgress({
      ...facts,
      plannedMilestones: [
        { name: 'assessment-done', due: '2027-03-01', owner: 'Dana' },
        { name: 'mapping-signed-off', due: '2027-03-05', owner: 'Dana' },
        { name: 'rehearsal-1', due: '2027-04-01', owner: 'Sam' },
      ],
    });
    const m = Object.fromEntries(p.milestones.map((x) => [x.name, x]));
    expect(m['assessment-done']).toMatchObject({ status: 'Done', owner: 'Dana' });
    expect(m['mapping-signed-off']).toMatchObject({ status: 'Late', estimate: 'The assessment estimates 6.5 days of fixing and mapping work.' });
    expect(m['mapping-signed-off'].detail).toMatch(/^Due 2027-03-05 and not done: Not signed off/);
    expect(m['rehearsal-1']).toMatchObject({ status: 'Planned', estimate: 'A full rehearsal: the assessment estimates the push at about 4 min.' });
    expect(m.decommission.status).toBe('Planned');
  });

  it('counts completed rehearsals and takes the estimate from the last one measured', () => {
    const run = (runId: string, ms: number) => ({ runId, status: 'Completed', dryRun: false, rehearsal: true, rejected: 0, read: 10, mismatches: 0, endedAt: null, durationMs: ms });
    const p = computeMigrationProgress({ ...facts, runs: [run('r2', 95_000), run('r1', 120_000)] });
    const m = Object.fromEntries(p.milestones.map((x) => [x.name, x]));
    expect(m['rehearsal-1'].status).toBe('Done');
    expect(m['rehearsal-2'].status).toBe('Done');
    expect(m.cutover).toMatchObject({ status: 'Planned', estimate: 'Allow for the final load: the last rehearsal took 2 min.' });
  });
});

describe('rehearsals compared', () => {
  it('shows each rehearsal against the one before, reasons that changed first, and the trend', () => {
    const c = compareRehearsals([rehearsal('r1', 40, 3, { DATE_INVALID: 30, REQUIRED_MISSING: 10 }, 90_000), rehearsal('r2', 12, 0, { DATE_INVALID: 2, REQUIRED_MISSING: 10 }, 80_000)]);
    expect(c.trend).toBe('converging');
    expect(c.rehearsals[0].change).toBeNull();
    expect(c.rehearsals[1].change).toEqual({ rejected: -28, mismatches: -3, durationMs: -10_000, reasons: [{ code: 'DATE_INVALID', before: 30, after: 2 }] });
    expect(c.summary).toBe('Converging: the last rehearsal has 12 rejected rows and 0 mismatches (before: 40 and 3).');
  });

  it('says when a project goes backwards, stands still, is clean, or has too few rehearsals', () => {
    expect(compareRehearsals([rehearsal('r1', 5, 0, {}), rehearsal('r2', 9, 0, { NEW: 4 })]).trend).toBe('diverging');
    expect(compareRehearsals([rehearsal('r1', 0, 0, {}), rehearsal('r2', 0, 0, {})]).summary).toMatch(/^Clean/);
    expect(compareRehearsals([rehearsal('r1', 5, 0, {})]).trend).toBe('not-enough');
    expect(compareRehearsals([]).summary).toBe('No rehearsal yet.');
  });
});

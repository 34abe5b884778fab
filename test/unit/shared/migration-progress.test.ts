import { describe, expect, it } from 'vitest';
import { MILESTONES } from '../../../src/shared/model/migration-plan';
import { computeMigrationProgress, type MigrationFacts } from '../../../src/shared/model/migration-progress';

const blank: MigrationFacts = {
  connections: 0,
  connectionNames: [],
  assessments: [],
  mappings: [],
  runs: [],
  readinessThreshold: 80,
  rejectLimit: 0,
  rollbackRehearsed: false,
  freezeWindow: null,
};
const source = { connections: 1, connectionNames: [{ connectionId: 'c1', connectionName: 'Legacy SIS' }] };
const assessed = { assessments: [{ connectionId: 'c1', connectionName: 'Legacy SIS', status: 'Completed' as const, score: 91, errors: 0 }] };
const mapped = { mappings: [{ id: 'students', entity: 'students', signedOff: true }] };
const run = (over: Partial<MigrationFacts['runs'][number]> = {}): MigrationFacts['runs'][number] => ({
  runId: 'run-1',
  status: 'Completed',
  dryRun: false,
  rehearsal: true,
  rejected: 0,
  read: 100,
  mismatches: 0,
  endedAt: '2026-12-07T10:00:00Z',
  ...over,
});

describe('migration progress', () => {
  it('starts in Planning, asking for a source, with every checklist item open', () => {
    const p = computeMigrationProgress(blank);
    expect(p).toMatchObject({ status: 'Planning', stage: 'connect-source', go: false });
    // Every milestone is listed from the start, none planned and none done.
    expect(p.milestones.map((m) => [m.name, m.status, m.due])).toEqual(MILESTONES.map((name) => [name, 'Planned', null]));
    expect(p.stages.map((s) => s.state)).toEqual(['current', 'upcoming', 'upcoming', 'upcoming', 'upcoming']);
    expect(p.checklist.every((c) => !c.ok)).toBe(true);
  });

  it('stays in Assessment until every source is assessed, even after a run (never "done" without an assessment)', () => {
    const p = computeMigrationProgress({ ...blank, ...source, ...mapped, runs: [run()] });
    expect(p.status).toBe('Assessment');
    expect(p.stage).toBe('assess-sources');
    expect(p.stages[1].exit.find((c) => c.item === 'assess-sources')?.detail).toContain('Legacy SIS');
    expect(p.stages[1].state).toBe('current');
  });

  it('needs a mapping to leave Assessment, and a completed real run (not a dry run) to leave Execution', () => {
    expect(computeMigrationProgress({ ...blank, ...source, ...assessed }).stage).toBe('map-entities');
    const dry = computeMigrationProgress({ ...blank, ...source, ...assessed, ...mapped, runs: [run({ dryRun: true })] });
    expect(dry).toMatchObject({ status: 'Execution', stage: 'run-migration' });
    const failed = computeMigrationProgress({ ...blank, ...source, ...assessed, ...mapped, runs: [run({ status: 'Failed' })] });
    expect(failed.stages[2].exit[0].detail).toContain('Failed');
  });

  it('reaches Completed when the last completed run reconciles with no mismatch, and not before', () => {
    const mismatched = computeMigrationProgress({ ...blank, ...source, ...assessed, ...mapped, runs: [run({ mismatches: 3 })] });
    expect(mismatched).toMatchObject({ status: 'Validation', stage: 'reconcile' });
    const done = computeMigrationProgress({ ...blank, ...source, ...assessed, ...mapped, runs: [run()] });
    expect(done).toMatchObject({ status: 'Completed', stage: 'done' });
    expect(done.stages.every((s) => s.state === 'done')).toBe(true);
  });

  it('decides go/no-go item by item, with the reason and the place to fix it', () => {
    const facts: MigrationFacts = { ...blank, ...source, ...assessed, ...mapped, runs: [run({ rejected: 2 })], rejectLimit: 0.01, freezeWindow: { from: '2027-07-20', to: '2027-07-23' } };
    const p = computeMigrationProgress(facts);
    const item = (name: string) => p.checklist.find((c) => c.item === name)!;
    expect(item('readiness')).toMatchObject({ ok: true, where: 'assessment' });
    expect(item('no-error-findings').ok).toBe(true);
    expect(item('rehearsal-clean')).toMatchObject({ ok: false });
    expect(item('rehearsal-clean').detail).toContain('2 %');
    expect(item('rollback-plan').ok).toBe(false);
    expect(item('mappings-signed-off').ok).toBe(true);
    expect(item('freeze-window').ok).toBe(true);
    expect(p.go).toBe(false);
    expect(computeMigrationProgress({ ...facts, runs: [run({ rejected: 1 })], rollbackRehearsed: true }).go).toBe(true);
  });

  it('names what blocks: a low score, open errors, unsigned mappings', () => {
    const p = computeMigrationProgress({
      ...blank,
      ...source,
      assessments: [{ connectionId: 'c1', connectionName: 'Legacy SIS', status: 'Completed', score: 64, errors: 5 }],
      mappings: [{ id: 'students', entity: 'students', signedOff: false }],
    });
    const item = (name: string) => p.checklist.find((c) => c.item === name)!;
    expect(item('readiness').detail).toBe('Lowest readiness score 64 (needs 80).');
    expect(item('no-error-findings').detail).toBe('5 error-severity findings open.');
    expect(item('mappings-signed-off').detail).toContain('students');
  });
});

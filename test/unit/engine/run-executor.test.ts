import { describe, expect, it } from 'vitest';
import { executeRun } from '../../../src/main/engine/pipeline/run-executor';
import type { MatchDecision } from '../../../src/shared/model/assessment';
import type { RunProgress } from '../../../src/shared/model/run';
import { FakeClock, FakeRuns, FakeSource, FakeStaging, FakeTarget, fakeDecisions, mappingOf, runContextOf, streamOf } from '../../support/fake-run';

const guardians = mappingOf('guardians', 'CONTACTS', ['ID'], { firstName: 'FIRST', lastName: 'LAST' });
const students = mappingOf('students', 'PUPILS', ['PUPIL_NO'], { firstName: 'FIRST', lastName: 'LAST', birthDate: 'DOB', gender: 'SEX', gradeLevel: 'GRADE', email: 'EMAIL' }, { skipWhen: [{ column: 'STATUS', values: ['P'] }] });
const invoices = mappingOf('fee-invoices', 'INVOICES', ['INV_NO'], { studentExternalId: 'PUPIL_NO', invoiceNumber: 'INV_NO', issueDate: 'ISSUED', amount: 'AMOUNT', currency: 'CUR' });

const contacts = [
  { ID: 'G1', FIRST: 'Ann', LAST: 'Lee' },
  { ID: 'G2', FIRST: 'Bo', LAST: null },
  { ID: 'G3', FIRST: 'Cy', LAST: 'Orr' },
  { ID: 'G1', FIRST: 'Ann', LAST: 'Again' },
  { ID: 'G5', FIRST: 'Di', LAST: 'Fox' },
];
const pupil = (no: string, extra: Record<string, unknown> = {}) => ({ PUPIL_NO: no, FIRST: 'Sam', LAST: `Pupil${no}`, DOB: '2012-05-01', SEX: 'female', GRADE: '05', EMAIL: null, STATUS: 'C', ...extra });
const pupils = [pupil('P1'), pupil('P2', { EMAIL: 'two@school.example' }), pupil('P3'), pupil('P4', { STATUS: 'P' }), pupil('P5', { DOB: 'soon' })];
const invoiceRows = [
  { INV_NO: 'I1', PUPIL_NO: 'P2', ISSUED: '2025-01-01', AMOUNT: '10.00', CUR: 'GBP' },
  { INV_NO: 'I2', PUPIL_NO: 'P3', ISSUED: '2025-01-02', AMOUNT: '12.50', CUR: 'GBP' },
];
const same = (left: string, right: string): MatchDecision => ({ table: 'PUPILS', left, right, decision: 'same', decidedAt: '2025-03-01T10:00:00.000Z', decidedBy: 'it@school' });
const tables = () => new FakeSource({ CONTACTS: contacts, PUPILS: pupils, INVOICES: invoiceRows });

async function runWith(input: Parameters<typeof runContextOf>[0] & { entities: string[]; dryRun?: boolean; runId?: string; signal?: AbortSignal }) {
  const runs = input.runs ?? new FakeRuns();
  const runId = input.runId ?? 'run-1';
  runs.create(runId, input.entities, input.dryRun);
  const ctx = runContextOf({ ...input, runs });
  const status = await executeRun(ctx, runId, { dryRun: input.dryRun ?? false, entities: input.entities, signal: input.signal ?? new AbortController().signal });
  return { status, run: runs.get(runId), runs, ctx };
}

describe('run executor', () => {
  it('runs each entity’s plan as a step: counters, rejects, reconciliation and the log', async () => {
    const staging = new FakeStaging();
    const target = new FakeTarget();
    const source = tables();
    const { status, run, runs } = await runWith({ mappings: [guardians], source, staging, target, entities: ['guardians'] });
    expect(status).toBe('Completed');
    expect(run.status).toBe('Completed');
    expect(run.steps).toEqual([expect.objectContaining({ entity: 'guardians', status: 'Completed', estimate: 5, counters: { read: 5, created: 3, updated: 0, unchanged: 0, rejected: 2, skipped: 0, failed: 0 } })]);
    expect(run.counters).toEqual(run.steps[0].counters);
    expect(run.reconciliation).toEqual([{ entity: 'guardians', source: 5, staged: 3, rejected: 2, pushed: 3, target: 3, mismatches: 0 }]);
    expect(staging.rejects.map((r) => [r.stage, r.externalId, r.errors[0].code])).toEqual([
      ['validate', 'G2', expect.any(String)],
      ['validate', 'G1', 'DUPLICATE_KEY'],
    ]);
    expect(runs.log.map((e) => `${e.level} ${e.entity} ${e.message}`)).toEqual([
      'info null Run started for guardians.',
      'info null Target: Academia Pro API v1 at http://127.0.0.1:1, school SCH-1.',
      'info guardians Reading 5 rows from CONTACTS.',
      'warning guardians Staged 3 records; 2 rejected, 0 skipped.',
      'info null Reconciliation: every staged record is accounted for in the target.',
      'info null Run completed: read 5, created 3, updated 0, unchanged 0, rejected 2, skipped 0, failed 0.',
    ]);
    expect(runs.stepHistory.filter((s) => s.status).map((s) => s.status)).toEqual(['Processing', 'Completed']);
    expect(source.closes).toBe(1);
  });

  it('throttles progress by the injected clock and always sends the end of each phase', async () => {
    const still = await runWith({ mappings: [guardians], source: tables(), clock: new FakeClock(Date.parse('2026-01-05T09:00:00Z'), 0), entities: ['guardians'] });
    const phases = (events: typeof still.ctx.events) => events.filter((e) => e.event === 'run.progress').map((e) => (e.payload as RunProgress).phase);
    // The clock never moves: only the forced events (end of staging, end of the push, end of the step) go out, plus the very first.
    expect(phases(still.ctx.events)).toEqual(['transform', 'stage', 'push', 'push']);
    const moving = await runWith({ mappings: [guardians], source: tables(), clock: new FakeClock(Date.parse('2026-01-05T09:00:00Z'), 250), entities: ['guardians'] });
    expect(phases(moving.ctx.events)).toEqual(['transform', 'transform', 'transform', 'stage', 'push', 'push', 'push', 'push']);
    const last = moving.ctx.events.filter((e) => e.event === 'run.progress').at(-1)!.payload as RunProgress;
    expect(last).toMatchObject({ runId: 'run-1', entity: 'guardians', estimate: 5, counters: { read: 5, created: 3 } });
    expect(last.rate).toBeGreaterThan(0);
  });

  it('a dry run is the same plan ending in a prediction: nothing is pushed', async () => {
    const staging = new FakeStaging();
    const target = new FakeTarget();
    await runWith({ mappings: [guardians], source: tables(), staging, target, entities: ['guardians'] });
    const { run: dry, runs } = await runWith({ mappings: [guardians], source: tables(), staging, target, entities: ['guardians'], dryRun: true, runId: 'run-2' });
    expect(target.pushes).toHaveLength(2);
    expect(dry.steps[0].counters).toMatchObject({ read: 5, created: 0, unchanged: 3, rejected: 2 });
    expect(dry.reconciliation[0]).toMatchObject({ staged: 3, pushed: 0, mismatches: 0 });
    expect(runs.log.some((e) => e.message === 'Dry run: would create 0, update 0, leave 3 unchanged.')).toBe(true);
  });

  it('applies the person crosswalk while reading each table once', async () => {
    const source = tables();
    const target = new FakeTarget();
    const decisions = fakeDecisions([same('P2', 'P3')], { rule: 'keep-left', streams: [streamOf('PUPILS', Object.keys(pupil('P1')), ['PUPIL_NO'])] });
    const { run: done, runs } = await runWith({ mappings: [students, invoices], source, target, decisions, entities: ['students', 'fee-invoices'] });
    expect(done.status).toBe('Completed');
    expect(source.reads).toEqual(['PUPILS', 'INVOICES']);
    expect(source.discovers).toBe(0);
    // P4 is an applicant (skipped by the mapping), P3 is merged into P2; P5's birth date is no date.
    expect(done.steps[0].counters).toMatchObject({ read: 5, created: 2, skipped: 2, rejected: 1 });
    expect([...target.records.get('students')!.keys()].sort()).toEqual(['P1', 'P2']);
    expect([...target.records.get('fee-invoices')!.values()].map((r) => r.studentExternalId)).toEqual(['P2', 'P2']);
    expect(runs.log.map((e) => e.message)).toEqual(
      expect.arrayContaining([
        'Person crosswalk: 1 duplicate record(s) merged into 1 survivor(s) confirmed in the review queue, counted as skipped.',
        'Person crosswalk: 1 reference(s) in studentExternalId pointed at the surviving record instead of a merged duplicate.',
      ]),
    );
  });

  it('reads a people table the run does not load only once, for the rows of the confirmed pairs', async () => {
    const source = tables();
    const target = new FakeTarget();
    const decisions = fakeDecisions([same('P2', 'P3')], { rule: 'keep-left' });
    const { run: done } = await runWith({ mappings: [students, invoices], source, target, decisions, entities: ['fee-invoices'] });
    expect(done.status).toBe('Completed');
    expect(source.reads).toEqual(['PUPILS', 'INVOICES']);
    // No saved catalog: the table's key is asked of the source once (discover), never read for it.
    expect(source.discovers).toBe(1);
    expect([...target.records.get('fee-invoices')!.values()].map((r) => r.studentExternalId)).toEqual(['P2', 'P2']);
  });

  it('marks the run and its step Failed with the error when a stage fails, and releases the source', async () => {
    const source = tables();
    source.failAfterBatches = 1;
    const { status, run: failed, runs } = await runWith({ mappings: [guardians], source, entities: ['guardians'] });
    expect(status).toBe('Failed');
    expect(failed.steps[0].status).toBe('Failed');
    expect(failed.error).toMatchObject({ code: 'INTERNAL' });
    expect(runs.log.at(-1)).toMatchObject({ level: 'error', entity: 'guardians' });
    expect(source.closes).toBe(1);
  });

  it('is Cancelled when the run is cancelled, and Failed when an entity has no mapping', async () => {
    const controller = new AbortController();
    controller.abort();
    const cancelled = await runWith({ mappings: [guardians], source: tables(), entities: ['guardians'], signal: controller.signal });
    expect(cancelled.status).toBe('Cancelled');
    expect(cancelled.run.error).toBeUndefined();
    const unmapped = await runWith({ mappings: [guardians], source: tables(), entities: ['schools'] });
    expect(unmapped.status).toBe('Failed');
    expect(unmapped.run.error).toMatchObject({ code: 'MAPPING_NOT_FOUND' });
  });
});

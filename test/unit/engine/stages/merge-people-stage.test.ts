import { describe, expect, it } from 'vitest';
import { PersonCrosswalk, type PeopleTable } from '../../../../src/main/engine/pipeline/person-crosswalk';
import { decisionsForStream, keysToCollect, type PersonMergePlan } from '../../../../src/main/engine/pipeline/person-merge';
import { mergePeopleStage } from '../../../../src/main/engine/pipeline/stages/merge-people/merge-people-stage';
import { EMPTY_SHAPE, type BadRow, type RecordRow, type RowShape } from '../../../../src/main/engine/pipeline/stages/stage';
import { loadTargetContract } from '../../../../src/academia-api/contract';
import type { MatchDecision } from '../../../../src/shared/model/assessment';
import { batchesOf, collect, stageContextOf } from '../../../support/fake-run';

const contract = loadTargetContract('v1');
const same = (left: string, right: string): MatchDecision => ({ table: 'PUPILS', left, right, decision: 'same', decidedAt: '2025-03-01T10:00:00.000Z', decidedBy: 'it@school' });
const row = (n: number, id: string, extra: Record<string, unknown> = {}): RecordRow => ({ sourceRow: n, row: { PUPIL_NO: id, ...extra }, externalId: id, record: { externalId: id, ...extra } });

function peopleTable(decisions: MatchDecision[]): PeopleTable {
  const forStream = decisionsForStream(decisions, 'PUPILS');
  return { entity: 'students', table: 'PUPILS', decisions: forStream, wanted: keysToCollect(forStream.decisions), keyColumns: ['PUPIL_NO'], updated: null, rule: 'keep-left' };
}

describe('merge-people stage', () => {
  const shape: RowShape = { fields: [{ name: 'externalId', type: 'string', origin: 'map' }] };

  it('passes the shape through and checks its entity and the externalId', () => {
    expect(mergePeopleStage.fields({ entity: 'students' }, shape, { contract, catalog: () => null })).toBe(shape);
    expect(mergePeopleStage.check({ entity: 'students' }, shape, { contract, catalog: () => null })).toEqual([]);
    expect(mergePeopleStage.check({ entity: 'pets' }, shape, { contract, catalog: () => null })).toEqual([expect.objectContaining({ level: 'error', place: 'settings.entity' })]);
    expect(mergePeopleStage.check({ entity: 'students' }, { fields: [{ name: 'x', type: 'string', origin: 'map' }] }, { contract: null, catalog: () => null })).toEqual([expect.objectContaining({ place: 'input' })]);
    expect(mergePeopleStage.check({ entity: '' }, EMPTY_SHAPE, { contract: null, catalog: () => null })).toEqual([expect.objectContaining({ place: 'settings.entity' })]);
  });

  it('passes batches through untouched when the entity has no crosswalk', async () => {
    const batch = { rows: [row(1, 'P1')], bad: [] };
    const out: unknown[] = [];
    for await (const b of mergePeopleStage.process(batchesOf(batch), { entity: 'guardians' }, stageContextOf())) out.push(b);
    expect(out).toEqual([batch]);
  });

  it('resolves confirmed pairs during the read: holds their rows, merges duplicates into survivors, fills blanks', async () => {
    const crosswalk = new PersonCrosswalk(contract, new Map([['students', peopleTable([same('P1', 'P3'), same('P9', 'P5')])]]));
    const ctx = stageContextOf({ crosswalk, entity: 'students' });
    const failed: BadRow = { stage: 'transform', externalId: 'P5', sourceRow: 5, errors: [{ field: 'birthDate', message: 'bad date' }], row: { PUPIL_NO: 'P5' }, record: { externalId: 'P5', email: 'five@x' } };
    const out = await collect<RecordRow>(
      mergePeopleStage.process(batchesOf({ rows: [row(1, 'P1'), row(2, 'P2')] }, { rows: [row(3, 'P3', { email: 'three@x' }), row(4, 'P4')], bad: [failed] }), { entity: 'students' }, ctx),
    );
    // P9 is not in the source: that pair cannot be applied, so P5 (which failed to map) stays rejected.
    expect(out.rows.map((r) => r.externalId)).toEqual(['P2', 'P4', 'P1']);
    expect(out.rows[2].record).toEqual({ externalId: 'P1', email: 'three@x' });
    expect(out.bad).toEqual([failed]);
    expect(ctx.counters.skipped).toBe(1);
    const plan = crosswalk.plan('students')!;
    expect([...plan.mergedInto]).toEqual([['P3', 'P1']]);
    expect(plan.unapplied.missing).toBe(1);
    expect(crosswalk.people('students')).toBeUndefined();
    expect(ctx.logged.map((l) => l.message)).toEqual([
      expect.stringMatching(/^Person crosswalk: 1 confirmed pair\(s\) name a record that is no longer in the source/),
      'Person crosswalk: 1 duplicate record(s) merged into 1 survivor(s) confirmed in the review queue, counted as skipped; 1 blank field(s) of survivors were filled from their duplicates.',
    ]);
  });

  it('merges away a duplicate that failed to map instead of rejecting it', async () => {
    const crosswalk = new PersonCrosswalk(contract, new Map([['students', peopleTable([same('P1', 'P2')])]]));
    const ctx = stageContextOf({ crosswalk, entity: 'students' });
    const failed: BadRow = { stage: 'transform', externalId: 'P2', sourceRow: 2, errors: [{ field: 'birthDate', message: 'bad date' }], row: { PUPIL_NO: 'P2' }, record: { externalId: 'P2' } };
    const out = await collect<RecordRow>(mergePeopleStage.process(batchesOf({ rows: [row(1, 'P1')], bad: [failed] }), { entity: 'students' }, ctx));
    expect(out.rows.map((r) => r.externalId)).toEqual(['P1']);
    expect(out.bad).toEqual([]);
    expect(ctx.counters.skipped).toBe(1);
  });

  it('points references to a merged person at the survivor', async () => {
    const crosswalk = new PersonCrosswalk(contract);
    const plan: PersonMergePlan = { entity: 'students', mergedInto: new Map([['P3', 'P1']]), donors: new Map(), clusters: 1, unapplied: { crossTable: 0, positional: 0, missing: 0, conflicts: 0 } };
    crosswalk.setPlan(plan);
    const ctx = stageContextOf({ crosswalk, entity: 'fee-invoices' });
    const invoice = (n: number, student: string): RecordRow => ({ sourceRow: n, row: {}, externalId: `I${n}`, record: { externalId: `I${n}`, studentExternalId: student } });
    const out = await collect<RecordRow>(mergePeopleStage.process(batchesOf({ rows: [invoice(1, 'P3'), invoice(2, 'P2')] }), { entity: 'fee-invoices' }, ctx));
    expect(out.rows.map((r) => r.record.studentExternalId)).toEqual(['P1', 'P2']);
    expect(ctx.logged.map((l) => l.message)).toEqual(['Person crosswalk: 1 reference(s) in studentExternalId pointed at the surviving record instead of a merged duplicate.']);
  });
});

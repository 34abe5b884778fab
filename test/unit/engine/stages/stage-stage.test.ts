import { describe, expect, it } from 'vitest';
import { hashRecord } from '../../../../src/main/engine/pipeline/record-hash';
import { stageStage } from '../../../../src/main/engine/pipeline/stages/stage/stage-stage';
import type { BadRow, RecordRow, RowShape } from '../../../../src/main/engine/pipeline/stages/stage';
import { batchesOf, collect, FakeStaging, stageContextOf } from '../../../support/fake-run';

const env = { contract: null, catalog: () => null };
const rec = (n: number, id: string): RecordRow => ({ sourceRow: n, row: { ID: id }, externalId: id, record: { externalId: id, firstName: `F${n}` } });
const bad = (n: number, stage: 'transform' | 'validate'): BadRow => ({ stage, externalId: `B${n}`, sourceRow: n, errors: [{ field: 'x', message: 'no' }], row: { ID: `B${n}` }, record: { externalId: `B${n}` } });

describe('stage stage', () => {
  it('keeps the shape it holds and needs an externalId', () => {
    const shape: RowShape = { fields: [{ name: 'externalId', type: 'string', origin: 'map' }] };
    expect(stageStage.fields({ entity: 'guardians' }, shape, env)).toBe(shape);
    expect(stageStage.check({ entity: 'guardians' }, shape, env)).toEqual([]);
    expect(stageStage.check({ entity: 'guardians' }, { fields: [{ name: 'firstName', type: 'string', origin: 'map' }] }, env)).toEqual([expect.objectContaining({ level: 'error', place: 'input' })]);
    expect(stageStage.check({ entity: 3 } as unknown as { entity: string }, shape, env)).toEqual([expect.objectContaining({ place: 'settings.entity' })]);
  });

  it('stages good records with their hash, and records bad rows in source order with duplicates last', async () => {
    const staging = new FakeStaging();
    const ctx = stageContextOf({ staging });
    ctx.counters.read = 6;
    ctx.counters.skipped = 1;
    const out = await collect(stageStage.process(batchesOf({ rows: [rec(1, 'G1'), rec(3, 'G1'), rec(4, 'G2')], bad: [bad(5, 'validate'), bad(2, 'transform')] }), { entity: 'guardians' }, ctx));
    expect(out.batches).toBe(0);
    expect(staging.stagedCount('run-1', 'guardians')).toBe(2);
    expect(staging.page('run-1', 'guardians', null, 10)[0]).toEqual({ externalId: 'G1', payload: { externalId: 'G1', firstName: 'F1' }, hash: hashRecord({ externalId: 'G1', firstName: 'F1' }), json: '{"externalId":"G1","firstName":"F1"}' });
    expect(staging.rejects.map((r) => [r.stage, r.sourceRow, r.externalId, r.errors[0].code ?? null])).toEqual([
      ['transform', 2, 'B2', null],
      ['validate', 5, 'B5', null],
      ['validate', 3, 'G1', 'DUPLICATE_KEY'],
    ]);
    expect(staging.rejects[0]).not.toHaveProperty('record');
    expect(ctx.counters.rejected).toBe(3);
    expect(ctx.progressed).toEqual([
      { phase: 'transform', done: 6 },
      { phase: 'stage', done: 6, force: true },
    ]);
    expect(ctx.logged).toEqual([{ level: 'warning', message: 'Staged 2 records; 3 rejected, 1 skipped.' }]);
  });
});

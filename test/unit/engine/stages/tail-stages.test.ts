import { describe, expect, it } from 'vitest';
import { collectStage } from '../../../../src/main/engine/pipeline/stages/collect/collect-stage';
import { predictStage } from '../../../../src/main/engine/pipeline/stages/predict/predict-stage';
import { reconcileStage } from '../../../../src/main/engine/pipeline/stages/reconcile/reconcile-stage';
import type { PlanEnv, RecordRow } from '../../../../src/main/engine/pipeline/stages/stage';
import type { ReconciliationLine } from '../../../../src/shared/model/run';
import { loadTargetContract } from '../../../../src/academia-api/contract';
import { batchesOf, collect, FakeStaging, FakeTarget, stageContextOf } from '../../../support/fake-run';

const env: PlanEnv = { contract: loadTargetContract('v1'), catalog: () => null };
const staged = (id: string, hash: string) => ({ externalId: id, payload: { externalId: id }, hash });

describe('predict stage (the dry run tail)', () => {
  it('says what a push would do from the hashes the target last acknowledged', async () => {
    const staging = new FakeStaging();
    staging.stage('run-0', 'guardians', [staged('G1', 'a'), staged('G2', 'b')]);
    staging.recordReceipts('run-0', 'guardians', 'k', [
      { externalId: 'G1', status: 'created', targetId: 't1', version: 1 },
      { externalId: 'G2', status: 'created', targetId: 't2', version: 1 },
    ]);
    staging.stage('run-1', 'guardians', [staged('G1', 'a'), staged('G2', 'changed'), staged('G3', 'c')]);
    const ctx = stageContextOf({ staging });
    expect((await collect(predictStage.process(batchesOf({ rows: [] }), { entity: 'guardians' }, ctx))).batches).toBe(0);
    expect(ctx.counters).toMatchObject({ created: 1, updated: 1, unchanged: 1 });
    expect(ctx.logged).toEqual([{ level: 'info', message: 'Dry run: would create 1, update 1, leave 1 unchanged.' }]);
    expect(predictStage.fields({ entity: 'guardians' }, { fields: [] }, env).fields.map((f) => f.name)).toEqual(['created', 'updated', 'unchanged']);
    expect(predictStage.check({ entity: 'guardians' }, { fields: [] }, env)).toEqual([]);
    expect(predictStage.check({ entity: 'pets' }, { fields: [] }, env)).toEqual([expect.objectContaining({ place: 'settings.entity' })]);
  });
});

describe('reconcile stage', () => {
  it('compares source, staged, acknowledged and the target’s own list', async () => {
    const staging = new FakeStaging();
    staging.stage('run-1', 'guardians', [staged('G1', 'a'), staged('G2', 'b'), staged('G3', 'c')]);
    staging.recordReceipts('run-1', 'guardians', 'k', [
      { externalId: 'G1', status: 'created', targetId: 't1', version: 1 },
      { externalId: 'G2', status: 'created', targetId: 't2', version: 1 },
    ]);
    const target = new FakeTarget();
    target.records.set('guardians', new Map([['G1', {}]]));
    const ctx = stageContextOf({ staging, target });
    ctx.counters.read = 4;
    ctx.counters.rejected = 1;
    const run = await collect<ReconciliationLine>(reconcileStage.process(batchesOf(), { entity: 'guardians', dryRun: false }, ctx));
    // G2 acknowledged but missing in the target, G3 staged without an answer.
    expect(run.rows).toEqual([{ entity: 'guardians', source: 4, staged: 3, rejected: 1, pushed: 2, target: 1, mismatches: 2 }]);
    const dry = await collect<ReconciliationLine>(reconcileStage.process(batchesOf(), { entity: 'guardians', dryRun: true }, ctx));
    expect(dry.rows[0].mismatches).toBe(1);
    expect(reconcileStage.fields({ entity: 'guardians', dryRun: false }, { fields: [] }, env).fields.map((f) => f.name)).toEqual(['entity', 'source', 'staged', 'rejected', 'pushed', 'target', 'mismatches', 'filtered', 'merged', 'readBack', 'checksumMismatches', 'sourceChecksum', 'targetChecksum']);
    expect(reconcileStage.check({ entity: 'guardians', dryRun: false }, { fields: [] }, env)).toEqual([]);
    expect(reconcileStage.check({ entity: 'guardians' } as { entity: string; dryRun: boolean }, { fields: [] }, env)).toEqual([expect.objectContaining({ place: 'settings.dryRun' })]);
  });
});

describe('collect stage (the preview tail)', () => {
  it('keeps the first rows and stops pulling once it has enough', async () => {
    let pulled = 0;
    let released = false;
    async function* upstream() {
      try {
        for (let i = 1; i <= 10; i++) {
          pulled++;
          yield { rows: [{ sourceRow: i, row: {}, externalId: `G${i}`, record: { externalId: `G${i}` } } as RecordRow], bad: [] };
        }
      } finally {
        released = true;
      }
    }
    const out = await collect<RecordRow>(collectStage.process(upstream(), { limit: 3 }, stageContextOf()));
    expect(out.rows.map((r) => r.externalId)).toEqual(['G1', 'G2', 'G3']);
    expect(pulled).toBe(3);
    expect(released).toBe(true);
    const shape = { fields: [{ name: 'externalId', type: 'string', origin: 'map' as const }] };
    expect(collectStage.fields({ limit: 3 }, shape, env)).toBe(shape);
    expect(collectStage.check({ limit: 0 }, shape, env)).toEqual([expect.objectContaining({ level: 'error', place: 'settings.limit' })]);
    expect(collectStage.check({ limit: 5 }, shape, env)).toEqual([]);
  });
});

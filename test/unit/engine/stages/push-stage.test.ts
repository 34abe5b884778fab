import { describe, expect, it } from 'vitest';
import { pushStage } from '../../../../src/main/engine/pipeline/stages/push/push-stage';
import type { PlanEnv } from '../../../../src/main/engine/pipeline/stages/stage';
import type { PushReceipt } from '../../../../src/main/engine/project/staging-repo';
import { idempotencyKeyFor } from '../../../../src/main/engine/academia/academia-client';
import { loadTargetContract } from '../../../../src/academia-api/contract';
import { batchesOf, collect, FakeStaging, FakeTarget, stageContextOf } from '../../../support/fake-run';

const env: PlanEnv = { contract: loadTargetContract('v1'), catalog: () => null };

function stagedGuardians(n: number): FakeStaging {
  const staging = new FakeStaging();
  staging.stage('run-1', 'guardians', Array.from({ length: n }, (_, i) => ({ externalId: `G${i + 1}`, payload: { externalId: `G${i + 1}`, firstName: 'A', lastName: 'B' }, hash: `h${i}` })));
  return staging;
}

describe('push stage', () => {
  it('outputs receipts and refuses a batch larger than the target takes', () => {
    expect(pushStage.fields({ entity: 'guardians', batchSize: 2 }, { fields: [] }, env).fields.map((f) => f.name)).toEqual(['externalId', 'status', 'targetId', 'version']);
    expect(pushStage.check({ entity: 'guardians', batchSize: 500 }, { fields: [] }, env)).toEqual([]);
    expect(pushStage.check({ entity: 'guardians', batchSize: 501 }, { fields: [] }, env)).toEqual([expect.objectContaining({ level: 'error', place: 'settings.batchSize' })]);
    expect(pushStage.check({ entity: 'pets', batchSize: 5 }, { fields: [] }, env)).toEqual([expect.objectContaining({ place: 'settings.entity' })]);
  });

  it('pushes staged records in keyset pages with deterministic idempotency keys and keeps the receipts', async () => {
    const staging = stagedGuardians(5);
    const target = new FakeTarget();
    target.rejectWhen = (r) => (r.externalId === 'G2' ? 'Name too long.' : null);
    target.unanswered.add('G4');
    const ctx = stageContextOf({ staging, target });
    const out = await collect<PushReceipt>(pushStage.process(batchesOf(), { entity: 'guardians', batchSize: 2 }, ctx));
    expect(target.pushes.map((p) => p.externalIds)).toEqual([['G1', 'G2'], ['G3', 'G4'], ['G5']]);
    expect(target.pushes[0].key).toBe(idempotencyKeyFor('run-1', 'guardians', staging.page('run-1', 'guardians', null, 2).map((r) => r.payload)));
    expect(ctx.counters).toMatchObject({ created: 3, rejected: 1, failed: 1 });
    expect(out.rows.map((r) => [r.externalId, r.status])).toEqual([
      ['G1', 'created'],
      ['G2', 'rejected'],
      ['G3', 'created'],
      ['G5', 'created'],
    ]);
    expect(staging.rejects).toEqual([expect.objectContaining({ stage: 'target', externalId: 'G2', errors: [{ field: 'firstName', message: 'Name too long.', code: 'TARGET_REJECTED' }] })]);
    expect(ctx.progressed).toEqual([
      { phase: 'push', done: 2, total: 5 },
      { phase: 'push', done: 4, total: 5 },
      { phase: 'push', done: 5, total: 5 },
      { phase: 'push', done: 5, total: 5, force: true },
    ]);
  });

  it('lets the stages before it finish first, and, one batch at a time, stops before the next batch when cancelled', async () => {
    const staging = stagedGuardians(3);
    const controller = new AbortController();
    let upstreamDone = false;
    async function* upstream() {
      yield { rows: [], bad: [] };
      upstreamDone = true;
    }
    const ctx = stageContextOf({ staging, signal: controller.signal });
    const iterator = pushStage.process(upstream(), { entity: 'guardians', batchSize: 1, inFlight: 1 }, ctx)[Symbol.asyncIterator]();
    await iterator.next();
    expect(upstreamDone).toBe(true);
    controller.abort();
    await expect(iterator.next()).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

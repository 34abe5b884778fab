import { describe, expect, it } from 'vitest';
import { pushStage } from '../../../../src/main/engine/pipeline/stages/push/push-stage';
import { executeRun } from '../../../../src/main/engine/pipeline/run-executor';
import type { RunTarget } from '../../../../src/main/engine/pipeline/run-context';
import type { PushReceipt } from '../../../../src/main/engine/project/staging-repo';
import { idempotencyKeyFor } from '../../../../src/main/engine/academia/academia-client';
import { StudioError } from '../../../../src/shared/errors';
import { batchesOf, collect, FakeRuns, FakeSource, FakeStaging, FakeTarget, mappingOf, runContextOf, stageContextOf } from '../../../support/fake-run';

/**
 * The push keeps several batches in flight (issue 23); these pin what must not change with it:
 * receipts once per batch and in batch order whatever order the target answers in, the same
 * idempotency keys, cancellation at a batch boundary, failures, and load order between entities.
 */

/** A target whose answers wait until the test opens (or fails) them, in any order. */
class GatedTarget extends FakeTarget {
  gates: { entity: string; externalIds: string[]; key: string; open(): void; fail(error: Error): void }[] = [];
  inFlight = 0;
  maxInFlight = 0;

  override session(): RunTarget {
    const session = super.session();
    const answer = session.client.pushBatch;
    return {
      ...session,
      client: {
        ...session.client,
        pushBatch: (entity, records, key) => {
          this.inFlight++;
          this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
          return new Promise((resolve, reject) => {
            this.gates.push({
              entity,
              key,
              externalIds: records.map((r) => String(r.externalId)),
              open: () => {
                this.inFlight--;
                resolve(answer(entity, records, key));
              },
              fail: (error) => {
                this.inFlight--;
                reject(error);
              },
            });
          });
        },
      },
    };
  }
}

/** Lets every pending promise callback run (the stage reacts to an answer). */
const settle = () => new Promise<void>((done) => setImmediate(done));

function stagedGuardians(n: number): FakeStaging {
  const staging = new FakeStaging();
  staging.stage('run-1', 'guardians', Array.from({ length: n }, (_, i) => ({ externalId: `G${i + 1}`, payload: { externalId: `G${i + 1}`, firstName: 'A', lastName: 'B' }, hash: `h${i}` })));
  return staging;
}

const receiptLines = (staging: FakeStaging) => staging.receipts.map((r) => `${r.externalId} ${r.status} ${r.key}`);

describe('pipelined push', () => {
  it('keeps two batches in flight, takes answers in batch order when they come out of order, and records what one at a time records', async () => {
    const staging = stagedGuardians(5);
    const target = new GatedTarget();
    target.rejectWhen = (r) => (r.externalId === 'G4' ? 'Name too long.' : null);
    const ctx = stageContextOf({ staging, target });
    const done = collect<PushReceipt>(pushStage.process(batchesOf(), { entity: 'guardians', batchSize: 2, inFlight: 2 }, ctx));
    await settle();
    expect(target.gates.map((g) => g.externalIds)).toEqual([['G1', 'G2'], ['G3', 'G4']]);
    target.gates[1].open(); // the second batch answers first
    await settle();
    expect(staging.receipts).toEqual([]); // nothing is recorded before the first batch's answer
    expect(target.gates).toHaveLength(2); // and the window stays at two
    target.gates[0].open();
    await settle();
    expect(staging.receipts.map((r) => r.externalId)).toEqual(['G1', 'G2', 'G3', 'G4']);
    expect(target.gates.map((g) => g.externalIds)).toEqual([['G1', 'G2'], ['G3', 'G4'], ['G5']]);
    target.gates[2].open();
    const out = await done;
    expect(target.maxInFlight).toBe(2);
    expect(out.batches).toBe(3);
    expect(out.rows.map((r) => r.externalId)).toEqual(['G1', 'G2', 'G3', 'G4', 'G5']);
    expect(ctx.counters).toMatchObject({ created: 4, rejected: 1, failed: 0 });
    expect(ctx.progressed).toEqual([
      { phase: 'push', done: 2, total: 5 },
      { phase: 'push', done: 4, total: 5 },
      { phase: 'push', done: 5, total: 5 },
      { phase: 'push', done: 5, total: 5, force: true },
    ]);

    // One batch at a time over the same rows: the very same receipts, keys, rejects and counters.
    const sequential = stagedGuardians(5);
    const plain = new FakeTarget();
    plain.rejectWhen = target.rejectWhen;
    const one = stageContextOf({ staging: sequential, target: plain });
    await collect(pushStage.process(batchesOf(), { entity: 'guardians', batchSize: 2, inFlight: 1 }, one));
    expect(receiptLines(staging)).toEqual(receiptLines(sequential));
    expect(target.gates.map((g) => g.key)).toEqual(plain.pushes.map((p) => p.key));
    expect(target.gates[0].key).toBe(idempotencyKeyFor('run-1', 'guardians', staging.page('run-1', 'guardians', null, 2).map((r) => r.payload)));
    expect(staging.rejects).toEqual(sequential.rejects);
    expect(ctx.counters).toEqual(one.counters);
  });

  it('sends at most inFlight batches however many are staged', async () => {
    const staging = stagedGuardians(12);
    const target = new GatedTarget();
    const ctx = stageContextOf({ staging, target });
    const done = collect<PushReceipt>(pushStage.process(batchesOf(), { entity: 'guardians', batchSize: 1, inFlight: 3 }, ctx));
    for (let answered = 0; answered < 12; answered++) {
      await settle();
      expect(target.inFlight).toBeLessThanOrEqual(3);
      // Answer the newest batch in flight first, the oldest last.
      const open = target.gates.filter((g) => !staging.receipts.some((r) => r.externalId === g.externalIds[0]));
      open.reverse().forEach((g) => g.open());
      answered += open.length - 1;
    }
    const out = await done;
    expect(target.maxInFlight).toBe(3);
    expect(out.rows.map((r) => r.externalId)).toEqual(staging.page('run-1', 'guardians', null, 12).map((r) => r.externalId));
    expect(staging.receipts.map((r) => r.externalId)).toEqual(out.rows.map((r) => r.externalId));
    expect(new Set(staging.receipts.map((r) => r.key)).size).toBe(12);
  });

  it('when a batch fails, sends nothing more, records the batches answered around it in order, and throws its error', async () => {
    const staging = stagedGuardians(5);
    const target = new GatedTarget();
    const ctx = stageContextOf({ staging, target });
    const done = collect<PushReceipt>(pushStage.process(batchesOf(), { entity: 'guardians', batchSize: 1, inFlight: 2 }, ctx));
    const failed = expect(done).rejects.toMatchObject({ code: 'TARGET_UNREACHABLE' });
    await settle();
    target.gates[0].open();
    await settle();
    expect(target.gates.map((g) => g.externalIds[0])).toEqual(['G1', 'G2', 'G3']);
    target.gates[1].fail(new StudioError('TARGET_UNREACHABLE', 'Academia Pro did not answer.', 'Check the connection.'));
    await settle();
    expect(target.gates).toHaveLength(3); // nothing new after the failure
    expect(staging.receipts.map((r) => r.externalId)).toEqual(['G1']); // and the stage waits for G3 before throwing
    target.gates[2].open();
    await failed;
    expect(staging.receipts.map((r) => r.externalId)).toEqual(['G1', 'G3']);
    expect(new Set(staging.receipts.map((r) => r.key)).size).toBe(2);
    expect(ctx.counters).toMatchObject({ created: 2, failed: 0 });
    expect(ctx.progressed.at(-1)).toEqual({ phase: 'push', done: 2, total: 5, force: true });
  });

  it('stops at a batch boundary when cancelled mid-flight: the batches already sent are answered and recorded, none is sent after', async () => {
    const staging = stagedGuardians(5);
    const target = new GatedTarget();
    const controller = new AbortController();
    const ctx = stageContextOf({ staging, target, signal: controller.signal });
    const iterator = pushStage.process(batchesOf(), { entity: 'guardians', batchSize: 1, inFlight: 2 }, ctx)[Symbol.asyncIterator]();
    const first = iterator.next();
    await settle();
    expect(target.gates).toHaveLength(2);
    controller.abort();
    target.gates[0].open();
    expect((await first).value).toEqual({ rows: [expect.objectContaining({ externalId: 'G1' })], bad: [] });
    const second = iterator.next();
    await settle();
    expect(target.gates).toHaveLength(2); // cancelled: no third batch
    target.gates[1].open();
    expect((await second).value).toEqual({ rows: [expect.objectContaining({ externalId: 'G2' })], bad: [] });
    await expect(iterator.next()).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(staging.receipts.map((r) => r.externalId)).toEqual(['G1', 'G2']);
    expect(ctx.counters.created).toBe(2);
  });

  it('a consumer that stops early still has every batch in flight awaited and recorded', async () => {
    const staging = stagedGuardians(5);
    const target = new GatedTarget();
    const ctx = stageContextOf({ staging, target });
    const iterator = pushStage.process(batchesOf(), { entity: 'guardians', batchSize: 1, inFlight: 2 }, ctx)[Symbol.asyncIterator]();
    const first = iterator.next();
    await settle();
    target.gates[0].open();
    await first; // suspended at its first output, with G2 still in flight
    await settle();
    expect(target.gates).toHaveLength(2);
    const stopped = iterator.return!(undefined);
    await settle();
    target.gates[1].open();
    await stopped;
    expect(target.gates).toHaveLength(2);
    expect(staging.receipts.map((r) => r.externalId)).toEqual(['G1', 'G2']);
    expect(target.inFlight).toBe(0);
  });

  it('in a run, pushes an entity only after every batch of the entity before it is answered', async () => {
    const log: string[] = [];
    class LoggingTarget extends FakeTarget {
      override session(): RunTarget {
        const session = super.session();
        const answer = session.client.pushBatch;
        let inFlight = 0;
        return {
          ...session,
          client: {
            ...session.client,
            pushBatch: async (entity, records, key) => {
              log.push(`send ${entity} ${++inFlight}`);
              for (let i = 0; i < 3; i++) await settle();
              inFlight--;
              log.push(`answer ${entity}`);
              return answer(entity, records, key);
            },
          },
        };
      }
    }
    const source = new FakeSource({
      CONTACTS: Array.from({ length: 5 }, (_, i) => ({ ID: `G${i + 1}`, FIRST: 'Ann', LAST: 'Lee' })),
      PUPILS: Array.from({ length: 4 }, (_, i) => ({ PUPIL_NO: `P${i + 1}`, FIRST: 'Sam', LAST: 'Orr', DOB: '2012-05-01', SEX: 'female', GRADE: '05' })),
    });
    const mappings = [mappingOf('guardians', 'CONTACTS', ['ID'], { firstName: 'FIRST', lastName: 'LAST' }), mappingOf('students', 'PUPILS', ['PUPIL_NO'], { firstName: 'FIRST', lastName: 'LAST', birthDate: 'DOB', gender: 'SEX', gradeLevel: 'GRADE' })];
    const runs = new FakeRuns();
    runs.create('run-1', ['guardians', 'students']);
    const staging = new FakeStaging();
    const ctx = runContextOf({ mappings, source, staging, runs, target: new LoggingTarget(), pushBatchSize: 1, pushInFlight: 2 });
    expect(await executeRun(ctx, 'run-1', { dryRun: false, entities: ['guardians', 'students'], signal: new AbortController().signal })).toBe('Completed');
    const lastGuardianAnswer = log.lastIndexOf('answer guardians');
    const firstStudentSend = log.findIndex((l) => l.startsWith('send students'));
    expect(lastGuardianAnswer).toBeLessThan(firstStudentSend);
    expect(log).toContain('send guardians 2'); // it did pipeline
    expect(log.some((l) => /send \w+ [3-9]/.test(l))).toBe(false);
    expect(runs.get('run-1').counters).toMatchObject({ created: 9, failed: 0 });
    expect(staging.receipts.map((r) => r.externalId)).toEqual(['G1', 'G2', 'G3', 'G4', 'G5', 'P1', 'P2', 'P3', 'P4']);
    expect(runs.get('run-1').reconciliation.every((l) => l.mismatches === 0)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { noPersonCrosswalk } from '../../../src/main/engine/pipeline/person-crosswalk';
import { checkPlan, planFields, runPlan, type EntityPlan } from '../../../src/main/engine/pipeline/plan-executor';
import { planEntity } from '../../../src/main/engine/pipeline/run-plan';
import { defineStage, planned, type PlanEnv, type RecordRow } from '../../../src/main/engine/pipeline/stages/stage';
import { loadTargetContract } from '../../../src/academia-api/contract';
import { FakeSource, FakeStaging, mappingOf, stageContextOf, streamOf } from '../../support/fake-run';

const contract = loadTargetContract('v1');
const mapping = mappingOf('guardians', 'CONTACTS', ['ID'], { firstName: 'FIRST', lastName: 'LAST' });
const env: PlanEnv = { contract, catalog: () => [streamOf('CONTACTS', ['ID', 'FIRST', 'LAST'])] };
const options = { readBatchSize: 2, pushBatchSize: 2 };
const kinds = (plan: EntityPlan) => plan.stages.map((s) => s.stage.kind);

describe('the plan of an entity', () => {
  it('is the same plan for a run, a dry run and a preview, with another tail', () => {
    const run = planEntity(mapping, { kind: 'run' }, options);
    const dry = planEntity(mapping, { kind: 'dry-run' }, options);
    const preview = planEntity(mapping, { kind: 'preview', limit: 10 }, options);
    expect(kinds(run)).toEqual(['read', 'map', 'exclude', 'merge-people', 'validate', 'stage', 'preimage', 'push', 'reconcile']);
    expect(kinds(dry)).toEqual(['read', 'map', 'exclude', 'merge-people', 'validate', 'stage', 'predict', 'reconcile']);
    expect(kinds(preview)).toEqual(['read', 'map', 'exclude', 'merge-people', 'validate', 'collect']);
    const body = run.stages.slice(0, 5);
    expect(dry.stages.slice(0, 5)).toEqual(body);
    expect(preview.stages.slice(0, 5)).toEqual(body);
    expect(dry.stages.slice(4, 5)).toEqual(run.stages.slice(4, 5));
  });

  it('computes every stage’s output shape without running anything', () => {
    const shapes = planFields(planEntity(mapping, { kind: 'run' }, options), env);
    expect(shapes.map((s) => [s.stage, s.shape.fields.map((f) => f.name).join(',')])).toEqual([
      ['read', 'ID,FIRST,LAST'],
      ['map', 'externalId,firstName,lastName'],
      ['exclude', 'externalId,firstName,lastName'],
      ['merge-people', 'externalId,firstName,lastName'],
      ['validate', 'externalId,firstName,lastName'],
      ['stage', 'externalId,firstName,lastName'],
      ['preimage', 'externalId,firstName,lastName'],
      ['push', 'externalId,status,targetId,version'],
      ['reconcile', 'entity,source,staged,rejected,pushed,target,mismatches,filtered,merged,readBack,checksumMismatches,sourceChecksum,targetChecksum'],
    ]);
  });

  it('checks each stage against what the stages before it produce', () => {
    expect(checkPlan(planEntity(mapping, { kind: 'run' }, options), env)).toEqual([]);
    const broken = mappingOf('guardians', 'CONTACTS', ['ID'], { firstName: 'FORENAME' });
    expect(checkPlan(planEntity(broken, { kind: 'run' }, { readBatchSize: 2, pushBatchSize: 900 }), env).map((r) => `${r.stage} ${r.place} ${r.level}`)).toEqual([
      'map field firstName error',
      'validate field lastName warning',
      'push settings.batchSize error',
    ]);
  });
});

describe('the plan executor', () => {
  it('chains any stages by their contract alone, pulling batches from the last', async () => {
    const numbers = defineStage<{ upTo: number }, never, number>({
      kind: 'read',
      label: 'numbers',
      settings: z.object({ upTo: z.number().int() }),
      fields: () => ({ fields: [{ name: 'n', type: 'integer', origin: 'read' }] }),
      check: () => [],
      async *process(_input, { upTo }) {
        for (let n = 1; n <= upTo; n++) yield { rows: [n], bad: [] };
      },
    });
    const odd = defineStage<Record<string, never>, number, number>({
      kind: 'validate',
      label: 'odd only',
      settings: z.object({}),
      fields: (_s, input) => input,
      check: () => [],
      async *process(input) {
        for await (const b of input) yield { rows: b.rows.filter((n) => n % 2), bad: b.rows.filter((n) => !(n % 2)).map((n) => ({ stage: 'validate' as const, externalId: String(n), sourceRow: n, errors: [{ field: null, message: 'even' }], row: {} })) };
      },
    });
    const out = await runPlan<number>({ entity: 'numbers', stages: [planned(numbers, { upTo: 5 }), planned(odd, {})] }, stageContextOf());
    expect(out.rows).toEqual([1, 3, 5]);
    expect(out.bad.map((b) => b.externalId)).toEqual(['2', '4']);
  });

  it('refuses settings that do not fit a stage, naming the stage and the place', async () => {
    const plan = planEntity(mapping, { kind: 'run' }, { readBatchSize: 0, pushBatchSize: 2 });
    await expect(runPlan(plan, stageContextOf())).rejects.toMatchObject({ code: 'RUN_FAILED', message: expect.stringContaining('read stage of guardians cannot run: settings.batchSize') });
  });

  it('runs a preview without writing anything and releases the source once it has enough', async () => {
    const rows = Array.from({ length: 9 }, (_, i) => ({ ID: `G${i + 1}`, FIRST: i === 1 ? null : 'Ann', LAST: 'Lee' }));
    const source = new FakeSource({ CONTACTS: rows });
    const staging = new FakeStaging();
    const ctx = stageContextOf({ source, staging });
    const out = await runPlan<RecordRow>(planEntity(mapping, { kind: 'preview', limit: 3 }, options), ctx);
    expect(out.rows.map((r) => r.externalId)).toEqual(['G1', 'G3']);
    expect(out.bad).toEqual([expect.objectContaining({ stage: 'validate', externalId: 'G2' })]);
    expect(source.batches.CONTACTS).toBe(2);
    expect(source.closes).toBe(1);
    expect(staging.staged.size + staging.rejects.length).toBe(0);
    expect(ctx.services.crosswalk).toBeDefined();
    expect(noPersonCrosswalk(contract).people('guardians')).toBeUndefined();
  });
});

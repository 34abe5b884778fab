import { describe, expect, it } from 'vitest';
import { validateStage } from '../../../../src/main/engine/pipeline/stages/validate/validate-stage';
import type { PlanEnv, RecordRow, RowShape } from '../../../../src/main/engine/pipeline/stages/stage';
import { loadTargetContract } from '../../../../src/academia-api/contract';
import { batchesOf, collect, stageContextOf } from '../../../support/fake-run';

const env: PlanEnv = { contract: loadTargetContract('v1'), catalog: () => null };
const shapeOf = (...names: string[]): RowShape => ({ fields: names.map((name) => ({ name, type: 'string', origin: 'map' })) });

describe('validate stage', () => {
  it('passes the shape through and warns about required fields nothing feeds', () => {
    expect(validateStage.fields({ entity: 'guardians' }, shapeOf('externalId'), env)).toEqual(shapeOf('externalId'));
    expect(validateStage.check({ entity: 'guardians' }, shapeOf('externalId', 'firstName', 'lastName'), env)).toEqual([]);
    expect(validateStage.check({ entity: 'guardians' }, shapeOf('externalId', 'firstName'), env)).toEqual([expect.objectContaining({ level: 'warning', place: 'field lastName' })]);
    expect(validateStage.check({ entity: 'pets' }, shapeOf('externalId'), env)).toEqual([expect.objectContaining({ level: 'error', place: 'settings.entity' })]);
    expect(validateStage.check({} as { entity: string }, shapeOf(), env)).toEqual([expect.objectContaining({ place: 'settings.entity' })]);
  });

  it('sends a record the target schema refuses on as bad under stage validate, with every problem', async () => {
    const good: RecordRow = { sourceRow: 1, row: { ID: 'G1' }, externalId: 'G1', record: { externalId: 'G1', firstName: 'Ann', lastName: 'Lee' } };
    const bad: RecordRow = { sourceRow: 2, row: { ID: 'G2' }, externalId: 'G2', record: { externalId: 'G2', email: 'not an address' } };
    const out = await collect<RecordRow>(validateStage.process(batchesOf({ rows: [good, bad] }), { entity: 'guardians' }, stageContextOf()));
    expect(out.rows).toEqual([good]);
    expect(out.bad).toHaveLength(1);
    expect(out.bad[0]).toMatchObject({ stage: 'validate', externalId: 'G2', sourceRow: 2, row: { ID: 'G2' } });
    expect(out.bad[0].errors.map((e) => e.field).sort()).toEqual(['email', 'firstName', 'lastName']);
  });
});

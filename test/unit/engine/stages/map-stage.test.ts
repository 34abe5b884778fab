import { describe, expect, it } from 'vitest';
import { mapStage } from '../../../../src/main/engine/pipeline/stages/map/map-stage';
import { EMPTY_SHAPE, type PlanEnv, type RecordRow, type RowShape } from '../../../../src/main/engine/pipeline/stages/stage';
import { loadTargetContract } from '../../../../src/academia-api/contract';
import { batchesOf, collect, mappingOf, stageContextOf } from '../../../support/fake-run';

const contract = loadTargetContract('v1');
const env: PlanEnv = { contract, catalog: () => null };
const mapping = mappingOf('guardians', 'CONTACTS', ['ID'], { firstName: 'FIRST', lastName: 'LAST', phone: 'TEL' }, { skipWhen: [{ column: 'KIND', values: ['X'] }] });
const columns: RowShape = { fields: ['ID', 'FIRST', 'LAST', 'TEL', 'KIND'].map((name) => ({ name, type: 'string', origin: 'read' })) };

describe('map stage', () => {
  it('outputs externalId and the mapped fields, typed from the target', () => {
    expect(mapStage.fields({ mapping }, columns, env).fields).toEqual([
      { name: 'externalId', type: 'string', origin: 'map' },
      { name: 'firstName', type: 'string', origin: 'map' },
      { name: 'lastName', type: 'string', origin: 'map' },
      { name: 'phone', type: 'string', origin: 'map' },
    ]);
    expect(mapStage.fields({ mapping }, columns, { contract: null, catalog: () => null }).fields[1]).toEqual({ name: 'firstName', type: 'unknown', origin: 'map' });
  });

  it('checks the mapping against the columns that come in and the target entity', () => {
    expect(mapStage.check({ mapping }, columns, env)).toEqual([]);
    const broken = mappingOf('guardians', 'CONTACTS', [], { firstName: 'FORENAME', nickname: 'FIRST' }, { skipWhen: [{ column: 'GONE', values: ['X'] }] });
    expect(mapStage.check({ mapping: broken }, columns, env).map((r) => [r.level, r.place])).toEqual([
      ['error', 'settings.mapping.keyColumns'],
      ['error', 'field firstName'],
      ['error', 'field nickname'],
      ['warning', 'settings.mapping.skipWhen'],
    ]);
    expect(mapStage.check({ mapping: { ...mapping, entity: 'pets' } }, EMPTY_SHAPE, env)).toEqual([expect.objectContaining({ place: 'settings.mapping.entity' })]);
    expect(mapStage.check({ mapping: { ...mapping, keyColumns: 'ID' as unknown as string[] } }, columns, env)).toEqual([expect.objectContaining({ level: 'error', place: 'settings.mapping.keyColumns' })]);
  });

  it('maps rows, counts skipped ones, and sends a failed row on as bad under stage transform', async () => {
    const dated = mappingOf('guardians', 'CONTACTS', ['ID'], { firstName: 'FIRST', lastName: 'LAST', phone: [{ kind: 'parseDate', formats: ['yyyy-MM-dd'] }] }, { skipWhen: mapping.skipWhen });
    const upstream = { stage: 'validate' as const, externalId: 'G0', sourceRow: 1, errors: [], row: {} };
    const ctx = stageContextOf();
    const out = await collect<RecordRow>(
      mapStage.process(
        batchesOf({
          rows: [
            { sourceRow: 2, row: { ID: ' G1 ', FIRST: 'Ann', LAST: 'Lee', phone: '2020-01-02', KIND: 'P' } },
            { sourceRow: 3, row: { ID: 'G2', FIRST: 'Bo', LAST: 'Ray', phone: null, KIND: 'X' } },
            { sourceRow: 4, row: { ID: 'G3', FIRST: 'Cy', LAST: 'Orr', phone: 'soon', KIND: 'P' } },
          ],
          bad: [upstream],
        }),
        { mapping: dated },
        ctx,
      ),
    );
    expect(out.rows).toEqual([{ sourceRow: 2, row: expect.objectContaining({ ID: ' G1 ' }), externalId: 'G1', record: { externalId: 'G1', firstName: 'Ann', lastName: 'Lee', phone: '2020-01-02' }, keep: ['ID', 'FIRST', 'LAST', 'phone', 'KIND'] }]);
    expect(ctx.counters.skipped).toBe(1);
    expect(out.bad[0]).toBe(upstream);
    expect(out.bad[1]).toMatchObject({ stage: 'transform', externalId: 'G3', sourceRow: 4, record: { externalId: 'G3', firstName: 'Cy', lastName: 'Orr' }, errors: [{ field: 'phone', code: 'TRANSFORM_FAILED' }], keep: ['ID', 'FIRST', 'LAST', 'phone', 'KIND'] });
  });
});

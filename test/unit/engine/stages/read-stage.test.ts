import { describe, expect, it } from 'vitest';
import { readStage, type ReadSettings } from '../../../../src/main/engine/pipeline/stages/read/read-stage';
import { EMPTY_SHAPE, type PlanEnv, type SourceRow } from '../../../../src/main/engine/pipeline/stages/stage';
import { batchesOf, collect, FakeSource, stageContextOf, streamOf } from '../../../support/fake-run';

const settings: ReadSettings = { connectionId: 'conn-1', stream: 'CONTACTS', batchSize: 2 };
const env = (catalog: ReturnType<typeof streamOf>[] | null): PlanEnv => ({ contract: null, catalog: () => catalog });
const rows = [{ ID: '1' }, { ID: '2' }, { ID: '3' }];

describe('read stage', () => {
  it('takes its output shape from the saved catalog, without reading', () => {
    expect(readStage.fields(settings, EMPTY_SHAPE, env([streamOf('CONTACTS', ['ID', 'NAME'])]))).toEqual({
      fields: [
        { name: 'ID', type: 'string', origin: 'read' },
        { name: 'NAME', type: 'string', origin: 'read' },
      ],
    });
    expect(readStage.fields(settings, EMPTY_SHAPE, env(null))).toEqual({ fields: [] });
  });

  it('checks its settings and the stream, each remark with its place', () => {
    expect(readStage.check({ ...settings, batchSize: 0 }, EMPTY_SHAPE, env(null))).toEqual([expect.objectContaining({ level: 'error', stage: 'read', place: 'settings.batchSize' })]);
    expect(readStage.check(settings, EMPTY_SHAPE, env([streamOf('PUPILS', ['ID'])]))).toEqual([expect.objectContaining({ level: 'error', place: 'settings.stream' })]);
    expect(readStage.check(settings, EMPTY_SHAPE, env(null))).toEqual([expect.objectContaining({ level: 'info', place: 'settings.connectionId' })]);
    expect(readStage.check(settings, EMPTY_SHAPE, env([streamOf('CONTACTS', ['ID'])]))).toEqual([]);
  });

  it('streams numbered rows in batches, counts them, begins the step with its estimate and closes the source', async () => {
    const source = new FakeSource({ CONTACTS: rows });
    const ctx = stageContextOf({ source });
    const out = await collect<SourceRow>(readStage.process(batchesOf(), settings, ctx));
    expect(out.batches).toBe(2);
    expect(out.rows.map((r) => [r.sourceRow, r.row.ID])).toEqual([
      [1, '1'],
      [2, '2'],
      [3, '3'],
    ]);
    expect(ctx.counters.read).toBe(3);
    expect(ctx.begun).toEqual([3]);
    expect(ctx.logged).toEqual([{ level: 'info', message: 'Reading 3 rows from CONTACTS.' }]);
    expect(source.reads).toEqual(['CONTACTS']);
    expect(source.closes).toBe(1);
  });

  it('closes the source when the consumer stops early or the source fails', async () => {
    const source = new FakeSource({ CONTACTS: rows });
    for await (const _ of readStage.process(batchesOf(), settings, stageContextOf({ source }))) break;
    expect(source.closes).toBe(1);
    source.failAfterBatches = 1;
    await expect(collect(readStage.process(batchesOf(), settings, stageContextOf({ source })))).rejects.toThrow('The source went away.');
    expect(source.closes).toBe(2);
  });

  it('stops with CANCELLED once the run is cancelled', async () => {
    const controller = new AbortController();
    const source = new FakeSource({ CONTACTS: rows });
    const stream = readStage.process(batchesOf(), settings, stageContextOf({ source, signal: controller.signal }));
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    controller.abort();
    // The fake source stops at the signal; a source that does not is stopped by the stage.
    const rest = await iterator.next();
    expect(rest.done).toBe(true);
    const stubborn = new FakeSource({ CONTACTS: rows });
    stubborn.read = async function* () {
      yield rows;
    };
    await expect(collect(readStage.process(batchesOf(), settings, stageContextOf({ source: stubborn, signal: controller.signal })))).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(stubborn.closes).toBe(1);
  });
});

describe('read stage over a file source', () => {
  it('estimates a CSV from its size instead of parsing it a second time to count it', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createCsvConnector } = await import('../../../../src/main/engine/connectors/files/create-file-connectors');
    const dir = mkdtempSync(join(tmpdir(), 'read-stage-'));
    try {
      const file = join(dir, 'pupils.csv');
      writeFileSync(file, 'ID,NAME\n' + Array.from({ length: 5000 }, (_, i) => `${i + 1},Pupil ${i + 1}`).join('\n') + '\n');
      const connector = createCsvConnector({ path: file }, null);
      let counts = 0;
      const count = connector.count.bind(connector);
      connector.count = (stream: string) => {
        counts++;
        return count(stream);
      };
      const stream = (await connector.discover())[0].name;
      const ctx = stageContextOf({ source: connector });
      const out = await collect<SourceRow>(readStage.process(batchesOf(), { connectionId: 'conn-1', stream, batchSize: 1000 }, ctx));
      expect(out.rows).toHaveLength(5000);
      expect(counts).toBe(0);
      expect(ctx.begun).toHaveLength(1);
      expect(ctx.begun[0]).toBeGreaterThan(4000);
      expect(ctx.begun[0]).toBeLessThan(6000);
      expect(ctx.logged[0].message).toMatch(/^Reading about [\d,]+ rows from /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

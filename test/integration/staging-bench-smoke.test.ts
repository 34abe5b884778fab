import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsvConnector } from '../../src/main/engine/connectors/files/create-file-connectors';
import { SqliteConnector } from '../../src/main/engine/connectors/sqlite/sqlite-connector';
import { papaparseLoop, prepareStagingSource, rawInsertLoop, stageThroughPlan } from '../support/staging-scenario';
import { tempDir } from '../support/temp-dir';

/** A small version of bench/staging.bench.ts: the same work, no timing asserted. */
describe('staging benchmark (smoke)', () => {
  let dir: ReturnType<typeof tempDir>;
  let source: Awaited<ReturnType<typeof prepareStagingSource>>;
  beforeAll(async () => {
    dir = tempDir();
    source = await prepareStagingSource(dir.path, 3000, 1000);
  }, 60_000);
  afterAll(() => dir.cleanup());

  it('stages the scaled demo PUPILS from SQLite and from CSV alike, and the raw loops see the same rows', async () => {
    const raw = rawInsertLoop(source.dbFile, join(dir.path, 'raw.db'));
    expect(raw.rows).toBe(3000);
    const db = await stageThroughPlan(join(dir.path, 'db.apstudio'), new SqliteConnector(source.dbFile), 'PUPILS');
    expect(db.counters.read).toBe(3000);
    expect(db.staged + db.counters.rejected + db.counters.skipped).toBe(3000);
    expect(db.staged).toBeGreaterThan(2500);

    const papa = await papaparseLoop(source.csvFile);
    expect(papa.rows).toBe(3000);
    const csv = createCsvConnector({ path: source.csvFile }, null);
    const stream = (await csv.discover())[0].name;
    const viaCsv = await stageThroughPlan(join(dir.path, 'csv.apstudio'), csv, stream);
    expect(viaCsv.counters).toEqual(db.counters);
    expect(viaCsv.staged).toBe(db.staged);
  }, 60_000);
});

import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReadOptions, Row, SourceConnector } from '../../../../src/main/engine/connectors/connector';
import { runPlan } from '../../../../src/main/engine/pipeline/plan-executor';
import { fanOutStage } from '../../../../src/main/engine/pipeline/stages/fan-out/fan-out-stage';
import { filterStage } from '../../../../src/main/engine/pipeline/stages/filter/filter-stage';
import { joinStage, type JoinSettings } from '../../../../src/main/engine/pipeline/stages/join/join-stage';
import { readStage } from '../../../../src/main/engine/pipeline/stages/read/read-stage';
import { planned, type Batch, type SourceRow } from '../../../../src/main/engine/pipeline/stages/stage';
import { JoinIndexRepo } from '../../../../src/main/engine/project/join-index-repo';
import { createProjectFile } from '../../../../src/main/engine/project/project-file';
import { FakeSource, stageContextOf } from '../../../support/fake-run';
import { tempDir } from '../../../support/temp-dir';

/** A source whose rows are made as they are read, so the test's own memory stays flat. */
class GeneratedSource implements SourceConnector {
  readonly kind = 'csv' as const;
  constructor(private readonly tables: Record<string, { count: number; row(i: number): Row }>) {}
  async check() {
    return { ok: true, message: 'ok' } as Awaited<ReturnType<SourceConnector['check']>>;
  }
  async discover() {
    return [];
  }
  async count(stream: string) {
    return this.tables[stream].count;
  }
  async *read(stream: string, options: ReadOptions): AsyncIterable<Row[]> {
    const t = this.tables[stream];
    for (let i = 0; i < t.count; i += options.batchSize) {
      const rows: Row[] = [];
      for (let j = i; j < Math.min(t.count, i + options.batchSize); j++) rows.push(t.row(j));
      yield rows;
    }
  }
  async sample() {
    return [];
  }
  async close() {}
}

/**
 * A full garbage collection on demand, so RSS measures what is held rather than garbage the heap
 * has not collected yet (Node's documented way to reach `gc` without --expose-gc on the command line).
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const dir = tempDir();
const file = createProjectFile(join(dir.path, 'join.apstudio'), 'test', { name: 'join test' });
const index = new JoinIndexRepo(file.db);
afterAll(() => {
  file.close();
  dir.cleanup();
});

const joinSettings = (over: Partial<JoinSettings> = {}): JoinSettings => ({ joinId: 'pupils:family', connectionId: 'c', stream: 'FAMILIES', as: 'family', on: [{ column: 'FAMILY_ID', joinColumn: 'FAMILY_ID' }], kind: 'left', match: 'one', batchSize: 2, ...over });

function contextWith(source: SourceConnector) {
  const ctx = stageContextOf();
  ctx.services.openSource = async () => source;
  ctx.services.joinIndex = index;
  return ctx;
}

describe('the join stage', () => {
  const tables = {
    PUPILS: [
      { PUPIL_NO: 1, FAMILY_ID: 10 },
      { PUPIL_NO: 2, FAMILY_ID: ' 10' },
      { PUPIL_NO: 3, FAMILY_ID: 11 },
      { PUPIL_NO: 4, FAMILY_ID: 99 },
      { PUPIL_NO: 5, FAMILY_ID: null },
    ],
    FAMILIES: [
      { FAMILY_ID: '10', CONSENT: 'Y' },
      { FAMILY_ID: 11, CONSENT: 'N' },
      { FAMILY_ID: 11, CONSENT: 'Y' },
    ],
  };
  const plan = (settings: JoinSettings) => ({ entity: 'students', stages: [planned(readStage, { connectionId: 'c', stream: 'PUPILS', batchSize: 2 }), planned(joinStage, settings)] });

  it('left: keys meet as trimmed text; missing keys keep their row with empty columns; a duplicate lookup key rejects the row', async () => {
    const ctx = contextWith(new FakeSource(tables));
    const out = await runPlan<SourceRow>(plan(joinSettings()), ctx);
    expect(out.rows.map((r) => [r.row.PUPIL_NO, r.row['family.CONSENT']])).toEqual([
      [1, 'Y'],
      [2, 'Y'],
      [4, null],
      [5, null],
    ]);
    expect(out.rows[2].row).toHaveProperty('family.FAMILY_ID', null);
    expect(out.bad).toEqual([expect.objectContaining({ sourceRow: 3, stage: 'transform', errors: [expect.objectContaining({ code: 'JOIN_AMBIGUOUS' })] })]);
    // The index is gone once the stage ends.
    expect(file.db.prepare('SELECT count(*) FROM join_index').pluck().get()).toBe(0);
  });

  it('inner with many matches: one row per match, rows without a match left out and counted', async () => {
    const ctx = contextWith(new FakeSource(tables));
    const out = await runPlan<SourceRow>(plan(joinSettings({ kind: 'inner', match: 'many' })), ctx);
    expect(out.rows.map((r) => [r.sourceRow, r.row['family.CONSENT']])).toEqual([
      [1, 'Y'],
      [2, 'Y'],
      [3, 'N'],
      [3, 'Y'],
    ]);
    expect(ctx.counters.skipped).toBe(2);
    expect(ctx.logged.some((l) => /2 row\(s\) found no match in FAMILIES: left out/.test(l.message))).toBe(true);
  });

  it('filters count what they leave out under their label, and fan-out makes a row per branch', async () => {
    const ctx = contextWith(new FakeSource(tables));
    const filtered = await runPlan<SourceRow>(
      {
        entity: 'students',
        stages: [
          planned(readStage, { connectionId: 'c', stream: 'PUPILS', batchSize: 2 }),
          planned(joinStage, joinSettings({ match: 'many' })),
          planned(filterStage, { filters: [{ column: 'family.CONSENT', op: 'notEquals', values: ['n'], label: 'consent withheld' }] }),
        ],
      },
      ctx,
    );
    expect(filtered.rows.map((r) => r.row.PUPIL_NO)).toEqual([1, 2, 3, 4, 5]);
    expect(ctx.counters.skipped).toBe(1);
    expect(ctx.logged.some((l) => l.message.includes('consent withheld: 1'))).toBe(true);

    const parents = new FakeSource({
      PUPILS: [
        { PUPIL_NO: 1, MOTHER_NAME: 'Sarah', FATHER_NAME: 'Tom' },
        { PUPIL_NO: 2, MOTHER_NAME: 'Ana', FATHER_NAME: '  ' },
      ],
    });
    const fanCtx = contextWith(parents);
    const fanned = await runPlan<SourceRow>(
      {
        entity: 'guardians',
        stages: [
          planned(readStage, { connectionId: 'c', stream: 'PUPILS', batchSize: 10 }),
          planned(fanOutStage, {
            branches: [
              { name: 'mother', columns: { MOTHER_NAME: 'NAME' }, constants: { RELATION: 'mother' }, requireColumn: 'MOTHER_NAME' },
              { name: 'father', columns: { FATHER_NAME: 'NAME' }, constants: { RELATION: 'father' }, requireColumn: 'FATHER_NAME' },
            ],
          }),
        ],
      },
      fanCtx,
    );
    expect(fanned.rows.map((r) => [r.sourceRow, r.row['fanOut.branch'], r.row.NAME, r.row.RELATION])).toEqual([
      [1, 'mother', 'Sarah', 'mother'],
      [1, 'father', 'Tom', 'father'],
      [2, 'mother', 'Ana', 'mother'],
    ]);
    expect(fanCtx.counters.skipped).toBe(1);
  });

  it('fan-out adds its columns to known ones, and leaves unknown columns unknown rather than hide the stream\'s own', () => {
    const settings = { branches: [{ name: 'AM', columns: { AM: 'MARK' }, constants: { SESSION: 'Morning' } }] };
    const env = {} as Parameters<typeof fanOutStage.fields>[2];
    expect(fanOutStage.fields(settings, { fields: [] }, env).fields).toEqual([]);
    const known = fanOutStage.fields(settings, { fields: [{ name: 'PUPIL_NO', type: 'string', origin: 'read' }, { name: 'AM', type: 'string', origin: 'read' }] }, env);
    expect(known.fields.map((f) => f.name)).toEqual(['PUPIL_NO', 'AM', 'MARK', 'SESSION', 'fanOut.branch']);
  });

  it('joins 100,000 rows onto 100,000 with bounded memory: the index is in the project file, not the heap', async () => {
    const payload = 'x'.repeat(800);
    /** Joins n driving rows onto n joined rows (~800 bytes each, keyed in reverse, every 1000th driving key missing); returns the peak RSS. */
    const joinOf = async (n: number) => {
      const source = new GeneratedSource({
        PUPILS: { count: n, row: (i) => ({ PUPIL_NO: i, FAMILY_ID: i % 1000 === 0 ? -1 : n - 1 - i }) },
        FAMILIES: { count: n, row: (i) => ({ FAMILY_ID: i, NOTE: `${i}:${payload}` }) },
      });
      const ctx = contextWith(source);
      gc();
      let peak = process.memoryUsage().rss;
      let batches = 0;
      let rows = 0;
      let misses = 0;
      let wrong = 0;
      const stream = joinStage.process(readStage.process(empty(), { connectionId: 'c', stream: 'PUPILS', batchSize: 1000 }, ctx), joinSettings({ batchSize: 1000 }), ctx);
      for await (const batch of stream) {
        for (const r of batch.rows) {
          rows++;
          const note = r.row['family.NOTE'];
          if (note === null) misses++;
          else if (!String(note).startsWith(`${n - 1 - (r.row.PUPIL_NO as number)}:`)) wrong++;
        }
        if (++batches % 10 === 0) {
          gc();
          peak = Math.max(peak, process.memoryUsage().rss);
        }
      }
      expect({ rows, misses, wrong }).toEqual({ rows: n, misses: n / 1000, wrong: 0 });
      expect(file.db.prepare('SELECT count(*) FROM join_index').pluck().get()).toBe(0);
      return peak;
    };
    // A first, smaller join (20 MB, more than SQLite's 16 MB page cache) warms the cache and the heap; memory that is bounded does not grow with the rows after that.
    const small = await joinOf(25_000);
    const large = await joinOf(100_000);
    const growthMb = (large - small) / 2 ** 20;
    const extraDataMb = (75_000 * payload.length) / 2 ** 20;
    console.log(`join 25k → 100k rows: peak RSS ${(small / 2 ** 20).toFixed(0)} → ${(large / 2 ** 20).toFixed(0)} MB (+${growthMb.toFixed(1)} MB for ${extraDataMb.toFixed(0)} MB more joined data)`);
    // An in-memory map would hold every joined row: at least the extra ~57 MB.
    expect(growthMb).toBeLessThan(extraDataMb / 3);
  }, 60_000);
});

// eslint-disable-next-line require-yield -- the empty stream a head stage is given
async function* empty(): AsyncGenerator<Batch<never>> {
  return;
}

import { describe, expect, it } from 'vitest';
import { RerunSelection } from '../../../src/main/engine/pipeline/rerun/rerun-selection';
import { correctStage } from '../../../src/main/engine/pipeline/stages/correct/correct-stage';
import { selectRejectsStage } from '../../../src/main/engine/pipeline/stages/select-rejects/select-rejects-stage';
import type { Batch, RecordRow, SourceRow, StageContext } from '../../../src/main/engine/pipeline/stages/stage';
import type { EntityMapping } from '../../../src/shared/model/mapping';
import { emptyCounters } from '../../../src/shared/model/counters';

const mapping = { id: 'm', entity: 'students', connectionId: 'c', stream: 'PUPILS', keyColumns: ['NO'], fields: [] } as unknown as EntityMapping;

function context(): StageContext {
  return { runId: 'r', entity: 'students', signal: new AbortController().signal, counters: emptyCounters(), services: {} as StageContext['services'], now: () => new Date(0), log: () => undefined, progress: () => undefined, begin: () => undefined };
}

async function* once<T>(batch: Batch<T>): AsyncIterable<Batch<T>> {
  yield batch;
}

async function all<T>(it: AsyncIterable<Batch<T>>): Promise<Batch<T>> {
  const out: Batch<T> = { rows: [], bad: [] };
  for await (const b of it) {
    out.rows.push(...b.rows);
    out.bad.push(...b.bad);
  }
  return out;
}

describe('a re-run’s selection and corrections', () => {
  const selection = () =>
    new RerunSelection('students', mapping, [
      { id: 1, stage: 'validate', key: '7', sourceRow: 2, corrections: [{ field: 'birthDate', value: '2012-01-02' }] },
      { id: 2, stage: 'transform', key: '9', sourceRow: 3, corrections: [{ field: 'birthDate', value: '2011-05-06' }] },
      { id: 3, stage: 'transform', key: '11', sourceRow: 4, corrections: [{ field: 'email', value: 'a@b.org' }] },
      { id: 4, stage: 'target', key: '12', sourceRow: null, corrections: [] },
    ]);

  it('lets through only the rejected rows, found by row number or by key, and counts only them as read', async () => {
    const s = selection();
    const ctx = context();
    const rows: SourceRow[] = [1, 2, 3, 4, 5].map((n) => ({ sourceRow: n, row: { NO: String(n === 5 ? 12 : n * 10) } }));
    ctx.counters.read = rows.length;
    const out = await all(selectRejectsStage.process(once({ rows, bad: [] }), { selection: s }, ctx));
    expect(out.rows.map((r) => r.sourceRow)).toEqual([2, 3, 4, 5]);
    expect(ctx.counters.read).toBe(4);
  });

  it('puts the corrected values in, and lets a transform reject go on once every field it failed on is corrected', async () => {
    const s = selection();
    const good: RecordRow = { sourceRow: 2, row: { NO: '7' }, externalId: '7', record: { externalId: '7', firstName: 'A' } };
    const batch: Batch<RecordRow> = {
      rows: [good],
      bad: [
        { stage: 'transform', externalId: '9', sourceRow: 3, errors: [{ field: 'birthDate', message: 'not a date', code: 'TRANSFORM_FAILED' }], row: { NO: '9' }, record: { externalId: '9', firstName: 'B' } },
        { stage: 'transform', externalId: '11', sourceRow: 4, errors: [{ field: 'birthDate', message: 'not a date', code: 'TRANSFORM_FAILED' }], row: { NO: '11' }, record: { externalId: '11' } },
      ],
    };
    const out = await all(correctStage.process(once(batch), { selection: s }, context()));
    expect(out.rows.map((r) => r.record)).toEqual([
      { externalId: '7', firstName: 'A', birthDate: '2012-01-02' },
      { externalId: '9', firstName: 'B', birthDate: '2011-05-06' },
    ]);
    // Its email was corrected, but its birth date still fails: it stays rejected with that reason.
    expect(out.bad).toHaveLength(1);
    expect(out.bad[0].errors).toEqual([{ field: 'birthDate', message: 'not a date', code: 'TRANSFORM_FAILED' }]);
    expect([...s.found]).toEqual([
      [1, '7'],
      [2, '9'],
      [3, '11'],
    ]);
  });
});

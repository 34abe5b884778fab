import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { AssessmentResult } from '../../../src/shared/model/assessment';
import { tempDir } from '../../support/temp-dir';
import { ASSESS_COLUMNS, assessBenchMarkdown, assessWhole, createPupilsDatabase, DUPLICATE_EVERY, profileOnly, rawScan } from './assess-bench-workload';

const ROWS = 10_000;
const pairs = (r: AssessmentResult) => r.duplicates.map((d) => `${d.left}|${d.right}|${d.score}|${d.cluster}|${d.reasons.join(';')}`).sort();

/** The `assess` benchmark in miniature: the same workload and code paths, no timing assertions. */
describe('the assess benchmark, in miniature (10k pupils)', () => {
  const tmp = tempDir('apstudio-assess-bench-smoke-');
  const file = join(tmp.path, 'pupils.sqlite');
  let inMemory: AssessmentResult;

  beforeAll(async () => {
    createPupilsDatabase(file, ROWS);
    inMemory = await assessWhole(file);
  }, 60_000);
  afterAll(() => tmp.cleanup());

  it('writes 20 columns, and the raw scan and the profiler read every row', async () => {
    expect(rawScan(file)).toBe(ROWS);
    expect(await profileOnly(file)).toBe(ROWS);
    expect(inMemory.profiles.filter((p) => p.table === 'PUPILS')).toHaveLength(ASSESS_COLUMNS);
  });

  it('assesses the whole table and finds the planted second registrations', () => {
    const planted = Math.floor(ROWS / DUPLICATE_EVERY);
    const found = inMemory.findings.find((f) => f.code === 'DUPLICATE_PERSON');
    expect(found?.count).toBeGreaterThanOrEqual(planted);
    // Every planted pair (row n registers the pupil of row n − 37; keys are the IDs) is among the candidates.
    const candidates = new Set(inMemory.duplicates.map((d) => `${d.left}|${d.right}`));
    for (let n = DUPLICATE_EVERY; n <= ROWS; n += DUPLICATE_EVERY) expect(candidates.has(`${n - 37}|${n}`)).toBe(true);
  });

  it('spilled to disk under a tiny memory budget, finds exactly the same duplicates and clusters', async () => {
    const spilled = await assessWhole(file, { peopleInMemory: 300 });
    expect(pairs(spilled)).toEqual(pairs(inMemory));
    expect(spilled.findings.filter((f) => f.code === 'DUPLICATE_PERSON')).toEqual(inMemory.findings.filter((f) => f.code === 'DUPLICATE_PERSON'));
  }, 60_000);

  it('prints a markdown row with the ratios, the load and the memory', () => {
    const md = assessBenchMarkdown({ rows: ROWS, columns: 20, rawMs: 10, profileMs: 20, assessMs: 50, assessRatio: 0.2, profileRatio: 0.5, rawCpuMs: 10, profileCpuMs: 20, assessCpuMs: 50, duplicates: 1, memory: [{ rows: ROWS, ms: 50, peakRssMb: 100 }], machine: 'm', load: '1.0 → 1.0', date: '2026-12-07 11:00' });
    expect(md.split('\n')).toHaveLength(3);
    expect(md).toContain('10,000 × 20');
    expect(md).toContain('0.200× / 0.200×');
  });
});

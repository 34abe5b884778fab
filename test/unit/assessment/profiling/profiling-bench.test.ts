import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../support/temp-dir';
import { BENCH_COLUMNS, profilingBenchMarkdown, runProfilingBench, syntheticBatches } from './bench-workload';

describe('the profiling benchmark, in miniature', () => {
  const tmp = tempDir('apstudio-bench-smoke-');
  afterAll(() => tmp.cleanup());

  it('reads and profiles the same rows, measures memory at two sizes and prints a markdown row', async () => {
    const result = await runProfilingBench({ dir: tmp.path, rows: 3000, memoryRows: [2000, 6000], rounds: 1 });
    expect(result).toMatchObject({ rows: 3000, columns: 20 });
    expect(result.rawMs).toBeGreaterThan(0);
    expect(result.profileMs).toBeGreaterThan(0);
    expect(result.ratio).toBeCloseTo(result.rawMs / result.profileMs);
    expect(result.memory.map((m) => m.rows)).toEqual([2000, 6000]);
    for (const m of result.memory) expect(m.peakRssMb).toBeGreaterThan(0);
    const md = profilingBenchMarkdown(result);
    expect(md.split('\n')).toHaveLength(3);
    expect(md).toContain('3,000 × 20');
  });

  it('generates rows with the benchmark\'s twenty columns', () => {
    const [first] = syntheticBatches(5, 5);
    expect(first).toHaveLength(5);
    expect(Object.keys(first[0])).toHaveLength(BENCH_COLUMNS);
    expect(first[0]).toMatchObject({ ID: 1, PUPIL_NO: '0000001', SEX: 'F', ALLERGIES: 'Milk' });
  });
});

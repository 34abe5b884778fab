/**
 * Profiling benchmark (issue: Assessment): profile 1,000,000 rows × 20 columns from SQLite and
 * compare with a raw read of the same rows in the same run (goal: profiling throughput ≥ 0.5×
 * the raw read), then profile 1 million and 10 million generated rows and compare peak RSS
 * (goal: flat). Sizes: env BENCH_ROWS (default 1,000,000), BENCH_MEMORY_ROWS (default
 * "1000000,10000000"), BENCH_ROUNDS (default 2). Prints a markdown table row with the machine
 * and the date; docs/assessment.md keeps the figures.
 *
 * Run: npm run bench -- bench/profiling.bench.ts
 */
import { expect, it } from 'vitest';
import { profilingBenchMarkdown, runProfilingBench } from '../test/unit/assessment/profiling/bench-workload';
import { tempDir } from '../test/support/temp-dir';

it('profiles 1M rows × 20 columns at ≥ 0.5× a raw read, with flat memory from 1M to 10M rows', async () => {
  const tmp = tempDir('apstudio-bench-profiling-');
  try {
    const result = await runProfilingBench({
      dir: tmp.path,
      rows: Number(process.env.BENCH_ROWS ?? 1_000_000),
      memoryRows: (process.env.BENCH_MEMORY_ROWS ?? '1000000,10000000').split(',').map(Number),
      rounds: Number(process.env.BENCH_ROUNDS ?? 2),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(`\n${profilingBenchMarkdown(result)}\n\n`);
    expect(result.ratio).toBeGreaterThanOrEqual(0.5);
    const [small, large] = result.memory;
    if (small && large) expect(large.peakRssMb).toBeLessThan(small.peakRssMb * 1.5 + 64);
  } finally {
    tmp.cleanup();
  }
});

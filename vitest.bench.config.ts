import { defineConfig } from 'vitest/config';

// `npm run bench`: the benchmarks under bench/, run one file at a time (they measure throughput
// and memory, so they must not share the 2 cores), with generous time limits. Each benchmark
// prints a markdown row; docs/benchmarks.md records them with the machine and the date.
export default defineConfig({
  test: {
    name: 'bench',
    environment: 'node',
    include: ['bench/**/*.bench.ts'],
    fileParallelism: false,
    testTimeout: 3_600_000,
    hookTimeout: 600_000,
    globalSetup: ['test/support/global-setup.ts'],
  },
});

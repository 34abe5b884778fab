// The embedded sandbox's worker run from the TypeScript sources (a raw Worker cannot run .ts):
// jiti compiles src/main/hosts/sandbox-worker.ts on the fly, as it does for the benchmarks
// themselves. The hosts run the built out/main/sandbox-worker.js instead; the code is the same.
import { createJiti } from 'jiti';

const jiti = createJiti(import.meta.url);
await jiti.import('../../src/main/hosts/sandbox-worker.ts');

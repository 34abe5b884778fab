/**
 * Child process of the `assess` benchmark's memory measurement: assesses one file and prints
 * {ms, peakRssMb, duplicates} as JSON (peak RSS from the kernel's high-water mark).
 * Usage: jiti assess-bench-child.ts FILE [PEOPLE_IN_MEMORY]
 */
import { assessWhole, timed } from './assess-bench-workload';

const [file, inMemory] = process.argv.slice(2);
const t = await timed(() => assessWhole(file, { peopleInMemory: inMemory ? Number(inMemory) : undefined }));
const duplicates = t.value.findings.filter((f) => f.code === 'DUPLICATE_PERSON').reduce((s, f) => s + f.count, 0);
process.stdout.write(`${JSON.stringify({ ms: t.ms, peakRssMb: process.resourceUsage().maxRSS / 1024, duplicates })}\n`);

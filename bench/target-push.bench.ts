/**
 * Academia Pro push benchmark (issue 5): students and enrollments pushed to the local sandbox by
 * the studio's client.
 *
 *  (a) paced: the sandbox at 120 requests/min (env BENCH_LIMIT_PER_MINUTE) for at least 3 minutes
 *      (env BENCH_PACED_SECONDS, default 190: several one-minute windows); goal: records/s ≥ 0.95×
 *      what the limit allows (limit/60 × 500 records per request), with no burst of 429s (counted).
 *  (b) unthrottled: the client against a bare HTTP loop sending the same prepared batches, in the
 *      same run, interleaved (env BENCH_THROUGHPUT_BATCHES per entity, default 60); goal: client
 *      records/s ≥ 0.8× the bare loop's. (Ed-Fi's API Publisher reaches about 700 documents/s.)
 *  (c) faults: 10% 5xx, 5% timeouts, 2% resets injected (env BENCH_FAULTY_BATCHES per entity,
 *      default 30); goal: every record lands exactly once (the sandbox's records and the client's
 *      receipts agree one to one, every record at version 1).
 *
 * Prints markdown rows with the machine and the date; docs/benchmarks.md records them. Small
 * versions of (b) and (c) run in `npm test` (test/integration/target-push-smoke.test.ts).
 *
 * Run alone: npm run bench -- target-push
 */
import { cpus, totalmem } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runFaultyPush, runPacedPush, runThroughput } from '../test/unit/academia/push-scenarios';

const machine = `${cpus().length} × ${cpus()[0]?.model?.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const today = new Date().toISOString().slice(0, 10);
const log = (line: string) => process.stderr.write(`${line}\n`);
const n = (v: number, digits = 0) => v.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

describe('Academia Pro push benchmark', () => {
  it('(a) paces itself to the rate limit over several windows', async () => {
    const limitPerMinute = Number(process.env.BENCH_LIMIT_PER_MINUTE ?? 120);
    const seconds = Number(process.env.BENCH_PACED_SECONDS ?? 190);
    log(`(a) pushing for ${seconds} s at ${limitPerMinute} requests/min…`);
    const r = await runPacedPush({ limitPerMinute, durationMs: seconds * 1000, log });
    console.log(`\n| scenario | machine | date | requests | records | time | records/s | allowed records/s | ratio | over whole minutes | 429s |\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|`);
    console.log(
      `| (a) ${limitPerMinute} req/min, 500 per batch, students + enrollments | ${machine} | ${today} | ${n(r.requests)} | ${n(r.records)} | ${n(r.seconds, 1)} s | ${n(r.recordsPerSecond, 1)} | ${n(r.allowedPerSecond, 1)} | ${r.ratio.toFixed(3)}× | ${r.windows} min: ${n(r.windowRecordsPerSecond, 1)} records/s (${r.windowRatio.toFixed(3)}×) | ${r.rateLimited} |`,
    );
    expect(r.seconds).toBeGreaterThanOrEqual(180);
    expect(r.ratio).toBeGreaterThanOrEqual(0.95);
    expect(r.windowRatio).toBeGreaterThanOrEqual(0.95);
    expect(r.rateLimited).toBe(0);
  });

  it('(b) keeps up with a bare HTTP loop when nothing limits it', async () => {
    const batches = Number(process.env.BENCH_THROUGHPUT_BATCHES ?? 60);
    log(`(b) ${batches} batches of students and of enrollments, client and bare loop interleaved…`);
    const r = await runThroughput({ batches });
    console.log(`\n| scenario | machine | date | records (each side) | bare loop | client | ratio (client / bare) |\n|---|---|---|---:|---:|---:|---:|`);
    console.log(`| (b) unlimited, 500 per batch, students + enrollments | ${machine} | ${today} | ${n(r.records)} | ${n(r.bareRecordsPerSecond)} records/s (${n(r.bareSeconds, 1)} s) | ${n(r.clientRecordsPerSecond)} records/s (${n(r.clientSeconds, 1)} s) | ${r.ratio.toFixed(3)}× |`);
    expect(r.ratio).toBeGreaterThanOrEqual(0.8);
  });

  it('(c) lands every record exactly once through 10% 5xx, 5% timeouts and 2% resets', async () => {
    const batches = Number(process.env.BENCH_FAULTY_BATCHES ?? 30);
    log(`(c) ${batches} batches of students and of enrollments through injected faults…`);
    const r = await runFaultyPush({ batches });
    const injected = Object.entries(r.injected)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    console.log(`\n| scenario | machine | date | records | faults injected | attempts (retries) | receipts = stored | written twice | records/s |\n|---|---|---|---:|---|---:|---|---:|---:|`);
    console.log(
      `| (c) ${r.faults} | ${machine} | ${today} | ${n(r.records)} | ${injected} | ${n(r.attempts)} (${n(r.retries)}) | ${r.exactlyOnce ? 'yes' : 'NO'}: students ${r.receipts.students}/${r.stored.students}, enrollments ${r.receipts.enrollments}/${r.stored.enrollments} | ${r.writtenTwice} | ${n(r.recordsPerSecond, 1)} |`,
    );
    expect(r.exactlyOnce).toBe(true);
  });
});

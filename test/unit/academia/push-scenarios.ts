import { performance } from 'node:perf_hooks';
import { AcademiaClient, idempotencyKeyFor, type BatchResult, type TargetRequestLog } from '../../../src/main/engine/academia/academia-client';
import { loadTargetContract } from '../../../src/academia-api/contract';
import { startSandbox, type RunningSandbox, type SandboxOptions, type SandboxRequestLog } from '../../../src/sandbox/index';
import { refId, sampleRecord } from './sample-records';

/**
 * The push scenarios of the Academia Pro benchmark (bench/target-push.bench.ts), also run small
 * by the smoke tests: students and enrollments pushed to a sandbox, paced by its rate limit, as
 * fast as possible against a bare HTTP loop, and through injected faults.
 */

const contract = loadTargetContract('v1');
/** The records enrollments need: a school, its year, term, course and class. */
const PREREQUISITES = ['academic-years', 'terms', 'courses', 'classes'];

export function studentBatch(batch: number, size: number): Record<string, unknown>[] {
  return Array.from({ length: size }, (_, i) => sampleRecord(contract, 'students', batch * size + i));
}

export function enrollmentBatch(batch: number, size: number): Record<string, unknown>[] {
  return Array.from({ length: size }, (_, i) => ({ ...sampleRecord(contract, 'enrollments', batch * size + i), classExternalId: refId('classes', 1) }));
}

/** Writes a school and what its enrollments reference. */
export async function prepareSchool(client: AcademiaClient, runId: string): Promise<void> {
  await client.upsertSchools([{ ...sampleRecord(contract, 'schools', 1), externalId: client.schoolId }], `${runId}-school`);
  for (const entity of PREREQUISITES) await client.pushBatch(entity, [sampleRecord(contract, entity, 1)], `${runId}-${entity}`);
}

function clientOf(sandbox: RunningSandbox, schoolId: string, extra: Partial<ConstructorParameters<typeof AcademiaClient>[0]> = {}): { client: AcademiaClient; log: TargetRequestLog[] } {
  const log: TargetRequestLog[] = [];
  const client = new AcademiaClient({ baseUrl: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, schoolId, onRequest: (e) => log.push(e), ...extra });
  return { client, log };
}

export interface PacedResult {
  limitPerMinute: number;
  batchSize: number;
  seconds: number;
  requests: number;
  records: number;
  recordsPerSecond: number;
  /** What the limit allows: limitPerMinute / 60 × batchSize records per second. */
  allowedPerSecond: number;
  ratio: number;
  /**
   * Over whole one-minute windows only: records answered within the first N full minutes ÷ N
   * minutes. A sliding window lets a client send each minute's quota as soon as it frees, so the
   * overall figure depends on where the run stops (a fresh window's burst may or may not be in
   * it); this one does not.
   */
  windows: number;
  windowRecordsPerSecond: number;
  windowRatio: number;
  /** 429 answers the client met (the goal is none). */
  rateLimited: number;
}

/**
 * (a) Students and enrollments, alternating, for `durationMs` against a sandbox limited to
 * `limitPerMinute` requests; the client paces itself from the RateLimit headers.
 */
export async function runPacedPush(opts: { limitPerMinute: number; durationMs: number; batchSize?: number; log?: (line: string) => void }): Promise<PacedResult> {
  const batchSize = opts.batchSize ?? 500;
  const sandbox = await startSandbox({ limitPerMinute: opts.limitPerMinute, limitPerHour: 1_000_000 });
  try {
    const { client, log } = clientOf(sandbox, 'PACED');
    await prepareSchool(client, 'paced');
    const started = performance.now();
    let requests = 0;
    let records = 0;
    let lastReport = started;
    const answeredAt: { at: number; records: number }[] = [];
    for (let b = 0; performance.now() - started < opts.durationMs; b++) {
      for (const [entity, batch] of [
        ['students', studentBatch(b, batchSize)],
        ['enrollments', enrollmentBatch(b, batchSize)],
      ] as const) {
        const results = await client.pushBatch(entity, batch, idempotencyKeyFor('paced', entity, batch));
        records += results.filter((r) => r.status === 'created').length;
        requests++;
        answeredAt.push({ at: performance.now() - started, records });
      }
      if (opts.log && performance.now() - lastReport > 30_000) {
        lastReport = performance.now();
        opts.log(`paced: ${records} records in ${((lastReport - started) / 1000).toFixed(0)} s`);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const allowedPerSecond = (opts.limitPerMinute / 60) * batchSize;
    const recordsPerSecond = records / seconds;
    const windows = Math.max(1, Math.floor(seconds / 60));
    const inWindows = answeredAt.filter((a) => a.at <= windows * 60_000).pop()?.records ?? 0;
    const windowRecordsPerSecond = inWindows / (windows * 60);
    return {
      limitPerMinute: opts.limitPerMinute,
      batchSize,
      seconds,
      requests,
      records,
      recordsPerSecond,
      allowedPerSecond,
      ratio: recordsPerSecond / allowedPerSecond,
      windows,
      windowRecordsPerSecond,
      windowRatio: windowRecordsPerSecond / allowedPerSecond,
      rateLimited: log.filter((e) => e.status === 429).length,
    };
  } finally {
    await sandbox.close();
  }
}

export interface ThroughputResult {
  batches: number;
  batchSize: number;
  records: number;
  bareSeconds: number;
  clientSeconds: number;
  bareRecordsPerSecond: number;
  clientRecordsPerSecond: number;
  /** Client records/s ÷ bare loop records/s. */
  ratio: number;
}

/**
 * (b) No limit: the same prepared batches (students then enrollments) sent by a bare HTTP loop
 * (pre-serialized bodies, one token fetched beforehand, fetch, read the answer) and by the
 * client, interleaved round by round into two schools of one sandbox, so both meet the same
 * server in the same state of the run.
 */
export async function runThroughput(opts: { batches: number; batchSize?: number; warmup?: number }): Promise<ThroughputResult> {
  const batchSize = opts.batchSize ?? 500;
  const warmup = opts.warmup ?? 2;
  const sandbox = await startSandbox({ limitPerMinute: 1_000_000, limitPerHour: 100_000_000 });
  try {
    const bareSchool = 'BARE';
    const { client: setupBare } = clientOf(sandbox, bareSchool);
    await prepareSchool(setupBare, 'bare');
    const { client } = clientOf(sandbox, 'CLIENT');
    await prepareSchool(client, 'client');
    const token = await fetchToken(sandbox);
    // Prepared once for both sides: the bare loop's bodies, the client's records and the
    // idempotency keys the pipeline would derive (the run's cost, not the client's).
    const plan: { entity: string; records: Record<string, unknown>[]; body: string; key: string }[] = [];
    for (let b = 0; b < opts.batches + warmup; b++) {
      for (const [entity, records] of [
        ['students', studentBatch(b, batchSize)],
        ['enrollments', enrollmentBatch(b, batchSize)],
      ] as const) plan.push({ entity, records, body: JSON.stringify({ records }), key: idempotencyKeyFor('throughput', entity, records) });
    }
    let bareMs = 0;
    let clientMs = 0;
    let records = 0;
    for (const [i, step] of plan.entries()) {
      const measured = i >= warmup * 2;
      const bare = async () => {
        const t = performance.now();
        const res = await fetch(`${sandbox.url}/api/v1/schools/${bareSchool}/${step.entity}/batch`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': `bare-${step.key}` },
          body: step.body,
        });
        const text = await res.text();
        if (res.status !== 200 || !text.includes('"created"')) throw new Error(`bare loop: HTTP ${res.status}`);
        if (measured) bareMs += performance.now() - t;
      };
      const viaClient = async () => {
        const t = performance.now();
        const results = await client.pushBatch(step.entity, step.records, step.key);
        if (results.some((r) => r.status !== 'created')) throw new Error('client: a record was not created');
        if (measured) clientMs += performance.now() - t;
      };
      // Alternate who goes first, so neither always meets the warmer cache.
      if (i % 2 === 0) {
        await bare();
        await viaClient();
      } else {
        await viaClient();
        await bare();
      }
      if (measured) records += step.records.length;
    }
    const bareRecordsPerSecond = records / (bareMs / 1000);
    const clientRecordsPerSecond = records / (clientMs / 1000);
    return { batches: opts.batches * 2, batchSize, records, bareSeconds: bareMs / 1000, clientSeconds: clientMs / 1000, bareRecordsPerSecond, clientRecordsPerSecond, ratio: clientRecordsPerSecond / bareRecordsPerSecond };
  } finally {
    await sandbox.close();
  }
}

export interface FaultyResult {
  faults: string;
  records: number;
  seconds: number;
  recordsPerSecond: number;
  /** Faults the sandbox injected, by kind. */
  injected: Record<string, number>;
  /** Attempts the client made, and how many were retries. */
  attempts: number;
  retries: number;
  /** Receipts (created results) per entity, and the records the sandbox holds. */
  receipts: Record<string, number>;
  stored: Record<string, number>;
  /** Records stored at a version other than 1 (written twice), and receipts whose id differs from the stored one. */
  writtenTwice: number;
  mismatchedIds: number;
  exactlyOnce: boolean;
}

/**
 * (c) Students and enrollments pushed through injected 5xx, withheld answers (timeouts) and
 * dropped connections; afterwards the client's receipts and the sandbox's records must agree one
 * to one, each record stored once (version 1, the receipt's id).
 */
export async function runFaultyPush(opts: { batches: number; batchSize?: number; faults?: string; seed?: number; requestTimeoutMs?: number }): Promise<FaultyResult> {
  const batchSize = opts.batchSize ?? 500;
  const faults = opts.faults ?? '5xx=0.1,timeout=0.05,reset=0.02';
  const serverLog: SandboxRequestLog[] = [];
  const options: SandboxOptions = { faults, seed: opts.seed ?? 42, limitPerMinute: 1_000_000, limitPerHour: 100_000_000, onRequest: (e) => serverLog.push(e) };
  const sandbox = await startSandbox(options);
  try {
    const { client, log } = clientOf(sandbox, 'FAULTY', { maxRetries: 12, baseDelayMs: 20, maxDelayMs: 500, requestTimeoutMs: opts.requestTimeoutMs ?? 1500, circuitBreaker: { failureThreshold: 50 } });
    await prepareSchool(client, 'faulty');
    const receipts = new Map<string, Map<string, BatchResult>>([
      ['students', new Map()],
      ['enrollments', new Map()],
    ]);
    const started = performance.now();
    for (let b = 0; b < opts.batches; b++) {
      for (const [entity, batch] of [
        ['students', studentBatch(b, batchSize)],
        ['enrollments', enrollmentBatch(b, batchSize)],
      ] as const) {
        const results = await client.pushBatch(entity, batch, idempotencyKeyFor('faulty', entity, batch));
        for (const r of results) if (r.status === 'created') receipts.get(entity)?.set(r.externalId, r);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    let writtenTwice = 0;
    let mismatchedIds = 0;
    const stored: Record<string, number> = {};
    for (const [entity, byId] of receipts) {
      let n = 0;
      for await (const page of client.iterate(entity, { limit: 1000 })) {
        for (const r of page) {
          n++;
          if (r.version !== 1) writtenTwice++;
          if (byId.get(r.externalId)?.id !== r.id) mismatchedIds++;
        }
      }
      stored[entity] = n;
    }
    const injected: Record<string, number> = {};
    for (const e of serverLog) if (e.fault) injected[e.fault] = (injected[e.fault] ?? 0) + 1;
    const expected = opts.batches * batchSize;
    const receiptCounts = Object.fromEntries([...receipts].map(([e, m]) => [e, m.size]));
    const exactlyOnce = Object.values(receiptCounts).every((n) => n === expected) && Object.values(stored).every((n) => n === expected) && writtenTwice === 0 && mismatchedIds === 0;
    return {
      faults,
      records: expected * 2,
      seconds,
      recordsPerSecond: (expected * 2) / seconds,
      injected,
      attempts: log.length,
      retries: log.filter((e) => e.attempt > 1).length,
      receipts: receiptCounts,
      stored,
      writtenTwice,
      mismatchedIds,
      exactlyOnce,
    };
  } finally {
    await sandbox.close();
  }
}

async function fetchToken(sandbox: RunningSandbox): Promise<string> {
  const res = await fetch(`${sandbox.url}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: sandbox.clientId, client_secret: sandbox.clientSecret }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

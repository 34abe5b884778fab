import type { EventMessage } from '../../src/shared/api/rpc';
import type { MatchDecision, SurvivorRule } from '../../src/shared/model/assessment';
import type { StreamInfo } from '../../src/shared/model/connection';
import { emptyCounters, type Counters, type RunStatus } from '../../src/shared/model/counters';
import type { EntityMapping } from '../../src/shared/model/mapping';
import type { ReconciliationLine, RunEvent, RunEventLevel, RunInfo } from '../../src/shared/model/run';
import type { ReadOptions, Row, SourceConnector } from '../../src/main/engine/connectors/connector';
import { noPersonCrosswalk, type PersonCrosswalk, type PersonDecisionSource } from '../../src/main/engine/pipeline/person-crosswalk';
import type { RunContext, RunRecords, RunTarget, StagingStore } from '../../src/main/engine/pipeline/run-context';
import type { BadRow, StageContext } from '../../src/main/engine/pipeline/stages/stage';
import type { PushReceipt, RejectedRow, StagedRecord } from '../../src/main/engine/project/staging-repo';
import type { BatchResult } from '../../src/academia-api/wire-types';
import { loadTargetContract, type TargetContract } from '../../src/academia-api/contract';

/**
 * In-memory stand-ins for what a run touches (source, project file, target, clock), so the
 * executor and every stage can be tested without SQLite, sockets or waiting.
 */

/** A clock that moves only when told (or by `stepMs` on every reading). */
export class FakeClock {
  constructor(
    public ms = Date.parse('2026-01-05T09:00:00Z'),
    public stepMs = 0,
  ) {}
  now = (): Date => {
    const at = new Date(this.ms);
    this.ms += this.stepMs;
    return at;
  };
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** A source with fixed tables; counts every read and close. */
export class FakeSource implements SourceConnector {
  readonly kind = 'csv' as const;
  reads: string[] = [];
  closes = 0;
  discovers = 0;
  /** Batches handed out, per stream. */
  batches: Record<string, number> = {};
  failAfterBatches: number | null = null;

  constructor(
    private readonly tables: Record<string, Row[]>,
    private readonly streams: StreamInfo[] = [],
  ) {}

  async check() {
    return { ok: true, message: 'ok' } as Awaited<ReturnType<SourceConnector['check']>>;
  }
  async discover() {
    this.discovers++;
    return this.streams;
  }
  async count(stream: string) {
    return this.table(stream).length;
  }
  async *read(stream: string, options: ReadOptions): AsyncIterable<Row[]> {
    this.reads.push(stream);
    const rows = this.table(stream);
    for (let i = 0; i < rows.length; i += options.batchSize) {
      if (options.signal?.aborted) return;
      if (this.failAfterBatches !== null && (this.batches[stream] ?? 0) >= this.failAfterBatches) throw new Error('The source went away.');
      this.batches[stream] = (this.batches[stream] ?? 0) + 1;
      yield rows.slice(i, i + options.batchSize);
    }
  }
  async sample(stream: string, n: number) {
    return this.table(stream).slice(0, n);
  }
  async close() {
    this.closes++;
  }
  private table(stream: string): Row[] {
    const rows = this.tables[stream];
    if (!rows) throw new Error(`No table ${stream}`);
    return rows;
  }
}

/** Staged rows, rejects and receipts in memory, with the staging repo's rules. */
export class FakeStaging implements StagingStore {
  staged = new Map<string, { runId: string; record: StagedRecord; pushedHash: string | null }>();
  rejects: (RejectedRow & { runId: string; entity: string; stage: string })[] = [];
  receipts: (PushReceipt & { runId: string; entity: string; key: string })[] = [];

  stage(runId: string, entity: string, records: StagedRecord[]) {
    const duplicates: StagedRecord[] = [];
    let staged = 0;
    for (const r of records) {
      const key = `${entity}\n${r.externalId}`;
      const prior = this.staged.get(key);
      if (prior?.runId === runId) {
        duplicates.push(r);
        continue;
      }
      this.staged.set(key, { runId, record: r, pushedHash: prior?.pushedHash ?? null });
      staged++;
    }
    return { staged, duplicates };
  }
  reject(runId: string, entity: string, stage: 'transform' | 'validate' | 'target', rows: RejectedRow[]) {
    for (const r of rows) this.rejects.push({ ...r, runId, entity, stage });
  }
  rejectRows(runId: string, entity: string, rows: (RejectedRow & { stage: 'transform' | 'validate' | 'target' })[]) {
    for (const r of rows) this.rejects.push({ externalId: r.externalId, sourceRow: r.sourceRow, errors: r.errors, row: r.row, runId, entity, stage: r.stage });
  }
  page(runId: string, entity: string, after: string | null, limit: number) {
    return this.mine(runId, entity)
      .filter((r) => after === null || r.record.externalId > after)
      .sort((a, b) => (a.record.externalId < b.record.externalId ? -1 : 1))
      .slice(0, limit)
      .map((r) => r.record);
  }
  recordReceipts(runId: string, entity: string, key: string, receipts: PushReceipt[]) {
    for (const r of receipts) {
      this.receipts.push({ ...r, runId, entity, key });
      const staged = this.staged.get(`${entity}\n${r.externalId}`);
      if (staged && r.status !== 'rejected') staged.pushedHash = staged.record.hash;
    }
  }
  predict(runId: string, entity: string) {
    const out = { created: 0, updated: 0, unchanged: 0 };
    for (const r of this.mine(runId, entity)) {
      if (r.pushedHash === null) out.created++;
      else if (r.pushedHash === r.record.hash) out.unchanged++;
      else out.updated++;
    }
    return out;
  }
  stagedCount(runId: string, entity: string) {
    return this.mine(runId, entity).length;
  }
  receiptIds(runId: string, entity: string) {
    const mine = this.receipts.filter((r) => r.runId === runId && r.entity === entity);
    // Receipts here carry no time: reconciliation reads the whole entity back.
    return { acknowledged: mine.filter((r) => r.status !== 'rejected').map((r) => r.externalId), rejected: mine.filter((r) => r.status === 'rejected').length, firstWrittenAt: null };
  }
  private mine(runId: string, entity: string) {
    return [...this.staged.entries()].filter(([k, v]) => v.runId === runId && k.startsWith(`${entity}\n`)).map(([, v]) => v);
  }
}

/** A target that holds records by entity and externalId, and can be told to reject some or fail. */
export class FakeTarget {
  records = new Map<string, Map<string, Record<string, unknown>>>();
  pushes: { entity: string; key: string; externalIds: string[] }[] = [];
  rejectWhen: (record: Record<string, unknown>) => string | null = () => null;
  /** Answer no result for these externalIds (the record counts as failed). */
  unanswered = new Set<string>();
  contract: TargetContract = loadTargetContract('v1');

  session(): RunTarget {
    return {
      contract: this.contract,
      baseUrl: 'http://127.0.0.1:1',
      schoolId: 'SCH-1',
      client: {
        pushBatch: async (entity: string, records: Record<string, unknown>[], key: string) => {
          this.pushes.push({ entity, key, externalIds: records.map((r) => String(r.externalId)) });
          const held = this.records.get(entity) ?? new Map<string, Record<string, unknown>>();
          this.records.set(entity, held);
          const results: BatchResult[] = [];
          for (const r of records) {
            const id = String(r.externalId);
            if (this.unanswered.has(id)) continue;
            const why = this.rejectWhen(r);
            if (why) {
              results.push({ externalId: id, id: null, status: 'rejected', version: null, errors: [{ type: 'about:blank', title: 'Invalid', status: 422, detail: why, pointer: `/records/0/${Object.keys(r)[1] ?? 'externalId'}` }] });
              continue;
            }
            const before = held.get(id);
            const status = !before ? 'created' : JSON.stringify(before) === JSON.stringify(r) ? 'unchanged' : 'updated';
            held.set(id, r);
            results.push({ externalId: id, id: `t-${id}`, status, version: 1, errors: [] });
          }
          return results;
        },
        list: async (entity: string, options: { cursor?: string; limit?: number } = {}) => {
          const ids = [...(this.records.get(entity)?.keys() ?? [])].sort();
          const start = options.cursor ? Number(options.cursor) : 0;
          const limit = options.limit ?? 100;
          const data = ids.slice(start, start + limit).map((externalId) => ({ externalId }));
          return { data, nextCursor: start + limit < ids.length ? String(start + limit) : null, total: ids.length } as Awaited<ReturnType<RunTarget['client']['list']>>;
        },
      },
    };
  }
}

/** The run's own records (status, steps, log) in memory. */
export class FakeRuns implements RunRecords {
  runs = new Map<string, RunInfo>();
  log: RunEvent[] = [];
  stepHistory: { entity: string; status?: RunStatus }[] = [];

  create(runId: string, entities: string[], dryRun = false): void {
    this.runs.set(runId, {
      runId,
      operation: 'Migration',
      status: 'Queued',
      dryRun,
      counters: emptyCounters(),
      steps: entities.map((entity) => ({ entity, status: 'Queued', counters: emptyCounters(), estimate: null, startedAt: null, endedAt: null })),
      reconciliation: [],
      startedAt: '2026-01-05T09:00:00.000Z',
      endedAt: null,
      durationMs: null,
    });
  }
  setStatus(runId: string, status: RunStatus, now: Date, error?: { code: string; message: string; hint: string }) {
    const run = this.runs.get(runId)!;
    run.status = status;
    if (status !== 'Processing') run.endedAt = now.toISOString();
    if (error) run.error = error;
  }
  setCounters(runId: string, counters: Counters) {
    this.runs.get(runId)!.counters = { ...counters };
  }
  setReconciliation(runId: string, lines: ReconciliationLine[]) {
    this.runs.get(runId)!.reconciliation = lines.map((l) => ({ ...l }));
  }
  updateStep(runId: string, entity: string, patch: { status?: RunStatus; counters?: Counters; estimate?: number | null; startedAt?: Date; endedAt?: Date }) {
    const step = this.runs.get(runId)!.steps.find((s) => s.entity === entity)!;
    if (patch.status) step.status = patch.status;
    if (patch.counters) step.counters = { ...patch.counters };
    if (patch.estimate !== undefined) step.estimate = patch.estimate;
    if (patch.startedAt) step.startedAt = patch.startedAt.toISOString();
    if (patch.endedAt) step.endedAt = patch.endedAt.toISOString();
    this.stepHistory.push({ entity, status: patch.status });
  }
  addEvent(runId: string, level: RunEventLevel, entity: string | null, message: string, now: Date): RunEvent {
    const event: RunEvent = { seq: this.log.length + 1, runId, at: now.toISOString(), level, entity, message };
    this.log.push(event);
    return event;
  }
  get(runId: string): RunInfo {
    return structuredClone(this.runs.get(runId)!);
  }
}

/** Decisions from the review queue, in memory. */
export function fakeDecisions(decisions: MatchDecision[], options: { rule?: SurvivorRule; streams?: StreamInfo[] | null } = {}): PersonDecisionSource {
  return { decisions: () => decisions, survivorRule: options.rule ?? 'keep-left', savedStreams: async () => options.streams ?? null };
}

/** A stream's catalog entry with string columns. */
export function streamOf(name: string, columns: string[], primaryKey: string[] = []): StreamInfo {
  return { name, columns: columns.map((c) => ({ name: c, type: 'string', nativeType: 'TEXT', nullable: true })), primaryKey, foreignKeys: [], rowEstimate: null };
}

/** A mapping that copies columns into fields one to one (with optional transforms). */
export function mappingOf(entity: string, stream: string, keyColumns: string[], fields: Record<string, string | EntityMapping['fields'][number]['transforms'] | null>, extra: Partial<EntityMapping> = {}): EntityMapping {
  return {
    id: `map-${entity}`,
    entity,
    connectionId: 'conn-1',
    stream,
    keyColumns,
    fields: Object.entries(fields).map(([field, spec]) => (typeof spec === 'string' || spec === null ? { field, column: spec, transforms: [] } : { field, column: field, transforms: spec })),
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

/** A stage context over the fakes, for driving one stage (or a plan) directly. */
export function stageContextOf(
  input: { staging?: FakeStaging; target?: FakeTarget; source?: SourceConnector; crosswalk?: PersonCrosswalk; entity?: string; runId?: string; signal?: AbortSignal; clock?: FakeClock } = {},
): StageContext & { logged: { level: RunEventLevel; message: string }[]; progressed: { phase: string; done: number; force?: boolean; total?: number | null }[]; begun: (number | null)[] } {
  const target = input.target ?? new FakeTarget();
  const clock = input.clock ?? new FakeClock();
  const logged: { level: RunEventLevel; message: string }[] = [];
  const progressed: { phase: string; done: number; force?: boolean; total?: number | null }[] = [];
  const begun: (number | null)[] = [];
  return {
    runId: input.runId ?? 'run-1',
    entity: input.entity ?? 'guardians',
    signal: input.signal ?? new AbortController().signal,
    counters: emptyCounters(),
    services: {
      openSource: async () => input.source ?? new FakeSource({}),
      staging: input.staging ?? new FakeStaging(),
      target: target.session(),
      crosswalk: input.crosswalk ?? noPersonCrosswalk(target.contract),
    },
    now: clock.now,
    log: (level, message) => logged.push({ level, message }),
    progress: (phase, done, options) => progressed.push({ phase, done, ...options }),
    begin: (estimate) => begun.push(estimate),
    logged,
    progressed,
    begun,
  };
}

/** A whole run context over the fakes. */
export function runContextOf(input: { mappings: EntityMapping[]; source: FakeSource; staging?: FakeStaging; target?: FakeTarget; runs?: FakeRuns; decisions?: PersonDecisionSource; clock?: FakeClock; readBatchSize?: number; pushBatchSize?: number; pushInFlight?: number }): RunContext & { events: EventMessage[] } {
  const events: EventMessage[] = [];
  const target = input.target ?? new FakeTarget();
  return {
    runs: input.runs ?? new FakeRuns(),
    staging: input.staging ?? new FakeStaging(),
    mappings: input.mappings,
    openSource: async () => input.source,
    target: async () => target.session(),
    personDecisions: input.decisions ?? fakeDecisions([]),
    emit: (m) => events.push(m),
    now: (input.clock ?? new FakeClock()).now,
    readBatchSize: input.readBatchSize ?? 2,
    pushBatchSize: input.pushBatchSize ?? 2,
    ...(input.pushInFlight !== undefined ? { pushInFlight: input.pushInFlight } : {}),
    progressIntervalMs: 200,
    events,
  };
}

/** Pulls a stage's output to the end. */
export async function collect<T>(stream: AsyncIterable<{ rows: T[]; bad: BadRow[] }>): Promise<{ rows: T[]; bad: BadRow[]; batches: number }> {
  const out = { rows: [] as T[], bad: [] as BadRow[], batches: 0 };
  for await (const b of stream) {
    out.rows.push(...b.rows);
    out.bad.push(...b.bad);
    out.batches++;
  }
  return out;
}

/** Batches as an async stream (the input of a stage under test). */
export async function* batchesOf<T>(...batches: { rows: T[]; bad?: BadRow[] }[]): AsyncIterable<{ rows: T[]; bad: BadRow[] }> {
  for (const b of batches) yield { rows: b.rows, bad: b.bad ?? [] };
}

import { loadTargetContract, type TargetApiVersion, type TargetContract } from '../academia-api/contract';
import { summarize } from '../shared/model/counters';
import { writeRecord } from './batch-upsert';
import type { BulkCounts, BulkStore, StoredBulkOperation } from './bulk-store';
import type { EventLog } from './event-log';
import type { ProblemFactory } from './problem';
import { toApiRecord } from './records';
import type { SandboxScheduler } from './scheduler';
import type { SandboxStore } from './sandbox-store';

export interface BulkProcessorDeps {
  bulk: BulkStore;
  records: SandboxStore;
  events: EventLog;
  problems: ProblemFactory;
  scheduler: SandboxScheduler;
  clock: () => number;
  /** Records per step; between steps the sandbox serves other requests. */
  sliceRecords: number;
}

/** success / error / skipped derived from the counters (docs/conventions.md); an Export's success is what it wrote. */
export function summaryOf(type: 'Import' | 'Export', c: BulkCounts): { success: number; error: number; skipped: number } {
  const summary = summarize(c);
  return type === 'Export' ? { ...summary, success: c.read } : summary;
}

/**
 * Processes committed bulk operations asynchronously, one slice of records per scheduled step,
 * oldest commit first. Each step is one transaction that also saves the operation's position,
 * so a sandbox restarted mid-operation carries on where it stopped. Record writes go through
 * the same code as batches (validation, references, events).
 */
export class BulkProcessor {
  private scheduled = false;
  private stopped = false;
  private readonly lineCache = new Map<string, { chunk: number; lines: string[] }>();

  constructor(private readonly deps: BulkProcessorDeps) {}

  /** Makes sure a step is scheduled while work waits. */
  kick(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    this.deps.scheduler.schedule(0, () => {
      this.scheduled = false;
      this.step();
    });
  }

  stop(): void {
    this.stopped = true;
  }

  private step(): void {
    if (this.stopped) return;
    const next = this.deps.bulk.pending()[0];
    if (!next) return;
    this.deps.records.transaction(() => {
      const op = this.deps.bulk.get(next.id) as StoredBulkOperation;
      if (op.status === 'Queued') {
        op.status = 'Processing';
        op.startedAt = this.deps.clock();
      }
      if (op.type === 'Import') this.importSlice(op);
      else this.exportSlice(op);
      this.deps.bulk.save(op);
      if (op.status === 'Completed' || op.status === 'Failed') {
        this.lineCache.delete(op.id);
        this.deps.events.append(op.status === 'Completed' ? 'bulk-operation.completed' : 'bulk-operation.failed', op.school, { operationId: op.id, type: op.type, entity: op.entity, status: op.status, counts: op.counts });
      }
    });
    if (this.deps.bulk.pending().length > 0) this.kick();
  }

  private importSlice(op: StoredBulkOperation): void {
    const { bulk, records, events, problems, clock } = this.deps;
    const contract = loadTargetContract(op.apiVersion as TargetApiVersion);
    const entity = contract.entity(op.entity);
    const chunks = bulk.chunks(op.id);
    let budget = this.deps.sliceRecords;
    while (budget > 0 && op.nextChunk < chunks.length) {
      const chunk = chunks[op.nextChunk];
      const lines = this.linesOf(op.id, chunk.chunk);
      while (budget > 0 && op.nextLine < lines.length) {
        const text = lines[op.nextLine++];
        if (!text.trim()) continue;
        budget--;
        op.counts.read++;
        const line = op.linesBefore + op.nextLine;
        const ctx = { store: records, contract, problems, entity, school: op.school ?? '', now: clock(), events, mode: op.mode };
        let outcome;
        try {
          outcome = writeRecord(ctx, JSON.parse(text) as unknown, '', null);
        } catch (err) {
          const problem = problems.make(422, 'malformed-json', `Line ${line} is not valid JSON: ${(err as Error).message}`, { title: 'Malformed line', pointer: '', code: 'malformed-json' });
          outcome = { externalId: null, id: null, status: 'rejected' as const, version: null, errors: [problem] };
        }
        if (outcome.status !== 'rejected') {
          op.counts[outcome.status]++;
          continue;
        }
        op.counts.rejected++;
        bulk.addError(op.id, { line, chunk: chunk.chunk, lineInChunk: op.nextLine, externalId: outcome.externalId, errors: outcome.errors });
        if (op.maxErrors !== null && op.counts.rejected > op.maxErrors) {
          this.failRest(op, chunks, lines);
          return;
        }
      }
      if (op.nextLine >= lines.length) {
        op.linesBefore += chunk.lines;
        op.nextChunk++;
        op.nextLine = 0;
        this.lineCache.delete(op.id);
      }
    }
    if (op.nextChunk >= chunks.length) this.finish(op, 'Completed', null);
  }

  /** maxErrors was passed: every record not processed yet counts as read and failed. */
  private failRest(op: StoredBulkOperation, chunks: { records: number }[], lines: string[]): void {
    let rest = lines.slice(op.nextLine).filter((l) => l.trim()).length;
    for (let i = op.nextChunk + 1; i < chunks.length; i++) rest += chunks[i].records;
    op.counts.read += rest;
    op.counts.failed += rest;
    this.finish(op, 'Failed', `More than ${op.maxErrors} records were rejected (maxErrors), so the import stopped; ${rest} records were not processed.`);
  }

  private exportSlice(op: StoredBulkOperation): void {
    const contract: TargetContract = loadTargetContract(op.apiVersion as TargetApiVersion);
    const entity = contract.entity(op.entity);
    const page = this.deps.records.list(entity.scope === 'global' ? '' : (op.school ?? ''), entity.name, {
      afterSeq: op.nextLine,
      limit: this.deps.sliceRecords,
      updatedSinceMs: op.updatedSince,
      includeDeleted: op.includeDeleted,
    });
    if (page.rows.length) {
      this.deps.bulk.addOutput(op.id, op.nextChunk++, page.rows.map((r) => JSON.stringify(toApiRecord(r, contract)) + '\n').join(''));
      op.nextLine = page.rows[page.rows.length - 1].seq;
      op.counts.read += page.rows.length;
    }
    if (!page.more) this.finish(op, 'Completed', null);
  }

  private finish(op: StoredBulkOperation, status: 'Completed' | 'Failed', reason: string | null): void {
    op.status = status;
    op.completedAt = this.deps.clock();
    op.failureReason = reason;
  }

  private linesOf(operationId: string, chunk: number): string[] {
    const cached = this.lineCache.get(operationId);
    if (cached?.chunk === chunk) return cached.lines;
    const lines = splitLines(this.deps.bulk.chunkBody(operationId, chunk));
    this.lineCache.set(operationId, { chunk, lines });
    return lines;
  }
}

/** NDJSON lines; a final newline does not make an extra (empty) line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

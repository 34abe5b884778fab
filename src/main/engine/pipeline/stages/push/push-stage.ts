import { z } from 'zod';
import type { BatchResult } from '../../../../../academia-api/wire-types';
import type { PushReceipt, RejectedRow, StagedRecord } from '../../../project/staging-repo';
import { idempotencyKeyFor } from '../../../academia/academia-client';
import { defineStage, type Remark, type StageContext } from '../stage';
import { drain, entityRemarks, fieldsNamed, settingsRemarks, throwIfCancelled } from '../stage-helpers';

/**
 * Push batches sent before the oldest one is answered, unless the run context says otherwise.
 * Two keep the target busy while the engine records the previous answer and reads the next page
 * (the embedded sandbox answers on its own thread), without queueing much on a shared target.
 */
export const DEFAULT_PUSH_IN_FLIGHT = 2;

export const pushSettings = z.object({
  entity: z.string().min(1),
  /** Records per request; the API takes at most 500. */
  batchSize: z.number().int().min(1).max(500),
  /** Batches in flight at once (1: each batch waits for the one before); DEFAULT_PUSH_IN_FLIGHT when absent. */
  inFlight: z.number().int().min(1).max(8).optional(),
});
export type PushSettings = z.infer<typeof pushSettings>;

/** One sent batch: its page, its key, and its answer (settled, never rejecting). */
interface SentBatch {
  page: StagedRecord[];
  key: string;
  answer: Promise<{ ok: true; results: BatchResult[] } | { ok: false; error: unknown }>;
}

/**
 * Pushes this run's staged records of the entity to Academia Pro in keyset pages, each with a
 * deterministic `Idempotency-Key` (run + entity + batch content) so a retried or resumed batch is
 * replayed safely. Receipts are written only after the target answered; a record the target
 * rejects is recorded under stage `target`, one it did not answer counts as failed.
 *
 * Up to `inFlight` batches are sent before the oldest is answered, but answers are taken in the
 * order the batches were sent: receipts, rejects, counters, progress and output come out batch by
 * batch exactly as with one batch at a time, whatever order the target answers in. Cancelling
 * sends nothing new; the batches already sent are awaited and recorded (the target may have
 * written them), then the stage stops. When a batch fails, the ones sent with it are awaited and
 * those answered recorded before the first failure (in batch order) is thrown. The stage returns
 * only when every batch it sent is answered, so the next entity never starts before this one's
 * last answer (load order).
 */
export const pushStage = defineStage<PushSettings, unknown, PushReceipt>({
  kind: 'push',
  label: 'Push to Academia Pro',
  settings: pushSettings,
  fields() {
    return { fields: [...fieldsNamed(['externalId', 'status', 'targetId'], 'push', 'string'), ...fieldsNamed(['version'], 'push', 'integer')] };
  },
  check(settings, _input, env) {
    const remarks: Remark[] = settingsRemarks('push', pushSettings, settings);
    if (remarks.length) return remarks;
    remarks.push(...entityRemarks('push', settings.entity, env));
    const max = env.contract?.limits.maxBatchRecords;
    if (max !== undefined && settings.batchSize > max) remarks.push({ level: 'error', stage: 'push', place: 'settings.batchSize', message: `Academia Pro takes at most ${max} records per batch.` });
    return remarks;
  },
  async *process(input, { entity, batchSize, inFlight = DEFAULT_PUSH_IN_FLIGHT }, ctx) {
    await drain(input);
    const { staging, target } = ctx.services;
    const staged = staging.stagedCount(ctx.runId, entity);
    const sent: SentBatch[] = [];
    let after: string | null = null;
    let exhausted = false;
    let pushedOrFailed = 0;
    const record = (batch: SentBatch, results: BatchResult[]): PushReceipt[] => {
      const receipts = recordAnswer(ctx, entity, batch, results);
      pushedOrFailed += batch.page.length;
      ctx.progress('push', pushedOrFailed, { total: staged });
      return receipts;
    };
    try {
      for (;;) {
        // Fill the window: pages are read ahead by keyset, so a batch never waits on an answer to be built.
        while (!exhausted && !ctx.signal.aborted && sent.length < inFlight) {
          const page = staging.page(ctx.runId, entity, after, batchSize);
          if (!page.length) {
            exhausted = true;
            break;
          }
          after = page[page.length - 1].externalId;
          const records = page.map((r) => r.payload);
          const key = idempotencyKeyFor(ctx.runId, entity, records);
          const answer = target.client.pushBatch(entity, records, key).then(
            (results) => ({ ok: true as const, results }),
            (error: unknown) => ({ ok: false as const, error }),
          );
          sent.push({ page, key, answer });
        }
        const oldest = sent[0];
        if (!oldest) break;
        const settled = await oldest.answer;
        if (!settled.ok) throw settled.error;
        sent.shift();
        const receipts = record(oldest, settled.results);
        yield { rows: receipts, bad: [] };
      }
      throwIfCancelled(ctx.signal);
    } finally {
      // A failure, or a consumer that stopped early: what is still in flight is awaited (no
      // request outlives the stage) and what the target answered is recorded, in batch order.
      // The batch that failed (if one did) has no answer to record.
      for (const batch of sent) {
        const settled = await batch.answer;
        if (settled.ok) record(batch, settled.results);
      }
      // The push's last count always goes out (the one after the last batch may have been throttled).
      if (pushedOrFailed) ctx.progress('push', pushedOrFailed, { force: true, total: staged });
    }
  },
});

/** Writes one answered batch: counters, receipts, the target's rejects; returns the receipts. */
function recordAnswer(ctx: StageContext, entity: string, batch: SentBatch, results: BatchResult[]): PushReceipt[] {
  const { counters } = ctx;
  const byId = new Map(batch.page.map((r) => [r.externalId, r]));
  const targetRejects: RejectedRow[] = [];
  for (const res of results) {
    if (res.status === 'rejected') {
      counters.rejected++;
      targetRejects.push({ externalId: res.externalId, sourceRow: null, errors: (res.errors ?? []).map((e) => ({ field: fieldOf(e), message: e.detail ?? e.title ?? 'Rejected by Academia Pro.', code: 'TARGET_REJECTED' })), row: byId.get(res.externalId)?.payload ?? {} });
    } else counters[res.status]++;
  }
  const answered = new Set(results.map((r) => r.externalId));
  counters.failed += batch.page.filter((r) => !answered.has(r.externalId)).length;
  const receipts: PushReceipt[] = results.map((r) => ({ externalId: r.externalId, status: r.status, targetId: r.id ?? null, version: r.version ?? null }));
  ctx.services.staging.recordReceipts(ctx.runId, entity, batch.key, receipts, ctx.now());
  ctx.services.staging.reject(ctx.runId, entity, 'target', targetRejects);
  return receipts;
}

function fieldOf(problem: { pointer?: string; field?: string }): string | null {
  if (problem.field) return problem.field;
  if (problem.pointer) return problem.pointer.replace(/^\/(records\/\d+\/)?/, '') || null;
  return null;
}

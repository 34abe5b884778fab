import { z } from 'zod';
import type { PushReceipt, RejectedRow } from '../../../project/staging-repo';
import { idempotencyKeyFor } from '../../../academia/academia-client';
import { defineStage, type Remark } from '../stage';
import { drain, entityRemarks, fieldsNamed, settingsRemarks, throwIfCancelled } from '../stage-helpers';

export const pushSettings = z.object({
  entity: z.string().min(1),
  /** Records per request; the API takes at most 500. */
  batchSize: z.number().int().min(1).max(500),
});
export type PushSettings = z.infer<typeof pushSettings>;

/**
 * Pushes this run's staged records of the entity to Academia Pro in keyset pages, each with a
 * deterministic `Idempotency-Key` (run + entity + batch content) so a retried or resumed batch is
 * replayed safely. Receipts are written only after the target answered; a record the target
 * rejects is recorded under stage `target`, one it did not answer counts as failed.
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
  async *process(input, { entity, batchSize }, ctx) {
    await drain(input);
    const { staging, target } = ctx.services;
    const { counters } = ctx;
    const staged = staging.stagedCount(ctx.runId, entity);
    let after: string | null = null;
    let pushedOrFailed = 0;
    for (;;) {
      throwIfCancelled(ctx.signal);
      const page = staging.page(ctx.runId, entity, after, batchSize);
      if (!page.length) break;
      after = page[page.length - 1].externalId;
      const records = page.map((r) => r.payload);
      const key = idempotencyKeyFor(ctx.runId, entity, records);
      const results = await target.client.pushBatch(entity, records, key);
      const byId = new Map(page.map((r) => [r.externalId, r]));
      const targetRejects: RejectedRow[] = [];
      for (const res of results) {
        if (res.status === 'rejected') {
          counters.rejected++;
          targetRejects.push({ externalId: res.externalId, sourceRow: null, errors: (res.errors ?? []).map((e) => ({ field: fieldOf(e), message: e.detail ?? e.title ?? 'Rejected by Academia Pro.', code: 'TARGET_REJECTED' })), row: byId.get(res.externalId)?.payload ?? {} });
        } else counters[res.status]++;
      }
      const answered = new Set(results.map((r) => r.externalId));
      counters.failed += page.filter((r) => !answered.has(r.externalId)).length;
      const receipts: PushReceipt[] = results.map((r) => ({ externalId: r.externalId, status: r.status, targetId: r.id ?? null, version: r.version ?? null }));
      staging.recordReceipts(ctx.runId, entity, key, receipts, ctx.now());
      staging.reject(ctx.runId, entity, 'target', targetRejects);
      pushedOrFailed += page.length;
      ctx.progress('push', pushedOrFailed, { total: staged });
      yield { rows: receipts, bad: [] };
    }
    // The push's last count always goes out (the one after the last batch may have been throttled).
    if (pushedOrFailed) ctx.progress('push', pushedOrFailed, { force: true, total: staged });
  },
});

function fieldOf(problem: { pointer?: string; field?: string }): string | null {
  if (problem.field) return problem.field;
  if (problem.pointer) return problem.pointer.replace(/^\/(records\/\d+\/)?/, '') || null;
  return null;
}

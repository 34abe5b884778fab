import { z } from 'zod';
import type { ReconciliationLine } from '../../../../../shared/model/run';
import { readBackRunIds } from '../../target-ids';
import { defineStage, type Remark } from '../stage';
import { drain, entityRemarks, fieldsNamed, settingsRemarks } from '../stage-helpers';

export const reconcileSettings = z.object({
  entity: z.string().min(1),
  /** A dry run pushed nothing, so nothing staged is missing an answer. */
  dryRun: z.boolean(),
});
export type ReconcileSettings = z.infer<typeof reconcileSettings>;

/**
 * The plan's last stage: what the source had against what the target now holds. `mismatches`
 * counts acknowledged records missing in the target plus staged records without an answer;
 * `target` is the target's count of the entity's live records.
 * Yields one reconciliation line.
 */
export const reconcileStage = defineStage<ReconcileSettings, unknown, ReconciliationLine>({
  kind: 'reconcile',
  label: 'Reconcile',
  settings: reconcileSettings,
  fields() {
    return { fields: [...fieldsNamed(['entity'], 'reconcile', 'string'), ...fieldsNamed(['source', 'staged', 'rejected', 'pushed', 'target', 'mismatches'], 'reconcile', 'integer')] };
  },
  check(settings, _input, env) {
    const remarks: Remark[] = settingsRemarks('reconcile', reconcileSettings, settings);
    return remarks.length ? remarks : entityRemarks('reconcile', settings.entity, env);
  },
  async *process(input, { entity, dryRun }, ctx) {
    await drain(input);
    const { staging, target } = ctx.services;
    const staged = staging.stagedCount(ctx.runId, entity);
    const receipts = staging.receiptIds(ctx.runId, entity);
    // Only this run's ids are read back, in the target's largest pages (target-ids.ts).
    const readBack = await readBackRunIds(target.client, entity, { acknowledged: receipts.acknowledged, firstWrittenAt: receipts.firstWrittenAt ?? null }, target.contract.limits.maxPageSize);
    const missing = readBack.missing.length;
    const unacknowledged = dryRun ? 0 : Math.max(0, staged - receipts.acknowledged.length - receipts.rejected);
    const line: ReconciliationLine = {
      entity,
      source: ctx.counters.read,
      staged,
      rejected: ctx.counters.rejected,
      pushed: receipts.acknowledged.length,
      target: readBack.target,
      mismatches: missing + unacknowledged,
    };
    yield { rows: [line], bad: [] };
  },
});

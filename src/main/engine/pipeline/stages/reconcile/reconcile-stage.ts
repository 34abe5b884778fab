import { z } from 'zod';
import type { ReconciliationLine } from '../../../../../shared/model/run';
import { readBackRunIds } from '../../target-ids';
import { certifyEntity } from '../../reconciliation/certify-entity';
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
 * counts acknowledged records missing in the target, staged records without an answer and rows
 * merged into a survivor that the target still holds as records of their own; `target` is the
 * target's count of the entity's live records. With the certificate's store (a real run), it also
 * compares every field of the run's records with what the target's list endpoints give back,
 * under checksums, and lists each mismatch (`reconciliation/certify-entity.ts`).
 * Yields one reconciliation line.
 */
export const reconcileStage = defineStage<ReconcileSettings, unknown, ReconciliationLine>({
  kind: 'reconcile',
  label: 'Reconcile',
  settings: reconcileSettings,
  fields() {
    return { fields: [...fieldsNamed(['entity'], 'reconcile', 'string'), ...fieldsNamed(['source', 'staged', 'rejected', 'pushed', 'target', 'mismatches', 'filtered', 'merged', 'readBack', 'checksumMismatches'], 'reconcile', 'integer'), ...fieldsNamed(['sourceChecksum', 'targetChecksum'], 'reconcile', 'string')] };
  },
  check(settings, _input, env) {
    const remarks: Remark[] = settingsRemarks('reconcile', reconcileSettings, settings);
    return remarks.length ? remarks : entityRemarks('reconcile', settings.entity, env);
  },
  async *process(input, { entity, dryRun }, ctx) {
    await drain(input);
    const { staging, target, reconciliation, crosswalk } = ctx.services;
    const merges = [...(crosswalk.plan(entity)?.mergedInto ?? new Map<string, string>())].map(([externalId, survivor]) => ({ externalId, survivor }));
    const merged = merges.length;
    const filtered = Math.max(0, ctx.counters.skipped - merged);
    if (reconciliation) {
      reconciliation.saveMerged(ctx.runId, entity, merges);
      const line = await certifyEntity({
        runId: ctx.runId,
        entity,
        dryRun,
        store: reconciliation,
        client: target.client,
        contract: target.contract,
        counts: { source: ctx.counters.read, rejected: ctx.counters.rejected, filtered, merged },
        signal: ctx.signal,
      });
      reconciliation.setCheckedAt(ctx.runId, ctx.now());
      if (line.checksumMismatches) ctx.log('warning', `Reconciliation: ${line.checksumMismatches.toLocaleString('en')} field value(s) in the target differ from what was staged; see the reconciliation's mismatch list.`);
      yield { rows: [line], bad: [] };
      return;
    }
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

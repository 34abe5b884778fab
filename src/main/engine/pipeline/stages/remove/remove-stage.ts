import { z } from 'zod';
import { StudioError } from '../../../../../shared/errors';
import type { PushReceipt } from '../../../project/staging-repo';
import { idempotencyKeyFor } from '../../../academia/academia-client';
import { defineStage } from '../stage';
import { entityRemarks, settingsRemarks, throwIfCancelled } from '../stage-helpers';

export const removeSettings = z.object({
  entity: z.string().min(1),
  /** Keys per delete request; the API takes at most 500. */
  batchSize: z.number().int().min(1).max(500),
});
export type RemoveSettings = z.infer<typeof removeSettings>;

/**
 * The end of a sync's push: after the push stage sent the change set's inserts, updates and
 * withdrawals (its receipts come in here), deletes the records whose source rows disappeared
 * under the `delete` policy (`batch-delete`, with an idempotency key per batch), and remembers
 * what this sync removed so the next one does not count it again. A key the target acknowledged
 * is an ordinary record again (one that had been removed and came back). A delete the target
 * refuses (still referenced, changed since) is recorded under stage `target`.
 */
export const removeStage = defineStage<RemoveSettings, PushReceipt, never>({
  kind: 'remove',
  label: 'Delete what left the source',
  settings: removeSettings,
  fields() {
    return { fields: [] };
  },
  check(settings, _input, env) {
    const remarks = settingsRemarks('remove', removeSettings, settings);
    return remarks.length ? remarks : entityRemarks('remove', settings.entity, env);
  },
  // eslint-disable-next-line require-yield -- the last stage of a sync's push
  async *process(input, { entity, batchSize }, ctx) {
    const sync = ctx.services.sync;
    if (!sync) throw new StudioError('INTERNAL', 'The remove stage runs only inside a sync.', 'Start it from a sync definition.');
    const acknowledged = new Set<string>();
    for await (const batch of input) for (const r of batch.rows) if (r.status !== 'rejected') acknowledged.add(r.externalId);
    if (acknowledged.size) sync.forgetGone(entity, [...acknowledged]);
    // Withdrawals the target took are removed from the source's point of view: not counted again.
    const withdrawn: string[] = [];
    for (let after: string | null = null; ; ) {
      const keys = sync.changeKeys(ctx.runId, entity, 'withdraw', after, 1000);
      if (!keys.length) break;
      after = keys[keys.length - 1];
      withdrawn.push(...keys.filter((k) => acknowledged.has(k)));
    }
    if (withdrawn.length) sync.markGone(entity, withdrawn, ctx.runId, 'withdraw', ctx.now());
    let deleted = 0;
    for (let after: string | null = null; ; ) {
      throwIfCancelled(ctx.signal);
      const keys = sync.changeKeys(ctx.runId, entity, 'delete', after, batchSize);
      if (!keys.length) break;
      after = keys[keys.length - 1];
      const results = await sync.removeBatch(
        entity,
        keys.map((externalId) => ({ externalId })),
        idempotencyKeyFor(ctx.runId, `${entity}:delete`, keys),
      );
      const gone = results.filter((r) => r.status !== 'rejected').map((r) => r.externalId);
      sync.markGone(entity, gone, ctx.runId, 'delete', ctx.now());
      deleted += gone.length;
      const refused = results.filter((r) => r.status === 'rejected');
      if (refused.length) {
        ctx.counters.rejected += refused.length;
        ctx.services.staging.reject(
          ctx.runId,
          entity,
          'target',
          refused.map((r) => ({ externalId: r.externalId, sourceRow: null, errors: r.errors.map((e) => ({ field: null, message: e.detail ?? e.title ?? 'Academia Pro refused the delete.', code: 'TARGET_REJECTED' })), row: { externalId: r.externalId } })),
        );
      }
    }
    if (deleted) ctx.log('info', `Deleted ${deleted.toLocaleString('en')} ${deleted === 1 ? 'record' : 'records'} of ${entity} whose source rows are gone.`);
  },
});

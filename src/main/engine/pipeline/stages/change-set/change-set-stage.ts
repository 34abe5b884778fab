import { z } from 'zod';
import { StudioError } from '../../../../../shared/errors';
import type { SyncChange } from '../../../../../shared/model/sync';
import type { StagedRecord } from '../../../project/staging-repo';
import { canonicalRecord } from '../../record-hash';
import { defineStage, type BadRow, type RecordRow, type Remark } from '../stage';
import { settingsRemarks, throwIfCancelled } from '../stage-helpers';

export const changeSetSettings = z.object({
  entity: z.string().min(1),
  /** Full sends every record again (the target answers unchanged); Delta and Incremental only what changed. */
  mode: z.enum(['Full', 'Incremental', 'Delta']),
  /**
   * What to do with records the target holds whose source row disappeared (null: deletes are not
   * looked for, as in an incremental read, which sees only a window of the source). `withdraw`
   * carries the fields to set, resolved from the target's model by the sync.
   */
  deletes: z.discriminatedUnion('policy', [z.object({ policy: z.literal('delete') }), z.object({ policy: z.literal('withdraw'), set: z.record(z.string(), z.unknown()) })]).nullable(),
});
export type ChangeSetSettings = z.infer<typeof changeSetSettings>;

/** Keys read per baseline page when looking for deletes. */
const PAGE = 1000;

/**
 * The change set of one entity: each mapped, valid record's canonical hash is compared with the
 * hash the target last acknowledged for its key (the staged hashes, so the first delta after a
 * migration starts from that run's), giving inserts and updates without any cursor; records the
 * target holds whose key this read did not meet are deletes, turned into a withdrawal (an update
 * setting the entity's end-date/status) or a delete by the entity's policy. A key a sync removed
 * before that comes back is an insert again, whatever its hash.
 *
 * What changed is staged under the run (so the push stage sends it, now or once the gate's
 * categories are approved) and written to the run's change set; bad rows are recorded in
 * `rejects` as staging does, and a second row with the same key is `DUPLICATE_KEY`. Yields
 * nothing: the push pages through what is staged.
 */
export const changeSetStage = defineStage<ChangeSetSettings, RecordRow, never>({
  kind: 'change-set',
  label: 'Compute the change set',
  settings: changeSetSettings,
  fields(_settings, input) {
    return input;
  },
  check(settings) {
    const remarks: Remark[] = settingsRemarks('change-set', changeSetSettings, settings);
    return remarks;
  },
  // eslint-disable-next-line require-yield -- records what reaches it; the push pages through the staged rows
  async *process(input, settings, ctx) {
    const sync = ctx.services.sync;
    if (!sync) throw new StudioError('INTERNAL', 'The change-set stage runs only inside a sync.', 'Start it from a sync definition.');
    const { staging } = ctx.services;
    const { entity } = settings;
    const gone = sync.goneKeys(entity);
    const seen = new Set<string>();
    for await (const batch of input) {
      throwIfCancelled(ctx.signal);
      const bad: BadRow[] = batch.bad;
      for (const b of bad) if (b.externalId) seen.add(b.externalId);
      const fresh: RecordRow[] = [];
      for (const r of batch.rows) {
        if (seen.has(r.externalId)) {
          bad.push({ stage: 'validate', externalId: r.externalId, sourceRow: r.sourceRow, errors: [{ field: 'externalId', code: 'DUPLICATE_KEY', message: `Another source row already has the key ${r.externalId}; only the first was synced.` }], row: r.row, ...(r.keep ? { keep: r.keep } : {}) });
          continue;
        }
        seen.add(r.externalId);
        fresh.push(r);
      }
      const baseline = sync.baseline(
        entity,
        fresh.map((r) => r.externalId),
      );
      const toStage: StagedRecord[] = [];
      const changes: { externalId: string; kind: SyncChange['kind']; record: Record<string, unknown>; json: string }[] = [];
      for (const r of fresh) {
        const { json, hash } = canonicalRecord(r.record);
        const acknowledged = baseline.get(r.externalId);
        const returned = gone.has(r.externalId);
        let kind: SyncChange['kind'] | null;
        if (returned || acknowledged === undefined || acknowledged === null) kind = 'insert';
        else kind = acknowledged === hash ? null : 'update';
        if (kind === null) {
          if (settings.mode !== 'Full') {
            ctx.counters.unchanged++;
            continue;
          }
        } else changes.push({ externalId: r.externalId, kind, record: r.record, json });
        toStage.push({ externalId: r.externalId, payload: r.record, hash, json });
      }
      staging.stage(ctx.runId, entity, toStage);
      sync.recordChanges(ctx.runId, entity, changes);
      recordBad(ctx, entity, bad);
      ctx.progress('transform', ctx.counters.read);
    }
    if (settings.deletes) {
      let after: string | null = null;
      let removed = 0;
      for (;;) {
        throwIfCancelled(ctx.signal);
        const page = sync.acknowledgedKeys(entity, after, PAGE);
        if (!page.length) break;
        after = page[page.length - 1];
        const missing = page.filter((k) => !seen.has(k));
        if (!missing.length) continue;
        removed += missing.length;
        if (settings.deletes.policy === 'delete') {
          sync.recordChanges(
            ctx.runId,
            entity,
            missing.map((externalId) => ({ externalId, kind: 'delete', record: null })),
          );
        } else {
          const set = settings.deletes.set;
          const withdrawn = sync.stagedRecords(entity, missing).map((m) => {
            const record = { ...m.record, ...set };
            const { json, hash } = canonicalRecord(record);
            return { externalId: m.externalId, payload: record, hash, json };
          });
          staging.stage(ctx.runId, entity, withdrawn);
          sync.recordChanges(
            ctx.runId,
            entity,
            withdrawn.map((w) => ({ externalId: w.externalId, kind: 'withdraw', record: w.payload, json: w.json })),
          );
        }
      }
      if (removed) ctx.log('info', `${removed.toLocaleString('en')} ${removed === 1 ? 'record' : 'records'} of ${entity} no longer in the source: ${settings.deletes.policy === 'delete' ? 'to be deleted' : 'to be withdrawn'}.`);
    }
    ctx.progress('stage', ctx.counters.read, { force: true });
  },
});

/** Bad rows into `rejects`, in source order, keeping only the columns the mapping reads (as staging does). */
function recordBad(ctx: Parameters<typeof changeSetStage.process>[2], entity: string, bad: BadRow[]): void {
  if (!bad.length) return;
  bad.sort((a, b) => (a.sourceRow ?? Number.MAX_SAFE_INTEGER) - (b.sourceRow ?? Number.MAX_SAFE_INTEGER));
  ctx.services.staging.rejectRows(
    ctx.runId,
    entity,
    bad.map((b) => {
      if (!b.keep) return b;
      const row: Record<string, unknown> = {};
      for (const c of b.keep) if (c in b.row) row[c] = b.row[c];
      return { ...b, row };
    }),
  );
  ctx.counters.rejected += bad.length;
}

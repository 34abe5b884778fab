import { z } from 'zod';
import type { Preimage } from '../../../project/rollback-repo';
import { writableFields, writableJson } from '../../writable-fields';
import { canonicalJson } from '../../../../../shared/canonical-json';
import { defineStage, type Remark } from '../stage';
import { drain, entityRemarks, settingsRemarks, throwIfCancelled } from '../stage-helpers';

export const preimageSettings = z.object({
  entity: z.string().min(1),
});
export type PreimageSettings = z.infer<typeof preimageSettings>;

/**
 * Keeps, before the push changes anything, the pre-image of every record this run is about to
 * update in Academia Pro: the record as the target holds it (writable fields) and its version,
 * so a rollback can write it back with `If-Match` semantics (docs/conventions.md). Created
 * records need nothing here: their receipts say the run created them.
 *
 * The API has no read by a list of externalIds, and a GET per record would cost as many requests
 * as records, so the entity is read once in the target's largest pages (`maxPageSize`), each page
 * matched against this run's staged ids in the project file (one indexed query per page) and its
 * matches written in one transaction: memory holds one page, whatever the entity's size. A
 * first load, whose entity the target does not hold yet, costs one request. The read stops once
 * every staged id was seen. A record whose writable fields already equal the staged ones is left
 * out (the push will answer `unchanged`, so there is nothing to undo), which keeps a re-run from
 * copying the whole entity into the project file.
 *
 * The capture finishes before the push sends anything, and is marked done per (run, entity): a
 * resumed push never reads the run's own writes as pre-images. It sits between `stage` and
 * `push` in a run's plan; the push stage itself is unchanged.
 */
export const preimageStage = defineStage<PreimageSettings, unknown, never>({
  kind: 'preimage',
  label: 'Keep pre-images for a rollback',
  settings: preimageSettings,
  fields(_settings, input) {
    return input;
  },
  check(settings, _input, env) {
    const remarks: Remark[] = settingsRemarks('preimage', preimageSettings, settings);
    if (remarks.length) return remarks;
    return entityRemarks('preimage', settings.entity, env);
  },
  // eslint-disable-next-line require-yield -- it passes nothing on: the push pages through what staging stored
  async *process(input, { entity }, ctx) {
    await drain(input);
    const store = ctx.services.preimages;
    if (!store || store.scanned(ctx.runId, entity)) return;
    const { staging, target } = ctx.services;
    const staged = staging.stagedCount(ctx.runId, entity);
    let targetRecords = 0;
    let kept = 0;
    if (staged > 0) {
      let seen = 0;
      let cursor: string | undefined;
      do {
        throwIfCancelled(ctx.signal);
        const page = await target.client.list(entity, { cursor, limit: target.contract.limits.maxPageSize });
        targetRecords = page.total;
        const mine = store.stagedAmong(
          ctx.runId,
          entity,
          page.data.map((r) => String(r.externalId)),
        );
        const preimages: Preimage[] = [];
        for (const record of page.data) {
          const stagedJson = mine.get(String(record.externalId));
          if (stagedJson === undefined) continue;
          seen++;
          const fields = writableFields(target.contract, entity, record);
          const json = canonicalJson(fields);
          if (json === writableJson(target.contract, entity, JSON.parse(stagedJson) as Record<string, unknown>)) continue;
          preimages.push({ externalId: String(record.externalId), version: Number(record.version), json });
        }
        store.savePreimages(ctx.runId, entity, preimages);
        kept += preimages.length;
        cursor = page.nextCursor ?? undefined;
        if (seen >= staged) break;
      } while (cursor);
    }
    throwIfCancelled(ctx.signal);
    store.markScanned(ctx.runId, entity, { targetRecords, preimages: kept }, ctx.now());
    if (kept) ctx.log('info', `Kept the pre-images of ${kept} record(s) the target already holds and this run may change, for a rollback.`);
  },
});
